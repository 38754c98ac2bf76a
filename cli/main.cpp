// plan: the command-line front end of libplan. It parses arguments, calls the library and prints.
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "plan/error.hpp"
#include "timings.hpp"

namespace {

struct Command {
  const char* name;
  const char* summary;
  std::function<int(const cli::Arguments&)> run;
};

const Command kCommands[] = {
    {"coverage", "share of an area (and its people) within R metres of transit stops", cli::run_coverage},
    {"reach", "each home's nearest facility along the walking network, share within a threshold",
     cli::run_reach},
    {"lifecircle", "15/10/5-minute life-circle completeness (GB 50180-2018) along the walking network",
     cli::run_lifecircle},
    {"isochrone", "areas within walking distances or times of origins, as polygons", cli::run_isochrone},
    {"suggest-stops", "where new stops raise stop coverage most, in order, to a target or a count",
     cli::run_suggest_stops},
    {"suggest-facilities", "where new facilities bring most homes within walking reach, in order",
     cli::run_suggest_facilities},
    {"demo-data", "write the synthetic demonstration city used by the built-in example", cli::run_demo_data},
    {"tile", "reach, life circles or coverage tile by tile (exact halos), for regions beyond one process",
     cli::run_tile},
    {"roads", "road network density of an area; key towns joined by roads of a highway grade",
     cli::run_roads},
    {"check", "validate a plan and answer the structure questions of a review", cli::run_check},
    {"report", "the plan's indicators with targets, current values and statuses", cli::run_report},
    {"convert", "save a plan folder as one GeoPackage, or a GeoPackage as a folder", cli::run_convert},
};

void print_usage(std::FILE* to) {
  std::fprintf(to, "usage: plan COMMAND [OPTIONS]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(to, "  %-12s %s\n", c.name, c.summary);
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
  for (const Command& c : kCommands) {
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
