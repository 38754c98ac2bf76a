// Loading a plan from a folder of GeoJSON or one GeoPackage into typed layers, and saving it back.
#include <gdal_priv.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indicators/format.hpp"
#include "io/gdal_util.hpp"
#include "model/spatial.hpp"
#include "plan/network.hpp"
#include "plan/plan.hpp"

namespace plan {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

// GeoPackages keep plan.json as a dataset metadata item, so one file carries the whole plan.
constexpr const char* kMetadataKey = "PLAN_JSON";

bool is_gpkg(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".gpkg";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(Location{path.string(), {}, {}, {}}, "cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string gpkg_metadata(const std::string& path) {
  io::ensure_gdal_registered();
  io::QuietGdalErrors quiet;
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds)
    throw DataError(Location{path, {}, {}, {}}, io::last_gdal_error("cannot be opened as a GeoPackage"));
  const char* text = ds->GetMetadataItem(kMetadataKey);
  return text ? text : "";
}

// ---- plan.json
// ----------------------------------------------------------------------------------------------

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<Target> target_of(const json& j, const char* key, bool higher, const Location& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  try {
    return parse_target(text, higher);
  } catch (const UsageError& e) {
    Location w = where;
    w.field = key;
    throw DataError(w, e.what());
  }
}

// plan.json `road_targets`: {"density": {"target_km_per_km2": 8, "source": ...}, "grade_connection":
// {"min_grade": 2, "source": ...}}. A target that is not a positive number, or a grade outside 0..4, is an
// error naming the field.
void parse_road_targets(RoadTargets& t, const json& r, const std::string& file) {
  if (!r.is_object()) throw DataError(Location{file, "road_targets", {}, {}}, "must be an object");
  if (auto d = r.find("density"); d != r.end()) {
    const Location where{file, "road_targets", {}, "density.target_km_per_km2"};
    if (!d->is_object() || !d->contains("target_km_per_km2"))
      throw DataError(where, "the density target needs target_km_per_km2 (km of road per km²)");
    const json& v = (*d)["target_km_per_km2"];
    if (!v.is_number() || !(v.get<double>() > 0))
      throw DataError(where, "must be a positive number of km/km², not " + v.dump());
    t.density_km_per_km2 = v.get<double>();
    t.density_source = str(*d, "source");
  }
  if (auto g = r.find("grade_connection"); g != r.end()) {
    const Location where{file, "road_targets", {}, "grade_connection.min_grade"};
    if (!g->is_object() || !g->contains("min_grade"))
      throw DataError(where, "the grade connection target needs min_grade (0 高速公路 … 4 四级公路)");
    const json& v = (*g)["min_grade"];
    if (!v.is_number_integer() || v.get<int>() < 0 || v.get<int>() > 4)
      throw DataError(where, "must be a JTG B01-2014 grade 0 (高速公路) … 4 (四级公路), not " + v.dump());
    t.min_grade = v.get<int>();
    t.grade_source = str(*g, "source");
  }
}

// plan.json `service_circles`: a list of circles, each
//   {"id": "...", "name_zh": "...", "name_en": "...", "mode": "walk" | "drive" | "corridor",
//    "threshold": {"minutes": 15, "minutes_max": 20, "speed_kmh": 4, "walk_m": 1000, "walk_m_max": 1333.3},
//    "reach": {"categories": [...], "match": "every" | "any", "note": "..."} | {"cities": [...]} |
//             {"settlement_kinds": [...]},
//    "counted": "homes", "counted_zh": "...", "target": null | {"share_pct": 100, "year": 2025},
//    "lines": [420], "source": "plan text line 420: ..."}
// Walking thresholds carry their metres; when given they must agree with the minutes at the speed (default
// kDefaultWalkSpeedKmh) to 1 m. Every error names the file, the circle and the field.
// One entry of plan.json's service_circles, read and checked; every problem a DataError naming the file,
// the circle and the field.
class CircleReader {
 public:
  CircleReader(const std::string& file, int base_year, int far_year)
      : file_(file), base_year_(base_year), far_year_(far_year) {}

