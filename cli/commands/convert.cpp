// plan convert: a plan folder to one GeoPackage (for QGIS) and back.
#include <cstdio>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "parse_only.hpp"
#include "plan/error.hpp"
#include "plan/plan.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(Saves a plan in the other form: a folder of GeoJSON layers with plan.json becomes one GeoPackage when
OUT ends in .gpkg (plan.json goes into its metadata), and a GeoPackage becomes a folder otherwise. The
plan is validated first and refused when it has schema errors. Layers are written in WGS84. The output
is written atomically and an existing OUT is replaced only with --overwrite.
)";

}  // namespace

int run_convert(const Arguments& argv) {
  Args args("plan convert", command_description("convert"), kFooter);
  args.add_positionals("PATHS",
                       "PLAN OUT: the plan (a folder or .gpkg) and where to write it in the other form");
  add_overwrite_option(args);
  add_timings_option(args);
  if (!args.parse(argv)) return 0;
  if (args.positional().size() != 2) throw plan::UsageError("give PLAN and OUT; see plan convert --help");
  const std::string& in = args.positional()[0];
  const std::string& out = args.positional()[1];
  plan::LoadReport report;
  before_io();
  const plan::Plan p = plan::load_plan(in, {}, &report);
  for (const plan::SchemaIssue& i : report.issues) std::cerr << i.describe() << "\n";
  plan::WriteOptions w;
  w.overwrite = args.flag("overwrite");
  w.inputs = {in};
  plan::save_plan(p, out, w);
  std::size_t features = 0;
  for (const plan::Layer& l : plan::plan_layers(p)) features += l.features.size();
  std::printf("wrote %s: %zu layers, %zu features, %zu indicators\n", out.c_str(), plan::plan_schema().size(),
              features, p.indicators.size());
  return 0;
}

}  // namespace cli
