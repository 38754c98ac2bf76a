// The indicator report in Markdown, JSON and HTML (with an SVG map of the plan).
#include "plan/report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indicators/format.hpp"
#include "model/check_json.hpp"
#include "plan/proposals.hpp"

namespace plan {

namespace {

using json = nlohmann::ordered_json;

using indicators::fixed;

std::string shown(double v) {
  // Percentages and ratios read best with one or two decimals; large counts without.
  return std::fabs(v) >= 1000 ? fixed(v, 0) : fixed(v, 2);
}

// Total length of a network's lines within the city outline, in km.
double km_in_city(const std::vector<NetworkLength>& lines) {
  double m = 0;
  for (const NetworkLength& n : lines) m += n.length_in_city_m;
  return m / 1000;
}

std::string target_text(const std::optional<Target>& t) { return t ? t->text : "?"; }

std::string name_of(const Indicator& i) {
  if (!i.name_zh.empty()) return i.name_zh + (i.verified_name ? "" : " (name unverified)");
  return "(not available)";
}

std::string group_of(const Indicator& i) { return i.group.empty() ? "未核实 (group unknown)" : i.group; }

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

std::string md_cell(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return o;
}

const char* status_class(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::Met:
      return "met";
    case IndicatorStatus::OnTrack:
      return "ontrack";
    case IndicatorStatus::Behind:
      return "behind";
    case IndicatorStatus::NoData:
      return "nodata";
    case IndicatorStatus::NoTarget:
      return "notarget";
  }
  return "";
}

const char* kStatusDefinition =
    "met: the value satisfies the target's comparator (≥ ≤ > <); on track: it lies on or beyond the straight "
    "line "
    "from the 2021 baseline to the next target; behind: otherwise (also when there is no baseline to draw "
    "the line); "
    "no data: no current value; no target: the table sets none ('-') or the target is not available.";

// The plan's four groups in the order of its table, then any other group, then rows without one.
std::vector<std::string> groups_in_order(const Report& r) {
  std::vector<std::string> groups = {"智慧化", "绿色化", "均衡化", "双向化"};
  for (const IndicatorRow& row : r.rows)
    if (std::find(groups.begin(), groups.end(), group_of(row.indicator)) == groups.end())
      groups.push_back(group_of(row.indicator));
  std::erase_if(groups, [&](const std::string& g) {
    return std::none_of(r.rows.begin(), r.rows.end(),
                        [&](const IndicatorRow& row) { return group_of(row.indicator) == g; });
  });
  return groups;
}

// ---- service circles and road targets -------------------------------------------------------------------

std::string listed(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::string percent(double share) { return fixed(100 * share, 1) + " %"; }

std::string circle_threshold(const ServiceCircle& c) {
  const std::string minutes =
      fixed(c.minutes, 0) + (c.minutes_max ? "–" + fixed(*c.minutes_max, 0) : "") + " min";
  switch (c.mode) {
    case CircleMode::Walk:
      return minutes + " walking (" + fixed(c.walk_m, 0) +
             (c.walk_m_max ? "–" + fixed(*c.walk_m_max, 0) : "") + " m at " + fixed(c.walk_speed_kmh, 0) +
             " km/h)";
    case CircleMode::Drive:
      return minutes + " by car";
    case CircleMode::Corridor:
      return minutes + " over the corridors";
  }
  return minutes;
}

std::string circle_reach(const ServiceCircle& c) {
  std::string s;
  if (!c.categories.empty())
    s = c.categories.size() == 1
            ? c.categories[0]
            : std::string(c.reach_every ? "each of " : "the nearest of ") + listed(c.categories);
  if (!c.cities.empty()) s += (s.empty() ? "" : "; ") + listed(c.cities);
  if (!c.settlement_kinds.empty()) s += (s.empty() ? "" : "; ") + listed(c.settlement_kinds);
  return s;
}

std::string circle_counted(const ServiceCircle& c) { return c.counted_zh.empty() ? c.counted : c.counted_zh; }

std::string circle_target(const ServiceCircle& c) {
  if (!c.target_share_pct) return "none set in the text";
  return "≥ " + fixed(*c.target_share_pct, 0) + " %" +
         (c.target_year ? " by " + std::to_string(*c.target_year) : "");
}

std::string circle_lines(const ServiceCircle& c) {
  std::string s = c.lines.size() > 1 ? "lines " : "line ";
  for (std::size_t i = 0; i < c.lines.size(); ++i) s += (i ? ", " : "") + std::to_string(c.lines[i]);
  return s;
}

// "61.2 % † within 15 min; 78.0 % † within 20 min" or "no data".
std::string circle_share(const CircleResult& r) {
  if (!r.share) return "no data";
  const std::string mark = r.synthetic ? " †" : "";
  if (!r.share_max) return percent(*r.share) + mark;
  return percent(*r.share) + mark + " within " + fixed(r.circle.minutes, 0) + " min; " +
         percent(*r.share_max) + mark + " within " + fixed(*r.circle.minutes_max, 0) + " min";
}

// Whether any county carries the plan's guidance (a plan without 专栏3-like guidance gets no section).
bool has_guidance(const PlanCheck& c) {
  return std::any_of(c.guidance.begin(), c.guidance.end(),
                     [](const CountyGuidance& g) { return !g.guidance.empty(); });
}

std::string circle_how(const CircleResult& r) {
  std::string s = r.share ? r.method + (r.data.empty() ? "" : " — data: " + r.data) : "needs: " + r.needs;
  if (!r.circle.note.empty()) s += " — " + r.circle.note;
  return s;
}

// A corridor circle's places, one line each: "郓城县城 — 24 min, within: 12 min to …".
std::vector<std::string> circle_detail_lines(const CircleResult& r) {
  std::vector<std::string> out;
  for (const CircleResult::Detail& d : r.details)
    out.push_back(d.name + " — " + (d.minutes < kUnreached ? fixed(d.minutes, 0) + " min" : "not reached") +
                  ", " + (d.within ? "within " : "beyond ") + fixed(r.circle.minutes, 0) + " min: " + d.how);
  return out;
}

const char* kRoadsNeed = "needs a roads layer (`plan report --roads`, as for `plan check --roads`)";

struct RoadRow {
  std::string target, measured, source;
  bool measured_ok = false;
};

std::vector<RoadRow> road_rows(const Report& r) {
  std::vector<RoadRow> rows;
  const RoadTargets& t = r.road_targets;
  if (t.density_km_per_km2) {
    RoadRow row{"road network density of the central city ≥ " + fixed(*t.density_km_per_km2, 0) + " km/km²",
                "no data — " + std::string(kRoadsNeed), t.density_source};
    if (r.road_density) {
      const RoadDensity& d = *r.road_density;
      row.measured = fixed(d.density_km_per_km2, 2) + " km/km² (" + fixed(d.total_km, 1) + " km over " +
                     fixed(d.area_km2, 1) + " km²), " +
                     (d.density_km_per_km2 >= *t.density_km_per_km2 ? "met" : "below the target") +
                     (r.roads_data.empty() ? "" : " — data: " + r.roads_data);
      row.measured_ok = true;
    }
    rows.push_back(row);
  }
  if (t.min_grade) {
    RoadRow row{"every key town joined to the central city and its county seat by a " +
                    highway_grade_name(*t.min_grade) + " or better",
                "no data — " + (r.grade_need.empty() ? std::string(kRoadsNeed) : "needs " + r.grade_need),
                t.grade_source};
    if (r.grade_connections) {
      const GradeConnections& g = *r.grade_connections;
      row.measured = std::to_string(g.connected) + " of " + std::to_string(g.towns.size()) +
                     " key towns joined" + (r.roads_data.empty() ? "" : " — data: " + r.roads_data);
      row.measured_ok = true;
    }
    rows.push_back(row);
  }
  return rows;
}
}  // namespace

namespace {

using ValuesById = std::map<int, std::vector<IndicatorValue>>;

int year_of(const IndicatorValue& v, int report_year) { return v.year ? v.year : report_year; }

// One indicator's series (the supplied values, else the computed ones, oldest first), the observation
// judged and its assessment; notes an indicator whose observations all come after the report's year.
IndicatorRow indicator_row(const Indicator& ind, const ValuesById& supplied, const ValuesById& computed,
                           int report_year, Report& r) {
  IndicatorRow row;
  row.indicator = ind;
  if (auto s = supplied.find(ind.id); s != supplied.end())
    row.series = s->second;
  else if (auto c = computed.find(ind.id); c != computed.end())
    row.series = c->second;
  std::stable_sort(row.series.begin(), row.series.end(),
                   [&](const IndicatorValue& a, const IndicatorValue& b) {
                     return year_of(a, report_year) < year_of(b, report_year);
                   });
  for (const IndicatorValue& v : row.series) {
    r.uses_synthetic = r.uses_synthetic || v.synthetic;
    if (year_of(v, report_year) <= report_year) row.value = v;  // the latest one not after the report's year
  }
  if (!row.value && !row.series.empty())
    r.notes.push_back("indicator " + std::to_string(ind.id) + ": every observation is later than " +
                      std::to_string(report_year) + ", so none is judged");
  // A value that says which year it describes is judged for that year (a 2023 survey against the 2023
  // line).
  const int year = row.value ? year_of(*row.value, report_year) : report_year;
  row.assessment = assess(ind, row.value ? std::optional<double>(row.value->value) : std::nullopt, year);
  return row;
}

// The demo folder's circle inputs with the caller's in their place.
CircleInputs circle_inputs(const Plan& plan, const CircleInputs& given) {
  CircleInputs in = demo_circle_inputs(plan);
  if (!given.streets.features.empty()) in.streets = given.streets;
  if (!given.facilities.features.empty()) in.facilities = given.facilities;
  if (!given.homes.features.empty()) in.homes = given.homes;
  if (!given.streets.features.empty() || !given.facilities.features.empty() || !given.homes.features.empty())
    in.walk_data = given.walk_data, in.walk_synthetic = given.walk_synthetic;
  // The driving inputs come as a set, in a CRS of their own: a given one replaces all the demo's.
  if (!given.roads.features.empty() || !given.drive_facilities.features.empty() ||
      !given.residents.features.empty()) {
    in.roads = given.roads, in.drive_facilities = given.drive_facilities, in.residents = given.residents;
    in.drive_data = given.drive_data, in.drive_synthetic = given.drive_synthetic;
    in.drive_category_field = given.drive_category_field;
    in.drive_category_names = given.drive_category_names;
    in.residents_population_field = given.residents_population_field;
  }
  return in;
}

std::vector<CircleResult> report_circles(const Plan& plan, const ReportOptions& options) {
  if (options.compute) return evaluate_circles(plan, circle_inputs(plan, options.circle_inputs));
  std::vector<CircleResult> out;
  for (const ServiceCircle& c : plan.meta.service_circles) {
    CircleResult cr;
    cr.circle = c;
    cr.needs = "not computed (the report was asked not to compute)";
    out.push_back(cr);
  }
  return out;
}

}  // namespace

Report build_report(const Plan& plan, const std::vector<IndicatorValue>& values,
                    const ReportOptions& options) {
  Report r;
  r.plan_name_zh = plan.meta.name_zh;
  r.plan_name_en = plan.meta.name_en;
  r.plan_source = plan.source;
  r.year = options.year;
  r.check = options.check;
  ValuesById computed, supplied;
  if (options.compute)
    for (IndicatorValue& v : compute_indicators(plan, &r.notes)) computed[v.id].push_back(v);
  if (options.compute)  // how many greedy additions reach the targets of indicators 11 and 14
    for (std::string& line : proposal_report_lines(plan)) r.notes.push_back(std::move(line));
  for (const IndicatorValue& v : values)
    supplied[v.id].push_back(v);  // supplied values replace computed ones
  for (const Indicator& ind : plan.indicators)
    r.rows.push_back(indicator_row(ind, supplied, computed, options.year, r));
  r.circles = report_circles(plan, options);
  for (const CircleResult& c : r.circles) r.uses_synthetic = r.uses_synthetic || (c.share && c.synthetic);
  r.road_targets = plan.meta.road_targets;
  r.road_density = options.road_density;
  r.grade_connections = options.grade_connections;
  r.roads_data = options.roads_data;
  r.grade_need = options.grade_need;
  for (const auto& entry : supplied) {
    const int id = entry.first;  // a plain variable: clang 14 cannot capture a structured binding
    const bool known = std::any_of(plan.indicators.begin(), plan.indicators.end(),
                                   [&](const Indicator& i) { return i.id == id; });
    if (!known)
      r.notes.push_back("value for indicator " + std::to_string(id) +
                        " ignored: the plan has no such indicator");
  }
  return r;
}

std::vector<std::pair<IndicatorStatus, std::size_t>> status_counts(const Report& report) {
  std::vector<std::pair<IndicatorStatus, std::size_t>> out;
  for (IndicatorStatus s : {IndicatorStatus::Met, IndicatorStatus::OnTrack, IndicatorStatus::Behind,
                            IndicatorStatus::NoData, IndicatorStatus::NoTarget}) {
    const auto n = std::count_if(report.rows.begin(), report.rows.end(),
                                 [&](const IndicatorRow& r) { return r.assessment.status == s; });
    out.emplace_back(s, static_cast<std::size_t>(n));
  }
  return out;
}

// ---- Markdown ---------------------------------------------------------------------------------------------

namespace {

// The title, the synthetic-data warning, the status counts and the indicator table.
void md_indicators(std::ostream& o, const Report& r) {
  o << "# " << r.plan_name_zh << " — indicator report " << r.year << "\n\n";
  if (!r.plan_name_en.empty()) o << r.plan_name_en << "  \nPlan data: `" << r.plan_source << "`\n\n";
  if (r.uses_synthetic)
    o << "> **SYNTHETIC DATA.** Values marked † are computed from the demonstration central city, which is "
         "generated, not surveyed. They show the method, not Heze's real performance.\n\n";
  o << "Status:";
  for (const auto& [s, n] : status_counts(r)) o << " " << to_string(s) << " " << n << ";";
  o << "\n\n| # | group | indicator | unit | 2021 | 2025 | 2035 | current | status | how |\n"
       "|---|---|---|---|---|---|---|---|---|---|\n";
  std::string last_note;
  for (const std::string& g : groups_in_order(r))
    for (const IndicatorRow& row : r.rows) {
      const Indicator& i = row.indicator;
      if (group_of(i) != g) continue;
      std::string how;
      if (row.value) how = row.value->method + (row.value->data.empty() ? "" : " — data: " + row.value->data);
      if (row.series.size() > 1) {
        how += " — series:";
        for (const IndicatorValue& v : row.series)
          how += " " + std::to_string(v.year ? v.year : r.year) + " " + shown(v.value) + ";";
      }
      if (!row.value) how += (how.empty() ? "" : " — ") + (i.note == last_note ? "(note as above)" : i.note);
      last_note = i.note;
      o << "| " << i.id << " | " << md_cell(group_of(i)) << " | " << md_cell(name_of(i)) << " | "
        << md_cell(i.unit) << " | " << (i.baseline_2021 ? shown(*i.baseline_2021) : "?") << " | "
        << md_cell(target_text(i.target_2025)) << " | " << md_cell(target_text(i.target_2035)) << " | "
        << (row.value ? shown(row.value->value) + (row.value->synthetic ? " †" : "") : "—") << " | "
        << to_string(row.assessment.status) << " | " << md_cell(how) << " |\n";
    }
  o << "\n`?` = not available in the reference material (unverified). " << kStatusDefinition << "\n";
}

void md_circles(std::ostream& o, const Report& r) {
  if (!r.circles.empty()) {
    o << "\n## Service circles\n\nThe circles the plan's text names, each measured where its inputs exist, "
         "else \"no data\" with what it needs.\n\n"
         "| circle | threshold | to reach | counted | target | share | how | text |\n"
         "|---|---|---|---|---|---|---|---|\n";
    for (const CircleResult& c : r.circles)
      o << "| " << md_cell(c.circle.name_zh)
        << (c.circle.name_en.empty() ? "" : "<br>" + md_cell(c.circle.name_en)) << " | "
        << md_cell(circle_threshold(c.circle)) << " | " << md_cell(circle_reach(c.circle)) << " | "
        << md_cell(circle_counted(c.circle)) << " | " << md_cell(circle_target(c.circle)) << " | "
        << md_cell(circle_share(c)) << " | " << md_cell(circle_how(c)) << " | "
        << md_cell(circle_lines(c.circle)) << " |\n";
    for (const CircleResult& c : r.circles) {
      if (c.details.empty()) continue;
      o << "\n"
        << c.circle.name_zh << " (" << circle_share(c) << ", " << c.covered << " of " << c.counted
        << "), place by place:\n\n";
      for (const std::string& line : circle_detail_lines(c)) o << "- " << line << "\n";
    }
  }
}

void md_road_targets(std::ostream& o, const Report& r) {
  if (const std::vector<RoadRow> roads = road_rows(r); !roads.empty()) {
    o << "\n## Road targets\n\n| target | measured | text |\n|---|---|---|\n";
    for (const RoadRow& row : roads)
      o << "| " << md_cell(row.target) << " | " << md_cell(row.measured) << " | " << md_cell(row.source)
        << " |\n";
  }
}

void md_notes(std::ostream& o, const Report& r) {
  if (!r.notes.empty()) {
    o << "\n## Notes\n\n";
    for (const std::string& n : r.notes) o << "- " << n << "\n";
  }
}

// The structure check's figures and findings, and the county guidance.
void md_structure(std::ostream& o, const Report& r) {
  if (r.check) {
    const PlanCheck& c = *r.check;
    o << "\n## Structure (plan check)\n\nSettlements against " << c.formula << ":";
    for (const TierCount& t : c.tiers)
      o << " tier " << t.tier << " " << t.count << (t.expected ? "/" + std::to_string(*t.expected) : "")
        << ";";
    const double blue = km_in_city(c.blue), green = km_in_city(c.green);
    o << "\nBlue network " << fixed(blue, 1) << " km, green network " << fixed(green, 1)
      << " km within the city outline.\n";
    for (const AreaFigure& a : c.barriers)
      o << "Barrier " << a.name_zh << ": " << fixed(a.area_in_city_m2 / 1e6, 1) << " km² within the city.\n";
    if (!c.findings.empty()) {
      o << "\nFindings:\n\n";
      for (const std::string& f : c.findings) o << "- " << f << "\n";
    }
    if (has_guidance(c)) {
      o << "\n## County guidance\n\n| county | seat | guidance | text |\n|---|---|---|---|\n";
      for (const CountyGuidance& g : c.guidance)
        o << "| " << md_cell(g.county) << " | " << md_cell(g.seat.empty() ? "—" : g.seat) << " | "
          << md_cell(g.guidance.empty() ? "—" : g.guidance) << " | " << md_cell(g.source) << " |\n";
    }
  }
}

}  // namespace

std::string render_markdown(const Report& r) {
  std::ostringstream o;
  md_indicators(o, r);
  md_circles(o, r);
  md_road_targets(o, r);
  md_notes(o, r);
  md_structure(o, r);
  return o.str();
}

// ---- JSON ------------------------------------------------------------------------------------------------

// One indicator row: its table entry, current value, series and assessment.
json indicator_json(const IndicatorRow& row, int year) {
  const Indicator& i = row.indicator;
  json x;
  x["id"] = i.id;
  x["group"] = i.group.empty() ? json(nullptr) : json(i.group);
  x["name_zh"] = i.name_zh.empty() ? json(nullptr) : json(i.name_zh);
  x["name_en"] = i.name_en.empty() ? json(nullptr) : json(i.name_en);
  x["unit"] = i.unit.empty() ? json(nullptr) : json(i.unit);
  x["baseline_2021"] = i.baseline_2021 ? json(*i.baseline_2021) : json(nullptr);
  x["target_2025"] = i.target_2025 ? json(i.target_2025->text) : json(nullptr);
  x["target_2035"] = i.target_2035 ? json(i.target_2035->text) : json(nullptr);
  x["verified"] = {{"name", i.verified_name}, {"targets", i.verified_targets}};
  if (row.value)
    x["current"] = {{"value", row.value->value},
                    {"year", row.value->year ? row.value->year : year},
                    {"method", row.value->method},
                    {"data", row.value->data},
                    {"synthetic", row.value->synthetic}};
  else
    x["current"] = nullptr;
  json series = json::array();
  for (const IndicatorValue& v : row.series)
    series.push_back({{"year", v.year ? json(v.year) : json(year)},
                      {"value", v.value},
                      {"source", v.data},
                      {"method", v.method},
                      {"synthetic", v.synthetic}});
  x["series"] = series;
  x["status"] = to_string(row.assessment.status);
  x["judged_against"] =
      row.assessment.target
          ? json({{"target", row.assessment.target->text}, {"year", row.assessment.target_year}})
          : json(nullptr);
  x["expected_on_line"] = row.assessment.expected_now ? json(*row.assessment.expected_now) : json(nullptr);
  x["reason"] = row.assessment.reason;
  x["note"] = i.note;
  return x;
}

// One service circle: its definition from plan.json and its measured share, or what it needs.
json circle_json(const CircleResult& cr) {
  const ServiceCircle& c = cr.circle;
  json x;
  x["id"] = c.id;
  x["name_zh"] = c.name_zh;
  x["name_en"] = c.name_en;
  x["mode"] = to_string(c.mode);
  json t = {{"minutes", c.minutes}, {"minutes_max", c.minutes_max ? json(*c.minutes_max) : json(nullptr)}};
  if (c.mode == CircleMode::Walk) {
    t["speed_kmh"] = c.walk_speed_kmh;
    t["walk_m"] = c.walk_m;
    t["walk_m_max"] = c.walk_m_max ? json(*c.walk_m_max) : json(nullptr);
  }
  x["threshold"] = t;
  x["reach"] = {{"categories", c.categories},
                {"match", c.reach_every ? "every" : "any"},
                {"cities", c.cities},
                {"settlement_kinds", c.settlement_kinds},
                {"note", c.reach_note}};
  x["counted"] = c.counted;
  x["counted_zh"] = c.counted_zh;
  x["target"] = c.target_share_pct ? json({{"share_pct", *c.target_share_pct},
                                           {"year", c.target_year ? json(*c.target_year) : json(nullptr)}})
                                   : json(nullptr);
  x["lines"] = c.lines;
  x["source"] = c.source;
  x["note"] = c.note;
  x["status"] = cr.share ? "measured" : "no data";
  x["share_pct"] = cr.share ? json(100 * *cr.share) : json(nullptr);
  x["share_max_pct"] = cr.share_max ? json(100 * *cr.share_max) : json(nullptr);
  x["counted_points"] = cr.counted;
  x["covered"] = cr.covered;
  x["covered_max"] = cr.share_max ? json(cr.covered_max) : json(nullptr);
  x["population_weighted"] = cr.population_weighted;
  x["method"] = cr.method;
  x["data"] = cr.data;
  x["synthetic"] = cr.share && cr.synthetic;
  x["needs"] = cr.share ? json(nullptr) : json(cr.needs);
  if (!cr.details.empty()) {
    json d = json::array();
    for (const CircleResult::Detail& p : cr.details)
      d.push_back({{"name", p.name},
                   {"minutes", p.minutes < kUnreached ? json(p.minutes) : json(nullptr)},
                   {"within", p.within},
                   {"how", p.how}});
    x["places"] = d;
  }
  return x;
}

// The road targets (density, grade connections), measured or "no data" with what they need.
json road_targets_json(const Report& r) {
  const RoadTargets& rt = r.road_targets;
  json roads = json::object();
  if (rt.density_km_per_km2) {
    json d = {{"target_km_per_km2", *rt.density_km_per_km2}, {"source", rt.density_source}};
    if (r.road_density) {
      d["status"] = r.road_density->density_km_per_km2 >= *rt.density_km_per_km2 ? "met" : "below";
      d["measured_km_per_km2"] = r.road_density->density_km_per_km2;
      d["total_km"] = r.road_density->total_km;
      d["area_km2"] = r.road_density->area_km2;
      d["data"] = r.roads_data;
    } else {
      d["status"] = "no data";
      d["needs"] = kRoadsNeed;
    }
    roads["density"] = d;
  }
  if (rt.min_grade) {
    json g = {{"min_grade", *rt.min_grade},
              {"min_grade_zh", highway_grade_name(*rt.min_grade)},
              {"source", rt.grade_source}};
    if (r.grade_connections) {
      g["status"] = r.grade_connections->connected == r.grade_connections->towns.size() ? "met" : "below";
      g["towns"] = r.grade_connections->towns.size();
      g["connected"] = r.grade_connections->connected;
      g["data"] = r.roads_data;
    } else {
      g["status"] = "no data";
      g["needs"] = r.grade_need.empty() ? std::string(kRoadsNeed) : r.grade_need;
    }
    roads["grade_connection"] = g;
  }
  return roads;
}

std::string render_json(const Report& r) {
  json j;
  j["plan"] = {{"name_zh", r.plan_name_zh}, {"name_en", r.plan_name_en}, {"source", r.plan_source}};
  j["year"] = r.year;
  j["uses_synthetic_data"] = r.uses_synthetic;
  j["status_definition"] = kStatusDefinition;
  json counts = json::object();
  for (const auto& [s, n] : status_counts(r)) counts[to_string(s)] = n;
  j["status_counts"] = counts;
  json rows = json::array();
  for (const IndicatorRow& row : r.rows) rows.push_back(indicator_json(row, r.year));
  j["indicators"] = rows;
  json circles = json::array();
  for (const CircleResult& cr : r.circles) circles.push_back(circle_json(cr));
  j["service_circles"] = circles;
  j["road_targets"] = road_targets_json(r);
  if (r.check && has_guidance(*r.check)) j["county_guidance"] = county_guidance_json(r.check->guidance);
  j["notes"] = r.notes;
  return j.dump(2) + "\n";
}

// ---- progress chart
// ------------------------------------------------------------------------------------------

std::string progress_chart_svg(const IndicatorRow& row, int report_year, double width_px, double height_px) {
  const Indicator& ind = row.indicator;
  // The planned line: (2021, baseline) → (2025, target) → (2035, target), skipping what is not set.
  std::vector<std::pair<double, double>> line;
  if (ind.baseline_2021) line.emplace_back(2021, *ind.baseline_2021);
  auto usable = [](const std::optional<Target>& t) { return t && t->comparator != Comparator::None; };
  if (usable(ind.target_2025)) line.emplace_back(2025, ind.target_2025->value);
  if (usable(ind.target_2035)) line.emplace_back(2035, ind.target_2035->value);
  std::vector<std::pair<double, double>> seen;
  for (const IndicatorValue& v : row.series) seen.emplace_back(v.year ? v.year : report_year, v.value);
  if (seen.empty() && line.size() < 2) return "";
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& pts : {line, seen})
    for (const auto& [x, y] : pts) lo = std::min(lo, y), hi = std::max(hi, y);
  if (hi - lo < 1e-9) lo -= 1, hi += 1;
  const double pad = 0.12 * (hi - lo);
  lo -= pad, hi += pad;
  const double left = 30, right = 6, top = 6, bottom = 14;
  auto X = [&](double year) { return left + (year - 2021) / (2035 - 2021) * (width_px - left - right); };
  auto Y = [&](double v) { return top + (hi - v) / (hi - lo) * (height_px - top - bottom); };
  std::ostringstream o;
  o << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << fixed(width_px, 0)
    << "\" height=\"" << fixed(height_px, 0) << "\" viewBox=\"0 0 " << fixed(width_px, 0) << " "
    << fixed(height_px, 0)
    << "\" font-family=\"sans-serif\" font-size=\"8\" role=\"img\" aria-label=\"indicator " << ind.id
    << " progress\">";
  o << "<rect x=\"" << fixed(left, 1) << "\" y=\"" << fixed(top, 1) << "\" width=\""
    << fixed(width_px - left - right, 1) << "\" height=\"" << fixed(height_px - top - bottom, 1)
    << "\" fill=\"#fafaf7\" stroke=\"#ddd\"/>";
  for (int year : {2021, 2025, 2035})
    o << "<text x=\"" << fixed(X(year), 1) << "\" y=\"" << fixed(height_px - 3, 1) << "\" text-anchor=\""
      << (year == 2035 ? "end" : "middle") << "\" fill=\"#666\">" << year << "</text>";
  o << "<text x=\"" << fixed(left - 2, 1) << "\" y=\"" << fixed(top + 6, 1)
    << "\" text-anchor=\"end\" fill=\"#666\">" << esc(shown(hi - pad)) << "</text><text x=\""
    << fixed(left - 2, 1) << "\" y=\"" << fixed(height_px - bottom, 1)
    << "\" text-anchor=\"end\" fill=\"#666\">" << esc(shown(lo + pad)) << "</text>";
  if (report_year >= 2021 && report_year <= 2035)
    o << "<line class=\"now\" x1=\"" << fixed(X(report_year), 1) << "\" x2=\"" << fixed(X(report_year), 1)
      << "\" y1=\"" << fixed(top, 1) << "\" y2=\"" << fixed(height_px - bottom, 1)
      << "\" stroke=\"#bbb\" stroke-dasharray=\"2 2\"/>";
  auto polyline = [&](const std::vector<std::pair<double, double>>& pts) {
    std::string d;
    for (const auto& [x, y] : pts) d += (d.empty() ? "" : " ") + fixed(X(x), 1) + "," + fixed(Y(y), 1);
    return d;
  };
  if (line.size() >= 2)
    o << "<polyline class=\"planned\" points=\"" << polyline(line)
      << "\" fill=\"none\" stroke=\"#888\" stroke-width=\"1.2\""
      << " stroke-dasharray=\"4 2\"><title>planned: baseline to targets</title></polyline>";
  for (const auto& [x, y] : line)
    o << "<circle class=\"target\" cx=\"" << fixed(X(x), 1) << "\" cy=\"" << fixed(Y(y), 1)
      << "\" r=\"2\" fill=\"#fff\" stroke=\"#888\"/>";
  const char* colour = row.assessment.status == IndicatorStatus::Met       ? "#1b7f2a"
                       : row.assessment.status == IndicatorStatus::OnTrack ? "#2a6fb0"
                       : row.assessment.status == IndicatorStatus::Behind  ? "#b00020"
                                                                           : "#555";
  if (seen.size() >= 2)
    o << "<polyline class=\"observed\" points=\"" << polyline(seen) << "\" fill=\"none\" stroke=\"" << colour
      << "\" stroke-width=\"1.5\"/>";
  for (const auto& [x, y] : seen)
    o << "<circle class=\"observation\" cx=\"" << fixed(X(x), 1) << "\" cy=\"" << fixed(Y(y), 1)
      << "\" r=\"2.6\" fill=\"" << colour << "\"><title>" << static_cast<int>(x) << ": " << esc(shown(y))
      << "</title></circle>";
  o << "</svg>";
  return o.str();
}

