#include "mesh.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace viewer {
namespace {

// One GEOS context per thread: meshes are built on the UI thread and on loader threads.
GEOSContextHandle_t geos() {
  struct Holder {
    GEOSContextHandle_t h = GEOS_init_r();
    ~Holder() { GEOS_finish_r(h); }
  };
  thread_local Holder holder;
  return holder.h;
}

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(geos(), g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GEOSGeometry* ring_to_geos(const plan::Ring& ring) {
  GEOSContextHandle_t h = geos();
  const bool closed = ring.size() > 1 && ring.front() == ring.back();
  const unsigned n = unsigned(ring.size() + (closed ? 0 : 1));
  if (n < 4) return nullptr;
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, n, 2);
  for (unsigned i = 0; i < n; ++i) {
    const plan::XY& p = ring[i % ring.size()];
    GEOSCoordSeq_setXY_r(h, seq, i, p.x, p.y);
  }
  return GEOSGeom_createLinearRing_r(h, seq);
}

GeomPtr polygon_to_geos(const plan::Polygon& polygon) {
  GEOSContextHandle_t h = geos();
  GEOSGeometry* shell = ring_to_geos(polygon.outer);
  if (!shell) return nullptr;
  std::vector<GEOSGeometry*> holes;
  for (const plan::Ring& r : polygon.holes)
    if (GEOSGeometry* g = ring_to_geos(r)) holes.push_back(g);
  return GeomPtr(GEOSGeom_createPolygon_r(h, shell, holes.data(), unsigned(holes.size())));
}

void collect_triangles(const GEOSGeometry* g, std::vector<plan::XY>& out) {
  GEOSContextHandle_t h = geos();
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    const GEOSGeometry* ring = GEOSGetExteriorRing_r(h, g);
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    if (n != 4) return;  // a triangle ring: 3 corners plus the closing vertex
    for (unsigned i = 0; i < 3; ++i) {
      double x = 0, y = 0;
      GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
      out.push_back({x, y});
    }
    return;
  }
  const int parts = GEOSGetNumGeometries_r(h, g);
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
    for (int i = 0; i < parts; ++i) collect_triangles(GEOSGetGeometryN_r(h, g, i), out);
}

}  // namespace

std::vector<plan::XY> triangulate(const plan::Polygon& polygon) {
  std::vector<plan::XY> out;
  GeomPtr g = polygon_to_geos(polygon);
  if (!g) return out;
  GEOSContextHandle_t h = geos();
  if (GEOSisValid_r(h, g.get()) != 1) {
    GeomPtr fixed(GEOSMakeValid_r(h, g.get()));
    if (!fixed) return out;
    g = std::move(fixed);
  }
  GeomPtr tris(GEOSConstrainedDelaunayTriangulation_r(h, g.get()));
  if (tris) collect_triangles(tris.get(), out);
  return out;
}

void append_line(LayerMesh& mesh, const plan::LineString& line, plan::XY origin, const FeatureStyle& style,
                 Rgba colour) {
  const float hw = std::max(0.5f, style.stroke_width_px / 2);
  const float dash = style.dashed ? std::max(6.0f, style.stroke_width_px * 4) : 0.0f;
  double along = 0;
  for (std::size_t i = 1; i < line.size(); ++i) {
    const plan::XY a = line[i - 1], b = line[i];
    const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
    if (len == 0) continue;
    const float ux = float(dx / len), uy = float(dy / len);  // direction
    const float nx = -uy, ny = ux;                           // left normal
    const float ax = float(a.x - origin.x), ay = float(a.y - origin.y);
    const float bx = float(b.x - origin.x), by = float(b.y - origin.y);
    const float a_m = float(along), b_m = float(along + len);
    if (style.stroke_width_px <= kHairlineMaxPx) {
      mesh.thin_lines.push_back({ax, ay, 0, 0, a_m, hw, dash, colour.packed()});
      mesh.thin_lines.push_back({bx, by, 0, 0, b_m, hw, dash, colour.packed()});
      ++mesh.segments;
      along += len;
      continue;
    }
    // Corners: start/end × left/right; the end extension of half a width closes the gaps at joins.
    const LineVertex v0{ax, ay, nx - ux, ny - uy, a_m, hw, dash, colour.packed()};
    const LineVertex v1{ax, ay, -nx - ux, -ny - uy, a_m, hw, dash, colour.packed()};
    const LineVertex v2{bx, by, nx + ux, ny + uy, b_m, hw, dash, colour.packed()};
    const LineVertex v3{bx, by, -nx + ux, -ny + uy, b_m, hw, dash, colour.packed()};
    mesh.lines.insert(mesh.lines.end(), {v0, v1, v2, v2, v1, v3});
    ++mesh.segments;
    along += len;
  }
}

LayerMesh build_mesh(const plan::Layer& layer, const std::vector<FeatureStyle>& styles, plan::XY origin,
                     float opacity, const std::optional<Rgba>& override_colour) {
  LayerMesh mesh;
  auto apply = [&](Rgba c) {
    if (override_colour) c = override_colour->with_alpha(c.a);
    c.a = std::uint8_t(std::lround(std::clamp(opacity, 0.0f, 1.0f) * c.a));
    return c;
  };
  for (std::size_t f = 0; f < layer.features.size(); ++f) {
    const plan::Geometry& g = layer.features[f].geometry;
    const FeatureStyle& s = styles.at(f);
    for (const plan::Polygon& p : g.polygons) {
      if (s.fill.a > 0) {
        const std::uint32_t fill = apply(s.fill).packed();
        const std::vector<plan::XY> tris = triangulate(p);
        for (const plan::XY& v : tris)
          mesh.fills.push_back({float(v.x - origin.x), float(v.y - origin.y), fill});
        mesh.triangles += tris.size() / 3;
      }
      if (s.stroke.a > 0 && s.stroke_width_px > 0) {
        append_line(mesh, p.outer, origin, s, apply(s.stroke));
        for (const plan::Ring& r : p.holes) append_line(mesh, r, origin, s, apply(s.stroke));
      }
    }
    for (const plan::LineString& l : g.lines) append_line(mesh, l, origin, s, apply(s.stroke));
    for (const plan::XY& p : g.points)
      mesh.points.push_back({float(p.x - origin.x), float(p.y - origin.y), s.symbol_size_px,
                             float(int(s.symbol)), apply(s.fill).packed()});
  }
  return mesh;
}

}  // namespace viewer
