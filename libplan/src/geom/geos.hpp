// GEOS through its reentrant C API, held by RAII owners. One GeosContext per thread; every geometry
// pointer carries the context that made it so it can free itself.
#pragma once

#include <geos_c.h>

#include <memory>
#include <string>

#include "plan/geometry.hpp"

namespace plan::geom {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const { return handle_; }
  // The last error GEOS reported through this context, empty when none.
  const std::string& last_error() const { return last_error_; }

 private:
  static void on_error(const char* message, void* self);
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

// The calling thread's context, created on first use.
GeosContext& thread_context();

struct GeomDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(ctx, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t ctx;
  void operator()(const GEOSPreparedGeometry* g) const {
    if (g) GEOSPreparedGeom_destroy_r(ctx, g);
  }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// Takes ownership of a GEOS result; throws plan::Error with GEOS's message when it is null.
GeomPtr own(GeosContext& ctx, GEOSGeometry* g, const char* operation);
PreparedPtr prepare(GeosContext& ctx, const GEOSGeometry* g);

GeomPtr to_geos(GeosContext& ctx, const Polygon& polygon);
GeomPtr to_geos(GeosContext& ctx, const MultiPolygon& polygons);
GeomPtr to_geos(GeosContext& ctx, const Geometry& geometry);

// Polygonal parts of any GEOS geometry (other parts of a collection are dropped), with outer rings
// counter-clockwise and holes clockwise.
MultiPolygon polygons_from_geos(GeosContext& ctx, const GEOSGeometry* g);
// Any GEOS geometry flattened into a plan::Geometry of the given kind; parts of other kinds are dropped.
Geometry geometry_from_geos(GeosContext& ctx, const GEOSGeometry* g, GeometryKind kind);

// Boolean operations on plain polygons, through GEOS overlay (exact for polygons with straight edges).
MultiPolygon intersection(const MultiPolygon& a, const MultiPolygon& b);
MultiPolygon difference(const MultiPolygon& a, const MultiPolygon& b);
MultiPolygon union_all(const std::vector<Polygon>& polygons);

}  // namespace plan::geom
