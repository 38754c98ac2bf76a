#include "plan/memory.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/gdal_util.hpp"
#include "plan/error.hpp"

namespace plan {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Consecutive vertex pairs of the line parts of a geometry.
std::uint64_t line_edges(const OGRGeometry* g) {
  if (!g) return 0;
  const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
  if (t == wkbLineString || t == wkbLinearRing) {
    const int n = g->toSimpleCurve()->getNumPoints();
    return n > 1 ? static_cast<std::uint64_t>(n - 1) : 0;
  }
  if (OGR_GT_IsSubClassOf(t, wkbGeometryCollection)) {
    std::uint64_t e = 0;
    for (const OGRGeometry* part : *g->toGeometryCollection()) e += line_edges(part);
    return e;
  }
  if (t == wkbPolygon) {
    std::uint64_t e = 0;
    for (const OGRLinearRing* ring : *g->toPolygon()) e += line_edges(ring);
    return e;
  }
  return 0;
}

// Drivers whose feature count is stored or indexed, so that opening and counting costs milliseconds.
bool cheap_count_driver(const std::string& name) {
  return name == "GPKG" || name == "FlatGeobuf" || name == "ESRI Shapefile" || name == "SQLite" ||
         name == "PostgreSQL" || name == "OpenFileGDB" || name == "Parquet" || name == "Arrow";
}

constexpr std::uint64_t kEdgeSample = 100000;

// The layers `names` lists (comma-separated; empty: every layer). Names the dataset lacks are left out and
// counted in `missing`.
std::vector<OGRLayer*> listed_layers(GDALDataset& ds, const std::string& names,
                                     std::size_t* missing = nullptr) {
  std::vector<OGRLayer*> chosen;
  if (names.empty()) {
    for (OGRLayer* l : ds.GetLayers()) chosen.push_back(l);
    return chosen;
  }
  std::stringstream list(names);
  std::string n;
  while (std::getline(list, n, ','))
    if (OGRLayer* l = ds.GetLayerByName(n.c_str()))
      chosen.push_back(l);
    else if (missing)
      ++*missing;
  return chosen;
}

}  // namespace

std::uint64_t parse_size(const std::string& text, const std::string& what) {
  auto bad = [&](const std::string& why) {
    return UsageError(what + " '" + text + "' " + why +
                      " (give a size such as 2G, 512MiB, 1.5GB or a number of bytes)");
  };
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  const std::string number = text.substr(0, i);
  if (number.empty() || std::count(number.begin(), number.end(), '.') > 1 || number == ".")
    throw bad("is not a size");
  const double value = std::strtod(number.c_str(), nullptr);
  std::string unit = lower(text.substr(i));
  if (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  double scale = 0;
  const std::string units[] = {"", "k", "m", "g", "t"};
  for (int p = 0; p < 5; ++p) {
    const std::string& u = units[p];
    if (unit == u || (p == 0 ? unit == "b" : (unit == u + "b" || unit == u + "ib")))
      scale = std::pow(1024.0, p);
  }
  if (scale == 0) throw bad("has an unknown unit");
  const double bytes = value * scale;
  if (!std::isfinite(bytes) || bytes >= 9.2e18) throw bad("is too large");
  return static_cast<std::uint64_t>(std::llround(bytes));
}

std::string format_size(std::uint64_t bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) v /= 1024, ++u;
  char buf[48];
  if (u == 0)
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  else if (v < 10)
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  else
    std::snprintf(buf, sizeof buf, "%.0f %s", v, units[u]);
  return buf;
}

std::optional<std::uint64_t> parse_mem_available(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) != 0) continue;
    std::istringstream fields(line.substr(13));
    double kb = -1;
    std::string unit;
    fields >> kb;
    if (fields.fail() || !(kb >= 0)) return std::nullopt;
    fields >> unit;
    if (!unit.empty() && lower(unit) != "kb") return std::nullopt;
    return static_cast<std::uint64_t>(kb * 1024);
  }
  return std::nullopt;
}

std::optional<std::uint64_t> mem_available_bytes(const std::string& meminfo_path) {
  std::ifstream in(meminfo_path);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return parse_mem_available(text.str());
}

std::uint64_t peak_rss_bytes() {
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) != 0) return 0;
  return static_cast<std::uint64_t>(u.ru_maxrss) * 1024;  // Linux reports kilobytes
}

const MemoryModel& default_memory_model() {
  static const MemoryModel model;
  return model;
}

std::uint64_t estimate_peak_bytes(const MemoryCounts& c, const MemoryModel& m) {
  const double bytes = m.base_bytes + m.bytes_per_point * static_cast<double>(c.point_features) +
                       m.bytes_per_home_out * static_cast<double>(c.homes_written) +
                       m.bytes_per_edge * static_cast<double>(c.network_edges) +
                       m.bytes_per_text_byte * static_cast<double>(c.text_file_bytes) +
                       m.bytes_per_osm_byte * static_cast<double>(c.osm_file_bytes);
  return static_cast<std::uint64_t>(std::min(bytes, 1.8e19));
}

