// Life-circle profiles (--profile FILE.json): any text gives a profile with positive, finite distances
// or a DataError naming the file; never another exception.
#include <cmath>
#include <string>

#include "fuzz_support.hpp"
#include "plan/error.hpp"
#include "plan/reach.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const plan::LifeCircleProfile p = plan::profile_from_json(text, "profile.json");
    FUZZ_CHECK(!p.categories.empty());
    for (const auto& c : p.categories) FUZZ_CHECK(std::isfinite(c.max_distance_m) && c.max_distance_m > 0);
  } catch (const plan::DataError& e) {
    FUZZ_CHECK(std::string(e.what()).find("profile.json") != std::string::npos);
  }
  return 0;
}
