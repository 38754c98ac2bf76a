// Targets, statuses and current values of the plan's indicators.
#include "plan/indicators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "cpl_csv.h"
#include "cpl_error.h"
#include "cpl_string.h"
#include "cpl_vsi.h"
#include "io/gdal_util.hpp"
#include "plan/error.hpp"

namespace plan {

namespace {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  const auto b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

bool parse_double(const std::string& text, double& out) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size() && std::isfinite(out);
}

}  // namespace

Target parse_target(const std::string& text_in, bool higher_is_better) {
  const std::string text = trim(text_in);
  Target t;
  t.text = text;
  if (text == "-" || text == "—" || text == "–") return t;
  // Longest prefixes first, so "≥" is not read as a broken ">".
  static const std::pair<const char*, Comparator> prefixes[] = {
      {"≥", Comparator::AtLeast},  {"≤", Comparator::AtMost},  {">=", Comparator::AtLeast},
      {"<=", Comparator::AtMost},  {">", Comparator::Greater}, {"<", Comparator::Less},
      {"＞", Comparator::Greater}, {"＜", Comparator::Less}};
  std::string number = text;
  t.comparator = higher_is_better ? Comparator::AtLeast : Comparator::AtMost;
  for (const auto& [prefix, cmp] : prefixes) {
    const std::string p = prefix;
    if (text.compare(0, p.size(), p) == 0) {
      t.comparator = cmp;
      number = text.substr(p.size());
      break;
    }
  }
  if (!parse_double(number, t.value))
    throw UsageError("target '" + text + "' is not a number with an optional ≥ ≤ > < or '-'");
  return t;
}

bool satisfies(double value, const Target& target) {
  switch (target.comparator) {
    case Comparator::AtLeast:
      return value >= target.value;
    case Comparator::AtMost:
      return value <= target.value;
    case Comparator::Greater:
      return value > target.value;
    case Comparator::Less:
      return value < target.value;
    case Comparator::None:
      return false;
  }
  return false;
}

const char* to_string(IndicatorStatus status) {
  switch (status) {
    case IndicatorStatus::Met:
      return "met";
    case IndicatorStatus::OnTrack:
      return "on track";
    case IndicatorStatus::Behind:
      return "behind";
    case IndicatorStatus::NoData:
      return "no data";
    case IndicatorStatus::NoTarget:
      return "no target";
  }
  return "?";
}

Assessment assess(const Indicator& ind, std::optional<double> value, int year) {
  Assessment a;
  auto usable = [](const std::optional<Target>& t) { return t && t->comparator != Comparator::None; };
  if (year <= 2025 && usable(ind.target_2025)) {
    a.target = ind.target_2025;
    a.target_year = 2025;
  } else if (usable(ind.target_2035)) {
    a.target = ind.target_2035;
    a.target_year = 2035;
  } else if (usable(ind.target_2025)) {  // only a 2025 target, judged after 2025: it still applies
    a.target = ind.target_2025;
    a.target_year = 2025;
  }
  if (!value) {
    a.status = IndicatorStatus::NoData;
    a.reason = "no current value";
    return a;
  }
  if (!a.target) {
    a.status = IndicatorStatus::NoTarget;
    a.reason = (ind.target_2025 || ind.target_2035) ? "the table sets no target ('-')"
                                                    : "targets not available (unverified)";
    return a;
  }
  const Target& t = *a.target;
  if (satisfies(*value, t)) {
    a.status = IndicatorStatus::Met;
    a.reason = "satisfies the " + std::to_string(a.target_year) + " target " + t.text;
    return a;
  }
  if (!ind.baseline_2021) {
    a.status = IndicatorStatus::Behind;
    a.reason = "misses the " + std::to_string(a.target_year) + " target " + t.text +
               "; no 2021 baseline to draw a trajectory";
    return a;
  }
  // The straight line from the 2021 baseline to the target value in its year.
  const double b = *ind.baseline_2021;
  const double share = std::clamp((year - 2021.0) / (a.target_year - 2021.0), 0.0, 1.0);
  const double expected = b + (t.value - b) * share;
  a.expected_now = expected;
  const bool up = t.comparator == Comparator::AtLeast || t.comparator == Comparator::Greater;
  const bool on_line = up ? *value >= expected : *value <= expected;
  a.status = on_line ? IndicatorStatus::OnTrack : IndicatorStatus::Behind;
  std::ostringstream s;
  s << (on_line ? "on or beyond" : "short of") << " the line from the 2021 baseline " << b << " to " << t.text
    << " in " << a.target_year << " (" << expected << " in " << year << ")";
  a.reason = s.str();
  return a;
}

