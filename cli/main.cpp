// plan: the command-line front end of libplan. It parses arguments, calls the library and prints.
#include <sqlite3.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "plan/error.hpp"
#include "timings.hpp"

namespace {

// `plan --help`: the commands with their summaries, laid out by CLI11 (the commands parse their own
// options, so the subcommands here only carry the names and summaries).
std::string usage() {
  CLI::App app{"plan: the command-line front end of libplan (spatial planning measures and plan checks).",
               "plan"};
  app.footer(
      "\n`plan COMMAND --help` describes a command's options; `plan COMMAND ... --timings` prints\n"
      "where the run's time went (start-up, read, build, snap, compute, write) on stderr.");
  app.get_formatter()->column_width(22);
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  app.get_formatter()->label("Subcommands", "Commands");
  app.require_subcommand(1);
  for (const cli::Command& c : cli::commands()) app.add_subcommand(c.name, c.summary);
  return app.help();
}

}  // namespace

int main(int argc, char** argv) {
  // SQLite counts its memory under a global mutex on every allocation, and GeoPackage reading and writing
  // allocate per row; nothing here reads the counts (200k homes, reach --out: 35 ms less writing). Settable
  // only before SQLite starts, i.e. before GDAL or PROJ opens anything.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(usage().c_str(), argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  cli::Arguments args;
  // --timings is taken here, so that every command has it: the phase breakdown goes to stderr at exit.
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--timings"))
      cli::enable_timings();
    else
      args.push_back(argv[i]);
  }
  for (const cli::Command& c : cli::commands()) {
    if (name != c.name) continue;
    struct Report {
      ~Report() { cli::print_timings(stderr); }
    } report;
    try {
      return c.run(args);
    } catch (const plan::UsageError& e) {
      std::cerr << "plan " << name << ": " << e.what() << "\n(see plan " << name << " --help)\n";
      return 2;
    } catch (const plan::Error& e) {
      std::cerr << "plan " << name << ": " << e.what() << "\n";
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "plan " << name << ": " << e.what() << "\n";
      return 1;
    }
  }
  std::cerr << "plan: unknown command '" << name << "'\n";
  std::fputs(usage().c_str(), stderr);
  return 2;
}
