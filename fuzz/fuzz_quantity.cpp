// Threshold quantities ("15min", "1.2km", "900s") and indicator targets ("≥90", "-", "<0.5").
#include <cmath>
#include <string>

#include "fuzz_support.hpp"
#include "plan/error.hpp"
#include "plan/indicators.hpp"
#include "plan/reach.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const double m = plan::parse_threshold_m(text, 4);
    FUZZ_CHECK(std::isfinite(m) && m > 0);  // a threshold that reaches everything is not a threshold
  } catch (const plan::UsageError&) {
  }
  try {
    const double s = plan::parse_time_threshold_s(text);
    FUZZ_CHECK(std::isfinite(s) && s > 0);
  } catch (const plan::UsageError&) {
  }
  try {
    const plan::Target t = plan::parse_target(text, true);
    FUZZ_CHECK(t.comparator == plan::Comparator::None || std::isfinite(t.value));
  } catch (const plan::UsageError&) {
  }
  return 0;
}
