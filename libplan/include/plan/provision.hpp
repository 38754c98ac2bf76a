// Provision per 1,000 residents (千人指标): a capacity carried by facility points (physicians, childcare
// places, beds), summed over the facilities inside an area and divided by that area's residents. The Heze
// plan's indicators 15 (每千人拥有执业（助理）医师) and 17 (每千人拥有3岁以下婴幼儿托位) are such figures;
// computed per county, the weakest county shows.
//
//   plan::ProvisionArea city{"中心城区", city_polygons, 1.33e6};
//   auto rows = plan::provision_per_1000(hospitals, physicians, {city});   // rows[0].per_1000
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "plan/coverage.hpp"
#include "plan/geometry.hpp"

namespace plan {

struct ProvisionArea {
  std::string name;
  MultiPolygon area;      // metric CRS, the same as the points'
  double population = 0;  // residents of the area
};

struct Provision {
  std::string name;
  std::size_t facilities = 0;  // points inside the area with a capacity > 0
  double capacity = 0;         // their summed capacity
  double population = 0;
  std::optional<double> per_1000;  // capacity / population × 1000; nullopt when the area has no residents
};

// One row per area, in the order given. A point counts for the first area listed that contains it (areas
// are meant not to overlap), so no capacity is counted twice. Throws UsageError
// when `capacity` and `points` differ in size or a capacity or population is negative or not finite.
std::vector<Provision> provision_per_1000(const std::vector<XY>& points, const std::vector<double>& capacity,
                                          const std::vector<ProvisionArea>& areas);

// The residents of each area from population polygons, each polygon's people spread evenly over its
// area (the share of its area inside an area counts). Throws UsageError for a negative population.
std::vector<double> apportion_population(const std::vector<PopulationPolygon>& blocks,
                                         const std::vector<MultiPolygon>& areas);

}  // namespace plan
