#include "plan/reach.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "plan/error.hpp"

namespace plan {

NearestFacilities nearest_facilities(const Network& g, const std::vector<SnapPoint>& facilities,
                                     const std::vector<SnapPoint>& homes, ReachWorkspace& ws) {
  shortest_from(g, facilities, ws);
  const EdgeSources same = sources_by_edge(facilities);
  NearestFacilities out;
  out.distance_m.resize(homes.size());
  out.cost.resize(homes.size());
  out.facility.resize(homes.size());
  for (std::size_t i = 0; i < homes.size(); ++i) {
    const PathTo r = path_to(g, ws, same, homes[i]);
    out.distance_m[i] = r.length_m;
    out.cost[i] = r.cost;
    out.facility[i] = r.source;
  }
  return out;
}

namespace {

// "1.5km" → {1.5, "km"}. Throws UsageError with `expected` when the number is missing or not positive.
std::pair<double, std::string> quantity(const std::string& text, const std::string& expected) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  const std::string number = text.substr(0, i);
  char* end = nullptr;
  const double v = number.empty() ? NAN : std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !(v > 0) || !std::isfinite(v))
    throw UsageError("threshold '" + text + "' must be a positive " + expected);
  return {v, text.substr(i)};
}

}  // namespace

double parse_threshold_m(const std::string& text, double speed_kmh) {
  if (!(speed_kmh > 0)) throw UsageError("the walking speed must be a positive number of km/h");
  const auto [v, unit] = quantity(text, "distance or time such as 1000m, 1.2km, 15min");
  const double metres_per_s = speed_kmh / 3.6;
  // A number just below the largest double overflows once converted: an infinite threshold reaches
  // everything.
  auto finite = [&](double m) {
    if (!std::isfinite(m)) throw UsageError("threshold '" + text + "' is too large");
    return m;
  };
  if (unit.empty() || unit == "m") return v;
  if (unit == "km") return finite(v * 1000);
  if (unit == "min") return finite(v * 60 * metres_per_s);
  if (unit == "s") return finite(v * metres_per_s);
  if (unit == "h") return finite(v * 3600 * metres_per_s);
  throw UsageError("threshold '" + text + "': unknown unit '" + unit + "' (use m, km, s, min or h)");
}

double parse_time_threshold_s(const std::string& text) {
  const auto [v, unit] = quantity(text, "time such as 30min, 900s or 1h");
  if (unit == "min") return v * 60;
  if (unit == "s") return v;
  if (unit == "h") {
    if (!std::isfinite(v * 3600)) throw UsageError("threshold '" + text + "' is too large");
    return v * 3600;
  }
  if (unit.empty() || unit == "m" || unit == "km")
    throw UsageError("threshold '" + text +
                     "': driving thresholds are times such as 30min (a distance is a " +
                     "walking threshold)");
  throw UsageError("threshold '" + text + "': unknown unit '" + unit + "' (use s, min or h)");
}

ReachShares reach_shares(const std::vector<double>& distance_m, const std::vector<char>& covered,
                         const std::vector<double>& population) {
  if (covered.size() != distance_m.size() || (!population.empty() && population.size() != distance_m.size()))
    throw UsageError("reach_shares: one distance, coverage flag and population per home expected");
  ReachShares s;
  s.homes = distance_m.size();
  double pop = 0, pop_cov = 0;
  for (std::size_t i = 0; i < s.homes; ++i) {
    if (distance_m[i] < kUnreached) ++s.reachable;
    if (covered[i]) ++s.covered;
    if (!population.empty()) {
      pop += population[i];
      if (covered[i]) pop_cov += population[i];
    }
  }
  s.covered_ratio = s.homes ? static_cast<double>(s.covered) / static_cast<double>(s.homes) : 0;
  if (!population.empty()) {
    s.population_total = pop;
    s.population_covered = pop_cov;
    s.population_covered_ratio = pop > 0 ? pop_cov / pop : 0;
  }
  return s;
}

LifeCircleProfile gb50180_profile() {
  LifeCircleProfile p;
  p.name = "gb50180";
  p.source =
      "GB 50180-2018 Standard for urban residential area planning and design: 15-, 10- and 5-minute "
      "life circles by walking distance";
  p.categories = {
      {"middle_school", "15-minute", 1000, {}}, {"health_centre", "15-minute", 1000, {}},
      {"elderly_care", "15-minute", 1000, {}},  {"culture_sports", "15-minute", 1000, {}},
      {"primary_school", "10-minute", 500, {}}, {"market", "10-minute", 500, {}},
      {"kindergarten", "5-minute", 300, {}},    {"health_station", "5-minute", 300, {}},
      {"daily_shop", "5-minute", 300, {}},
  };
  return p;
}

