// The plan's indicator table and how far the city is from each target.
//
// Status for a year Y (DESIGN.md): `met` when the current value satisfies the target's comparator
// (≥ ≤ > <), `on track` when it lies on or beyond the straight line from the 2021 baseline to the next
// target, `behind` otherwise, `no data` without a value. Two cases DESIGN.md leaves open are decided here:
// a target written `-` (or one the project could not verify) is no target for that year, so the next
// horizon's target is used; an indicator with no target at any horizon is `no target`. Without a baseline
// there is no line to be on, so a value that misses its target is `behind`.
//
//   plan::Indicator ind;                       // "≥90" in 2025, "100" in 2035, baseline 70
//   ind.baseline_2021 = 70; ind.target_2025 = plan::parse_target("≥90", true);
//   plan::assess(ind, 85, 2023).status;        // OnTrack: the line gives 80 in 2023
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace plan {

enum class Comparator { AtLeast, AtMost, Greater, Less, None };  // None: the table says "-"

struct Target {
  std::string text;  // as written in the table: "≥90", ">5", "<5.5", "-", "100"
  Comparator comparator = Comparator::None;
  double value = 0;  // meaningless when comparator is None
};

// Parses a target cell. Accepts ≥ ≤ > < >= <= before a number, "-" (no target), and a bare number, which
// takes its direction from `higher_is_better` (≥ when true, ≤ when false). Throws UsageError for
// anything else, quoting the text.
Target parse_target(const std::string& text, bool higher_is_better);

// Whether `value` satisfies the target (false for Comparator::None).
bool satisfies(double value, const Target& target);

struct Indicator {
  int id = 0;           // the row number in the plan's table
  std::string group;    // 智慧化 / 绿色化 / 均衡化 / 双向化; empty when unknown
  std::string name_zh;  // empty when the plan's text was not available
  std::string name_en;
  std::string unit;  // "%", "m²/人", ...
  std::optional<double> baseline_2021;
  std::optional<Target> target_2025;  // nullopt: not known (unverified), not the same as "-"
  std::optional<Target> target_2035;
  bool higher_is_better = true;
  std::string computed;        // the measure that fills it from data ("stop_coverage", ...), empty if none
  bool verified_name = false;  // the name was checked against the plan's text
  bool verified_targets = false;
  std::string note;  // provenance and caveats, shown in reports
};

// A current value with where it came from: a CSV row or a computation on the plan's data.
struct IndicatorValue {
  int id = 0;
  double value = 0;
  int year = 0;            // the year the value describes; 0: the report's year
  std::string method;      // how it was obtained, e.g. "stop coverage, 500 m straight-line circles"
  std::string data;        // which data, e.g. "data/heze/demo (SYNTHETIC demonstration city)"
  bool synthetic = false;  // computed from demonstration data, not from the real city
};

enum class IndicatorStatus { Met, OnTrack, Behind, NoData, NoTarget };
const char* to_string(IndicatorStatus status);  // "met", "on track", "behind", "no data", "no target"

struct Assessment {
  IndicatorStatus status = IndicatorStatus::NoData;
  std::optional<Target> target;        // the target the value was judged against
  int target_year = 0;                 // 2025 or 2035; 0 without a target
  std::optional<double> expected_now;  // the straight-line value for the year, when a baseline exists
  std::string reason;                  // one sentence saying why the status is what it is
};

// Judges a value (nullopt: no data) for `year`. The target is the 2025 one for years up to 2025 when it
// is set, else the 2035 one (years after 2035 are judged against 2035). Never throws.
Assessment assess(const Indicator& indicator, std::optional<double> value, int year);

// What a values file may hold. An empty `known_ids` accepts any indicator number.
struct ValuesRules {
  std::vector<int> known_ids;  // the plan's indicator numbers (1..22 for Heze)
  int first_year = 2021;       // the plan period: observations outside it are refused
  int last_year = 2035;
};

// Reads observed values from a CSV file with a header row and the columns `id,value` (optional `year`,
// `method`, `source`; any other column, such as the template's `name_zh`, `unit`, `note`, is ignored).
// Several rows may give one indicator for different years: the series of observations. A row without a
// year describes the report's year (year 0). Rows with an empty value are skipped, so a blank template
// reads as no values. Throws DataError, naming the file, the row (the header is row 1) and the column,
// for: a missing file or column; an id that is not a whole number or not in `rules.known_ids`; a value
// that is not a number; a year that is not a whole number within rules.first_year..rules.last_year; a
// second row for the same indicator and year.
std::vector<IndicatorValue> read_indicator_values(const std::string& csv_path, const ValuesRules& rules = {});

// The CSV a statistics office fills in: a header `id,name_zh,unit,year,value,source,method,note` and one
// row per indicator, with the name, unit and, for indicators the report computes from map data, a note
// saying so; year, value, source and method empty. Add one row per year observed.
std::string values_template_csv(const std::vector<Indicator>& indicators);

}  // namespace plan
