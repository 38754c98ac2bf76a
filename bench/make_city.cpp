// Writes the generated city of reach_bench as GeoPackages for the whole-command benchmark
// (bench/commands.py): streets (≈100k edges over about 2,000 km), 1,000 facilities with a category,
// N homes with a population, 12,000 bus stops and the built-up area, in longitude/latitude (EPSG:4326)
// around Heze, as a user's files would be.
//
//   make_city OUTDIR HOMES [RADIUS_M]     e.g. make_city /tmp/city-200k 200000
//
// RADIUS_M (default 8900) sizes the street network: edges grow with its square (bench/memory.py varies it).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "near_street.hpp"
#include "plan/io.hpp"
#include "plan/synthetic.hpp"

namespace {

using bench::near_street;

// City metres around (0, 0) → longitude/latitude, the city centred on Heze (UTM zone 50N).
struct ToLonLat {
  plan::XY origin = plan::transform_points({{115.4748, 35.2341}}, "EPSG:4326", "EPSG:32650").at(0);
  std::vector<plan::XY> operator()(std::vector<plan::XY> pts) const {
    for (plan::XY& p : pts) p = {p.x + origin.x, p.y + origin.y};
    return plan::transform_points(pts, "EPSG:32650", "EPSG:4326");
  }
};

plan::Layer points_layer(const std::string& name, const std::vector<plan::XY>& lonlat) {
  plan::Layer l;
  l.name = name;
  l.crs = "EPSG:4326";
  l.kind = plan::GeometryKind::Point;
  for (std::size_t i = 0; i < lonlat.size(); ++i)
    l.features.push_back({static_cast<std::int64_t>(i + 1), plan::Geometry::point(lonlat[i]), {}});
  return l;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: make_city OUTDIR HOMES [RADIUS_M]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const long homes_n = std::atol(argv[2]);
  std::filesystem::create_directories(dir);

  plan::SyntheticCityOptions o;  // as reach_bench
  o.radius_m = argc == 4 ? std::atof(argv[3]) : 8900;
  if (!(o.radius_m >= 500 && o.radius_m <= 200000)) {
    std::fprintf(stderr, "make_city: RADIUS_M must be between 500 and 200000\n");
    return 2;
  }
  o.street_segment_m = 20;
  o.stops = 12000;
  o.seed = 2035;
  const plan::SyntheticCity city = plan::generate_city(o);
  const ToLonLat to_lonlat;
  plan::SeededRandom rng(11);
  std::vector<plan::XY> facilities, homes;
  for (int i = 0; i < 1000; ++i) facilities.push_back(near_street(city, rng, 40));
  for (long i = 0; i < homes_n; ++i) homes.push_back(near_street(city, rng, 80));

  plan::Layer streets;
  streets.name = "streets";
  streets.crs = "EPSG:4326";
  streets.kind = plan::GeometryKind::Line;
  streets.fields = {{"highway", plan::FieldType::String}};
  for (std::size_t i = 0; i < city.streets.size(); ++i)
    streets.features.push_back({static_cast<std::int64_t>(i + 1),
                                plan::Geometry::line(to_lonlat(city.streets[i])),
                                {std::string("residential")}});

  const char* categories[] = {"primary_school", "kindergarten", "clinic", "market"};
  plan::Layer fac = points_layer("facilities", to_lonlat(facilities));
  fac.fields = {{"category", plan::FieldType::String}, {"name", plan::FieldType::String}};
  for (std::size_t i = 0; i < fac.features.size(); ++i)
    fac.features[i].values = {std::string(categories[i % 4]), "facility " + std::to_string(i + 1)};

  plan::Layer hom = points_layer("homes", to_lonlat(homes));
  hom.fields = {{"population", plan::FieldType::Integer},
                {"block", plan::FieldType::String},
                {"floor_area_m2", plan::FieldType::Real}};
  for (std::size_t i = 0; i < hom.features.size(); ++i)
    hom.features[i].values = {static_cast<std::int64_t>(1 + rng.next() % 6), "B" + std::to_string(i / 40),
                              40 + 100 * rng.uniform()};

  plan::Layer stops = points_layer("stops", to_lonlat(city.stops));
  plan::Layer area;
  area.name = "area";
  area.crs = "EPSG:4326";
  area.kind = plan::GeometryKind::Polygon;
  area.features.push_back({1, plan::Geometry::polygon(plan::Polygon{to_lonlat(city.area.outer), {}}), {}});

  plan::WriteOptions w;
  w.overwrite = true;
  for (const plan::Layer* l : {&streets, &fac, &hom, &stops, &area}) {
    const std::string path = (dir / (l->name + ".gpkg")).string();
    plan::write_layers(path, {*l}, w);
    std::printf("wrote %s (%zu features)\n", path.c_str(), l->features.size());
  }
  return 0;
}
