// A deterministic synthetic city: study area, streets, stops, exclusions and population blocks.
// It feeds the built-in demonstration of the Heze central city (clearly labelled synthetic), the
// benchmarks (cities of any size) and tests that need a realistic but reproducible input.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/coverage.hpp"
#include "plan/geometry.hpp"

namespace plan {

struct SyntheticCityOptions {
  double radius_m = 6000;         // mean radius of the built-up area around (0, 0)
  double street_spacing_m = 250;  // spacing of the jittered street grid
  std::size_t stops = 600;        // bus stops, placed on streets, denser towards the centre
  std::uint64_t seed = 2035;
  // > 0: each street is drawn as a gently bent line with vertices about this far apart (benchmarks use it
  // to get OSM-like edge counts); 0: straight two-vertex segments.
  double street_segment_m = 0;
};

struct SyntheticCity {
  Polygon area;                     // an irregular, star-shaped built-up area
  std::vector<LineString> streets;  // two-vertex segments that share their end vertices
  std::vector<XY> stops;
  std::vector<Polygon> exclusions;        // a lake and parks, some above and some below 1 km²
  std::vector<PopulationPolygon> blocks;  // square blocks clipped to the area, denser at the centre
  // Parks and green space open to the public (公园绿地, CJJ/T 85-2017 class G1) besides the two parks among
  // the exclusions: four more comprehensive parks (综合公园, 0.5–0.8 km² each) and a community park (社区
  // 公园, 7–22 ha) in most 1 km cells, so that the park area per resident is that of a Chinese prefecture
  // city (about 13 m², Heze's 2021 figure being 13.2). Drawn from their own random stream, so adding them
  // left the streets, stops, exclusions and blocks as they were.
  std::vector<Polygon> parks;
};

// Coordinates are metres around (0, 0); shift them to place the city in a projected CRS.
SyntheticCity generate_city(const SyntheticCityOptions& options);

// Facilities by category and homes with people, for the network reach and life-circle demonstrations.
struct SyntheticFacility {
  XY position;
  std::string
      category;  // a category name of the GB 50180-2018 profile (plan::gb50180_profile()), or "hospital"
  // Capacities for the provision indicators (千人指标), drawn from their own random stream:
  double physicians = 0;  // 执业（助理）医师: hospitals 150–700, health centres 8–20, health stations 1–3
  double childcare_places = 0;  // 托位 for children under 3: kindergartens' nursery classes, 0–22 each
};

struct SyntheticHome {
  XY position;
  double population = 0;  // whole people
};

struct SyntheticServicesOptions {
  std::size_t homes_per_block = 4;  // homes placed at random inside each population block
  double facility_scale = 1;        // multiplies the facility counts of every category
  std::uint64_t seed = 2035;
};

struct SyntheticServices {
  // Near streets (5–40 m off), denser towards the centre; the GB 50180-2018 categories first, then 8
  // general hospitals, so that the central city has about 3.5 physicians per 1,000 residents (Heze as a
  // whole: 2.76 in 2021) and about 2.5 childcare places per 1,000 (Heze: 1.6 in 2021).
  std::vector<SyntheticFacility> facilities;
  std::vector<SyntheticHome> homes;  // a block's people split evenly over its homes
};

SyntheticServices generate_services(const SyntheticCity& city, const SyntheticServicesOptions& options);

// Persons per family household in the 2020 census (第七次全国人口普查, national average 2.62): turns the
// blocks' residents into households.
inline constexpr double kPersonsPerHousehold2020 = 2.62;

// Residential communities (居住小区) and community elderly-care facilities (社区养老服务设施) for the floor
// area standard of indicator 16 (plan::floor_area_standard).
struct SyntheticCommunity {
  Polygon area;           // a quarter of a population block (about one street block), clipped to the block
  double households = 0;  // the quarter's share of the block's residents by area, / 2.62, whole
};
struct SyntheticElderlyCare {
  XY position;  // 5–40 m off the street nearest to a point inside the community it was built for
  double floor_area_m2 = 0;  // 350–750 m², GB 50180-2018's range for a day-care centre (日间照料中心)
};
struct SyntheticElderlyCareCity {
  std::vector<SyntheticCommunity> communities;   // quarters with at least 50 households
  std::vector<SyntheticElderlyCare> facilities;  // built for some communities only, most in newer outer areas
};
// Drawn from a random stream of their own, so the city and its services stay as they are.
SyntheticElderlyCareCity generate_elderly_care(const SyntheticCity& city, std::uint64_t seed);

// A small, fast, portable generator (splitmix64): the same seed gives the same city everywhere.
class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();                      // [0, 1)
  double uniform(double lo, double hi);  // [lo, hi)

 private:
  std::uint64_t state_;
};

}  // namespace plan
