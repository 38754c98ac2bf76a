#include "io/gpkg_rows.hpp"

#include <cpl_string.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace plan::io {

namespace {

static_assert(std::endian::native == std::endian::little,
              "the GeoPackage blobs are written little-endian, as GDAL writes them on such a machine");

// A geometry as GDAL's GeoPackage driver writes it: header, envelope (not for points), ISO WKB.
class GeometryBlob {
 public:
  void clear() { bytes_.clear(); }
  const std::string& bytes() const { return bytes_; }

  void header(std::int32_t srs_id, bool envelope, const BoxEntry& box) {
    bytes_ += "GP";
    u8(0);                       // version 1.0 of the blob format
    u8(envelope ? 0x03 : 0x01);  // little-endian; envelope [minx, maxx, miny, maxy] or none
    raw(&srs_id, 4);
    if (envelope) f64(box.min_x), f64(box.max_x), f64(box.min_y), f64(box.max_y);
  }
  void point(const XY& p) {
    wkb_type(1);
    f64(p.x), f64(p.y);
  }
  void line(const LineString& l) {
    wkb_type(2);
    points(l, false);
  }
  void polygon(const Polygon& p) {
    wkb_type(3);
    u32(static_cast<std::uint32_t>(1 + p.holes.size()));
    points(p.outer, true);
    for (const Ring& h : p.holes) points(h, true);
  }
  void multi(std::uint32_t type, std::size_t parts) {
    wkb_type(type);
    u32(static_cast<std::uint32_t>(parts));
  }

 private:
  void raw(const void* p, std::size_t n) { bytes_.append(static_cast<const char*>(p), n); }
  void u8(unsigned char v) { bytes_ += static_cast<char>(v); }
  void u32(std::uint32_t v) { raw(&v, 4); }
  void f64(double v) { raw(&v, 8); }
  void wkb_type(std::uint32_t type) { u8(1), u32(type); }
  // A ring is closed as OGRLinearRing::closeRings closes it: the first point repeated unless it is last.
  void points(const std::vector<XY>& pts, bool ring) {
    const bool close =
        ring && pts.size() >= 2 && !(pts.front().x == pts.back().x && pts.front().y == pts.back().y);
    u32(static_cast<std::uint32_t>(pts.size() + (close ? 1 : 0)));
    for (const XY& p : pts) f64(p.x), f64(p.y);
    if (close) f64(pts.front().x), f64(pts.front().y);
  }

  std::string bytes_;
};

void encode(GeometryBlob& blob, const Geometry& g, bool multi, std::int32_t srs_id, const BoxEntry& box) {
  blob.clear();
  blob.header(srs_id, multi || g.kind != GeometryKind::Point, box);
  switch (g.kind) {
    case GeometryKind::Point:
      if (multi) blob.multi(4, g.points.size());
      for (const XY& p : g.points) blob.point(p);
      break;
    case GeometryKind::Line:
      if (multi) blob.multi(5, g.lines.size());
      for (const LineString& l : g.lines) blob.line(l);
      break;
    case GeometryKind::Polygon:
      if (multi) blob.multi(6, g.polygons.size());
      for (const Polygon& p : g.polygons) blob.polygon(p);
      break;
  }
}

// A geometry GDAL writes as this file does: finite coordinates, no empty part (GDAL flags those as empty
// or drops them), one part unless the column is multi, of the kind its lists say.
bool plain_geometry(const Geometry& g) {
  auto finite = [](const std::vector<XY>& pts) {
    return std::all_of(pts.begin(), pts.end(),
                       [](const XY& p) { return std::isfinite(p.x) && std::isfinite(p.y); });
  };
  switch (g.kind) {
    case GeometryKind::Point:
      return g.lines.empty() && g.polygons.empty() && finite(g.points);
    case GeometryKind::Line:
      return g.points.empty() && g.polygons.empty() &&
             std::all_of(g.lines.begin(), g.lines.end(),
                         [&](const LineString& l) { return !l.empty() && finite(l); });
    case GeometryKind::Polygon:
      return g.points.empty() && g.lines.empty() &&
             std::all_of(g.polygons.begin(), g.polygons.end(), [&](const Polygon& p) {
               return !p.outer.empty() && finite(p.outer) &&
                      std::all_of(p.holes.begin(), p.holes.end(),
                                  [&](const Ring& h) { return !h.empty() && finite(h); });
             });
  }
  return false;
}

bool value_binds(const Value& v, FieldType type) {
  switch (type) {
    case FieldType::Integer:
      return !std::holds_alternative<double>(v) && !std::holds_alternative<std::string>(v);
    case FieldType::Real:
      return !std::holds_alternative<std::int64_t>(v) && !std::holds_alternative<std::string>(v);
    case FieldType::String:
      if (const auto* s = std::get_if<std::string>(&v))
        return CPLIsUTF8(s->c_str(), static_cast<int>(s->size()));
      return std::holds_alternative<std::monostate>(v);
  }
  return false;
}

void bind_value(sqlite3_stmt* stmt, int index, const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v))
    sqlite3_bind_int64(stmt, index, *i);
  else if (const auto* d = std::get_if<double>(&v))
    sqlite3_bind_double(stmt, index, *d);
  else if (const auto* s = std::get_if<std::string>(&v))
    sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
  else
    sqlite3_bind_null(stmt, index);
}

