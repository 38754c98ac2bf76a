// Floor area per 100 households within walking reach (indicator 16, 社区养老服务设施配建达标率): each
// facility's floor area shared among the communities its network catchment holds, by households.
#include <cmath>
#include <string>

#include "geom/geos.hpp"
#include "plan/error.hpp"
#include "plan/provision.hpp"
#include "proposals/common.hpp"

namespace plan {

namespace {

void check_inputs(const Network& network, const std::vector<SnapPoint>& communities,
                  const std::vector<double>& households, const std::vector<SnapPoint>& facilities,
                  const std::vector<double>& floor_area_m2, const FloorAreaStandard& standard) {
  if (network.mode() != TravelMode::Walk)
    throw UsageError("floor_area_standard: the service distance is walked; give a walking network");
  if (!(standard.m2_per_100_households > 0) || !std::isfinite(standard.m2_per_100_households))
    throw UsageError("floor_area_standard: m² per 100 households must be a positive number, not " +
                     std::to_string(standard.m2_per_100_households));
  if (!(standard.within_m > 0) || !std::isfinite(standard.within_m))
    throw UsageError("floor_area_standard: the walking distance must be a positive number of metres, not " +
                     std::to_string(standard.within_m));
  if (communities.size() != households.size())
    throw UsageError("floor_area_standard: " + std::to_string(communities.size()) + " communities but " +
                     std::to_string(households.size()) + " household counts");
  if (facilities.size() != floor_area_m2.size())
    throw UsageError("floor_area_standard: " + std::to_string(facilities.size()) + " facilities but " +
                     std::to_string(floor_area_m2.size()) + " floor areas");
  for (std::size_t i = 0; i < households.size(); ++i)
    if (!(households[i] >= 0) || !std::isfinite(households[i]))
      throw UsageError("floor_area_standard: community " + std::to_string(i) + " has " +
                       std::to_string(households[i]) + " households; a number ≥ 0 is required");
  for (std::size_t i = 0; i < floor_area_m2.size(); ++i)
    if (!(floor_area_m2[i] >= 0) || !std::isfinite(floor_area_m2[i]))
      throw UsageError("floor_area_standard: facility " + std::to_string(i) + " has a floor area of " +
                       std::to_string(floor_area_m2[i]) + " m²; a number ≥ 0 is required");
}

}  // namespace

FloorAreaResult floor_area_standard(const Network& network, const std::vector<SnapPoint>& communities,
                                    const std::vector<double>& households,
                                    const std::vector<SnapPoint>& facilities,
                                    const std::vector<double>& floor_area_m2,
                                    const FloorAreaStandard& standard) {
  check_inputs(network, communities, households, facilities, floor_area_m2, standard);
  FloorAreaResult r;
  r.communities.resize(communities.size());
  for (std::size_t i = 0; i < communities.size(); ++i) {
    CommunityProvision& c = r.communities[i];
    c.households = households[i];
    c.required_m2 = standard.m2_per_100_households * households[i] / 100;
    c.snapped = communities[i].snapped;
    r.households += c.households;
    r.required_m2 += c.required_m2;
    if (!c.snapped) ++r.unsnapped;
  }
  const ProposalOptions quiet;
  proposals::Progress progress(quiet);
  const proposals::Catchments reach = proposals::network_catchments(network, facilities, communities,
                                                                    standard.within_m, false, progress, 0, 1);
  for (std::size_t f = 0; f < facilities.size(); ++f) {
    r.floor_area_m2 += floor_area_m2[f];
    if (!facilities[f].snapped) ++r.facilities_unsnapped;
    if (floor_area_m2[f] == 0) continue;
    double served = 0;
    for (std::uint64_t k = reach.start[f]; k < reach.start[f + 1]; ++k) served += households[reach.homes[k]];
    for (std::uint64_t k = reach.start[f]; k < reach.start[f + 1]; ++k) {
      CommunityProvision& c = r.communities[reach.homes[k]];
      ++c.facilities_within;
      // Shared by households, so that a facility two areas use jointly (统筹配置) is not counted twice.
      if (served > 0) c.available_m2 += floor_area_m2[f] * c.households / served;
    }
    if (served > 0) r.allocated_m2 += floor_area_m2[f];
  }
  for (CommunityProvision& c : r.communities) {
    // A relative tolerance, so that an area shared exactly to the standard is not lost to rounding.
    c.meets = c.snapped && c.available_m2 >= c.required_m2 * (1 - 1e-9);
    if (!c.meets) continue;
    ++r.meeting;
    r.households_meeting += c.households;
  }
  if (!r.communities.empty()) r.meeting_ratio = double(r.meeting) / double(r.communities.size());
  if (r.households > 0) r.households_meeting_ratio = r.households_meeting / r.households;
  return r;
}

std::vector<XY> representative_points(const Layer& communities) {
  if (communities.kind == GeometryKind::Line)
    throw DataError(Location{communities.source, communities.name, {}, {}},
                    "communities must be points or polygons, found lines");
  std::vector<XY> at;
  at.reserve(communities.features.size());
  geom::GeosContext& ctx = geom::thread_context();
  for (const Feature& f : communities.features) {
    const Location where{communities.source, communities.name, f.id, {}};
    if (communities.kind == GeometryKind::Point) {
      if (f.geometry.points.empty()) throw DataError(where, "has no point");
      at.push_back(f.geometry.points.front());
      continue;
    }
    if (f.geometry.polygons.empty()) throw DataError(where, "has no polygon");
    const geom::GeomPtr shape = geom::to_geos(ctx, f.geometry.polygons);
    const geom::GeomPtr inside =
        geom::own(ctx, GEOSPointOnSurface_r(ctx.handle(), shape.get()), "point on surface");
    double x = 0, y = 0;
    if (GEOSisEmpty_r(ctx.handle(), inside.get()) == 1 || !GEOSGeomGetX_r(ctx.handle(), inside.get(), &x) ||
        !GEOSGeomGetY_r(ctx.handle(), inside.get(), &y))
      throw DataError(where, "has no point on its surface (an empty or degenerate polygon)");
    at.push_back({x, y});
  }
  return at;
}

}  // namespace plan
