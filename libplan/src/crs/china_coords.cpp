#include "plan/china_coords.hpp"

#include <cmath>
#include <numbers>

namespace plan {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kKrasovskyA = 6378245.0;                // semi-major axis the GCJ-02 formulas use
constexpr double kKrasovskyEE = 0.00669342162296594323;  // its first eccentricity squared
constexpr double kBdPi = kPi * 3000.0 / 180.0;

bool outside_china(XY p) { return p.x < 72.004 || p.x > 137.8347 || p.y < 0.8293 || p.y > 55.8271; }

double offset_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double offset_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// Solves forward(w) = target for w by fixed-point iteration; the offsets vary slowly, so it converges fast.
template <class Forward>
XY invert(Forward forward, XY target) {
  XY w = target;
  for (int i = 0; i < 30; ++i) {
    const XY f = forward(w);
    const XY step{f.x - target.x, f.y - target.y};
    w = {w.x - step.x, w.y - step.y};
    if (std::abs(step.x) < 1e-11 && std::abs(step.y) < 1e-11) break;
  }
  return w;
}

}  // namespace

XY gcj02_from_wgs84(XY p) {
  if (outside_china(p)) return p;
  double dlat = offset_lat(p.x - 105.0, p.y - 35.0), dlon = offset_lon(p.x - 105.0, p.y - 35.0);
  const double rad_lat = p.y / 180.0 * kPi;
  double magic = std::sin(rad_lat);
  magic = 1 - kKrasovskyEE * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kKrasovskyA * (1 - kKrasovskyEE)) / (magic * sqrt_magic) * kPi);
  dlon = (dlon * 180.0) / (kKrasovskyA / sqrt_magic * std::cos(rad_lat) * kPi);
  return {p.x + dlon, p.y + dlat};
}

XY wgs84_from_gcj02(XY p) {
  if (outside_china(p)) return p;
  return invert(gcj02_from_wgs84, p);
}

XY gcj02_from_bd09(XY p) {
  const double x = p.x - 0.0065, y = p.y - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kBdPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kBdPi);
  return {z * std::cos(theta), z * std::sin(theta)};
}

XY bd09_from_gcj02(XY p) {
  const double z = std::sqrt(p.x * p.x + p.y * p.y) + 0.00002 * std::sin(p.y * kBdPi);
  const double theta = std::atan2(p.y, p.x) + 0.000003 * std::cos(p.x * kBdPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

XY wgs84_from(LonLatOffset offset, XY p) {
  switch (offset) {
    case LonLatOffset::None:
      return p;
    case LonLatOffset::Gcj02:
      return wgs84_from_gcj02(p);
    case LonLatOffset::Bd09:
      return wgs84_from_gcj02(gcj02_from_bd09(p));
  }
  return p;
}

}  // namespace plan
