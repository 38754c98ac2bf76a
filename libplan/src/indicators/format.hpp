// Number formatting shared by the computed indicators and the reports.
#pragma once

#include <sstream>
#include <string>

namespace plan::indicators {

// `v` with exactly `digits` decimals, in the C locale ("92.40").
inline std::string fixed(double v, int digits) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(digits);
  s << v;
  return s.str();
}

}  // namespace plan::indicators
