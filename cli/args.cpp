#include "args.hpp"

#include <cmath>
#include <cstdlib>

#include "plan/error.hpp"

namespace cli {

Args::Args(const std::vector<std::string>& argv, std::set<std::string> options, std::set<std::string> flags) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    const auto eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (flags.count(name)) {
      if (inline_value) throw plan::UsageError("--" + name + " takes no value");
      flags_set_.insert(name);
    } else if (options.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw plan::UsageError("--" + name + " needs a value");
        value = argv[++i];
      }
      if (values_.count(name)) throw plan::UsageError("--" + name + " given twice");
      values_[name] = value;
    } else {
      throw plan::UsageError("unknown option --" + name);
    }
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v) throw plan::UsageError("missing --" + name);
  return *v;
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
