// Provision per 1,000 residents (千人指标): a capacity carried by facility points (physicians, childcare
// places, beds), summed over the facilities inside an area and divided by that area's residents. The Heze
// plan's indicators 15 (每千人拥有执业（助理）医师) and 17 (每千人拥有3岁以下婴幼儿托位) are such figures;
// computed per county, the weakest county shows.
//
//   plan::ProvisionArea city{"中心城区", city_polygons, 1.33e6};
//   auto rows = plan::provision_per_1000(hospitals, physicians, {city});   // rows[0].per_1000
//
// Floor area per 100 households (配建标准), indicator 16 (社区养老服务设施配建达标率): a residential
// community meets the standard when the facility floor area within walking reach, shared with the other
// communities it serves, is at least the standard's m² per 100 of its households.
//
//   auto r = plan::floor_area_standard(net, community_snaps, households, facility_snaps, floor_area_m2);
//   // r.communities[i].meets, r.meeting_ratio, r.households_meeting_ratio
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "plan/coverage.hpp"
#include "plan/geometry.hpp"
#include "plan/layer.hpp"
#include "plan/network.hpp"

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

// A floor-area standard for facilities that serve residential communities. The defaults are Shandong's
// for community elderly-care facilities:
// - 《山东省养老服务条例》 (山东省人大常委会, adopted 2020-03-26, in force 2020-05-01): new urban
//   residential areas (新建城镇居住区) build community elderly-care facilities of no less than 20 m² of floor
//   area per 100 households (每一百户不低于二十平方米); built areas without them or short of it are provided
//   for by the county government (new build, conversion, purchase, swap or lease); several small residential
//   areas may be served jointly (多个占地面积较小的居住区可以统筹配置). 《山东省城镇居住区社区养老服务设施
//   规划、建设、移交和使用管理办法》 (省民政厅、省自然资源厅、省住房和城乡建设厅, 2022) restates the 20 m².
// - GB 50180-2018 《城市居住区规划设计标准》: the five-minute life circle is 300 m walking (table 3.0.4), and
//   老年人日间照料中心（托老所） is among its community service facilities (appendix B).
// Other provinces differ (Anhui 2022: 30 m² new, 20 m² existing; Guizhou 20 / 15 m²; Yinchuan 30 / 20 m²),
// hence the parameters.
struct FloorAreaStandard {
  double m2_per_100_households = 20;  // floor area required per 100 households
  double within_m = 300;              // walking distance along the streets, metres
};

// One residential community, in the order given.
struct CommunityProvision {
  double households = 0;
  double required_m2 = 0;             // m2_per_100_households × households / 100
  double available_m2 = 0;            // its shares of the floor area of the facilities within reach
  std::size_t facilities_within = 0;  // facilities with floor area > 0 within reach
  bool snapped = false;               // false: beyond the snap distance of every street, so not met
  bool meets = false;                 // snapped and available_m2 ≥ required_m2 (within 1e-9 relative)
};

struct FloorAreaResult {
  std::vector<CommunityProvision> communities;
  std::size_t meeting = 0;               // communities that meet the standard
  std::size_t unsnapped = 0;             // communities that could not be snapped (counted as not meeting)
  std::size_t facilities_unsnapped = 0;  // facilities that could not be snapped (their area counts nowhere)
  double households = 0, households_meeting = 0;
  double required_m2 = 0;    // summed over the communities
  double floor_area_m2 = 0;  // summed over the facilities, snapped or not
  double allocated_m2 = 0;   // the part of it within reach of a community with households
  double meeting_ratio = 0;  // meeting / communities (0 without communities)
  std::optional<double> households_meeting_ratio;  // households_meeting / households; nullopt without any
};

// Whether each residential community has the facility floor area the standard asks for. Communities and
// facilities are given snapped to a walking network (unsnapped ones count as described above). A facility
// serves every snapped community within standard.within_m along the network (the shortest path between the
// snapped positions, as plan::nearest_facilities measures it; the straight snap legs are not added) and its
// floor area is shared among them in proportion to their households, so no square metre counts twice (the
// 统筹配置 of several small residential areas). A community meets the standard when it is snapped and its
// shares add up to at least standard.m2_per_100_households × households / 100; a snapped community without
// households needs nothing and meets it. Throws UsageError for a driving network, sizes that differ, a
// negative or non-finite household count or floor area, or a standard that is not positive and finite.
FloorAreaResult floor_area_standard(const Network& network, const std::vector<SnapPoint>& communities,
                                    const std::vector<double>& households,
                                    const std::vector<SnapPoint>& facilities,
                                    const std::vector<double>& floor_area_m2,
                                    const FloorAreaStandard& standard = {});

// Where a community stands for routing: a point feature's first point, a polygon feature's point on
// surface (GEOS; inside the polygon even when it is concave, unlike a centroid). One per feature. Throws
// DataError naming the layer for a line layer.
std::vector<XY> representative_points(const Layer& communities);

}  // namespace plan
