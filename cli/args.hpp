// The command line of one subcommand, parsed by CLI11: each option is declared once with its description
// (the help lists them), numbers are checked whole when parsed ("500abc" is refused), and every misuse
// throws UsageError (exit code 2) naming the option. After parse() the values are looked up by option
// name, because the shared readers take an input's --X, --X-layer and --X-where by the input's name.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cli {

using Arguments = std::vector<std::string>;

// What a number option accepts, checked when the command line is parsed.
enum class Range { Any, Positive, NonNegative };

class Args {
 public:
  // `command` is how the help names it ("plan reach"); `description` goes above the option list, `footer`
  // (the command's explanations) below it.
  Args(const std::string& command, const std::string& description, const std::string& footer = "");
  ~Args();
  Args(const Args&) = delete;
  Args& operator=(const Args&) = delete;

  // Declarations. `name` is without the dashes; `value` names the value in the help (e.g. "DS", "15min").
  void add_option(const std::string& name, const std::string& value, const std::string& description);
  void add_number(const std::string& name, const std::string& value, const std::string& description,
                  Range range = Range::Any);
  // A whole number from 0 to 2^53 (every such double is exact), e.g. a seed.
  void add_whole_number(const std::string& name, const std::string& value, const std::string& description);
  void add_flag(const std::string& name, const std::string& description);
  // An input dataset: --NAME DS with --NAME-layer L and --NAME-where SQL.
  void add_input(const std::string& name, const std::string& description);
  // The words that are not options (e.g. PLAN OUT); without this declaration any is an error.
  void add_positionals(const std::string& name, const std::string& description);

  // Parses the arguments after the command's name. Returns false when they hold --help or -h (wherever,
  // also beside a wrong option): the help went to stdout and the command should return 0.
  bool parse(const Arguments& argv);
  std::string help() const;

  std::optional<std::string> get(const std::string& name) const;
  std::string require(const std::string& name) const;
  bool flag(const std::string& name) const;
  double number(const std::string& name, double fallback) const;
  std::uint64_t whole_number(const std::string& name, std::uint64_t fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

  // A value that get() returns when --name was not given (e.g. the layer of an OSM file).
  void set_default(const std::string& name, const std::string& value) { defaults_[name] = value; }

 private:
  std::unique_ptr<CLI::App> app_;
  std::vector<std::string> positional_;
  std::map<std::string, std::string> defaults_;
};

// The comma-separated items of `text` ("a,,b" → a, "", b): callers decide whether an empty item is an error.
std::vector<std::string> split_list(const std::string& text);

// Parses a plain decimal number, or throws UsageError naming the option.
double parse_number(const std::string& text, const std::string& what);

}  // namespace cli