  ServiceCircle read(const json& c, std::size_t k, const std::vector<ServiceCircle>& before) {
    label_ = "circle " + std::to_string(k);
    if (!c.is_object()) fail("", "must be an object");
    ServiceCircle sc;
    sc.id = str(c, "id");
    if (sc.id.empty()) fail("id", "needs an id (a non-empty string)");
    label_ = "circle '" + sc.id + "'";
    for (const ServiceCircle& other : before)
      if (other.id == sc.id) fail("id", "the id is used twice");
    sc.name_zh = str(c, "name_zh");
    sc.name_en = str(c, "name_en");
    if (sc.name_zh.empty()) fail("name_zh", "needs the circle's name as the text gives it");
    const std::string mode = str(c, "mode");
    if (mode == "walk")
      sc.mode = CircleMode::Walk;
    else if (mode == "drive")
      sc.mode = CircleMode::Drive;
    else if (mode == "corridor")
      sc.mode = CircleMode::Corridor;
    else
      fail("mode",
           "must be walk, drive or corridor, not " + (c.contains("mode") ? c["mode"].dump() : "nothing"));
    threshold(c, mode, sc);
    reach(c, mode, sc);
    sc.counted = str(c, "counted");
    sc.counted_zh = str(c, "counted_zh");
    if (sc.counted.empty())
      fail("counted", "must say whose share is counted (homes, rural_residents, towns, ...)");
    target(c, sc);
    provenance(c, sc);
    return sc;
  }

 private:
  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw DataError(Location{file_, "service_circles", {}, field}, label_ + ": " + problem);
  }

  // minutes (and minutes_max for a range); a walking circle's metres at its speed, checked when given.
  void threshold(const json& c, const std::string& mode, ServiceCircle& sc) const {
    const auto t = c.find("threshold");
    if (t == c.end() || !t->is_object()) fail("threshold", "needs a threshold object with minutes");
    auto positive = [&](const char* key, bool required) -> std::optional<double> {
      const auto v = t->find(key);
      if (v == t->end() || v->is_null()) {
        if (required) fail(std::string("threshold.") + key, "is required");
        return std::nullopt;
      }
      if (!v->is_number() || !(v->get<double>() > 0))
        fail(std::string("threshold.") + key, "must be a positive number, not " + v->dump());
      return v->get<double>();
    };
    sc.minutes = *positive("minutes", true);
    sc.minutes_max = positive("minutes_max", false);
    if (sc.minutes_max && *sc.minutes_max < sc.minutes)
      fail("threshold.minutes_max", "is below threshold.minutes");
    const auto speed = positive("speed_kmh", false);
    const auto walk_m = positive("walk_m", false), walk_m_max = positive("walk_m_max", false);
    if (sc.mode == CircleMode::Walk) {
      sc.walk_speed_kmh = speed.value_or(kDefaultWalkSpeedKmh);
      const double metres_per_min = sc.walk_speed_kmh * 1000 / 60;
      sc.walk_m = sc.minutes * metres_per_min;
      if (walk_m && std::fabs(*walk_m - sc.walk_m) > 1)
        fail("threshold.walk_m", "is " + indicators::fixed(*walk_m, 1) + " m, but " +
                                     indicators::fixed(sc.minutes, 1) + " min at " +
                                     indicators::fixed(sc.walk_speed_kmh, 1) + " km/h is " +
                                     indicators::fixed(sc.walk_m, 1) + " m");
      if (sc.minutes_max) {
        sc.walk_m_max = *sc.minutes_max * metres_per_min;
        if (walk_m_max && std::fabs(*walk_m_max - *sc.walk_m_max) > 1)
          fail("threshold.walk_m_max", "is " + indicators::fixed(*walk_m_max, 1) + " m, but " +
                                           indicators::fixed(*sc.minutes_max, 1) + " min at " +
                                           indicators::fixed(sc.walk_speed_kmh, 1) + " km/h is " +
                                           indicators::fixed(*sc.walk_m_max, 1) + " m");
      }
    } else if (speed || walk_m || walk_m_max) {
      fail(speed ? "threshold.speed_kmh" : "threshold.walk_m",
           "only a walking circle has a walking speed or distance; a " + mode + " circle is timed");
    }
  }

