#include "isochrones.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

#include "plan/drive.hpp"
#include "plan/error.hpp"
#include "plan/reach.hpp"

namespace viewer {
namespace {

// Minutes with at most one decimal, without a trailing ".0": 5, 7.5, 12.
std::string minutes_text(double minutes) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", minutes);
  std::string s = b;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

bool bare_number(const std::string& item) {
  return !item.empty() && std::all_of(item.begin(), item.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
}

// A ColorBrewer-like sequential ramp (YlGnBu, reversed): deep where the walk is short.
constexpr Rgba kNear{37, 52, 148, 255}, kMiddle{44, 127, 184, 255}, kFar{127, 205, 187, 255};
constexpr std::uint8_t kFillAlpha = 100;

Rgba lerp(Rgba a, Rgba b, double t) {
  auto mix = [t](std::uint8_t x, std::uint8_t y) { return std::uint8_t(std::lround(x + (y - x) * t)); };
  return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), 255};
}

Rgba ramp(std::size_t rank, std::size_t count) {
  const double t = count > 1 ? double(rank) / double(count - 1) : 0.0;
  return t <= 0.5 ? lerp(kNear, kMiddle, t * 2) : lerp(kMiddle, kFar, (t - 0.5) * 2);
}

// The distinct thresholds of a result, increasing.
std::vector<double> distinct_thresholds(const std::vector<plan::Isochrone>& isochrones) {
  std::vector<double> t;
  for (const plan::Isochrone& iso : isochrones) t.push_back(iso.threshold);
  std::sort(t.begin(), t.end());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  return t;
}

// The items of a threshold list (commas, semicolons or spaces between them), each read by `cost` (bare
// numbers get "min" appended first) and converted back to minutes by `pace`; sorted, duplicates removed.
std::vector<Threshold> parse_list(const std::string& text, const Pace& pace,
                                  const std::function<double(const std::string&)>& cost) {
  std::vector<Threshold> out;
  std::string item;
  auto flush = [&]() {
    if (item.empty()) return;
    const double c = cost(bare_number(item) ? item + "min" : item);
    out.push_back({pace.minutes(c), c});
    item.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c)))
      flush();
    else
      item += c;
  }
  flush();
  if (out.empty())
    throw plan::UsageError(
        pace.mode == plan::TravelMode::Walk
            ? "no threshold given: type minutes such as 5, 10, 15 (or distances such as 800m)"
            : "no threshold given: type minutes of driving such as 5, 10, 15");
  std::sort(out.begin(), out.end(),
            [](const Threshold& a, const Threshold& b) { return a.threshold < b.threshold; });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [](const Threshold& a, const Threshold& b) { return b.threshold - a.threshold < 0.01; }),
      out.end());
  return out;
}

}  // namespace

double Pace::minutes(double cost) const {
  return mode == plan::TravelMode::Drive ? cost / 60 : cost / (walk_speed_kmh * 1000 / 60);
}

std::vector<Threshold> parse_walk_thresholds(const std::string& text, double speed_kmh) {
  if (!(speed_kmh > 0)) throw plan::UsageError("the walking speed must be a positive number of km/h");
  return parse_list(text, walking(speed_kmh), [speed_kmh](const std::string& item) {
    return plan::parse_threshold_m(item, speed_kmh);
  });
}

std::vector<Threshold> parse_drive_thresholds(const std::string& text) {
  return parse_list(text, driving(),
                    [](const std::string& item) { return plan::parse_time_threshold_s(item); });
}

std::vector<Threshold> parse_thresholds(const std::string& text, const Pace& pace) {
  return pace.mode == plan::TravelMode::Drive ? parse_drive_thresholds(text)
                                              : parse_walk_thresholds(text, pace.walk_speed_kmh);
}

std::string drive_network_problem(const plan::Layer& lines) {
  if (lines.kind != plan::GeometryKind::Line) return "layer '" + lines.name + "' holds no lines";
  if (lines.field_index("highway") || lines.field_index("other_tags")) return {};
  return "layer '" + lines.name +
         "' has no highway field, so its roads have no classes, directions or speeds: driving needs a road "
         "layer with highway (and oneway, maxspeed) fields, such as an OSM extract";
}

std::string format_minutes(const std::vector<Threshold>& thresholds) {
  std::string s;
  for (const Threshold& t : thresholds) s += (s.empty() ? "" : ", ") + minutes_text(t.minutes);
  return s;
}

Rgba isochrone_fill(std::size_t rank, std::size_t count) { return ramp(rank, count).with_alpha(kFillAlpha); }

Rgba isochrone_stroke(std::size_t rank, std::size_t count) {
  const Rgba c = ramp(rank, count);
  auto dark = [](std::uint8_t v) { return std::uint8_t(std::lround(v * 0.75)); };
  return {dark(c.r), dark(c.g), dark(c.b), 255};
}

std::string isochrone_layer_name(double minutes, plan::TravelMode mode) {
  return std::string(mode == plan::TravelMode::Drive ? "drive_" : "") + "isochrone_" + minutes_text(minutes) +
         "min";
}

