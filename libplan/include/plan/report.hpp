// The indicator report: every indicator with its targets, current value, status and the method behind
// each computed value, as Markdown, JSON or one self-contained HTML page with a map of the plan.
//
//   plan::ReportOptions o;  o.year = 2025;
//   plan::Report r = plan::build_report(heze, plan::read_indicator_values("now.csv"), o);
//   std::string html = plan::render_html(r, heze);
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plan/checks.hpp"
#include "plan/indicators.hpp"
#include "plan/plan.hpp"

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

struct ReportOptions {
  int year = 2025;
  bool compute = true;                  // run compute_indicators (CSV values still win)
  std::optional<PlanCheck> check;       // included in the report when given
};

struct IndicatorRow {
  Indicator indicator;
  std::optional<IndicatorValue> value;
  Assessment assessment;
};

struct Report {
  std::string plan_name_zh;
  std::string plan_name_en;
  std::string plan_source;
  int year = 0;
  std::vector<IndicatorRow> rows;
  std::vector<std::string> notes;  // what could not be computed, and why
  std::optional<PlanCheck> check;
  bool uses_synthetic = false;     // some value comes from demonstration data
};

// Joins the plan's indicators with the values (CSV rows for the same id replace computed ones) and
// assesses each for options.year, or for the value's own year when it names one.
Report build_report(const Plan& plan, const std::vector<IndicatorValue>& values, const ReportOptions& options);

// Counts of statuses: met, on track, behind, no data, no target.
std::vector<std::pair<IndicatorStatus, std::size_t>> status_counts(const Report& report);

std::string render_markdown(const Report& report);
std::string render_json(const Report& report);  // UTF-8 JSON, stable key order
// One HTML page with inline CSS and an inline SVG map; no external resources, printable on A4.
std::string render_html(const Report& report, const Plan& plan);

// A small SVG map of the plan (boundaries, ecology, structure, transport, settlements), `width_px` wide,
// north up, drawn from the plan's metric coordinates.
std::string plan_map_svg(const Plan& plan, double width_px);

}  // namespace plan
