// plan report: the plan's indicators with targets, current values and statuses.
#include "plan/report.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "parse_only.hpp"
#include "plan/checks.hpp"
#include "plan/error.hpp"
#include "road_output.hpp"
#include "text_output.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(PLAN is a plan folder (GeoJSON layers with plan.json) or one GeoPackage. With --values-template OUT.csv
the command writes only that template (and takes --overwrite).

Every indicator of the plan's table with its 2021 baseline, 2025 and 2035 targets, current value and
status for year Y (default: this year): met, on track (on or beyond the straight line from the 2021
baseline to the next target), behind, no data, or no target.

Observed values come from --values (a CSV with columns id,value and optional year,method,source; several
rows per indicator, one per year, give its series; the latest year not after Y is judged; every id must be
one of the plan's, every year within 2021–2035 and no (id, year) given twice, else nothing is written) and,
unless --no-compute, from the plan's own data: indicators 9 (park area per person), 11 (stop coverage),
14 (15-minute life circle), 15 (physicians per 1,000) and 17 (childcare places per 1,000) from the
demonstration city in the plan's demo/ folder — SYNTHETIC, and labelled so — and 19 (urbanisation rate)
when settlements carry populations. CSV values replace computed ones. Every computed
value names its method and data. --values-template writes the CSV to fill in: one row per indicator
with its name and unit.

The report also shows the plan's service circles (plan.json service_circles): each circle's mode,
threshold, what must be reached, whose share counts, target and the text line it comes from, with its
share where the inputs exist: the walking circles on the demonstration city's streets, facilities and
homes (SYNTHETIC), a driving circle when the demo folder holds roads.geojson (OSM highway classes),
drive_facilities.geojson and rural_residents.geojson, or on the layers --drive-roads, --drive-facilities
and --drive-residents name (any GDAL source, each with --X-layer and --X-where; an OSM file gives its
lines, its points and multipolygons, and its points). The facilities' categories come from
--drive-category-field (default category; an OSM key such as amenity works), renamed to the circle's by
--drive-category-map, e.g. amenity with hospital=county_hospital; residents may carry
--drive-population-field. These layers keep a metric CRS of their own (the UTM zone of the roads): a
driving circle measured elsewhere than in the plan's region shows the method, not the plan. Otherwise a
circle reads "no data" with the inputs it needs. The
corridor circles run the corridor time model on the plan's schematic corridors (plan.json corridor_speeds);
the 1–2–3-hour circles need cities.geojson (the named cities as points) in the plan folder. The
plan's road targets (plan.json road_targets) show as "no data" unless --roads names a road layer: then
the report measures them as `plan check --roads` does (same options; see plan check --help).

--format defaults to the --out extension (.md, .html, .json), else md. HTML is one self-contained page
with a map of the plan, printable. Without --out the report goes to standard output.
)";

void declare_options(Args& args) {
  args.add_positionals("PLAN", "the plan: a folder of GeoJSON layers with plan.json, or one GeoPackage");
  args.add_option("values", "OBSERVED.csv",
                  "observed values: columns id,value and optional year,method,source");
  args.add_number("year", "Y", "the year the statuses are judged for (default: this year)");
  args.add_option("format", "md|html|json",
                  "the report's format (default: from the --out extension, else md)");
  args.add_option("out", "FILE", "write the report to FILE (default: standard output)");
  add_overwrite_option(args);
  args.add_flag("no-compute", "take no values from the plan's own data, only from --values");
  args.add_option("crs", "EPSG:N", "the CRS to measure the plan in (default: the plan's own)");
  args.add_option("values-template", "OUT.csv",
                  "write the CSV of observed values to fill in, and nothing else");
  add_road_check_options(args);
  args.add_input("drive-roads", "the driving circle's roads (an OSM file: its lines)");
  args.add_input("drive-facilities",
                 "the driving circle's facilities (an OSM file: its points and multipolygons)");
  args.add_option("drive-category-field", "F",
                  "the facilities' category field or OSM key (default category)");
  args.add_option("drive-category-map", "VALUE=CATEGORY,...",
                  "renames the facilities' categories to the circle's, e.g. hospital=county_hospital");
  args.add_input("drive-residents", "the driving circle's residents (an OSM file: its points)");
  args.add_option("drive-population-field", "F",
                  "the residents' numeric field of people (default population)");
  add_timings_option(args);
}

// --format, or the --out extension's, else md.
std::string report_format(const Args& args) {
  const auto out = args.get("out");
  std::string format = args.get("format").value_or("");
  if (format.empty() && out) {
    const std::string ext = std::filesystem::path(*out).extension().string();
    format = ext == ".html" || ext == ".htm" ? "html" : ext == ".json" ? "json" : "md";
  }
  if (format.empty()) format = "md";
  if (format != "md" && format != "html" && format != "json")
    throw plan::UsageError("--format must be md, html or json, not '" + format + "'");
  return format;
}

int this_year() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

