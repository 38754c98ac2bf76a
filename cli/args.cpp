#include "args.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "plan/error.hpp"

namespace cli {

namespace {

// A number written whole (CLI11's own conversion: "500abc" is not a number), within `range`.
CLI::Validator number_check(Range range) {
  const char* want = range == Range::Positive      ? "a positive number"
                     : range == Range::NonNegative ? "a number ≥ 0"
                                                   : "a number";
  return CLI::Validator(
      [range, want](std::string& v) {
        double x = 0;
        if (CLI::detail::lexical_cast(v, x) && std::isfinite(x) &&
            (range == Range::Any || (range == Range::Positive ? x > 0 : x >= 0)))
          return std::string();
        if (!CLI::detail::lexical_cast(v, x)) return "expects a number, got '" + v + "'";
        return std::string("must be ") + want + ", got '" + v + "'";
      },
      "");
}

CLI::Validator whole_number_check() {
  return CLI::Validator(
      [](std::string& v) {
        double x = 0;
        if (CLI::detail::lexical_cast(v, x) && x >= 0 && x <= 9007199254740992.0 && x == std::floor(x))
          return std::string();
        return "must be a whole number from 0 to 2^53, got '" + v + "'";
      },
      "");
}

const CLI::Option* find(const CLI::App& app, const std::string& name) {
  try {
    return app.get_option("--" + name);
  } catch (const CLI::OptionNotFound&) {
    return nullptr;
  }
}

}  // namespace

Args::Args(const std::string& command, const std::string& description, const std::string& footer)
    : app_(std::make_unique<CLI::App>(description, command)) {
  if (!footer.empty()) app_->footer("\n" + footer);
  app_->get_formatter()->column_width(30);
}

Args::~Args() = default;

void Args::add_option(const std::string& name, const std::string& value, const std::string& description) {
  app_->add_option("--" + name, description)->type_name(value);
}

void Args::add_number(const std::string& name, const std::string& value, const std::string& description,
                      Range range) {
  app_->add_option("--" + name, description)->type_name(value)->check(number_check(range));
}

void Args::add_whole_number(const std::string& name, const std::string& value,
                            const std::string& description) {
  app_->add_option("--" + name, description)->type_name(value)->check(whole_number_check());
}

void Args::add_flag(const std::string& name, const std::string& description) {
  app_->add_flag("--" + name, description)->disable_flag_override();
}

void Args::add_input(const std::string& name, const std::string& description) {
  add_option(name, "DS", description);
  add_option(name + "-layer", "L", "the layer of --" + name + " (default: its first)");
  add_option(name + "-where", "SQL", "keep the features of --" + name + " that pass this OGR SQL filter");
}

void Args::add_positionals(const std::string& name, const std::string& description) {
  app_->add_option(name, description)->expected(0, -1)->allow_extra_args()->type_name("");
}

bool Args::parse(const Arguments& argv) {
  // CLI11 converts values before it looks for --help: look first, so that help works beside a wrong one.
  for (const std::string& a : argv) {
    if (a == "--") break;
    if (a == "-h" || a == "--help") {
      std::fputs(help().c_str(), stdout);
      return false;
    }
  }
  std::vector<std::string> reversed(argv.rbegin(), argv.rend());  // CLI11 takes them last first
  try {
    app_->parse(reversed);
  } catch (const CLI::ValidationError& e) {
    // CLI11 writes "--radius: must be ..."; the rest of plan writes "--radius must be ...".
    std::string m = e.what();
    const auto colon = m.find(": ");
    if (m.rfind("--", 0) == 0 && colon != std::string::npos) m.erase(colon, 1);
    throw plan::UsageError(m);
  } catch (const CLI::ExtrasError&) {
    // CLI11 lists them in the order it took them, last first: name them as given.
    std::string words;
    for (const std::string& w : app_->remaining()) words += (words.empty() ? "'" : " '") + w + "'";
    throw plan::UsageError("unexpected argument(s) " + words);
  } catch (const CLI::ParseError& e) {
    throw plan::UsageError(e.what());
  }
  for (const CLI::Option* o : app_->get_options())
    if (o->get_positional())
      for (const std::string& r : o->results()) positional_.push_back(r);
  return true;
}

std::string Args::help() const { return app_->help(); }

std::optional<std::string> Args::get(const std::string& name) const {
  const CLI::Option* o = find(*app_, name);
  if (o && o->count() > 0 && !o->results().empty()) return o->results().front();
  const auto d = defaults_.find(name);
  if (d != defaults_.end()) return d->second;
  return std::nullopt;
}

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v) throw plan::UsageError("missing --" + name);
  return *v;
}

bool Args::flag(const std::string& name) const {
  const CLI::Option* o = find(*app_, name);
  return o && o->count() > 0;
}

double Args::number(const std::string& name, double fallback) const {
  auto v = get(name);
  return v ? parse_number(*v, "--" + name) : fallback;
}

std::uint64_t Args::whole_number(const std::string& name, std::uint64_t fallback) const {
  const auto v = get(name);
  if (!v) return fallback;
  const double n = parse_number(*v, "--" + name);
  if (!(n >= 0 && n <= 9007199254740992.0) || n != std::floor(n))
    throw plan::UsageError("--" + name + " must be a whole number from 0 to 2^53, got '" + *v + "'");
  return static_cast<std::uint64_t>(n);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(',', start)) != std::string::npos; start = end + 1)
    out.push_back(text.substr(start, end - start));
  out.push_back(text.substr(start));
  return out;
}

double parse_number(const std::string& text, const std::string& what) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v))
    throw plan::UsageError(what + " expects a number, got '" + text + "'");
  return v;
}

}  // namespace cli
