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
  bool compute = true;             // run compute_indicators (CSV values still win)
  std::optional<PlanCheck> check;  // included in the report when given
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
  bool uses_synthetic = false;  // some value comes from demonstration data
};

// Joins the plan's indicators with the values (CSV rows for an id replace the computed value) and assesses
// each by its latest observation at or before options.year, for the year that observation describes.
// Observations after options.year stay in the series but are not judged (a note says so).
Report build_report(const Plan& plan, const std::vector<IndicatorValue>& values,
                    const ReportOptions& options);

// Counts of statuses: met, on track, behind, no data, no target.
std::vector<std::pair<IndicatorStatus, std::size_t>> status_counts(const Report& report);

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