  // What must be reached (categories, cities or settlement kinds) and whether each or the nearest counts.
  void reach(const json& c, const std::string& mode, ServiceCircle& sc) const {
    const auto r = c.find("reach");
    if (r == c.end() || !r->is_object())
      fail("reach", "needs a reach object (categories, cities or settlement_kinds)");
    auto names = [&](const char* key) {
      std::vector<std::string> v;
      const auto it = r->find(key);
      if (it == r->end()) return v;
      if (!it->is_array() || it->empty())
        fail(std::string("reach.") + key, "must be a non-empty list of names");
      for (const json& n : *it) {
        if (!n.is_string() || n.get<std::string>().empty())
          fail(std::string("reach.") + key, "every entry must be a non-empty string, not " + n.dump());
        v.push_back(n.get<std::string>());
      }
      return v;
    };
    sc.categories = names("categories");
    sc.cities = names("cities");
    sc.settlement_kinds = names("settlement_kinds");
    if (sc.categories.empty() && sc.cities.empty() && sc.settlement_kinds.empty())
      fail("reach", "names nothing to reach (categories, cities or settlement_kinds)");
    const std::string match =
        r->contains("match") && (*r)["match"].is_string() ? (*r)["match"].get<std::string>() : "every";
    if (match != "every" && match != "any")
      fail("reach.match",
           "must be 'every' (each category within the threshold) or 'any' (the nearest of them)");
    sc.reach_every = match == "every";
    sc.reach_note = str(*r, "note");
    if (sc.mode != CircleMode::Corridor && sc.categories.empty())
      fail("reach.categories", "a " + mode + " circle reaches facility categories");
  }

  // A share and year, or none where the text sets none.
  void target(const json& c, ServiceCircle& sc) const {
    if (const auto g = c.find("target"); g != c.end() && !g->is_null()) {
      if (!g->is_object()) fail("target", "must be null (the text sets none) or {\"share_pct\", \"year\"}");
      const auto share = g->find("share_pct");
      if (share == g->end() || !share->is_number() || share->get<double>() < 0 || share->get<double>() > 100)
        fail("target.share_pct", "must be a share from 0 to 100 %");
      sc.target_share_pct = share->get<double>();
      const auto year = g->find("year");
      if (year == g->end() || !year->is_number_integer() || year->get<int>() < base_year_ ||
          year->get<int>() > far_year_)
        fail("target.year",
             "must be a year from " + std::to_string(base_year_) + " to " + std::to_string(far_year_));
      sc.target_year = year->get<int>();
    }
  }

  // The plan text's lines and quotation the circle comes from.
  void provenance(const json& c, ServiceCircle& sc) const {
    if (const auto l = c.find("lines"); l != c.end()) {
      if (!l->is_array()) fail("lines", "must be a list of line numbers of the plan text");
      for (const json& n : *l) {
        if (!n.is_number_integer() || n.get<int>() < 1)
          fail("lines", "must hold positive line numbers, not " + n.dump());
        sc.lines.push_back(n.get<int>());
      }
    }
    sc.source = str(c, "source");
    sc.note = str(c, "note");
    if (sc.source.empty() || sc.lines.empty())
      fail(sc.source.empty() ? "source" : "lines",
           "must quote the plan text's line(s) the circle comes from");
  }

  std::string file_;
  int base_year_, far_year_;
  std::string label_;
};

std::vector<ServiceCircle> parse_service_circles(const json& list, const std::string& file, int base_year,
                                                 int far_year) {
  if (!list.is_array()) throw DataError(Location{file, "service_circles", {}, {}}, "must be a list");
  std::vector<ServiceCircle> out;
  CircleReader reader(file, base_year, far_year);
  std::size_t k = 0;
  for (const json& c : list) out.push_back(reader.read(c, ++k, out));
  return out;
}

