// The indicator report: every indicator with its targets, current value, status and the method behind
// each computed value, as Markdown, JSON or one self-contained HTML page with a map of the plan.
//
//   plan::ReportOptions o;  o.year = 2025;
//   plan::Report r = plan::build_report(heze, plan::read_indicator_values("now.csv"), o);
//   std::string html = plan::render_html(r, heze);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plan/checks.hpp"
#include "plan/indicators.hpp"
#include "plan/layer.hpp"
#include "plan/plan.hpp"
#include "plan/roads.hpp"

namespace plan {

// Indicator 14 (15-minute community life circle) comes from the network reach measure: it hands its
// result over through this hook. `covered_share` is the share of homes (or people) within the life
// circle, 0..1; the value stored is a percentage. Throws UsageError for a share outside 0..1.
IndicatorValue life_circle_indicator(double covered_share, const std::string& method, const std::string& data,
                                     bool synthetic);

// Fills the computed indicators from the plan's own data, each with its method and data named:
//   11 stop coverage      plan::compute_coverage on the demo folder (bus_stops, central_city, exclusions,
//                         population): SYNTHETIC, labelled so;
//    9 park area/person   parks among the demo exclusions (kind "park") over the demo population: SYNTHETIC;
//   19 urbanisation rate  settlement populations (tiers 1–3) over the city boundary's population, only
//                         when every such settlement has one.
// What could not be computed is explained in `notes`. Throws DataError for unreadable demo files.
std::vector<IndicatorValue> compute_indicators(const Plan& plan, std::vector<std::string>* notes);

// What the service circles are measured on, every layer in the plan's metric CRS; an empty layer (no
// features) is not available.
struct CircleInputs {
  // Walking circles: street lines (a walking network, plan::network_from_layer), facility points with a
  // `category` field, and homes (points, with an optional `population` field that then weights the share).
  Layer streets, facilities, homes;
  std::string walk_data;  // what these layers are, for the report
  bool walk_synthetic = false;
  // Driving circles: road lines with OSM-style highway tags (plan::drive_network_from_layer), facility
  // points with a category field, and the residents counted (points, optional population field). Unlike
  // the rest, these three may be in any one metric CRS of their own: nothing else is measured with them.
  Layer roads, drive_facilities, residents;
  std::string drive_data;
  bool drive_synthetic = false;
  // The field of drive_facilities holding each category (a column, or an OSM key such as amenity that
  // sits in other_tags), and renames of its values to the plan's categories, e.g. OSM amenity=hospital
  // → county_hospital. A value without a rename is taken as it is.
  std::string drive_category_field = "category";
  std::map<std::string, std::string> drive_category_names;
  std::string residents_population_field = "population";  // ignored when residents lack it
};

// The inputs the plan's own demo folder holds: its streets, facilities and homes for the walking circles
// (SYNTHETIC, labelled so); roads.geojson, drive_facilities.geojson and rural_residents.geojson when the
// folder has them. Empty inputs when the plan has no demo folder. Throws DataError for unreadable files.
CircleInputs demo_circle_inputs(const Plan& plan);

// One service circle measured, or what it needs.
struct CircleResult {
  ServiceCircle circle;
  std::optional<double> share;       // 0..1 within circle.minutes; empty: no data
  std::optional<double> share_max;   // 0..1 within circle.minutes_max (a range such as 15—20 minutes)
  std::size_t counted = 0;           // homes or residents' points counted
  std::size_t covered = 0;           // of them within circle.minutes
  std::size_t covered_max = 0;       // of them within circle.minutes_max
  bool population_weighted = false;  // the shares are of people (a population field), not of points
  std::string method;                // the library function and the definition followed
  std::string data;
  bool synthetic = false;
  std::string needs;  // when there is no share: exactly which inputs are missing
};

// Measures one circle on `in`:
//   walk     every category (reach_every) or the nearest of them within walk_m (and walk_m_max) along the
//            streets, by plan::compute_life_circles; the share of homes (people when homes carry a
//            population) whose home reaches it;
//   drive    the fastest facility of the circle's categories within the minutes on the road network
//            (plan::drive_network_from_layer, plan::nearest_facilities), the share of residents;
//   corridor not measured: the library has no corridor time model, so `needs` says what it would take.
// Points farther than kDefaultMaxSnapM from the network count as not reached. A missing input, or no
// facility of a category the circle needs, leaves the share empty and names what is missing in `needs`.
CircleResult evaluate_circle(const ServiceCircle& circle, const CircleInputs& in);
std::vector<CircleResult> evaluate_circles(const Plan& plan, const CircleInputs& in);

struct ReportOptions {
  int year = 2025;
  bool compute = true;             // run compute_indicators (CSV values still win)
  std::optional<PlanCheck> check;  // included in the report when given
  // Inputs of the service circles beyond the demo folder's (with compute, every non-empty walking layer
  // here replaces the demo's; any driving layer given replaces the demo's three).
  CircleInputs circle_inputs;
  // The road targets measured on a road layer (plan/roads.hpp), when the caller has one; the report shows
  // them against plan.meta.road_targets, else "no data".
  std::optional<RoadDensity> road_density;
  std::optional<GradeConnections> grade_connections;
  std::string roads_data;  // the road layer measured
  std::string grade_need;  // why the grade check could not run on that layer (the report says so)
};

struct IndicatorRow {
  Indicator indicator;
  // Every observation, oldest first: the supplied ones when any row of --values names the indicator,
  // else the computed one. A value without a year (year 0) stands for the report's year.
  std::vector<IndicatorValue> series;
  std::optional<IndicatorValue> value;  // the latest observation at or before the report's year
  Assessment assessment;                // of `value`, for the year it describes
};

struct Report {
  std::string plan_name_zh;
  std::string plan_name_en;
  std::string plan_source;
  int year = 0;
  std::vector<IndicatorRow> rows;
  std::vector<std::string> notes;  // what could not be computed, and why
  std::optional<PlanCheck> check;
  bool uses_synthetic = false;        // some value comes from demonstration data
  std::vector<CircleResult> circles;  // the plan's service circles, in its order
  RoadTargets road_targets;
  std::optional<RoadDensity> road_density;
  std::optional<GradeConnections> grade_connections;
  std::string roads_data;
  std::string grade_need;
};

// Joins the plan's indicators with the values (CSV rows for an id replace the computed value) and assesses
// each by its latest observation at or before options.year, for the year that observation describes.
// Observations after options.year stay in the series but are not judged (a note says so).
Report build_report(const Plan& plan, const std::vector<IndicatorValue>& values,
                    const ReportOptions& options);

// Counts of statuses: met, on track, behind, no data, no target.
std::vector<std::pair<IndicatorStatus, std::size_t>> status_counts(const Report& report);

// The rules a values file of this plan is read under (plan::read_indicator_values): its indicator numbers
// and its period.
ValuesRules values_rules(const Plan& plan);

// The report in `format` ("md", "html" or "json"; UsageError otherwise), as `plan report` writes it.
std::string render_report(const Report& report, const Plan& plan, const std::string& format);

std::string render_markdown(const Report& report);
std::string render_json(const Report& report);  // UTF-8 JSON, stable key order
// One HTML page with inline CSS and an inline SVG map; no external resources, printable on A4.
std::string render_html(const Report& report, const Plan& plan);

// A small SVG chart of one indicator's progress, `width_px` × `height_px`: years 2021–2035 across, the
// planned straight line from the 2021 baseline through the 2025 and 2035 targets (a target '-' is
// skipped; without a baseline the line starts at the first target), the observations as dots joined in
// year order, and a vertical mark at `report_year`. Empty string when there is neither a line nor an
// observation to draw.
std::string progress_chart_svg(const IndicatorRow& row, int report_year, double width_px, double height_px);

// A small SVG map of the plan (boundaries, ecology, structure, transport, settlements), `width_px` wide,
// north up, drawn from the plan's metric coordinates.
std::string plan_map_svg(const Plan& plan, double width_px);

}  // namespace plan
