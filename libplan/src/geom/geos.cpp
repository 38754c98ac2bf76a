#include "geom/geos.hpp"

#include <algorithm>

#include "plan/error.hpp"

namespace plan::geom {

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_error(const char* message, void* self) {
  static_cast<GeosContext*>(self)->last_error_ = message ? message : "";
}

GeosContext& thread_context() {
  thread_local GeosContext ctx;
  return ctx;
}

GeomPtr own(GeosContext& ctx, GEOSGeometry* g, const char* operation) {
  if (!g) throw Error(std::string("GEOS ") + operation + " failed: " + ctx.last_error());
  return GeomPtr(g, GeomDeleter{ctx.handle()});
}

PreparedPtr prepare(GeosContext& ctx, const GEOSGeometry* g) {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx.handle(), g);
  if (!p) throw Error("GEOS prepare failed: " + ctx.last_error());
  return PreparedPtr(p, PreparedDeleter{ctx.handle()});
}

namespace {

GEOSCoordSequence* to_sequence(GeosContext& ctx, const std::vector<XY>& pts) {
  // GEOSCoordSeq_copyFromBuffer_r reads interleaved doubles, which XY is.
  static_assert(sizeof(XY) == 2 * sizeof(double));
  return GEOSCoordSeq_copyFromBuffer_r(ctx.handle(), reinterpret_cast<const double*>(pts.data()),
                                       static_cast<unsigned>(pts.size()), 0, 0);
}

GEOSGeometry* make_ring(GeosContext& ctx, const Ring& ring) {
  Ring closed = ring;
  if (!closed.empty() && !(closed.front() == closed.back())) closed.push_back(closed.front());
  return GEOSGeom_createLinearRing_r(ctx.handle(), to_sequence(ctx, closed));
}

GEOSGeometry* make_polygon(GeosContext& ctx, const Polygon& p) {
  GEOSGeometry* shell = make_ring(ctx, p.outer);
  std::vector<GEOSGeometry*> holes;
  for (const Ring& h : p.holes) holes.push_back(make_ring(ctx, h));
  return GEOSGeom_createPolygon_r(ctx.handle(), shell, holes.data(), static_cast<unsigned>(holes.size()));
}

std::vector<XY> read_sequence(GeosContext& ctx, const GEOSGeometry* g) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.handle(), g);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx.handle(), seq, &n);
  std::vector<XY> pts(n);
  if (n) GEOSCoordSeq_copyToBuffer_r(ctx.handle(), seq, reinterpret_cast<double*>(pts.data()), 0, 0);
  return pts;
}

Ring oriented(Ring r, bool ccw) {
  if ((signed_area_m2(r) > 0) != ccw) std::reverse(r.begin(), r.end());
  return r;
}

void collect(GeosContext& ctx, const GEOSGeometry* g, Geometry& out) {
  const GEOSContextHandle_t h = ctx.handle();
  switch (GEOSGeomTypeId_r(h, g)) {
    case GEOS_POINT:
      if (out.kind == GeometryKind::Point && !GEOSisEmpty_r(h, g)) {
        auto pts = read_sequence(ctx, g);
        out.points.push_back(pts.at(0));
      }
      break;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
      if (out.kind == GeometryKind::Line && !GEOSisEmpty_r(h, g)) out.lines.push_back(read_sequence(ctx, g));
      break;
    case GEOS_POLYGON: {
      if (out.kind != GeometryKind::Polygon || GEOSisEmpty_r(h, g)) break;
      Polygon p;
      p.outer = oriented(read_sequence(ctx, GEOSGetExteriorRing_r(h, g)), true);
      const int n = GEOSGetNumInteriorRings_r(h, g);
      for (int i = 0; i < n; ++i)
        p.holes.push_back(oriented(read_sequence(ctx, GEOSGetInteriorRingN_r(h, g, i)), false));
      out.polygons.push_back(std::move(p));
      break;
    }
    default: {
      const int n = GEOSGetNumGeometries_r(h, g);
      for (int i = 0; i < n; ++i) collect(ctx, GEOSGetGeometryN_r(h, g, i), out);
    }
  }
}

}  // namespace

GeomPtr to_geos(GeosContext& ctx, const Polygon& polygon) {
  return own(ctx, make_polygon(ctx, polygon), "polygon construction");
}

GeomPtr to_geos(GeosContext& ctx, const MultiPolygon& polygons) {
  std::vector<GEOSGeometry*> parts;
  for (const Polygon& p : polygons) parts.push_back(make_polygon(ctx, p));
  return own(ctx,
             GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTIPOLYGON, parts.data(),
                                         static_cast<unsigned>(parts.size())),
             "multipolygon construction");
}

GeomPtr to_geos(GeosContext& ctx, const Geometry& geometry) {
  std::vector<GEOSGeometry*> parts;
  int type = GEOS_MULTIPOINT;
  switch (geometry.kind) {
    case GeometryKind::Point:
      for (const XY& p : geometry.points)
        parts.push_back(GEOSGeom_createPointFromXY_r(ctx.handle(), p.x, p.y));
      break;
    case GeometryKind::Line:
      type = GEOS_MULTILINESTRING;
      for (const LineString& l : geometry.lines)
        parts.push_back(GEOSGeom_createLineString_r(ctx.handle(), to_sequence(ctx, l)));
      break;
    case GeometryKind::Polygon:
      return to_geos(ctx, geometry.polygons);
  }
  return own(
      ctx, GEOSGeom_createCollection_r(ctx.handle(), type, parts.data(), static_cast<unsigned>(parts.size())),
      "collection construction");
}

MultiPolygon polygons_from_geos(GeosContext& ctx, const GEOSGeometry* g) {
  return geometry_from_geos(ctx, g, GeometryKind::Polygon).polygons;
}

Geometry geometry_from_geos(GeosContext& ctx, const GEOSGeometry* g, GeometryKind kind) {
  Geometry out;
  out.kind = kind;
  collect(ctx, g, out);
  return out;
}

MultiPolygon intersection(const MultiPolygon& a, const MultiPolygon& b) {
  GeosContext& ctx = thread_context();
  GeomPtr ga = to_geos(ctx, a), gb = to_geos(ctx, b);
  GeomPtr r = own(ctx, GEOSIntersection_r(ctx.handle(), ga.get(), gb.get()), "intersection");
  return polygons_from_geos(ctx, r.get());
}

MultiPolygon difference(const MultiPolygon& a, const MultiPolygon& b) {
  if (b.empty()) return a;
  GeosContext& ctx = thread_context();
  GeomPtr ga = to_geos(ctx, a), gb = to_geos(ctx, b);
  GeomPtr r = own(ctx, GEOSDifference_r(ctx.handle(), ga.get(), gb.get()), "difference");
  return polygons_from_geos(ctx, r.get());
}

MultiPolygon union_all(const std::vector<Polygon>& polygons) {
  if (polygons.empty()) return {};
  GeosContext& ctx = thread_context();
  GeomPtr g = to_geos(ctx, MultiPolygon(polygons.begin(), polygons.end()));
  GeomPtr r = own(ctx, GEOSUnaryUnion_r(ctx.handle(), g.get()), "union");
  return polygons_from_geos(ctx, r.get());
}

}  // namespace plan::geom