void parse_meta(Plan& plan, const std::string& text, const std::string& file) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw DataError(Location{file, {}, {}, {}}, std::string("is not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw DataError(Location{file, {}, {}, {}}, "must hold a JSON object");
  PlanMeta& m = plan.meta;
  m.json = text;
  m.name_zh = str(j, "name_zh");
  m.name_en = str(j, "name_en");
  m.document = str(j, "document");
  if (auto p = j.find("period"); p != j.end() && p->is_object()) {
    m.base_year = p->value("base_year", 2021);
    m.near_year = p->value("near_year", 2025);
    m.far_year = p->value("far_year", 2035);
  }
  if (auto s = j.find("structure"); s != j.end() && s->is_object()) {
    m.settlement_formula = str(*s, "settlements");
    if (auto c = s->find("expected_counts"); c != s->end() && c->is_object())
      for (int tier = 1; tier <= 3; ++tier) {
        auto n = c->find(std::to_string(tier));
        if (n != c->end() && n->is_number_integer())
          m.expected_per_tier.resize(tier, 0), m.expected_per_tier[tier - 1] = n->get<int>();
      }
  }
  if (auto d = j.find("demo"); d != j.end() && d->is_object()) m.demo_folder = str(*d, "folder");
  if (auto r = j.find("road_targets"); r != j.end()) parse_road_targets(m.road_targets, *r, file);
  if (auto c = j.find("service_circles"); c != j.end())
    m.service_circles = parse_service_circles(*c, file, m.base_year, m.far_year);

  auto list = j.find("indicators");
  if (list == j.end()) return;
  if (!list->is_array()) throw DataError(Location{file, "indicators", {}, {}}, "must be a list");
  for (const json& row : *list) {
    Indicator ind;
    if (!row.contains("id") || !row["id"].is_number_integer())
      throw DataError(Location{file, "indicators", {}, "id"}, "every indicator needs an integer id");
    ind.id = row["id"].get<int>();
    const Location where{file, "indicators", ind.id, {}};
    ind.group = str(row, "group");
    ind.name_zh = str(row, "name_zh");
    ind.name_en = str(row, "name_en");
    ind.unit = str(row, "unit");
    const std::string better = str(row, "better");
    if (!better.empty() && better != "higher" && better != "lower")
      throw DataError(Location{file, "indicators", ind.id, "better"},
                      "must be 'higher' or 'lower', not '" + better + "'");
    ind.higher_is_better = better != "lower";
    if (auto b = row.find("baseline_2021"); b != row.end() && b->is_number())
      ind.baseline_2021 = b->get<double>();
    ind.target_2025 = target_of(row, "target_2025", ind.higher_is_better, where);
    ind.target_2035 = target_of(row, "target_2035", ind.higher_is_better, where);
    ind.computed = str(row, "computed");
    if (auto v = row.find("verified"); v != row.end() && v->is_object()) {
      ind.verified_name = v->value("name", false);
      ind.verified_targets = v->value("targets", false);
    }
    ind.note = str(row, "note");
    plan.indicators.push_back(std::move(ind));
  }
  std::sort(plan.indicators.begin(), plan.indicators.end(),
            [](const Indicator& a, const Indicator& b) { return a.id < b.id; });
}

// ---- typed features
// -------------------------------------------------------------------------------------------

class FieldReader {
 public:
  FieldReader(const Layer& layer, const Feature& f) : layer_(layer), f_(f) {}
  const Value* get(const std::string& name) const {
    const auto i = layer_.field_index(name);
    return i ? &f_.values.at(*i) : nullptr;
  }
  std::string text(const std::string& name) const {
    const Value* v = get(name);
    if (!v) return "";
    if (const auto* s = std::get_if<std::string>(v)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(v)) return std::to_string(*d);
    return "";
  }
  // nullopt when absent or null; `bad` set when present but not a number.
  std::optional<double> number(const std::string& name, bool* bad) const {
    const Value* v = get(name);
    if (!v) return std::nullopt;
    if (const auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(v)) return *d;
    if (const auto* s = std::get_if<std::string>(v)) {
      if (s->empty()) return std::nullopt;
      char* end = nullptr;
      const double x = std::strtod(s->c_str(), &end);
      if (end == s->c_str() + s->size()) return x;
      if (bad) *bad = true;
    }
    return std::nullopt;
  }

 private:
  const Layer& layer_;
  const Feature& f_;
};

struct LayerContext {
  const LayerSchema& schema;
  const Layer& layer;
  std::string file;
  std::vector<SchemaIssue>& issues;
  void add(Severity s, std::int64_t id, const std::string& field, const std::string& problem) const {
    issues.push_back({s, Location{file, layer.name, id, field}, problem});
  }
};

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// The common fields; false when the feature breaks the schema and is left out.
bool read_common(const LayerContext& c, const Feature& f, PlanElement& e) {
  const FieldReader r(c.layer, f);
  e.id = f.id;
  e.geometry = f.geometry;
  e.name_zh = r.text("name_zh");
  e.name_pinyin = r.text("name_pinyin");
  e.kind = r.text("kind");
  e.source = r.text("source");
  bool ok = true;
  if (e.name_zh.empty())
    c.add(Severity::Error, f.id, "name_zh", "missing name (name_zh is required)"), ok = false;
  const std::string label = e.name_zh.empty() ? "" : "'" + e.name_zh + "': ";
  if (e.name_pinyin.empty()) c.add(Severity::Warning, f.id, "name_pinyin", label + "missing pinyin name");
  if (e.kind.empty()) {
    c.add(Severity::Error, f.id, "kind", label + "missing kind (one of " + joined(c.schema.kinds) + ")");
    ok = false;
  } else if (std::find(c.schema.kinds.begin(), c.schema.kinds.end(), e.kind) == c.schema.kinds.end()) {
    c.add(Severity::Error, f.id, "kind",
          label + "unknown kind '" + e.kind + "' for layer " + c.schema.name + " (one of " +
              joined(c.schema.kinds) + ")");
    ok = false;
  }
  const std::string status = r.text("status");
  if (status == "existing")
    e.status = ElementStatus::Existing;
  else if (status == "planned")
    e.status = ElementStatus::Planned;
  else {
    c.add(Severity::Error, f.id, "status",
          label + (status.empty() ? "missing status" : "unknown status '" + status + "'") +
              " (existing or planned)");
    ok = false;
  }
  if (e.source.empty()) c.add(Severity::Warning, f.id, "source", label + "no source named");
  return ok;
}

template <class T, class Extra>
void read_elements(const LayerContext& c, std::vector<T>& out, Extra extra) {
  for (const Feature& f : c.layer.features) {
    T e;
    bool ok = read_common(c, f, e);
    ok = extra(FieldReader(c.layer, f), e) && ok;
    if (ok) out.push_back(std::move(e));
  }
}

void read_typed(Plan& plan, const LayerContext& c) {
  const std::string& n = c.schema.name;
  auto none = [](const FieldReader&, PlanElement&) { return true; };
  auto number = [&c](const FieldReader& r, const PlanElement& e, const char* field) {
    bool bad = false;
    auto v = r.number(field, &bad);
    if (bad) c.add(Severity::Error, e.id, field, "'" + e.name_zh + "': " + field + " is not a number");
    return v;
  };
  if (n == "boundaries") {
    read_elements(c, plan.boundaries, [&](const FieldReader& r, Boundary& b) {
      b.population = number(r, b, "population");
      b.area_km2 = number(r, b, "area_km2");
      b.guidance = r.text("guidance");
      b.guidance_source = r.text("guidance_source");
      if (!b.guidance.empty() && b.guidance_source.empty())
        c.add(Severity::Warning, b.id, "guidance_source",
              "'" + b.name_zh + "': guidance without guidance_source (where in the text it stands)");
      return true;
    });
  } else if (n == "core") {
    read_elements(c, plan.core, none);
  } else if (n == "belt") {
    read_elements(c, plan.belt, none);
  } else if (n == "axes") {
    read_elements(c, plan.axes, [&](const FieldReader& r, Axis& a) {
      a.from_zh = r.text("from_zh");
      a.to_zh = r.text("to_zh");
      if (a.from_zh.empty() || a.to_zh.empty())
        c.add(Severity::Warning, a.id, a.from_zh.empty() ? "from_zh" : "to_zh",
              "'" + a.name_zh + "': axis end not named");
      return true;
    });
  } else if (n == "poles") {
    read_elements(c, plan.poles, [&](const FieldReader& r, Pole& p) {
      p.county = r.text("county");
      if (p.county.empty())
        c.add(Severity::Warning, p.id, "county", "'" + p.name_zh + "': pole without county");
      return true;
    });
  } else if (n == "barriers") {
    read_elements(c, plan.barriers, none);
  } else if (n == "blue_network") {
    read_elements(c, plan.blue_network, none);
  } else if (n == "green_network") {
    read_elements(c, plan.green_network, [&](const FieldReader& r, GreenCorridor& g) {
      g.width_m = number(r, g, "width_m");
      if (g.width_m && *g.width_m <= 0)
        c.add(Severity::Warning, g.id, "width_m", "'" + g.name_zh + "': width_m should be positive");
      return true;
    });
  } else if (n == "patches") {
    read_elements(c, plan.patches, none);
  } else if (n == "corridors") {
    read_elements(c, plan.corridors, none);
  } else if (n == "hubs") {
    read_elements(c, plan.hubs, none);
  } else if (n == "settlements") {
    read_elements(c, plan.settlements, [&](const FieldReader& r, Settlement& s) {
      bool bad = false;
      const auto tier = r.number("tier", &bad);
      bool ok = true;
      if (!tier || bad || *tier != static_cast<int>(*tier) || *tier < 1 || *tier > 4) {
        c.add(Severity::Error, s.id, "tier",
              "'" + s.name_zh + "': tier must be 1..4 (1 central city, 2 county seat, 3 key town, 4 town)" +
                  (r.text("tier").empty() ? "" : ", not '" + r.text("tier") + "'"));
        ok = false;
      } else {
        s.tier = static_cast<int>(*tier);
      }
      s.county = r.text("county");
      if (s.county.empty())
        c.add(Severity::Error, s.id, "county", "'" + s.name_zh + "': missing county"), ok = false;
      s.guidance = r.text("guidance");
      s.population = number(r, s, "population");
      return ok;
    });
  }
}

}  // namespace

