// plan: the command-line front end of libplan. It parses arguments, calls the library and prints.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "plan/error.hpp"
#include "timings.hpp"

namespace {

void print_usage(std::FILE* to) {
  std::fprintf(to, "usage: plan COMMAND [OPTIONS]\n\ncommands:\n");
  for (const cli::Command& c : cli::commands()) std::fprintf(to, "  %-12s %s\n", c.name, c.summary);
  std::fprintf(to,
               "\n`plan COMMAND --help` describes a command's options; `plan COMMAND ... --timings` prints\n"
               "where the run's time went (start-up, read, build, snap, compute, write) on stderr.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    print_usage(argc < 2 ? stderr : stdout);
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
      std::cerr << "plan " << name << ": " << e.what() << "\n";
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
  print_usage(stderr);
  return 2;
}
