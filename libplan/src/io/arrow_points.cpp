#include "io/arrow_points.hpp"

#include <ogr_recordbatch.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <string>

namespace plan::io {

namespace {
std::atomic<bool> streams_off{false};
}

void set_streamed_reading(bool on) { streams_off = !on; }

namespace {

// Owners of the Arrow C structs: each is released by its producer's callback, once.
struct StreamGuard {
  ArrowArrayStream s{};
  ~StreamGuard() {
    if (s.release) s.release(&s);
  }
};
struct SchemaGuard {
  ArrowSchema s{};
  ~SchemaGuard() {
    if (s.release) s.release(&s);
  }
};
struct ArrayGuard {
  ArrowArray a{};
  ~ArrayGuard() {
    if (a.release) a.release(&a);
  }
};

class WkbCursor {
 public:
  WkbCursor(const std::uint8_t* p, std::size_t size) : p_(p), end_(p + size) {}
  bool left(std::size_t n) const { return static_cast<std::size_t>(end_ - p_) >= n; }
  std::uint32_t u32(bool big) {
    std::uint8_t b[4];
    std::memcpy(b, p_, 4), p_ += 4;
    if (big) std::swap(b[0], b[3]), std::swap(b[1], b[2]);
    std::uint32_t v;
    std::memcpy(&v, b, 4);
    return v;
  }
  double f64(bool big) {
    std::uint8_t b[8];
    std::memcpy(b, p_, 8), p_ += 8;
    if (big)
      for (int i = 0; i < 4; ++i) std::swap(b[i], b[7 - i]);
    double v;
    std::memcpy(&v, b, 8);
    return v;
  }
  std::uint8_t byte() { return *p_++; }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

// A WKB geometry header: its byte order, base type (1 point, 4 multipoint, ...) and coordinate count.
struct WkbHeader {
  bool big = false;
  std::uint32_t base = 0;
  int dims = 2;
};

// ISO codes (1001 point Z, 2001 point M, 3001 point ZM) and the extended flags (0x80000000 Z,
// 0x40000000 M); false for EWKB with an SRID (0x20000000) and what is not WKB.
bool read_header(WkbCursor& c, WkbHeader& h) {
  if (!c.left(5)) return false;
  const std::uint8_t order = c.byte();
  if (order > 1) return false;
  h.big = order == 0;
  const std::uint32_t t = c.u32(h.big);
  if (t & 0x20000000u) return false;
  bool z = (t & 0x80000000u) != 0, m = (t & 0x40000000u) != 0;
  std::uint32_t base = t & 0x0FFFFFFFu;
  if (base >= 1000) {
    const std::uint32_t iso = base / 1000;
    if (iso > 3) return false;
    z = z || iso == 1 || iso == 3;
    m = m || iso == 2 || iso == 3;
    base %= 1000;
  }
  h.base = base;
  h.dims = 2 + (z ? 1 : 0) + (m ? 1 : 0);
  return true;
}

// x, y of a point's coordinates; the rest (z, m) skipped.
XY read_xy(WkbCursor& c, const WkbHeader& h) {
  XY p;
  p.x = c.f64(h.big);
  p.y = c.f64(h.big);
  for (int d = 2; d < h.dims; ++d) c.f64(h.big);
  return p;
}

}  // namespace

WkbPoints points_from_wkb(const std::uint8_t* wkb, std::size_t size, std::vector<XY>& out) {
  WkbCursor c(wkb, size);
  WkbHeader h;
  if (!read_header(c, h)) return WkbPoints::Other;
  if (h.base == 1) {
    if (!c.left(8u * h.dims)) return WkbPoints::Other;
    const XY p = read_xy(c, h);
    if (std::isnan(p.x) && std::isnan(p.y)) return WkbPoints::Empty;  // POINT EMPTY
    out.push_back(p);
    return WkbPoints::Points;
  }
  if (h.base != 4 || !c.left(4)) return WkbPoints::Other;
  const std::uint32_t n = c.u32(h.big);
  if (n == 0) return WkbPoints::Empty;
  const std::size_t first = out.size();
  for (std::uint32_t i = 0; i < n; ++i) {
    WkbHeader part;
    // An empty part inside a multipoint is left to OGR, which decides what it means.
    if (!read_header(c, part) || part.base != 1 || !c.left(8u * part.dims)) break;
    const XY p = read_xy(c, part);
    if (std::isnan(p.x) && std::isnan(p.y)) break;
    out.push_back(p);
  }
  if (out.size() - first == n) return WkbPoints::Points;
  out.resize(first);
  return WkbPoints::Other;
}

namespace {

// The value of "ARROW:extension:name" in a schema's metadata (int32 count, then length-prefixed key and
// value strings), or "".
std::string extension_name(const ArrowSchema& s) {
  if (!s.metadata) return {};
  const char* p = s.metadata;
  std::int32_t n, len;
  std::memcpy(&n, p, 4), p += 4;
  for (std::int32_t i = 0; i < n; ++i) {
    std::memcpy(&len, p, 4), p += 4;
    const std::string key(p, len);
    p += len;
    std::memcpy(&len, p, 4), p += 4;
    if (key == "ARROW:extension:name") return std::string(p, len);
    p += len;
  }
  return {};
}

// Where the fid, geometry and kept fields are among the stream's columns, with each field's Arrow format.
struct Columns {
  int fid = -1, geometry = -1;
  std::vector<int> fields;
  std::vector<std::string> formats;
};

int child_named(const ArrowSchema& s, const char* name) {
  for (std::int64_t i = 0; i < s.n_children; ++i)
    if (s.children[i]->name && std::strcmp(s.children[i]->name, name) == 0) return static_cast<int>(i);
  return -1;
}

// The Arrow formats each plan type is taken from: those whose values convert exactly as OGR's
// GetFieldAsInteger64 / GetFieldAsDouble / GetFieldAsString do (int32, int64, int16; float64; UTF-8).
// A boolean (GDAL 3.6's GeoPackage stream gave other values than its features), float32, date, list or
// binary field leaves the layer to the per-feature reader.
bool takes(FieldType type, const std::string& format) {
  switch (type) {
    case FieldType::Integer:
      return format == "i" || format == "l" || format == "s";
    case FieldType::Real:
      return format == "g";
    case FieldType::String:
      return format == "u";
  }
  return false;
}

std::optional<Columns> find_columns(OGRLayer& layer, const ArrowSchema& schema, const std::vector<int>& kept,
                                    const std::vector<FieldType>& types) {
  if (std::strcmp(schema.format, "+s") != 0) return std::nullopt;
  Columns c;
  const std::string fid_name = *layer.GetFIDColumn() ? layer.GetFIDColumn() : "OGC_FID";
  const std::string geom_name = *layer.GetGeometryColumn() ? layer.GetGeometryColumn() : "wkb_geometry";
  c.fid = child_named(schema, fid_name.c_str());
  c.geometry = child_named(schema, geom_name.c_str());
  if (c.fid < 0 || std::strcmp(schema.children[c.fid]->format, "l") != 0) return std::nullopt;
  if (c.geometry < 0 || std::strcmp(schema.children[c.geometry]->format, "z") != 0 ||
      extension_name(*schema.children[c.geometry]) != "ogc.wkb")
    return std::nullopt;
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const int i = child_named(schema, defn->GetFieldDefn(kept[k])->GetNameRef());
    if (i < 0 || i == c.fid || i == c.geometry || !takes(types[k], schema.children[i]->format))
      return std::nullopt;
    c.fields.push_back(i);
    c.formats.push_back(schema.children[i]->format);
  }
  return c;
}

bool is_valid(const ArrowArray& a, std::int64_t i) {
  const auto* bits = static_cast<const std::uint8_t*>(a.buffers[0]);
  if (!bits || a.null_count == 0) return true;
  const std::int64_t j = a.offset + i;
  return (bits[j / 8] >> (j % 8)) & 1;
}

Value value_at(const ArrowArray& a, const std::string& format, std::int64_t i) {
  if (!is_valid(a, i)) return std::monostate{};
  const std::int64_t j = a.offset + i;
  switch (format[0]) {
    case 'i':
      return std::int64_t{static_cast<const std::int32_t*>(a.buffers[1])[j]};
    case 'l':
      return std::int64_t{static_cast<const std::int64_t*>(a.buffers[1])[j]};
    case 's':
      return std::int64_t{static_cast<const std::int16_t*>(a.buffers[1])[j]};
    case 'g':
      return static_cast<const double*>(a.buffers[1])[j];
    default: {  // 'u'
      const auto* offsets = static_cast<const std::int32_t*>(a.buffers[1]);
      const char* chars = static_cast<const char*>(a.buffers[2]);
      return std::string(chars + offsets[j], chars + offsets[j + 1]);
    }
  }
}

// Appends one batch's features to `out`; false when a geometry is not for this reader.
bool append_batch(const ArrowArray& batch, const Columns& c, StreamedPoints& out) {
  if (batch.offset != 0) return false;
  const ArrowArray& geom = *batch.children[c.geometry];
  const ArrowArray& fid = *batch.children[c.fid];
  const auto* offsets = static_cast<const std::int32_t*>(geom.buffers[1]) + geom.offset;
  const auto* wkb = static_cast<const std::uint8_t*>(geom.buffers[2]);
  const auto* ids = static_cast<const std::int64_t*>(fid.buffers[1]) + fid.offset;
  for (std::int64_t i = 0; i < batch.length; ++i) {
    const std::int32_t size = offsets[i + 1] - offsets[i];
    if (!is_valid(geom, i) || size == 0) {
      ++out.skipped_empty;
      continue;
    }
    Feature f;
    f.geometry.kind = GeometryKind::Point;
    const WkbPoints got =
        points_from_wkb(wkb + offsets[i], static_cast<std::size_t>(size), f.geometry.points);
    if (got == WkbPoints::Other) return false;
    if (got == WkbPoints::Empty) {
      ++out.skipped_empty;
      continue;
    }
    f.id = ids[i];
    f.values.reserve(c.fields.size());
    for (std::size_t k = 0; k < c.fields.size(); ++k)
      f.values.push_back(value_at(*batch.children[c.fields[k]], c.formats[k], i));
    out.features.push_back(std::move(f));
  }
  return true;
}

}  // namespace

std::optional<StreamedPoints> read_points_streamed(OGRLayer& layer, const std::vector<int>& kept,
                                                   const std::vector<FieldType>& types) {
  const OGRwkbGeometryType declared = wkbFlatten(layer.GetGeomType());
  if (streams_off || (declared != wkbPoint && declared != wkbMultiPoint) ||
      !layer.TestCapability(OLCFastGetArrowStream))
    return std::nullopt;
  std::optional<StreamedPoints> out;
  {
    layer.ResetReading();
    StreamGuard stream;
    if (!layer.GetArrowStream(&stream.s, nullptr)) return std::nullopt;
    SchemaGuard schema;
    if (stream.s.get_schema(&stream.s, &schema.s) != 0) return std::nullopt;
    const std::optional<Columns> columns = find_columns(layer, schema.s, kept, types);
    if (columns) {
      out.emplace();
      const GIntBig count = layer.GetFeatureCount(FALSE);  // -1 when only a scan would tell
      if (count > 0) out->features.reserve(static_cast<std::size_t>(count));
      while (out) {
        ArrayGuard batch;
        if (stream.s.get_next(&stream.s, &batch.a) != 0)
          out.reset();
        else if (!batch.a.release)
          break;  // end of the stream
        else if (!append_batch(batch.a, *columns, *out))
          out.reset();
      }
    }
  }  // the stream is released before the layer is read again
  layer.ResetReading();
  return out;
}

}  // namespace plan::io