namespace {

// What the source's size and format tell before it is opened: its size on disk when a plain file, its
// driver by GDAL's identification (which reads a few header bytes).
struct Identified {
  SourceCount sized;  // file_bytes and osm filled
  bool plain_file = false;
  std::string driver;
};

Identified identify(const std::string& source) {
  Identified id;
  std::error_code ec;
  id.plain_file = std::filesystem::is_regular_file(source, ec);
  if (id.plain_file) id.sized.file_bytes = std::filesystem::file_size(source, ec);
  if (ec) id.sized.file_bytes = 0;
  io::ensure_gdal_registered();
  io::QuietGdalErrors quiet;
  GDALDriverH driver = GDALIdentifyDriverEx(source.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  id.driver = driver ? GDALGetDriverShortName(driver) : "";
  const std::string lname = lower(source);
  id.sized.osm = id.driver == "OSM" || lname.ends_with(".osm.gz") || lname.ends_with(".osm.bz2");
  return id;
}

}  // namespace

std::optional<SourceCount> bound_source_by_size(const std::string& source, bool count_edges) {
  const Identified id = identify(source);
  if (!id.plain_file) return std::nullopt;
  SourceCount out = id.sized;
  out.opened = true;
  if (out.osm || !cheap_count_driver(id.driver)) return out;  // sized as count_source sizes it
  const std::string lname = lower(source);
  for (const char* packed : {".zip", ".gz", ".bz2", ".xz", ".7z", ".tar", ".tgz"})
    if (lname.ends_with(packed)) return std::nullopt;
  if (id.driver == "Parquet" || id.driver == "Arrow") return std::nullopt;
  out.counted = true;
  (count_edges ? out.edges : out.features) = out.file_bytes / (count_edges ? 8 : 16);
  return out;
}

SourceCount count_source(const std::string& source, const std::string& layers, bool count_edges) {
  const Identified id = identify(source);
  SourceCount out = id.sized;
  if (out.osm || !cheap_count_driver(id.driver)) {
    out.opened = id.plain_file;
    return out;
  }
  io::QuietGdalErrors quiet;
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return out;
  out.opened = true;
  const std::vector<OGRLayer*> chosen = listed_layers(*ds, layers);
  for (OGRLayer* l : chosen) {
    const GIntBig n = l->GetFeatureCount(FALSE);
    if (n < 0) return out;  // not cheap after all: sized by the file
    out.features += static_cast<std::uint64_t>(n);
    if (!count_edges || n == 0) continue;
    // Geometry only: every attribute ignored.
    std::vector<std::string> ignored;
    OGRFeatureDefn* defn = l->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) ignored.push_back(defn->GetFieldDefn(i)->GetNameRef());
    std::vector<const char*> ignored_c;
    for (const std::string& s : ignored) ignored_c.push_back(s.c_str());
    ignored_c.push_back(nullptr);
    l->SetIgnoredFields(ignored_c.data());
    l->ResetReading();
    std::uint64_t seen = 0, edges = 0;
    while (seen < kEdgeSample) {
      OGRFeatureUniquePtr f(l->GetNextFeature());
      if (!f) break;
      ++seen;
      edges += line_edges(f->GetGeometryRef());
    }
    if (seen > 0)
      out.edges += seen >= static_cast<std::uint64_t>(n)
                       ? edges
                       : static_cast<std::uint64_t>(static_cast<double>(edges) / static_cast<double>(seen) *
                                                    static_cast<double>(n));
  }
  out.counted = true;
  return out;
}

std::optional<std::vector<std::uint64_t>> count_features_within(const std::string& source,
                                                                const std::string& layers,
                                                                const std::vector<Extent>& extents,
                                                                const std::string& crs) {
  io::ensure_gdal_registered();
  io::QuietGdalErrors quiet;
  GDALDriverH driver = GDALIdentifyDriverEx(source.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  if (!driver || !cheap_count_driver(GDALGetDriverShortName(driver))) return std::nullopt;
  const std::unique_ptr<OGRSpatialReference> target = io::make_srs(crs);
  if (!target) return std::nullopt;
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return std::nullopt;
  std::size_t missing = 0;
  const std::vector<OGRLayer*> chosen = listed_layers(*ds, layers, &missing);
  if (missing) return std::nullopt;
  std::vector<std::uint64_t> counts(extents.size(), 0);
  for (OGRLayer* l : chosen) {
    const OGRSpatialReference* layer_srs = l->GetSpatialRef();
    if (!layer_srs) return std::nullopt;
    OGRSpatialReference src(*layer_srs);
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> back(OGRCreateCoordinateTransformation(target.get(), &src));
    if (!back) return std::nullopt;
    for (std::size_t i = 0; i < extents.size(); ++i) {
      const Extent& e = extents[i];
      const double margin_m = 10;
      double x0, y0, x1, y1;
      if (!back->TransformBounds(e.min_x - margin_m, e.min_y - margin_m, e.max_x + margin_m,
                                 e.max_y + margin_m, &x0, &y0, &x1, &y1, 21))
        return std::nullopt;
      l->SetSpatialFilterRect(x0, y0, x1, y1);
      const GIntBig n = l->GetFeatureCount(TRUE);
      if (n < 0) {
        l->SetSpatialFilter(nullptr);
        return std::nullopt;
      }
      counts[i] += static_cast<std::uint64_t>(n);
    }
    l->SetSpatialFilter(nullptr);
  }
  return counts;
}

}  // namespace plan