std::string Plan::demo_path() const {
  if (meta.demo_folder.empty() || !fs::is_directory(source)) return "";
  const fs::path p = fs::path(source) / meta.demo_folder;
  return fs::is_directory(p) ? p.string() : "";
}

namespace {

// plan.json (a folder's file, or a GeoPackage's PLAN_JSON metadata): a broken one is a hard error whatever
// the layers say; a missing one a warning.
void read_metadata(Plan& plan, const std::string& path, bool folder, LoadReport& rep) {
  if (folder) {
    const fs::path meta = fs::path(path) / "plan.json";
    if (!fs::exists(meta))
      rep.issues.push_back({Severity::Warning, Location{meta.string(), {}, {}, {}},
                            "no plan.json: the plan has no metadata or indicators"});
    else
      parse_meta(plan, read_text(meta), meta.string());
  } else {
    const std::string text = gpkg_metadata(path);
    if (text.empty())
      rep.issues.push_back(
          {Severity::Warning, Location{path, {}, {}, {}}, "no plan metadata (PLAN_JSON) in the GeoPackage"});
    else
      parse_meta(plan, text, path + " (metadata PLAN_JSON)");
  }
}

// Every layer of the schema that the plan holds, typed into `plan`. The boundaries come first: they fix
// the CRS (the UTM zone of the city's centre) unless one is given. A layer's errors are schema issues.
void read_layers(Plan& plan, const std::string& path, bool folder, const std::vector<std::string>& present,
                 LoadReport& rep) {
  std::vector<const LayerSchema*> order;
  for (const LayerSchema& s : plan_schema()) order.push_back(&s);
  std::stable_partition(order.begin(), order.end(),
                        [](const LayerSchema* s) { return s->name == "boundaries"; });
  for (const LayerSchema* s : order) {
    const std::string file = folder ? (fs::path(path) / (s->name + ".geojson")).string() : path;
    const bool exists =
        folder ? fs::exists(file) : std::find(present.begin(), present.end(), s->name) != present.end();
    if (!exists) {
      rep.issues.push_back(
          {Severity::Warning, Location{file, s->name, {}, {}}, "layer missing: the plan has no " + s->name});
      continue;
    }
    ReadOptions ro;
    ro.layer = folder ? "" : s->name;
    ro.target_crs = plan.crs;
    ro.assume_crs = "EPSG:4326";  // the schema's CRS for files that do not say
    ro.expect = s->geometry;
    ReadReport rr;
    Layer layer;
    try {
      layer = read_layer(file, ro, &rr);
    } catch (const DataError& e) {
      // A wrong geometry type names the feature; report it as a schema error of that layer.
      Location w = e.where();
      if (w.file.empty()) w.file = file;
      if (w.layer.empty()) w.layer = s->name;
      if (w.feature_id) w.field = "geometry";
      rep.issues.push_back({Severity::Error, w,
                            e.problem().empty() ? e.what()
                                                : e.problem() + " (layer " + s->name + " holds " +
                                                      to_string(s->geometry) + " geometries)"});
      continue;
    }
    for (const std::string& w : rr.warnings) rep.read_warnings.push_back(file + ": " + w);
    if (plan.crs.empty()) plan.crs = layer.crs;
    layer.name = s->name;
    const LayerContext ctx{*s, layer, file, rep.issues};
    read_typed(plan, ctx);
  }
}

// A layer file under another name (settlement.geojson) would otherwise be ignored without a word.
void warn_unknown_layers(const std::string& path, bool folder, const std::vector<std::string>& present,
                         LoadReport& rep) {
  auto known = [](const std::string& name) {
    const auto& schema = plan_schema();
    return std::any_of(schema.begin(), schema.end(), [&](const LayerSchema& s) { return s.name == name; });
  };
  if (folder) {
    for (const auto& entry : fs::directory_iterator(path))
      if (entry.path().extension() == ".geojson" && !known(entry.path().stem().string()))
        rep.issues.push_back({Severity::Warning, Location{entry.path().string(), {}, {}, {}},
                              "not a layer of the plan schema; ignored"});
  } else {
    for (const std::string& name : present)
      if (!known(name))
        rep.issues.push_back(
            {Severity::Warning, Location{path, name, {}, {}}, "not a layer of the plan schema; ignored"});
  }
}

// In strict mode the first schema error is thrown, with how many more there are.
void throw_first_error(const LoadReport& rep) {
  const auto first = std::find_if(rep.issues.begin(), rep.issues.end(),
                                  [](const SchemaIssue& i) { return i.severity == Severity::Error; });
  const std::size_t more = rep.errors() - 1;
  throw DataError(
      first->where,
      first->problem +
          (more ? " (and " + std::to_string(more) + " more schema error" + (more > 1 ? "s" : "") + ")" : ""));
}

}  // namespace