namespace {

// "values.csv, row 3, field 'value': 'twelve' is not a number": a CSV's rows are what a user counts.
DataError csv_error(const std::string& path, std::int64_t row, const std::string& field,
                    const std::string& problem) {
  std::string where = path;
  if (row > 0) where += ", row " + std::to_string(row);
  if (!field.empty()) where += ", field '" + field + "'";
  return DataError(where + ": " + problem);
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

// The records of a CSV file as GDAL's CSV reader splits them: quoted cells may hold commas, doubled quotes
// and line breaks, a leading UTF-8 BOM is skipped, CRLF and LF both end a record. `row` counts records
// as a spreadsheet numbers its rows, blank ones included, so that errors point where the user looks.
class CsvRecords {
 public:
  explicit CsvRecords(const std::string& path) : path_(path), file_(VSIFOpenL(path.c_str(), "rb")) {
    if (!file_) throw csv_error(path, 0, "", "cannot be read");
  }
  ~CsvRecords() { VSIFCloseL(file_); }
  CsvRecords(const CsvRecords&) = delete;
  CsvRecords& operator=(const CsvRecords&) = delete;

  // The next record's cells, trimmed ({} for a blank line), or nullopt at the end of the file.
  std::optional<std::vector<std::string>> next() {
    const io::QuietGdalErrors quiet;  // the failure becomes our DataError, not a line GDAL prints
    const CPLStringList cells(CSVReadParseLine3L(file_, kMaxRecordBytes, ",", /*honour quotes*/ true,
                                                 /*keep quotes*/ false, /*merge delimiters*/ false,
                                                 /*skip BOM*/ row_ == 0));
    if (CPLGetLastErrorType() == CE_Failure)
      throw csv_error(path_, row_ + 1, "", std::string("cannot be parsed: ") + CPLGetLastErrorMsg());
    // The reader gives no cells both for a blank line and at the end; only the file position tells them
    // apart.
    if (cells.empty() && VSIFEofL(file_)) return std::nullopt;
    ++row_;
    std::vector<std::string> out;
    for (int i = 0; i < cells.size(); ++i) out.push_back(trim(cells[i]));
    return out;
  }
  std::int64_t row() const { return row_; }

 private:
  static constexpr std::size_t kMaxRecordBytes = 1 << 20;  // a values file's record is a few hundred bytes
  std::string path_;
  VSILFILE* file_;
  std::int64_t row_ = 0;
};

}  // namespace

std::vector<IndicatorValue> read_indicator_values(const std::string& path, const ValuesRules& rules) {
  CsvRecords records(path);
  const std::optional<std::vector<std::string>> first = records.next();
  if (!first || first->empty()) throw csv_error(path, 0, "", "is empty; expected a header row id,value");
  const std::vector<std::string>& header = *first;
  auto column = [&](const std::string& name) -> int {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  };
  const int id_col = column("id"), value_col = column("value"), year_col = column("year");
  const int method_col = column("method"), source_col = column("source");
  if (id_col < 0) throw csv_error(path, 1, "id", "no 'id' column in the header");
  if (value_col < 0) throw csv_error(path, 1, "value", "no 'value' column in the header");

  std::vector<IndicatorValue> out;
  std::map<std::pair<int, int>, std::int64_t> first_row;  // (id, year) -> the row that gave it
  while (const std::optional<std::vector<std::string>> record = records.next()) {
    const std::vector<std::string>& cells = *record;
    const std::int64_t row = records.row();
    if (cells.empty()) continue;
    auto cell = [&](int col) {
      return col >= 0 && col < static_cast<int>(cells.size()) ? cells[col] : std::string();
    };
    if (cell(value_col).empty()) continue;
    IndicatorValue v;
    double id = 0;
    // Bounded before the cast to int: an id or year beyond int's range is undefined behaviour there.
    if (!parse_double(cell(id_col), id) || id != std::floor(id) || id < 1 || id > 1e6)
      throw csv_error(path, row, "id", "'" + cell(id_col) + "' is not an indicator number");
    v.id = static_cast<int>(id);
    if (!rules.known_ids.empty() &&
        std::find(rules.known_ids.begin(), rules.known_ids.end(), v.id) == rules.known_ids.end())
      throw csv_error(path, row, "id", "the plan has no indicator " + std::to_string(v.id));
    if (!parse_double(cell(value_col), v.value))
      throw csv_error(path, row, "value", "'" + cell(value_col) + "' is not a number");
    if (!cell(year_col).empty()) {
      double year = 0;
      if (!parse_double(cell(year_col), year) || year != std::floor(year))
        throw csv_error(path, row, "year", "'" + cell(year_col) + "' is not a year");
      if (year < rules.first_year || year > rules.last_year)
        throw csv_error(path, row, "year",
                        cell(year_col) + " is outside the plan period " + std::to_string(rules.first_year) +
                            "–" + std::to_string(rules.last_year));
      v.year = static_cast<int>(year);
    }
    const auto [it, fresh] = first_row.emplace(std::pair{v.id, v.year}, row);
    if (!fresh)
      throw csv_error(path, row, "year",
                      "indicator " + std::to_string(v.id) +
                          (v.year ? " for " + std::to_string(v.year) : std::string(" without a year")) +
                          " is already given in row " + std::to_string(it->second));
    v.method = cell(method_col).empty() ? "supplied value" : cell(method_col);
    v.data = cell(source_col).empty() ? path : cell(source_col);
    out.push_back(std::move(v));
  }
  return out;
}

std::string values_template_csv(const std::vector<Indicator>& indicators) {
  std::string o = "id,name_zh,unit,year,value,source,method,note\n";
  for (const Indicator& i : indicators) {
    const std::string note =
        i.computed.empty() ? ""
                           : "computed by plan report from map data (" + i.computed + ") unless given here";
    o += std::to_string(i.id) + "," + csv_cell(i.name_zh) + "," + csv_cell(i.unit) + ",,,,," +
         csv_cell(note) + "\n";
  }
  return o;
}

}  // namespace plan
