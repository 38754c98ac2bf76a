// OSM tags as GDAL's OSM driver hands them over: other_tags ("\"k\"=>\"v\",..."), maxspeed, oneway,
// junction, and the walk and drive filters over them.
#include <cmath>
#include <string>

#include "fuzz_support.hpp"
#include "plan/drive.hpp"
#include "plan/error.hpp"
#include "plan/osm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto tags = plan::parse_osm_other_tags(text);
  auto tag = [&](const char* k) {
    auto it = tags.find(k);
    return it == tags.end() ? std::string() : it->second;
  };
  const std::string highway = tags.empty() ? text : tag("highway");
  (void)plan::osm_walkable(highway, tags);
  const bool drivable = plan::osm_drivable(highway, tags);
  const double class_kmh = plan::default_speed_kmh(highway);
  FUZZ_CHECK(std::isfinite(class_kmh) && class_kmh >= 0);
  for (const std::string& v : {text, tag("maxspeed")}) {
    if (const auto kmh = plan::parse_maxspeed_kmh(v))
      FUZZ_CHECK(std::isfinite(*kmh) && *kmh > 0 && *kmh <= 300);
  }
  try {
    const plan::RoadRule rule =
        plan::osm_road_directions(highway, tags.empty() ? text : tag("oneway"), tag("junction"));
    if (drivable) FUZZ_CHECK(rule.forward || rule.backward);  // a kept road must be drivable some way
  } catch (const plan::Error&) {
  }
  return 0;
}
