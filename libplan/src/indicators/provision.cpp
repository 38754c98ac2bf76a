// Provision per 1,000 residents: facility capacities summed by area over the area's residents.
#include "plan/provision.hpp"

#include <cmath>

#include "model/spatial.hpp"
#include "plan/error.hpp"

namespace plan {

std::vector<Provision> provision_per_1000(const std::vector<XY>& points, const std::vector<double>& capacity,
                                          const std::vector<ProvisionArea>& areas) {
  if (points.size() != capacity.size())
    throw UsageError("provision: " + std::to_string(points.size()) + " points but " +
                     std::to_string(capacity.size()) + " capacities");
  std::vector<Provision> out;
  for (const ProvisionArea& a : areas) {
    if (!(a.population >= 0) || !std::isfinite(a.population))
      throw UsageError("provision: the population of '" + a.name + "' must be a number ≥ 0");
    out.push_back({a.name, 0, 0, a.population, std::nullopt});
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!(capacity[i] >= 0) || !std::isfinite(capacity[i]))
      throw UsageError("provision: capacity " + std::to_string(capacity[i]) + " of point " +
                       std::to_string(i) + " must be ≥ 0");
    if (capacity[i] == 0) continue;
    for (std::size_t k = 0; k < areas.size(); ++k)
      if (spatial::contains(areas[k].area, points[i])) {
        out[k].facilities += 1;
        out[k].capacity += capacity[i];
        break;
      }
  }
  for (Provision& p : out)
    if (p.population > 0) p.per_1000 = 1000 * p.capacity / p.population;
  return out;
}

std::vector<double> apportion_population(const std::vector<PopulationPolygon>& blocks,
                                         const std::vector<MultiPolygon>& areas) {
  std::vector<double> out(areas.size(), 0.0);
  for (const PopulationPolygon& b : blocks) {
    if (!(b.population >= 0)) throw UsageError("apportion_population: a block has a negative population");
    const double whole = area_m2(b.polygon);
    if (whole <= 0 || b.population == 0) continue;
    for (std::size_t k = 0; k < areas.size(); ++k)
      out[k] += b.population * spatial::overlap_area_m2({b.polygon}, areas[k]) / whole;
  }
  return out;
}

}  // namespace plan