void bind_column(sqlite3_stmt* stmt, int index, const Column& c, std::size_t i) {
  if (c.is_null(i)) {
    sqlite3_bind_null(stmt, index);
    return;
  }
  switch (c.field.type) {
    case FieldType::Integer:
      sqlite3_bind_int64(stmt, index, c.integers[i]);
      break;
    case FieldType::Real:
      sqlite3_bind_double(stmt, index, c.reals[i]);
      break;
    case FieldType::String:
      sqlite3_bind_text(stmt, index, c.strings[i].data(), static_cast<int>(c.strings[i].size()),
                        SQLITE_STATIC);
      break;
  }
}

std::string insert_sql(const GpkgTable& t) {
  std::string names = quoted(t.fid_column) + ", " + quoted(t.geometry_column), params = "?, ?";
  for (const std::string& c : t.field_columns) names += ", " + quoted(c), params += ", ?";
  return "INSERT INTO " + quoted(t.table) + " (" + names + ") VALUES (" + params + ")";
}

std::int32_t srs_id_of(const Connection& db, const GpkgTable& t) {
  Stmt s = db.prepare("SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)");
  sqlite3_bind_text(s.get(), 1, t.table.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.get()) != SQLITE_ROW) db.fail("no gpkg_geometry_columns row");
  return sqlite3_column_int(s.get(), 0);
}

// The table's triggers (GDAL's feature count triggers) as SQL, dropped until the rows are in.
std::vector<std::string> set_triggers_aside(const Connection& db, const std::string& table) {
  std::vector<std::string> names, sql;
  {
    Stmt s = db.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND lower(tbl_name) = lower(?)");
    sqlite3_bind_text(s.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(s.get()) == SQLITE_ROW) {
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
      sql.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 1)));
    }
  }
  for (const std::string& name : names) db.exec("DROP TRIGGER " + quoted(name));
  return sql;
}

bool has_table(const Connection& db, const char* name) {
  Stmt s = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  sqlite3_bind_text(s.get(), 1, name, -1, SQLITE_STATIC);
  return sqlite3_step(s.get()) == SQLITE_ROW;
}

// What GDAL records when it closes a layer it wrote: the feature count and the extent.
void update_contents(const Connection& db, const GpkgTable& t, std::size_t rows, const BoxEntry& extent) {
  if (has_table(db, "gpkg_ogr_contents")) {
    Stmt s = db.prepare("UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)");
    sqlite3_bind_int64(s.get(), 1, static_cast<sqlite3_int64>(rows));
    sqlite3_bind_text(s.get(), 2, t.table.c_str(), -1, SQLITE_TRANSIENT);
    db.step(s.get());
  }
  if (extent.min_x > extent.max_x) return;  // no geometry
  Stmt s = db.prepare(
      "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE lower(table_name) = "
      "lower(?)");
  sqlite3_bind_double(s.get(), 1, extent.min_x);
  sqlite3_bind_double(s.get(), 2, extent.min_y);
  sqlite3_bind_double(s.get(), 3, extent.max_x);
  sqlite3_bind_double(s.get(), 4, extent.max_y);
  sqlite3_bind_text(s.get(), 5, t.table.c_str(), -1, SQLITE_TRANSIENT);
  db.step(s.get());
}

}  // namespace

