// plan isochrone: the area within walking distances or times (or driving times) of origins, as polygons.
#include "plan/isochrone.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(Polygons of the area within each threshold (distances like 500m or times like 10min at --speed-kmh)
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
)";

void declare_options(Args& args) {
  args.add_input("from", "the origins (points, or polygons counted by their centroid)");
  args.add_option("at", "LON,LAT", "one origin in degrees (instead of --from), e.g. 115.47,35.23");
  args.add_option("within", "LIST", "the thresholds, e.g. 5min,10min,15min or 500m,1000m (driving: times)");
  args.add_number("half-width", "M", "reached streets are widened by M metres (default 50)", Range::Positive);
  args.add_flag("per-origin", "one polygon per origin and threshold instead of one for all origins");
  add_mode_option(args);
  add_network_command_options(args, "write layer 'isochrones' (origin, threshold, minutes, area_m2)");
}

struct Settings {
  TravelOptions travel;
  plan::IsochroneOptions options;
  std::optional<plan::XY> at_lonlat;
  std::optional<std::string> out_path;
};

Settings read_settings(const Args& args) {
  if (args.get("from").has_value() == args.get("at").has_value())
    throw plan::UsageError("give the origins either as --from DS or as --at LON,LAT");
  Settings s;
  s.travel = travel_options(args);
  const bool drive = s.travel.drive();
  // In the network's cost unit: metres walking, seconds driving.
  for (const std::string& t : split_list(args.require("within")))
    s.options.thresholds.push_back(drive ? plan::parse_time_threshold_s(t)
                                         : plan::parse_threshold_m(t, s.travel.speed_kmh));
  s.options.half_width_m = args.number("half-width", 50);
  if (!(s.options.half_width_m > 0)) throw plan::UsageError("--half-width must be positive");
  s.options.per_origin = args.flag("per-origin");
  args.require("network");
  s.out_path = args.get("out");
  if (const auto a = args.get("at")) {
    const std::vector<std::string> parts = split_list(*a);
    if (parts.size() != 2) throw plan::UsageError("--at expects LON,LAT in degrees, e.g. --at 115.47,35.23");
    s.at_lonlat = plan::XY{parse_number(parts[0], "--at longitude"), parse_number(parts[1], "--at latitude")};
  }
  return s;
}

struct IsoInputs {
  explicit IsoInputs(const Args& args) : inputs(args, {"network", "from"}) {}
  Inputs inputs;
  NetworkInput net;
  std::vector<plan::XY> at;
  std::vector<std::int64_t> ids;  // of the origins: feature ids, or 1 for --at
};

IsoInputs read_inputs(const Args& args, const Settings& s) {
  IsoInputs in(args);
  in.net = read_network(args, in.inputs, s.travel.mode);
  if (args.get("from")) {
    const Places from = read_places(args, in.inputs, "from");
    in.at = from.at;
    for (const plan::Feature& f : from.layer.features) in.ids.push_back(f.id);
  } else {
    in.at = plan::transform_points({*s.at_lonlat}, "EPSG:4326", in.inputs.crs());
    in.ids.push_back(1);
  }
  if (in.at.empty())
    throw plan::DataError(plan::Location{args.get("from").value_or(""), {}, {}, {}}, "has no origins");
  return in;
}

struct Outcome {
  std::vector<std::int64_t> unsnapped;  // ids of the origins beyond --max-snap
  std::vector<plan::Isochrone> isos;
};

Outcome compute(const Args& args, const Settings& s, const IsoInputs& in) {
  Outcome o;
  const double max_snap = s.travel.max_snap_m;
  Phase snap("snap");
  const plan::SnapIndex index(in.net.network, 0, args.flag("largest-component"));
  const std::vector<plan::SnapPoint> snapped = plan::snap_points(index, in.at, max_snap);
  for (std::size_t i = 0; i < snapped.size(); ++i)
    if (!snapped[i].snapped) o.unsnapped.push_back(in.ids[i]);
  if (o.unsnapped.size() == snapped.size())
    throw plan::DataError(
        plan::Location{args.get("from").value_or("--at"), {}, o.unsnapped.front(), {}},
        "no origin lies within " + std::to_string(std::lround(std::min(max_snap, 1e15))) + " m of a street");
  snap.stop();
  Phase compute("compute");
  Progress progress("isochrones");
  o.isos = plan::compute_isochrones(in.net.network, snapped, s.options, progress.callback());
  return o;
}

double minutes(const Settings& s, double threshold) {
  return s.travel.drive() ? threshold / 60 : threshold / (s.travel.speed_kmh * 1000 / 60);
}

const char* threshold_key(const Settings& s) { return s.travel.drive() ? "threshold_s" : "threshold_m"; }

