// Command-line arguments of one subcommand: "--name value" options and "--flag" switches, checked
// against what the subcommand accepts. Every misuse throws UsageError (exit code 2).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cli {

class Args {
 public:
  // `options` take a value, `flags` do not; anything else starting with "--" is an error.
  Args(const std::vector<std::string>& argv, std::set<std::string> options, std::set<std::string> flags);

  std::optional<std::string> get(const std::string& name) const;
  std::string require(const std::string& name) const;
  bool flag(const std::string& name) const { return flags_set_.count(name) > 0; }
  double number(const std::string& name, double fallback) const;
  // A whole number from 0 to 2^53 (every such double is exact), e.g. a seed; UsageError naming the option.
  std::uint64_t whole_number(const std::string& name, std::uint64_t fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_set_;
  std::vector<std::string> positional_;
};

// The comma-separated items of `text` ("a,,b" → a, "", b): callers decide whether an empty item is an error.
std::vector<std::string> split_list(const std::string& text);

// Parses a plain decimal number, or throws UsageError naming the option.
double parse_number(const std::string& text, const std::string& what);

}  // namespace cli