Plan load_plan(const std::string& path, const LoadOptions& options, LoadReport* report) {
  LoadReport local;
  LoadReport& rep = report ? *report : local;
  Plan plan;
  plan.source = path;
  const bool folder = fs::is_directory(path);
  if (!folder && !fs::exists(path))
    throw DataError(Location{path, {}, {}, {}}, "no such plan folder or GeoPackage");
  if (!folder && !is_gpkg(path))
    throw DataError(Location{path, {}, {}, {}}, "a plan is a folder of GeoJSON files or one .gpkg file");

  read_metadata(plan, path, folder, rep);
  const std::vector<std::string> present = folder ? std::vector<std::string>{} : list_layers(path);
  plan.crs = options.crs;
  read_layers(plan, path, folder, present, rep);
  if (plan.crs.empty()) throw DataError(Location{path, {}, {}, {}}, "holds none of the plan's layers");
  warn_unknown_layers(path, folder, present, rep);
  for (SchemaIssue& i : validate_plan(plan)) rep.issues.push_back(std::move(i));
  if (options.strict && rep.errors()) throw_first_error(rep);
  return plan;
}

// ---- plain layers and saving
// -------------------------------------------------------------------------------

namespace {

Layer make_layer(const LayerSchema& s, const std::string& crs) {
  Layer l;
  l.name = s.name;
  l.crs = crs;
  l.kind = s.geometry;
  l.fields = {{"name_zh", FieldType::String},
              {"name_pinyin", FieldType::String},
              {"kind", FieldType::String},
              {"status", FieldType::String},
              {"source", FieldType::String}};
  for (const std::string& f : s.extra_fields) {
    const bool real = f == "population" || f == "area_km2" || f == "width_m";
    l.fields.push_back({f, f == "tier" ? FieldType::Integer : real ? FieldType::Real : FieldType::String});
  }
  return l;
}

Value opt(const std::optional<double>& v) { return v ? Value(*v) : Value(std::monostate{}); }
Value text_or_null(const std::string& s) { return s.empty() ? Value(std::monostate{}) : Value(s); }

Feature common(const PlanElement& e) {
  Feature f;
  f.id = e.id;
  f.geometry = e.geometry;
  f.values = {e.name_zh, e.name_pinyin, e.kind, std::string(to_string(e.status)), e.source};
  return f;
}

void reproject(Layer& layer, const std::string& from, const std::string& to) {
  if (from == to) return;
  std::vector<XY> all;
  auto visit = [&](auto&& fn) {
    for (Feature& f : layer.features) {
      for (XY& p : f.geometry.points) fn(p);
      for (LineString& l : f.geometry.lines)
        for (XY& p : l) fn(p);
      for (Polygon& poly : f.geometry.polygons) {
        for (XY& p : poly.outer) fn(p);
        for (Ring& h : poly.holes)
          for (XY& p : h) fn(p);
      }
    }
  };
  visit([&](XY& p) { all.push_back(p); });
  if (all.empty()) return;
  all = transform_points(all, from, to);
  std::size_t i = 0;
  visit([&](XY& p) { p = all[i++]; });
}

bool same_path(const fs::path& a, const std::string& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

}  // namespace

std::vector<Layer> plan_layers(const Plan& plan, const std::string& crs_in) {
  const std::string crs = crs_in.empty() ? plan.crs : crs_in;
  std::vector<Layer> out;
  for (const LayerSchema& s : plan_schema()) {
    Layer l = make_layer(s, plan.crs);
    auto add = [&](const auto& elements, auto extra) {
      for (const auto& e : elements) {
        Feature f = common(e);
        extra(e, f.values);
        l.features.push_back(std::move(f));
      }
    };
    auto none = [](const PlanElement&, std::vector<Value>&) {};
    const std::string& n = s.name;
    if (n == "boundaries")
      add(plan.boundaries, [](const Boundary& b, std::vector<Value>& v) {
        v.push_back(opt(b.population));
        v.push_back(opt(b.area_km2));
        v.push_back(text_or_null(b.guidance));
        v.push_back(text_or_null(b.guidance_source));
      });
    else if (n == "core")
      add(plan.core, none);
    else if (n == "belt")
      add(plan.belt, none);
    else if (n == "axes")
      add(plan.axes, [](const Axis& a, std::vector<Value>& v) {
        v.push_back(text_or_null(a.from_zh));
        v.push_back(text_or_null(a.to_zh));
      });
    else if (n == "poles")
      add(plan.poles, [](const Pole& p, std::vector<Value>& v) { v.push_back(text_or_null(p.county)); });
    else if (n == "barriers")
      add(plan.barriers, none);
    else if (n == "blue_network")
      add(plan.blue_network, none);
    else if (n == "green_network")
      add(plan.green_network,
          [](const GreenCorridor& g, std::vector<Value>& v) { v.push_back(opt(g.width_m)); });
    else if (n == "patches")
      add(plan.patches, none);
    else if (n == "corridors")
      add(plan.corridors, none);
    else if (n == "hubs")
      add(plan.hubs, none);
    else if (n == "settlements")
      add(plan.settlements, [](const Settlement& st, std::vector<Value>& v) {
        v.push_back(static_cast<std::int64_t>(st.tier));
        v.push_back(text_or_null(st.county));
        v.push_back(text_or_null(st.guidance));
        v.push_back(opt(st.population));
      });
    reproject(l, plan.crs, crs);
    l.crs = crs;
    out.push_back(std::move(l));
  }
  return out;
}

void save_plan(const Plan& plan, const std::string& path_string, const WriteOptions& options) {
  const fs::path path = fs::absolute(path_string);
  std::vector<std::string> inputs = options.inputs;
  if (!plan.source.empty()) inputs.push_back(plan.source);
  for (const std::string& input : inputs)
    if (same_path(path, input)) throw UsageError("refusing to write the plan over the input '" + input + "'");
  if (fs::exists(path) && !options.overwrite)
    throw UsageError("output '" + path_string + "' already exists; pass --overwrite to replace it");
  if (!fs::is_directory(path.parent_path()))
    throw UsageError("output folder '" + path.parent_path().string() + "' does not exist");

  // The schema's exchange CRS: GeoJSON is WGS84 lon/lat, and the GeoPackage uses the same so both load alike.
  const std::vector<Layer> layers = plan_layers(plan, "EPSG:4326");
  const std::string stem = "." + path.filename().string() + ".partial-" + std::to_string(::getpid());
  const fs::path temp = path.parent_path() / stem;
  std::error_code ec;
  fs::remove_all(temp, ec);

  try {
    if (is_gpkg(path.string())) {
      const fs::path temp_file = path.parent_path() / (stem + ".gpkg");
      fs::remove(temp_file, ec);
      write_layers(temp_file.string(), layers, WriteOptions{false, {}, "GPKG", {}});
      {
        io::ensure_gdal_registered();
        io::QuietGdalErrors quiet;
        GDALDatasetUniquePtr ds(GDALDataset::Open(temp_file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        if (!ds || ds->SetMetadataItem(kMetadataKey, plan.meta.json.c_str()) != CE_None) {
          fs::remove(temp_file, ec);
          throw DataError(Location{path_string, {}, {}, {}},
                          io::last_gdal_error("cannot store the plan metadata"));
        }
      }
      fs::rename(temp_file, path);
      return;
    }
    fs::create_directory(temp);
    for (const Layer& l : layers)
      write_layers((temp / (l.name + ".geojson")).string(), {l}, WriteOptions{false, {}, "GeoJSON", {}});
    if (!plan.meta.json.empty()) {
      std::ofstream out(temp / "plan.json", std::ios::binary);
      out << plan.meta.json;
      if (!out) throw DataError(Location{(temp / "plan.json").string(), {}, {}, {}}, "cannot be written");
    }
    if (fs::exists(path)) {
      // Replace the old folder only once the new one is complete.
      const fs::path old =
          path.parent_path() / ("." + path.filename().string() + ".old-" + std::to_string(::getpid()));
      fs::rename(path, old);
      fs::rename(temp, path);
      fs::remove_all(old, ec);
    } else {
      fs::rename(temp, path);
    }
  } catch (...) {
    fs::remove_all(temp, ec);
    throw;
  }
}

}  // namespace plan