LifeCircleProfile profile_from_json(const std::string& text, const std::string& file, double speed_kmh) {
  const Location where{file, {}, {}, {}};
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw DataError(where, std::string("not valid JSON: ") + e.what());
  }
  LifeCircleProfile p;
  try {
    p.name = j.value("name", file);
    p.source = j.value("source", "");
    if (!j.contains("categories") || !j["categories"].is_array() || j["categories"].empty())
      throw DataError(where, "needs a non-empty \"categories\" array");
    std::size_t k = 0;
    for (const auto& c : j["categories"]) {
      ++k;
      const std::string at = "category " + std::to_string(k) + ": ";
      if (!c.is_object() || !c.contains("name") || !c["name"].is_string())
        throw DataError(where, at + "needs a \"name\" string");
      LifeCircleCategory cat;
      cat.name = c["name"].get<std::string>();
      cat.circle = c.value("circle", "");
      if (c.contains("within")) {
        try {
          cat.max_distance_m = parse_threshold_m(c["within"].get<std::string>(), speed_kmh);
        } catch (const UsageError& e) {
          throw DataError(where, at + e.what());
        }
      } else if (c.contains("max_distance_m") && c["max_distance_m"].is_number()) {
        cat.max_distance_m = c["max_distance_m"].get<double>();
      }
      if (!(cat.max_distance_m > 0))
        throw DataError(where, at + "'" + cat.name +
                                   "' needs a positive \"within\" (e.g. \"500m\") or \"max_distance_m\"");
      if (c.contains("match")) cat.match = c["match"].get<std::vector<std::string>>();
      p.categories.push_back(std::move(cat));
    }
  } catch (const nlohmann::json::exception& e) {
    throw DataError(where, std::string("unexpected value: ") + e.what());
  }
  return p;
}

LifeCircleResult compute_life_circles(const Network& g, const std::vector<SnapPoint>& facilities,
                                      const std::vector<std::string>& facility_category,
                                      const std::vector<SnapPoint>& homes,
                                      const std::vector<double>& population,
                                      const LifeCircleProfile& profile) {
  if (facility_category.size() != facilities.size())
    throw UsageError("compute_life_circles: one category value per facility expected");
  if (!population.empty() && population.size() != homes.size())
    throw UsageError("compute_life_circles: one population value per home expected");
  if (g.mode() != TravelMode::Walk)
    throw UsageError("life circles are measured on a walking network (GB 50180-2018 walking distances)");
  LifeCircleResult out;
  out.complete.assign(homes.size(), 1);
  ReachWorkspace ws;
  for (const LifeCircleCategory& cat : profile.categories) {
    CategoryReach r;
    r.category = cat;
    const std::vector<std::string> match = cat.match.empty() ? std::vector<std::string>{cat.name} : cat.match;
    std::vector<SnapPoint> mine;
    std::vector<std::uint32_t> index;
    for (std::uint32_t i = 0; i < facilities.size(); ++i) {
      if (std::find(match.begin(), match.end(), facility_category[i]) == match.end()) continue;
      ++r.facilities;
      if (!facilities[i].snapped) {
        r.unsnapped.push_back(i);
        continue;
      }
      mine.push_back(facilities[i]);
      index.push_back(i);
    }
    r.nearest = nearest_facilities(g, mine, homes, ws);
    for (std::uint32_t& f : r.nearest.facility)
      if (f != kNoIndex) f = index[f];
    r.covered.resize(homes.size());
    for (std::size_t h = 0; h < homes.size(); ++h) {
      r.covered[h] = r.nearest.distance_m[h] <= cat.max_distance_m;
      if (!r.covered[h]) out.complete[h] = 0;
    }
    r.shares = reach_shares(r.nearest.distance_m, r.covered, population);
    out.categories.push_back(std::move(r));
  }
  // Reachable for completeness: reachable in every category.
  std::vector<double> worst(homes.size(), 0);
  for (const CategoryReach& r : out.categories)
    for (std::size_t h = 0; h < homes.size(); ++h) worst[h] = std::max(worst[h], r.nearest.distance_m[h]);
  if (out.categories.empty()) out.complete.assign(homes.size(), 0);
  out.complete_shares = reach_shares(worst, out.complete, population);
  return out;
}

}  // namespace plan