void write_isochrones(const Args& args, const Settings& s, const IsoInputs& in, const Outcome& o) {
  const bool drive = s.travel.drive();
  plan::Layer out;
  out.name = "isochrones";
  out.crs = in.inputs.crs();
  out.kind = plan::GeometryKind::Polygon;
  out.fields = {{"origin", plan::FieldType::Integer},
                {threshold_key(s), plan::FieldType::Real},
                {"minutes", plan::FieldType::Real},
                {"area_m2", plan::FieldType::Real}};
  std::int64_t fid = 1;
  for (const plan::Isochrone& iso : o.isos) {
    if (iso.polygon.empty()) continue;
    out.features.push_back({fid++,
                            plan::Geometry::multipolygon(iso.polygon),
                            {iso.origin == plan::kNoIndex ? plan::Value() : plan::Value(in.ids[iso.origin]),
                             iso.threshold, minutes(s, iso.threshold), iso.area_m2}});
  }
  write_output(*s.out_path, {out}, args, in.inputs,
               {plan::isochrone_style("isochrones", threshold_key(s), s.options.thresholds,
                                      drive ? "min" : "m", drive ? 1.0 / 60 : 1.0)});
}

nlohmann::ordered_json iso_json(const Settings& s, const IsoInputs& in, const Outcome& o) {
  const bool drive = s.travel.drive();
  nlohmann::ordered_json j;
  j["definition"] =
      "reached street parts within the threshold, cut at the exact reach point, buffered by "
      "half_width_m and unioned" +
      std::string(drive ? "; driving: thresholds are free-flow times along the roads cars "
                          "use, one-way streets in their direction"
                        : "");
  j["mode"] = plan::to_string(s.travel.mode);
  j["crs"] = in.inputs.crs();
  j["network"] = network_json(in.net);
  j["origins"] = in.at.size();
  j["unreachable_ids"] = o.unsnapped;
  j["half_width_m"] = s.options.half_width_m;
  j["per_origin"] = s.options.per_origin;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const plan::Isochrone& iso : o.isos)
    list.push_back({{"origin", iso.origin == plan::kNoIndex ? nlohmann::ordered_json(nullptr)
                                                            : nlohmann::ordered_json(in.ids[iso.origin])},
                    {threshold_key(s), iso.threshold},
                    {"minutes", minutes(s, iso.threshold)},
                    {"area_m2", iso.area_m2},
                    {"parts", iso.polygon.size()}});
  j["isochrones"] = list;
  if (s.out_path) j["out"] = *s.out_path;
  return j;
}

void print_isochrones(const Settings& s, const IsoInputs& in, const Outcome& o) {
  const bool drive = s.travel.drive();
  std::printf("Isochrones%s, half-width %.0f m (CRS %s)\n", drive ? " by car" : "", s.options.half_width_m,
              in.inputs.crs().c_str());
  print_network(in.net);
  std::printf("  origins           %zu (%zu beyond %.0f m of a street)\n", in.at.size(), o.unsnapped.size(),
              s.travel.max_snap_m);
  if (!s.options.per_origin || o.isos.size() <= 12) {
    for (const plan::Isochrone& iso : o.isos) {
      const std::string origin =
          iso.origin == plan::kNoIndex ? "" : " origin " + std::to_string(in.ids[iso.origin]);
      if (drive)
        std::printf("  %6.1f min driving  %10.3f km²  %zu part(s)%s\n", minutes(s, iso.threshold),
                    iso.area_m2 / 1e6, iso.polygon.size(), origin.c_str());
      else
        std::printf("  %6.0f m (%4.1f min)  %10.3f km²  %zu part(s)%s\n", iso.threshold,
                    minutes(s, iso.threshold), iso.area_m2 / 1e6, iso.polygon.size(), origin.c_str());
    }
  } else {
    std::printf("  polygons          %zu\n", o.isos.size());
  }
  if (s.out_path) std::printf("  wrote             %s (layer isochrones)\n", s.out_path->c_str());
}

}  // namespace

int run_isochrone(const Arguments& argv) {
  Args args("plan isochrone", command_description("isochrone"), std::string(kFooter) + "\n" + kMaxMemoryHelp);
  declare_options(args);
  if (!args.parse(argv)) return 0;
  apply_osm_layer_defaults(args, {"network"}, {"from"});
  const Settings settings = read_settings(args);
  const IsoInputs in = read_inputs(args, settings);
  const Outcome outcome = compute(args, settings, in);
  if (settings.out_path) write_isochrones(args, settings, in, outcome);
  if (args.flag("json"))
    std::cout << iso_json(settings, in, outcome).dump(2) << "\n";
  else
    print_isochrones(settings, in, outcome);
  return 0;
}

}  // namespace cli