// ---- SVG map
// -------------------------------------------------------------------------------------------------

namespace {

// The map's frame: the plan's extent (boundaries, else settlements) with a 3 % margin, scaled to the width,
// y pointing down; and SVG path data for geometry in it.
struct MapFrame {
  double minx = 0, maxy = 0, scale = 1, width_px = 0, height_px = 0;

  std::string x(const XY& p) const { return fixed((p.x - minx) * scale, 1); }
  std::string y(const XY& p) const { return fixed((maxy - p.y) * scale, 1); }
  std::string path_of_lines(const std::vector<LineString>& lines) const {
    std::string d;
    for (const LineString& l : lines)
      for (std::size_t i = 0; i < l.size(); ++i) d += (i ? "L" : "M") + x(l[i]) + "," + y(l[i]);
    return d;
  }
  std::string path_of_polygons(const MultiPolygon& polys) const {
    std::string d;
    auto ring = [&](const Ring& r) {
      for (std::size_t i = 0; i < r.size(); ++i) d += (i ? "L" : "M") + x(r[i]) + "," + y(r[i]);
      d += "Z";
    };
    for (const Polygon& p : polys) {
      ring(p.outer);
      for (const Ring& h : p.holes) ring(h);
    }
    return d;
  }
};

std::optional<MapFrame> map_frame(const Plan& plan, double width_px) {
  double minx = std::numeric_limits<double>::infinity(), miny = minx, maxx = -minx, maxy = -minx;
  auto grow = [&](const XY& p) {
    minx = std::min(minx, p.x), maxx = std::max(maxx, p.x), miny = std::min(miny, p.y),
    maxy = std::max(maxy, p.y);
  };
  for (const Boundary& b : plan.boundaries)
    for (const Polygon& p : b.geometry.polygons)
      for (const XY& q : p.outer) grow(q);
  if (!std::isfinite(minx))
    for (const Settlement& s : plan.settlements)
      for (const XY& q : s.geometry.points) grow(q);
  if (!std::isfinite(minx)) return std::nullopt;
  const double pad = 0.03 * std::max(maxx - minx, maxy - miny);
  minx -= pad, miny -= pad, maxx += pad, maxy += pad;
  MapFrame f;
  f.minx = minx, f.maxy = maxy, f.width_px = width_px;
  f.scale = width_px / (maxx - minx);
  f.height_px = (maxy - miny) * f.scale;
  return f;
}

template <typename Elements>
void svg_polygons(std::ostream& o, const MapFrame& f, const Elements& elements, const char* style,
                  const char* cls) {
  for (const auto& e : elements)
    o << "<path class=\"" << cls << "\" d=\"" << f.path_of_polygons(e.geometry.polygons) << "\" " << style
      << "><title>" << esc(e.name_zh) << "</title></path>\n";
}

template <typename Elements, typename StyleOf>
void svg_lines(std::ostream& o, const MapFrame& f, const Elements& elements, StyleOf style_of,
               const char* cls) {
  for (const auto& e : elements)
    o << "<path class=\"" << cls << "\" d=\"" << f.path_of_lines(e.geometry.lines) << "\" fill=\"none\" "
      << style_of(e) << "><title>" << esc(e.name_zh) << " (" << to_string(e.status) << ")</title></path>\n";
}

// Barriers, belt, core, boundaries and patches, bottom to top.
void svg_areas(std::ostream& o, const MapFrame& f, const Plan& plan) {
  svg_polygons(o, f, plan.barriers, "fill=\"#7fbf7b\" fill-opacity=\"0.35\" stroke=\"none\"", "barrier");
  svg_polygons(
      o, f, plan.belt,
      "fill=\"#f4a261\" fill-opacity=\"0.22\" stroke=\"#e07a2e\" stroke-width=\"1\" stroke-dasharray=\"4 3\"",
      "belt");
  svg_polygons(o, f, plan.core,
               "fill=\"#e76f8a\" fill-opacity=\"0.22\" stroke=\"#c2405f\" stroke-width=\"1.2\"", "core");
  for (const Boundary& b : plan.boundaries)
    o << "<path class=\"boundary\" d=\"" << f.path_of_polygons(b.geometry.polygons)
      << "\" fill=\"none\" stroke=\""
      << (b.kind == "city" ? "#333\" stroke-width=\"1.8\"" : "#888\" stroke-width=\"0.7\"") << "><title>"
      << esc(b.name_zh) << "</title></path>\n";
  svg_polygons(o, f, plan.patches,
               "fill=\"#2a9d3f\" fill-opacity=\"0.7\" stroke=\"#1b6e2a\" stroke-width=\"0.6\"", "patch");
}

// The blue and green networks, the transport corridors (dashed when planned) and the five axes.
void svg_networks(std::ostream& o, const MapFrame& f, const Plan& plan) {
  svg_lines(
      o, f, plan.blue_network, [](const PlanElement&) { return "stroke=\"#2f6fd6\" stroke-width=\"1.4\""; },
      "blue");
  svg_lines(
      o, f, plan.green_network,
      [](const GreenCorridor&) { return "stroke=\"#39a845\" stroke-width=\"7\" stroke-opacity=\"0.25\""; },
      "green");
  svg_lines(
      o, f, plan.corridors,
      [](const PlanElement& e) {
        std::string s = e.kind == "expressway"           ? "stroke=\"#d98b1f\" stroke-width=\"1.3\""
                        : e.kind == "high_speed_railway" ? "stroke=\"#7b3fa0\" stroke-width=\"1.5\""
                                                         : "stroke=\"#222\" stroke-width=\"1.1\"";
        if (e.status == ElementStatus::Planned) s += " stroke-dasharray=\"5 3\"";
        return s;
      },
      "corridor");
  svg_lines(
      o, f, plan.axes,
      [](const Axis&) {
        return "stroke=\"#d62828\" stroke-width=\"3.5\" stroke-opacity=\"0.55\" stroke-linecap=\"round\"";
      },
      "axis");
}

// Hubs as squares (hollow when planned), settlements as circles sized by tier, tiers 1-3 labelled.
void svg_places(std::ostream& o, const MapFrame& f, const Plan& plan) {
  const double minx = f.minx, maxy = f.maxy, scale = f.scale;
  for (const PlanElement& h : plan.hubs)
    for (const XY& p : h.geometry.points)
      o << "<rect class=\"hub\" x=\"" << fixed((p.x - minx) * scale - 3, 1) << "\" y=\""
        << fixed((maxy - p.y) * scale - 3, 1) << "\" width=\"6\" height=\"6\" fill=\""
        << (h.status == ElementStatus::Planned ? "#fff" : "#111")
        << "\" stroke=\"#111\" stroke-width=\"1\"><title>" << esc(h.name_zh) << " (" << h.kind << ", "
        << to_string(h.status) << ")</title></rect>\n";
  for (const Settlement& s : plan.settlements) {
    if (s.geometry.points.empty()) continue;
    const XY p = s.geometry.points.front();
    const double r = s.tier == 1 ? 7 : s.tier == 2 ? 4.5 : s.tier == 3 ? 2.8 : 2;
    o << "<circle class=\"settlement tier" << s.tier << "\" cx=\"" << f.x(p) << "\" cy=\"" << f.y(p)
      << "\" r=\"" << r << "\" fill=\"" << (s.tier <= 2 ? "#b00020" : "#fff")
      << "\" stroke=\"#b00020\" stroke-width=\"1.2\"><title>" << esc(s.name_zh) << " (tier " << s.tier << ", "
      << esc(s.county) << ")</title></circle>\n";
    if (s.tier <= 2 || s.tier == 3)
      o << "<text x=\"" << fixed((p.x - minx) * scale + r + 2, 1) << "\" y=\""
        << fixed((maxy - p.y) * scale + 3.5, 1) << "\" font-size=\""
        << (s.tier == 1   ? 13
            : s.tier == 2 ? 11
                          : 8)
        << "\" fill=\"" << (s.tier <= 2 ? "#111" : "#555") << "\">" << esc(s.name_zh) << "</text>\n";
  }
}

// A 20 km scale bar and a north arrow.
void svg_scale_and_north(std::ostream& o, const MapFrame& f) {
  const double bar = 20000 * f.scale;
  o << "<g class=\"scale\"><line x1=\"12\" y1=\"" << fixed(f.height_px - 14, 1) << "\" x2=\""
    << fixed(12 + bar, 1) << "\" y2=\"" << fixed(f.height_px - 14, 1)
    << "\" stroke=\"#111\" stroke-width=\"2\"/><text x=\"12\" y=\"" << fixed(f.height_px - 19, 1)
    << "\" font-size=\"10\">20 km</text></g>\n";
  o << "<text x=\"" << fixed(f.width_px - 14, 0)
    << "\" y=\"22\" font-size=\"14\" text-anchor=\"middle\">N</text>"
    << "<path d=\"M" << fixed(f.width_px - 14, 0) << ",26 l-5,12 l5,-3 l5,3 z\" fill=\"#111\"/>\n";
}

}  // namespace

