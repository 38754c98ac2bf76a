// plan isochrone: the area within walking distances or times (or driving times) of origins, as polygons.
#include "plan/isochrone.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kHelp =
    R"(usage: plan isochrone --network DS [--network-layer L] (--from DS [--from-layer L] | --at LON,LAT)
                      --within 5min,10min,15min [--per-origin] [--half-width 50] [--speed-kmh 4]
                      [--max-snap 250] [--mode walk|drive] [--largest-component] [--crs EPSG:N]
                      [--assume-crs EPSG:N] [--out OUT] [--overwrite] [--json] [--max-memory SIZE]

Polygons of the area within each threshold (distances like 500m or times like 10min at --speed-kmh)
along the street network of the origins: the reached street parts, cut at the exact point where the
threshold runs out, widened by --half-width metres and merged. All origins give one polygon per
threshold, or one per origin with --per-origin. --out writes layer 'isochrones' with fields origin
(the origin's feature id; empty when merged), threshold_m, minutes, area_m2.
--largest-component snaps points only to the largest connected piece of the network.
--X-where SQL keeps the features of input X that pass an OGR SQL attribute filter; --gcj02 X,Y (or
--bd09) shifts inputs holding Amap/Tencent (GCJ-02) or Baidu (BD-09) lon/lat back to WGS84.

--mode drive: the area within driving times (--within 10min,20min,30min; distances are an error and
--speed-kmh does not apply) along the roads cars use, one-way streets only in their direction, at the
class's speed or a readable maxspeed tag (free flow). --out then has threshold_s instead of threshold_m.

--max-memory SIZE (2G, 512MiB, ...) stops the run before it reads anything when its peak memory, estimated
from the inputs' feature and edge counts, is larger (exit 2); without it the limit is the memory available
now (MemAvailable); --max-memory off skips the check. --timings prints the estimate beside the peak.
)";

}  // namespace