std::vector<MapLayer> isochrone_layers(const std::vector<plan::Isochrone>& isochrones, const Pace& pace,
                                       const std::string& crs, const std::vector<std::int64_t>& origin_ids) {
  const std::vector<double> thresholds = distinct_thresholds(isochrones);
  const bool drive = pace.mode == plan::TravelMode::Drive;
  std::vector<MapLayer> out;
  for (std::size_t rank = 0; rank < thresholds.size(); ++rank) {
    const double threshold = thresholds[rank], minutes = pace.minutes(threshold);
    plan::Layer l;
    l.name = isochrone_layer_name(minutes, pace.mode);
    l.crs = crs;
    l.kind = plan::GeometryKind::Polygon;
    l.fields = {{"origin", plan::FieldType::Integer},
                {"minutes", plan::FieldType::Real},
                {drive ? "threshold_s" : "threshold_m", plan::FieldType::Real},
                {"area_km2", plan::FieldType::Real}};
    for (const plan::Isochrone& iso : isochrones) {
      if (iso.threshold != threshold || iso.polygon.empty()) continue;
      plan::Value origin;
      if (iso.origin != plan::kNoIndex)
        origin = iso.origin < origin_ids.size() ? origin_ids[iso.origin] : std::int64_t(iso.origin) + 1;
      l.features.push_back({std::int64_t(l.features.size()) + 1,
                            plan::Geometry::multipolygon(iso.polygon),
                            {origin, minutes, threshold, iso.area_m2 / 1e6}});
    }
    MapLayer m = make_map_layer(std::move(l));
    FeatureStyle s;
    s.fill = isochrone_fill(rank, thresholds.size());
    s.stroke = isochrone_stroke(rank, thresholds.size());
    s.stroke_width_px = 1.2f;
    s.legend = (drive ? "驾车等时圈 ≤ " : "步行等时圈 ≤ ") + minutes_text(minutes) + " min";
    m.styles.assign(m.data.features.size(), s);
    m.labels = false;
    // Above the plan's own polygons (ranks below 60), under every line; the nearest on top.
    m.rank = 60 + int(std::min<std::size_t>(thresholds.size() - 1 - rank, 39));
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<IsochroneSummary> summarise_isochrones(const std::vector<plan::Isochrone>& isochrones,
                                                   const Pace& pace) {
  std::vector<IsochroneSummary> out;
  for (double threshold : distinct_thresholds(isochrones)) {
    IsochroneSummary s;
    s.threshold = threshold;
    s.minutes = pace.minutes(threshold);
    double sum = 0;
    for (const plan::Isochrone& iso : isochrones) {
      if (iso.threshold != threshold || iso.polygon.empty()) continue;
      s.min_area_m2 = s.polygons == 0 ? iso.area_m2 : std::min(s.min_area_m2, iso.area_m2);
      s.max_area_m2 = std::max(s.max_area_m2, iso.area_m2);
      sum += iso.area_m2;
      ++s.polygons;
    }
    s.area_m2 = s.polygons ? sum / double(s.polygons) : 0;
    out.push_back(s);
  }
  return out;
}

IsochroneRun run_isochrones(std::shared_ptr<const plan::Network> network, const plan::Layer* lines,
                            const IsochroneRequest& request, const std::function<void(double)>& progress) {
  if (request.origins.empty()) throw plan::UsageError("no origin: click the map or pick a points layer");
  if (request.thresholds.empty()) throw plan::UsageError("no threshold given");
  if (!network && !lines) throw plan::UsageError("no network layer");
  const bool drive = request.pace.mode == plan::TravelMode::Drive;
  IsochroneRun run;
  if (network) {
    if (network->mode() != request.pace.mode)
      throw plan::UsageError(std::string("the network is for ") + plan::to_string(network->mode()) +
                             " mode, the isochrones are asked for " + plan::to_string(request.pace.mode) +
                             " mode");
    run.network = std::move(network);
  } else if (drive) {
    if (const std::string why = drive_network_problem(*lines); !why.empty()) throw plan::DataError(why);
    run.network = std::make_shared<const plan::Network>(plan::drive_network_from_layer(*lines));
    if (run.network->edge_count() == 0)
      throw plan::DataError("layer '" + lines->name + "' has no drivable road lines");
  } else {
    run.network = std::make_shared<const plan::Network>(plan::network_from_layer(*lines));
  }
  const plan::SnapIndex index(*run.network);
  const std::vector<plan::SnapPoint> snapped = plan::snap_points(index, request.origins, request.max_snap_m);
  auto id = [&](std::size_t i) {
    return i < request.origin_ids.size() ? request.origin_ids[i] : std::int64_t(i) + 1;
  };
  for (std::size_t i = 0; i < snapped.size(); ++i)
    if (!snapped[i].snapped) run.unsnapped_ids.push_back(id(i));
  if (run.unsnapped_ids.size() == snapped.size())
    throw plan::DataError("no origin lies within " + std::to_string(int(request.max_snap_m)) + " m of a " +
                          (drive ? "drivable road" : "street") +
                          (lines ? " of layer '" + lines->name + "'" : std::string()));
  plan::IsochroneOptions options;
  for (const Threshold& t : request.thresholds) options.thresholds.push_back(t.threshold);
  options.half_width_m = request.half_width_m;
  options.per_origin = request.per_origin;
  // Unsnapped origins are skipped by compute_isochrones, so indices still match request.origins.
  run.isochrones = plan::compute_isochrones(*run.network, snapped, options, progress);
  return run;
}

}  // namespace viewer