std::string plan_map_svg(const Plan& plan, double width_px) {
  const std::optional<MapFrame> frame = map_frame(plan, width_px);
  if (!frame) return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>";
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << fixed(width_px, 0) << " "
    << fixed(frame->height_px, 0) << "\" width=\"" << fixed(width_px, 0) << "\" height=\""
    << fixed(frame->height_px, 0)
    << "\" font-family=\"sans-serif\" role=\"img\" aria-label=\"map of the plan\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"#fbfaf6\"/>\n";
  svg_areas(o, *frame, plan);
  svg_networks(o, *frame, plan);
  svg_places(o, *frame, plan);
  svg_scale_and_north(o, *frame);
  o << "</svg>\n";
  return o.str();
}

// ---- HTML -----------------------------------------------------------------------------------------------

namespace {

// The page's head and style, title, SYNTHETIC banner and status summary.
void html_header(std::ostream& o, const Report& r) {
  o << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
    << esc(r.plan_name_zh) << " — indicator report " << r.year << "</title>\n<style>\n"
    << "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;margin:2em "
       "auto;max-width:1100px;"
       "color:#222;line-height:1.4;padding:0 1em}\n"
    << "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid "
       "#ccc}\n"
    << "table{border-collapse:collapse;width:100%;font-size:.85em}th,td{border:1px solid #ccc;padding:.3em "
       ".4em;"
       "vertical-align:top;text-align:left}th{background:#f0efe9}td.num{text-align:right;white-space:nowrap}"
       "\n"
    << ".status{font-weight:bold;white-space:nowrap}.met{color:#1b7f2a}.ontrack{color:#2a6fb0}.behind{color:#"
       "b00020}"
       ".nodata,.notarget{color:#777}\n"
    << ".synthetic{background:#fff3cd;border:2px solid #d9a400;padding:.6em 1em;margin:1em "
       "0;font-weight:bold}\n"
    << ".how{color:#555;font-size:.92em}.group td{background:#f7f6f1;font-weight:bold}\n"
    << ".summary span{display:inline-block;margin-right:1.2em}.map{margin:1em 0;text-align:center}.map "
       "svg{max-width:100%;height:auto;"
       "border:1px solid #ccc}\n"
    << ".legend{font-size:.8em;color:#444}.legend i{display:inline-block;width:18px;height:8px;margin:0 4px "
       "0 12px;"
       "vertical-align:middle}\n"
    << "@media print{body{margin:0;max-width:none;font-size:10pt}.map "
       "svg{max-height:15cm}h2{page-break-after:avoid}"
       "tr{page-break-inside:avoid}}\n"
    << "@page{size:A4;margin:1.5cm}\n</style>\n</head>\n<body>\n";
  o << "<h1>" << esc(r.plan_name_zh) << "</h1>\n<p>" << esc(r.plan_name_en) << "<br>Indicator report for <b>"
    << r.year << "</b> · plan data <code>" << esc(r.plan_source) << "</code></p>\n";
  if (r.uses_synthetic)
    o << "<div class=\"synthetic\">SYNTHETIC DATA — values marked † are computed from the demonstration "
         "central city, "
         "which is generated, not surveyed. They show the method, not Heze's real performance.</div>\n";
  o << "<p class=\"summary\">";
  for (const auto& [s, n] : status_counts(r))
    o << "<span class=\"status " << status_class(s) << "\">" << to_string(s) << ": " << n << "</span>";
  o << "</p>\n";
}

// The indicators by group, each with its value, status, progress chart and method.
void html_indicators(std::ostream& o, const Report& r) {
  o << "<h2>Indicators</h2>\n<table>\n<tr><th>#</th><th>indicator</th><th>unit</th><th>2021</"
       "th><th>2025</th>"
       "<th>2035</th><th>current</th><th>status</th><th>progress 2021–2035</th><th>method · data · "
       "note</th></tr>\n";
  std::string last_note;
  for (const std::string& g : groups_in_order(r)) {
    o << "<tr class=\"group\"><td colspan=\"10\">" << esc(g) << "</td></tr>\n";
    for (const IndicatorRow& row : r.rows) {
      const Indicator& i = row.indicator;
      if (group_of(i) != g) continue;
      o << "<tr><td class=\"num\">" << i.id << "</td><td>" << esc(name_of(i))
        << (i.name_en.empty() ? "" : "<br><span class=\"how\">" + esc(i.name_en) + "</span>") << "</td><td>"
        << esc(i.unit) << "</td><td class=\"num\">" << (i.baseline_2021 ? shown(*i.baseline_2021) : "?")
        << "</td><td class=\"num\">" << esc(target_text(i.target_2025)) << "</td><td class=\"num\">"
        << esc(target_text(i.target_2035)) << "</td><td class=\"num\">"
        << (row.value ? shown(row.value->value) + (row.value->synthetic ? " †" : "") : "—")
        << "</td><td class=\"status " << status_class(row.assessment.status) << "\" title=\""
        << esc(row.assessment.reason) << "\">" << to_string(row.assessment.status)
        << "</td><td class=\"chart\">" << progress_chart_svg(row, r.year, 170, 64)
        << "</td><td class=\"how\">";
      if (row.value) o << esc(row.value->method) << "<br>data: " << esc(row.value->data) << "<br>";
      if (row.series.size() > 1) {
        o << "series:";
        for (const IndicatorValue& v : row.series)
          o << " " << (v.year ? v.year : r.year) << " " << esc(shown(v.value)) << ";";
        o << "<br>";
      }
      // Rows that share a caveat (the unverified ones) say it once.
      const std::string note = i.note == last_note ? "(note as above)" : i.note;
      last_note = i.note;
      o << esc(row.assessment.reason) << (note.empty() ? "" : "<br>" + esc(note)) << "</td></tr>\n";
    }
  }
  o << "</table>\n<p class=\"how\">? = not available in the reference material (unverified). "
    << esc(kStatusDefinition) << "</p>\n";
}

void html_circles(std::ostream& o, const Report& r) {
  if (!r.circles.empty()) {
    o << "<h2>Service circles</h2>\n<p class=\"how\">The circles the plan's text names, each measured where "
         "its "
         "inputs exist, else \"no data\" with what it "
         "needs.</p>\n<table>\n<tr><th>circle</th><th>threshold</th>"
         "<th>to reach</th><th>counted</th><th>target</th><th>share</th><th>method · data · needs</th>"
         "<th>text</th></tr>\n";
    for (const CircleResult& c : r.circles)
      o << "<tr><td>" << esc(c.circle.name_zh)
        << (c.circle.name_en.empty() ? "" : "<br><span class=\"how\">" + esc(c.circle.name_en) + "</span>")
        << "</td><td>" << esc(circle_threshold(c.circle)) << "</td><td>" << esc(circle_reach(c.circle))
        << "</td><td>" << esc(circle_counted(c.circle)) << "</td><td>" << esc(circle_target(c.circle))
        << "</td><td class=\"num" << (c.share ? "" : " nodata") << "\">" << esc(circle_share(c))
        << "</td><td class=\"how\">" << esc(circle_how(c)) << "</td><td class=\"how\" title=\""
        << esc(c.circle.source) << "\">" << esc(circle_lines(c.circle)) << "</td></tr>\n";
    o << "</table>\n";
    for (const CircleResult& c : r.circles) {
      if (c.details.empty()) continue;
      o << "<p class=\"how\">" << esc(c.circle.name_zh) << ", place by place:</p>\n<ul class=\"how\">\n";
      for (const std::string& line : circle_detail_lines(c)) o << "<li>" << esc(line) << "</li>\n";
      o << "</ul>\n";
    }
  }
}

void html_road_targets(std::ostream& o, const Report& r) {
  if (const std::vector<RoadRow> roads = road_rows(r); !roads.empty()) {
    o << "<h2>Road targets</h2>\n<table>\n<tr><th>target</th><th>measured</th><th>text</th></tr>\n";
    for (const RoadRow& row : roads)
      o << "<tr><td>" << esc(row.target) << "</td><td" << (row.measured_ok ? "" : " class=\"nodata\"") << ">"
        << esc(row.measured) << "</td><td class=\"how\">" << esc(row.source) << "</td></tr>\n";
    o << "</table>\n";
  }
}

void html_notes(std::ostream& o, const Report& r) {
  if (!r.notes.empty()) {
    o << "<h2>Notes</h2>\n<ul>\n";
    for (const std::string& n : r.notes) o << "<li>" << esc(n) << "</li>\n";
    o << "</ul>\n";
  }
}

// The plan's map (SVG) and its legend.
void html_map(std::ostream& o, const Plan& plan) {
  o << "<h2>Map of the plan</h2>\n<div class=\"map\">" << plan_map_svg(plan, 760) << "</div>\n"
    << "<p class=\"legend\"><i style=\"background:#e76f8a;opacity:.5\"></i>core 一核<i "
       "style=\"background:#f4a261;opacity:.5\"></i>"
       "belt 一带<i style=\"background:#d62828;opacity:.6\"></i>axes 五轴<i "
       "style=\"background:#7fbf7b\"></i>barriers 两屏"
       "<i style=\"background:#2f6fd6\"></i>blue network<i style=\"background:#39a845;opacity:.4\"></i>green "
       "network"
       "<i style=\"background:#2a9d3f\"></i>patches<i style=\"background:#222\"></i>railway<i "
       "style=\"background:#7b3fa0\"></i>"
       "high-speed railway<i style=\"background:#d98b1f\"></i>expressway (dashed: planned) · ● central city "
       "/ county seat "
       "○ key town · ■ hub (□ planned). Outlines are schematic.</p>\n";
}

// The structure check: tiers, network lengths, findings, towns on axes and in the belt, intrusions.
void html_structure(std::ostream& o, const PlanCheck& c) {
  o << "<h2>Structure (plan check)</h2>\n<table><tr><th>tier</th><th>settlements</th><th>the plan ("
    << esc(c.formula) << ")</th></tr>\n";
  for (const TierCount& t : c.tiers)
    o << "<tr><td>" << t.tier << "</td><td class=\"num\">" << t.count << "</td><td class=\"num\">"
      << (t.expected ? std::to_string(*t.expected) : "N") << "</td></tr>\n";
  o << "</table>\n<p>";
  const double blue = km_in_city(c.blue), green = km_in_city(c.green);
  o << "Blue network " << fixed(blue, 1) << " km and green network " << fixed(green, 1)
    << " km within the city outline. ";
  for (const AreaFigure& a : c.barriers)
    o << esc(a.name_zh) << " " << fixed(a.area_in_city_m2 / 1e6, 1) << " km² within the city. ";
  o << "</p>\n";
  if (!c.findings.empty()) {
    o << "<ul>\n";
    for (const std::string& f : c.findings) o << "<li>" << esc(f) << "</li>\n";
    o << "</ul>\n";
  }
  o << "<h2>Towns, axes and "
       "belt</h2>\n<table><tr><th>settlement</th><th>tier</th><th>county</th><th>nearest axis</th>"
       "<th>distance</th><th>on axis</th><th>belt</th></tr>\n";
  for (const SettlementPlacement& sp : c.settlements) {
    std::string on;
    for (const std::string& a : sp.on_axes) on += (on.empty() ? "" : ", ") + a;
    o << "<tr><td>" << esc(sp.name_zh) << "</td><td class=\"num\">" << sp.tier << "</td><td>"
      << esc(sp.county) << "</td><td>" << esc(sp.nearest_axis) << "</td><td class=\"num\">"
      << fixed(sp.axis_distance_m / 1000, 1) << " km</td><td>" << (on.empty() ? "—" : esc(on)) << "</td><td>"
      << (sp.in_belt ? std::string("inside") : fixed(sp.belt_distance_m / 1000, 1) + " km away")
      << (sp.in_core ? ", in core" : "") << "</td></tr>\n";
  }
  o << "</table>\n<h2>Intrusions into barriers and "
       "patches</h2>\n<table><tr><th>feature</th><th>kind</th><th>status</th>"
       "<th>enters</th><th>inside</th></tr>\n";
  for (const Intrusion& in : c.intrusions) {
    const std::string amount = in.geometry == GeometryKind::Line      ? fixed(in.overlap_m / 1000, 1) + " km"
                               : in.geometry == GeometryKind::Polygon ? fixed(in.overlap_m2 / 1e6, 2) + " km²"
                                                                      : "point inside";
    o << "<tr><td>" << esc(in.name_zh) << "</td><td>" << esc(in.kind) << "</td><td>" << to_string(in.status)
      << "</td><td>" << esc(in.protected_name) << "</td><td class=\"num\">" << amount << "</td></tr>\n";
  }
  o << "</table>\n";
  if (!has_guidance(c)) return;
  o << "<h2>County "
       "guidance</h2>\n<table><tr><th>county</th><th>seat</th><th>guidance</th><th>text</th></tr>\n";
  for (const CountyGuidance& g : c.guidance)
    o << "<tr><td>" << esc(g.county) << "</td><td>" << (g.seat.empty() ? "—" : esc(g.seat)) << "</td><td>"
      << (g.guidance.empty() ? "—" : esc(g.guidance)) << "</td><td>" << esc(g.source) << "</td></tr>\n";
  o << "</table>\n";
}

}  // namespace

std::string render_html(const Report& r, const Plan& plan) {
  std::ostringstream o;
  html_header(o, r);
  html_indicators(o, r);
  html_circles(o, r);
  html_road_targets(o, r);
  html_notes(o, r);
  html_map(o, plan);
  if (r.check) html_structure(o, *r.check);
  o << "<p class=\"how\">Generated by libplan <code>plan report</code>. Geometry of the built-in plan is "
       "digitized "
       "schematically from public facts; see data/heze/README.md for sources and "
       "confidence.</p>\n</body>\n</html>\n";
  return o.str();
}

ValuesRules values_rules(const Plan& plan) {
  ValuesRules rules;
  for (const Indicator& i : plan.indicators) rules.known_ids.push_back(i.id);
  rules.first_year = plan.meta.base_year;
  rules.last_year = plan.meta.far_year;
  return rules;
}

std::string render_report(const Report& report, const Plan& plan, const std::string& format) {
  if (format == "md") return render_markdown(report);
  if (format == "html") return render_html(report, plan);
  if (format == "json") return render_json(report);
  throw UsageError("format must be md, html or json, not '" + format + "'");
}

}  // namespace plan