int run_isochrone(const Arguments& raw) {
  const Args args(
      with_osm_layer_defaults(raw, {"network"}, {"from"}),
      network_command_options({"from", "from-layer", "from-where", "at", "within", "half-width", "mode"}),
      network_command_flags({"per-origin"}));
  if (args.flag("help")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (!args.positional().empty())
    throw plan::UsageError("unexpected argument '" + args.positional()[0] + "'");
  if (args.get("from").has_value() == args.get("at").has_value())
    throw plan::UsageError("give the origins either as --from DS or as --at LON,LAT");
  const TravelOptions travel = travel_options(args);
  const plan::TravelMode mode = travel.mode;
  const bool drive = travel.drive();
  const double speed_kmh = travel.speed_kmh;
  plan::IsochroneOptions options;
  // In the network's cost unit: metres walking, seconds driving.
  for (const std::string& t : split_list(args.require("within")))
    options.thresholds.push_back(drive ? plan::parse_time_threshold_s(t)
                                       : plan::parse_threshold_m(t, speed_kmh));
  options.half_width_m = args.number("half-width", 50);
  if (!(options.half_width_m > 0)) throw plan::UsageError("--half-width must be positive");
  options.per_origin = args.flag("per-origin");
  const double max_snap = travel.max_snap_m;
  args.require("network");
  const auto out_path = args.get("out");
  std::optional<plan::XY> at_lonlat;
  if (const auto a = args.get("at")) {
    const std::vector<std::string> parts = split_list(*a);
    if (parts.size() != 2) throw plan::UsageError("--at expects LON,LAT in degrees, e.g. --at 115.47,35.23");
    at_lonlat = plan::XY{parse_number(parts[0], "--at longitude"), parse_number(parts[1], "--at latitude")};
  }

  Inputs inputs(args, {"network", "from"});
  const NetworkInput net = read_network(args, inputs, mode);
  std::vector<plan::XY> at;
  std::vector<std::int64_t> ids;
  if (args.get("from")) {
    const Places from = read_places(args, inputs, "from");
    at = from.at;
    for (const plan::Feature& f : from.layer.features) ids.push_back(f.id);
  } else {
    at = plan::transform_points({*at_lonlat}, "EPSG:4326", inputs.crs());
    ids.push_back(1);
  }
  if (at.empty())
    throw plan::DataError(plan::Location{args.get("from").value_or(""), {}, {}, {}}, "has no origins");
  Phase snap("snap");
  const plan::SnapIndex index(net.network, 0, args.flag("largest-component"));
  const std::vector<plan::SnapPoint> snapped = plan::snap_points(index, at, max_snap);
  std::vector<std::int64_t> unsnapped;
  for (std::size_t i = 0; i < snapped.size(); ++i)
    if (!snapped[i].snapped) unsnapped.push_back(ids[i]);
  if (unsnapped.size() == snapped.size())
    throw plan::DataError(
        plan::Location{args.get("from").value_or("--at"), {}, unsnapped.front(), {}},
        "no origin lies within " + std::to_string(std::lround(std::min(max_snap, 1e15))) + " m of a street");
  snap.stop();
  std::vector<plan::Isochrone> isos;
  {
    Phase compute("compute");
    Progress progress("isochrones");
    isos = plan::compute_isochrones(net.network, snapped, options, progress.callback());
  }
  const double speed_m_per_min = speed_kmh * 1000 / 60;
  auto minutes = [&](double threshold) { return drive ? threshold / 60 : threshold / speed_m_per_min; };
  const char* threshold_key = drive ? "threshold_s" : "threshold_m";

  if (out_path) {
    plan::Layer out;
    out.name = "isochrones";
    out.crs = inputs.crs();
    out.kind = plan::GeometryKind::Polygon;
    out.fields = {{"origin", plan::FieldType::Integer},
                  {threshold_key, plan::FieldType::Real},
                  {"minutes", plan::FieldType::Real},
                  {"area_m2", plan::FieldType::Real}};
    std::int64_t fid = 1;
    for (const plan::Isochrone& iso : isos) {
      if (iso.polygon.empty()) continue;
      out.features.push_back({fid++,
                              plan::Geometry::multipolygon(iso.polygon),
                              {iso.origin == plan::kNoIndex ? plan::Value() : plan::Value(ids[iso.origin]),
                               iso.threshold, minutes(iso.threshold), iso.area_m2}});
    }
    write_output(*out_path, {out}, args, inputs,
                 {plan::isochrone_style("isochrones", threshold_key, options.thresholds, drive ? "min" : "m",
                                        drive ? 1.0 / 60 : 1.0)});
  }

  if (args.flag("json")) {
    nlohmann::ordered_json j;
    j["definition"] =
        "reached street parts within the threshold, cut at the exact reach point, buffered by "
        "half_width_m and unioned" +
        std::string(drive ? "; driving: thresholds are free-flow times along the roads cars "
                            "use, one-way streets in their direction"
                          : "");
    j["mode"] = plan::to_string(mode);
    j["crs"] = inputs.crs();
    j["network"] = network_json(net);
    j["origins"] = at.size();
    j["unreachable_ids"] = unsnapped;
    j["half_width_m"] = options.half_width_m;
    j["per_origin"] = options.per_origin;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const plan::Isochrone& iso : isos)
      list.push_back({{"origin", iso.origin == plan::kNoIndex ? nlohmann::ordered_json(nullptr)
                                                              : nlohmann::ordered_json(ids[iso.origin])},
                      {threshold_key, iso.threshold},
                      {"minutes", minutes(iso.threshold)},
                      {"area_m2", iso.area_m2},
                      {"parts", iso.polygon.size()}});
    j["isochrones"] = list;
    if (out_path) j["out"] = *out_path;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("Isochrones%s, half-width %.0f m (CRS %s)\n", drive ? " by car" : "", options.half_width_m,
              inputs.crs().c_str());
  print_network(net);
  std::printf("  origins           %zu (%zu beyond %.0f m of a street)\n", at.size(), unsnapped.size(),
              max_snap);
  if (!options.per_origin || isos.size() <= 12) {
    for (const plan::Isochrone& iso : isos) {
      const std::string origin =
          iso.origin == plan::kNoIndex ? "" : " origin " + std::to_string(ids[iso.origin]);
      if (drive)
        std::printf("  %6.1f min driving  %10.3f km²  %zu part(s)%s\n", minutes(iso.threshold),
                    iso.area_m2 / 1e6, iso.polygon.size(), origin.c_str());
      else
        std::printf("  %6.0f m (%4.1f min)  %10.3f km²  %zu part(s)%s\n", iso.threshold,
                    minutes(iso.threshold), iso.area_m2 / 1e6, iso.polygon.size(), origin.c_str());
    }
  } else {
    std::printf("  polygons          %zu\n", isos.size());
  }
  if (out_path) std::printf("  wrote             %s (layer isochrones)\n", out_path->c_str());
  return 0;
}

}  // namespace cli