BoxEntry box_of(std::int64_t fid, const Geometry& g) {
  BoxEntry b{fid, HUGE_VAL, -HUGE_VAL, HUGE_VAL, -HUGE_VAL};
  auto add = [&](const XY& p) {
    b.min_x = std::min(b.min_x, p.x), b.max_x = std::max(b.max_x, p.x);
    b.min_y = std::min(b.min_y, p.y), b.max_y = std::max(b.max_y, p.y);
  };
  for (const XY& p : g.points) add(p);
  for (const LineString& l : g.lines)
    for (const XY& p : l) add(p);
  for (const Polygon& poly : g.polygons) {
    for (const XY& p : poly.outer) add(p);
    for (const Ring& h : poly.holes)  // inside the outer ring when valid; GDAL's envelope takes them all
      for (const XY& p : h) add(p);
  }
  return b;
}

bool rows_bind_directly(const OutputLayer& out) {
  const Layer& layer = *out.layer;
  for (const Feature& f : layer.features) {
    if (!f.geometry.empty() && (f.geometry.kind != layer.kind || !plain_geometry(f.geometry))) return false;
    for (std::size_t k = 0; k < layer.fields.size() && k < f.values.size(); ++k)
      if (!value_binds(f.values[k], layer.fields[k].type)) return false;
  }
  for (const Column& c : out.columns)
    for (const std::string& s : c.strings)
      if (!CPLIsUTF8(s.c_str(), static_cast<int>(s.size()))) return false;
  return true;
}

std::vector<BoxEntry> row_boxes(const OutputLayer& out) {
  const std::vector<Feature>& features = out.layer->features;
  std::vector<BoxEntry> boxes;
  boxes.reserve(features.size());
  for (std::size_t i = 0; i < features.size(); ++i)
    if (!features[i].geometry.empty())
      boxes.push_back(box_of(static_cast<std::int64_t>(i + 1), features[i].geometry));
  return boxes;
}

void insert_gpkg_rows(const Connection& db, const GpkgTable& t, const OutputLayer& out) {
  const Layer& layer = *out.layer;
  const std::int32_t srs_id = srs_id_of(db, t);
  const std::vector<std::string> triggers = set_triggers_aside(db, t.table);
  Stmt insert = db.prepare(insert_sql(t));
  sqlite3_stmt* stmt = insert.get();
  const int own = static_cast<int>(layer.fields.size());
  BoxEntry extent{0, HUGE_VAL, -HUGE_VAL, HUGE_VAL, -HUGE_VAL};
  GeometryBlob blob;
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    const Feature& f = layer.features[i];
    const auto fid = static_cast<std::int64_t>(i + 1);
    sqlite3_bind_int64(stmt, 1, fid);
    if (f.geometry.empty()) {
      sqlite3_bind_null(stmt, 2);
    } else {
      const BoxEntry box = box_of(fid, f.geometry);
      encode(blob, f.geometry, t.multi, srs_id, box);
      sqlite3_bind_blob(stmt, 2, blob.bytes().data(), static_cast<int>(blob.bytes().size()), SQLITE_STATIC);
      extent.min_x = std::min(extent.min_x, box.min_x), extent.max_x = std::max(extent.max_x, box.max_x);
      extent.min_y = std::min(extent.min_y, box.min_y), extent.max_y = std::max(extent.max_y, box.max_y);
    }
    for (int k = 0; k < own; ++k) {
      const auto ku = static_cast<std::size_t>(k);
      if (ku < f.values.size())
        bind_value(stmt, 3 + k, f.values[ku]);
      else
        sqlite3_bind_null(stmt, 3 + k);
    }
    for (std::size_t c = 0; c < out.columns.size(); ++c)
      bind_column(stmt, 3 + own + static_cast<int>(c), out.columns[c], i);
    if (sqlite3_step(stmt) != SQLITE_DONE)
      throw DataError(Location{db.path(), layer.name, f.id, {}},
                      std::string("cannot write the feature (") + sqlite3_errmsg(db.get()) + ")");
    sqlite3_reset(stmt);
  }
  update_contents(db, t, layer.features.size(), extent);
  for (const std::string& sql : triggers) db.exec(sql);
}

}  // namespace plan::io
