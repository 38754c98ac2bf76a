// Isochrone polygons and the network variant of stop coverage.
//
// Definition followed (../DESIGN.md, "Isochrone polygons"): the area within a threshold of an origin set
// is the union of the reached parts of edges (a partly reached edge is cut at the exact point where the
// threshold runs out) buffered by a walkable half-width (default 50 m). Several thresholds come from one
// search. Because a larger threshold reaches a superset of edge parts, its polygon contains the smaller
// ones; land enclosed by reached streets but not itself within half-width of one stays a hole; nothing is
// reached across a river or rail line unless an edge crosses it.
//
// On a driving network (plan/drive.hpp) thresholds are travel times in seconds, streets are reached only
// in the directions cars may take, and a partly reached edge is cut where its time runs out at its speed.
// Thresholds are always in the network's cost unit, network.cost_unit().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "plan/coverage.hpp"
#include "plan/network.hpp"
#include "plan/reach.hpp"

namespace plan {

// How the buffers of the reached street parts are merged. Both give the same shape up to the drawing of
// round ends and joins (vertices on the circle, quadrant_segments per quarter turn).
enum class IsochroneMethod {
  CapsuleUnion,     // each reached segment's round-capped buffer, merged by clipping convex capsules against
                    // their neighbours (falls back to GeosBufferUnion if its rings do not close)
  GeosBufferUnion,  // GEOS buffer of each chained line (round joins) and one GEOSUnaryUnion: the peer method
};

struct IsochroneOptions {
  std::vector<double>
      thresholds;             // each > 0, any order, in network.cost_unit(): metres walking, seconds driving
  double half_width_m = 50;   // buffer around the reached street parts
  bool per_origin = false;    // one polygon per origin and threshold instead of one merged
  int quadrant_segments = 8;  // smoothness of the buffer's round ends and joins (> 64: always GEOS)
  unsigned threads = 0;       // threads to use (per origin: origins share them; merged: the capsule
                              // union's clipping); 0: hardware concurrency
  IsochroneMethod method = IsochroneMethod::CapsuleUnion;
};

struct Isochrone {
  std::uint32_t origin = kNoIndex;  // index of the origin with per_origin; kNoIndex for a merged polygon
  double threshold = 0;             // network.cost_unit(): metres walking, seconds driving
  MultiPolygon polygon;
  double area_m2 = 0;
};

// The reached parts of edges within `threshold` (network.cost_unit()) of the sources of the last
// shortest_from() run on `ws` (which must have searched at least that far), joined into lines through
// nodes where exactly two reached parts meet. Sources starting at cost 0.
std::vector<LineString> reached_parts(const Network& network, const ReachWorkspace& ws,
                                      const EdgeSources& same_edge, double threshold);

// Isochrones of the snapped origins (unsnapped ones are skipped; the caller reports them), one per
// distinct threshold (merged) or per origin and threshold, ordered by origin then increasing threshold;
// each polygon is built as the union of the previous threshold's polygon and the newly reached band.
// `progress` (optional) is called with the fraction done. Throws UsageError for a threshold or half-width
// ≤ 0; plan::Error when GEOS fails.
std::vector<Isochrone> compute_isochrones(const Network& network, const std::vector<SnapPoint>& origins,
                                          const IsochroneOptions& options,
                                          const std::function<void(double)>& progress = {});

struct NetworkCoverageResult {
  std::string definition;
  double radius_m = 0;
  double half_width_m = 0;
  std::size_t stops_used = 0;                // stops within max snap of the network
  std::vector<std::size_t> stops_unsnapped;  // indices into input.stops
  double area_m2 = 0;                        // area − exclusions, the denominator
  double covered_m2 = 0;
  double area_ratio = 0;
  std::optional<double> population_total, population_covered, population_ratio;
  MultiPolygon covered;  // the covered part of the area
};

// The network variant of stop coverage: the part of (area − exclusions larger than
// options.exclusion_min_area_m2) inside the isochrone polygon of all stops at options.radius_m walking
// (half-width buffer as in compute_isochrones). Population polygons count by covered area share; population
// points count when their own network distance to a stop is ≤ radius (snapped within max_snap_m).
// Throws UsageError for a radius or half-width ≤ 0, or a driving network (the radius is a walking distance).
NetworkCoverageResult compute_network_coverage(const Network& network, const CoverageInput& input,
                                               const CoverageOptions& options, double half_width_m = 50,
                                               double max_snap_m = kDefaultMaxSnapM);

}  // namespace plan
