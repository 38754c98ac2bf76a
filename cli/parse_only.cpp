#include "parse_only.hpp"

namespace cli {

namespace {
bool parse_only_mode = false;
}  // namespace

void set_parse_only(bool on) { parse_only_mode = on; }
bool parse_only() { return parse_only_mode; }

void before_io() {
  if (parse_only_mode) throw ParseOnlyStop{};
}

}  // namespace cli
