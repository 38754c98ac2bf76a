// The subcommands of `plan`, one file each under commands/. Each takes the arguments after its name and
// returns the process exit code; errors are thrown (plan::UsageError → 2, plan::DataError → 1).
#pragma once

#include <string>
#include <vector>

namespace cli {

using Arguments = std::vector<std::string>;

int run_coverage(const Arguments& args);
int run_demo_data(const Arguments& args);
int run_check(const Arguments& args);
int run_report(const Arguments& args);
int run_convert(const Arguments& args);
int run_reach(const Arguments& args);
int run_lifecircle(const Arguments& args);
int run_elderly_care(const Arguments& args);
int run_isochrone(const Arguments& args);
int run_suggest_stops(const Arguments& args);
int run_suggest_facilities(const Arguments& args);
int run_tile(const Arguments& args);
int run_roads(const Arguments& args);

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Arguments& args);
};

// Every subcommand, in the order `plan --help` lists them.
const std::vector<Command>& commands();

}  // namespace cli
