// The boundary between a command's argument handling and its first read or write. Each command calls
// before_io() where its options are parsed and checked (names, numbers, quantities, lists) and a file is
// about to be opened. In a normal run that does nothing; with parse-only mode on it throws ParseOnlyStop,
// so that every command's argument handling can run without touching a file (fuzz/fuzz_cli.cpp).
#pragma once

namespace cli {

struct ParseOnlyStop {};

void set_parse_only(bool on);
bool parse_only();

// Throws ParseOnlyStop in parse-only mode.
void before_io();

}  // namespace cli
