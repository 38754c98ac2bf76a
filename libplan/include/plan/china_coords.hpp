// Chinese web-map coordinates. Amap (高德), Tencent and Google's China maps publish GCJ-02 ("火星坐标"),
// WGS84 longitude/latitude with a deliberate, position-dependent offset (about 500 m around Heze); Baidu
// publishes BD-09, a further offset on top of GCJ-02. Data scraped or exported from those services
// (DataV outlines, POIs, bus stops) must be shifted back before it can be measured with anything else.
// The forward formulas are the published GCJ-02/BD-09 algorithms; the inverses are solved iteratively to
// better than 1e-9 degrees (a millimetre). Outside mainland China GCJ-02 equals WGS84.
#pragma once

#include "plan/geometry.hpp"

namespace plan {

enum class LonLatOffset { None, Gcj02, Bd09 };

// All take and return (x = longitude, y = latitude) in degrees.
XY gcj02_from_wgs84(XY lonlat);
XY wgs84_from_gcj02(XY lonlat);
XY gcj02_from_bd09(XY lonlat);
XY bd09_from_gcj02(XY lonlat);
// WGS84 longitude/latitude of a point given in the offset system (None: unchanged).
XY wgs84_from(LonLatOffset offset, XY lonlat);

}  // namespace plan