// --drive-category-map hospital=county_hospital,clinic=medical_sub_centre
std::map<std::string, std::string> category_names(const Args& args) {
  std::map<std::string, std::string> names;
  const auto text = args.get("drive-category-map");
  if (!text) return names;
  for (const std::string& item : split_list(*text)) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw plan::UsageError("--drive-category-map: '" + item + "' is not VALUE=CATEGORY");
    names[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return names;
}

bool has_drive_inputs(const Args& args) {
  return args.get("drive-roads") || args.get("drive-facilities") || args.get("drive-residents");
}

// The driving circle's options, checked before anything is read; no layers yet.
plan::CircleInputs drive_circle_options(const Args& args) {
  plan::CircleInputs in;
  if (!has_drive_inputs(args)) return in;
  for (const char* name : {"drive-roads", "drive-facilities", "drive-residents"})
    if (!args.get(name))
      throw plan::UsageError(std::string("the driving circle's inputs go together: --") + name +
                             " is missing (--drive-roads, --drive-facilities, --drive-residents)");
  in.drive_category_field = args.get("drive-category-field").value_or("category");
  in.drive_category_names = category_names(args);
  in.residents_population_field = args.get("drive-population-field").value_or("population");
  return in;
}

// The driving circle's three layers, read together (in one metric CRS of their own) when they are given.
void read_drive_circle_layers(const Args& args, plan::CircleInputs& in) {
  if (!has_drive_inputs(args)) return;
  Inputs inputs(args);
  in.roads = inputs.read(args, "drive-roads", plan::GeometryKind::Line);
  in.drive_facilities = read_places(args, inputs, "drive-facilities").layer;
  in.residents = read_places(args, inputs, "drive-residents").layer;
  in.drive_data = *args.get("drive-roads") + " (roads), " + *args.get("drive-facilities") +
                  " (facilities), " + *args.get("drive-residents") + " (residents), in " + inputs.crs();
}

}  // namespace

int run_report(const Arguments& argv) {
  Args args("plan report", command_description("report"), kFooter);
  declare_options(args);
  if (!args.parse(argv)) return 0;
  apply_osm_layer_defaults(args, {"drive-roads"}, {"drive-residents"}, {"drive-facilities"});
  if (args.positional().size() != 1)
    throw plan::UsageError("give one PLAN (a folder or .gpkg); see plan report --help");
  const std::string path = args.positional()[0];
  const auto out = args.get("out");
  const std::string format = report_format(args);
  plan::ReportOptions options;
  const double year = args.number("year", this_year());
  if (!(year >= 2000 && year <= 2100) ||
      year != std::floor(year))  // the range first: then the cast is defined
    throw plan::UsageError("--year must be a year such as 2025");
  options.year = static_cast<int>(year);
  options.compute = !args.flag("no-compute");
  const RoadCheckArgs road_args = road_check_args(args);
  options.circle_inputs = drive_circle_options(args);
  plan::LoadOptions lo;
  lo.crs = args.get("crs").value_or("");
  plan::LoadReport load_report;
  before_io();
  const plan::Plan p = plan::load_plan(path, lo, &load_report);
  if (load_report.warnings())
    std::cerr << "plan report: " << load_report.warnings() << " schema warning(s); `plan check " << path
              << "` lists them\n";
  std::vector<std::string> inputs = {path};
  if (auto tmpl = args.get("values-template")) {
    write_text_file(*tmpl, plan::values_template_csv(p.indicators), args.flag("overwrite"), inputs);
    std::printf("Values template for %zu indicators of %s\n  wrote %s\n", p.indicators.size(),
                p.meta.name_zh.c_str(), tmpl->c_str());
    return 0;
  }
  std::vector<plan::IndicatorValue> values;
  if (auto csv = args.get("values")) {
    values = plan::read_indicator_values(*csv, plan::values_rules(p));
    inputs.push_back(*csv);
  }
  read_drive_circle_layers(args, options.circle_inputs);
  for (const char* name : {"drive-roads", "drive-facilities", "drive-residents"})
    if (auto path = args.get(name)) inputs.push_back(*path);
  options.check = plan::check_plan(p, plan::CheckOptions{});
  const RoadChecks roads = run_road_checks(args, road_args, p, options.check->findings);
  if (roads.ran) {
    options.road_density = roads.density;
    options.grade_connections = roads.grades;
    options.grade_need = roads.grades_need;
    options.roads_data = roads.roads + (roads.area.empty() ? "" : ", central city outline " + roads.area) +
                         (roads.area_synthetic ? " (SYNTHETIC demonstration outline)" : "");
    inputs.push_back(roads.roads);
  }
  const plan::Report r = plan::build_report(p, values, options);

  const std::string text = plan::render_report(r, p, format);
  if (out) {
    write_text_file(*out, text, args.flag("overwrite"), inputs);
    std::size_t shown = 0;
    std::string summary;
    for (const auto& [s, n] : plan::status_counts(r)) {
      summary += (shown++ ? ", " : "") + std::string(plan::to_string(s)) + " " + std::to_string(n);
    }
    std::printf("Indicator report %d for %s: %zu indicators (%s)%s\n  wrote %s\n", r.year,
                p.meta.name_zh.c_str(), r.rows.size(), summary.c_str(),
                r.uses_synthetic ? "; some values from SYNTHETIC demonstration data" : "", out->c_str());
  } else {
    std::cout << text;
  }
  return 0;
}

}  // namespace cli
