// A deterministic synthetic province: many cities and towns of jittered street grids joined by country
// roads, with life-circle facilities, bus stops, homes with people, the built-up areas and county polygons
// that partition the whole region. It is the input of the scale-out tests and benchmarks (tiles by county
// or by grid square), not a picture of any real province.
//
//   plan::SyntheticProvinceOptions o;
//   o.homes = 2'000'000;                       // the rest scales with it
//   plan::SyntheticProvince p = plan::generate_province(o);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/geometry.hpp"

namespace plan {

struct SyntheticProvinceOptions {
  std::size_t homes = 200'000;    // home points (buildings), about 2 % of them scattered in the countryside
  double homes_per_km2 = 1500;    // mean density of homes in the built-up areas; sets the built-up area
  double built_up_share = 0.04;   // built-up area / region area; sets the region's size
  double street_spacing_m = 200;  // spacing of each settlement's jittered street grid
  double county_size_m = 30'000;  // typical county side; the region is cut into about that many squares
  std::uint64_t seed = 2035;
};

struct ProvinceSettlement {
  std::string name;  // "S0001" …
  int tier = 4;      // 1 prefecture city, 2 county city, 3 key town, 4 town (as the plan's tiers)
  XY centre;
  Polygon outline;  // the built-up area
};

struct ProvinceFacility {
  XY position;
  std::string category;  // a GB 50180-2018 life-circle category (plan::gb50180_profile())
};

struct ProvinceHome {
  XY position;
  std::int64_t population = 0;
};

struct ProvinceCounty {
  std::string code;  // "C01-02": row and column of the county in the region
  Polygon polygon;   // counties share their edges vertex for vertex and cover the region without gaps
};

struct ProvinceStreet {
  LineString line;
  bool road = false;  // true: a country road between settlements; false: a town street
};

struct SyntheticProvince {
  Polygon region;  // the whole region, metres around (0, 0)
  std::vector<ProvinceCounty> counties;
  std::vector<ProvinceSettlement> settlements;
  std::vector<ProvinceStreet> streets;  // lines meet at identical end vertices
  std::vector<ProvinceFacility> facilities;
  std::vector<XY> stops;
  std::vector<ProvinceHome> homes;
};

// Coordinates are metres around (0, 0) in a projected plane; shift them to place the province. The same
// options give the same province on every machine (plan::SeededRandom, no library randomness).
// Throws UsageError for zero homes or non-positive sizes.
SyntheticProvince generate_province(const SyntheticProvinceOptions& options);

}  // namespace plan
