#include "scene.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "plan/error.hpp"
#include "plan/io.hpp"

namespace viewer {
namespace fs = std::filesystem;

MapLayer make_map_layer(plan::Layer layer) {
  MapLayer m;
  m.data = std::move(layer);
  m.styles.reserve(m.data.features.size());
  for (std::size_t f = 0; f < m.data.features.size(); ++f)
    m.styles.push_back(style_for(style_key(m.data, f)));
  for (const plan::Feature& f : m.data.features) {
    const plan::Geometry& g = f.geometry;
    for (const plan::XY& p : g.points) m.bbox.add(p);
    for (const plan::LineString& l : g.lines) {
      for (const plan::XY& p : l) m.bbox.add(p);
      m.segments += l.size() > 1 ? l.size() - 1 : 0;
    }
    for (const plan::Polygon& poly : g.polygons) {
      for (const plan::XY& p : poly.outer) m.bbox.add(p);
      m.segments += poly.outer.size() > 1 ? poly.outer.size() - 1 : 0;
    }
  }
  // Thousands of generic points (OSM nodes, stops) drawn at full symbol size hide everything else.
  if (m.data.kind == plan::GeometryKind::Point && m.data.features.size() > 1000)
    for (FeatureStyle& s : m.styles)
      if (s.legend == m.data.name) s.symbol_size_px = std::min(s.symbol_size_px, 4.0f);
  m.rank = layer_rank(m.data.name, m.data.kind);
  // The style rules label the plan's own features and named main roads; a layer with thousands of such
  // features starts with its labels off (they are placed anew every frame).
  std::size_t labelled = 0;
  for (const FeatureStyle& s : m.styles) labelled += s.label_priority > 0;
  m.labels = labelled <= 2000;
  return m;
}

namespace {

bool is_vector_file(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  static const char* known[] = {".geojson", ".json", ".gpkg", ".shp", ".fgb",
                                ".pbf",     ".osm",  ".kml",  ".gml", ".gz"};
  if (p.filename() == "plan.json") return false;  // the plan's metadata, not a layer
  return std::find_if(std::begin(known), std::end(known), [&](const char* k) { return ext == k; }) !=
         std::end(known);
}

std::vector<std::string> vector_files_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && is_vector_file(e.path())) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

const char* plural(plan::GeometryKind k) {
  switch (k) {
    case plan::GeometryKind::Point:
      return "points";
    case plan::GeometryKind::Line:
      return "lines";
    case plan::GeometryKind::Polygon:
      return "polygons";
  }
  return "";
}

}  // namespace

std::vector<std::string> expand_source(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> out = vector_files_in(path);
  if (out.empty()) {
    std::vector<fs::path> subdirs;
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.is_directory()) subdirs.push_back(e.path());
    std::sort(subdirs.begin(), subdirs.end());
    for (const fs::path& d : subdirs)
      for (std::string& f : vector_files_in(d)) out.push_back(std::move(f));
  }
  return out;
}

LoadResult load_sources(const std::vector<std::string>& paths, const std::string& crs) {
  LoadResult result;
  result.crs = crs;
  for (const std::string& path : paths) {
    std::vector<std::string> files = expand_source(path);
    if (files.empty()) result.errors.push_back(path + ": no vector files in this folder");
    for (const std::string& file : files) {
      std::vector<std::string> names;
      try {
        names = plan::list_layers(file);
      } catch (const std::exception& e) {
        result.errors.push_back(e.what());
        continue;
      }
      const bool osm = file.find(".osm") != std::string::npos;
      for (const std::string& name : names) {
        if (osm && name == "other_relations") continue;
        plan::ReadOptions options;
        options.layer = names.size() > 1 ? name : "";
        options.target_crs = result.crs;
        options.skip_other_kinds = true;
        try {
          plan::ReadReport report;
          plan::Layer first = plan::read_layer(file, options, &report);
          if (result.crs.empty()) result.crs = first.crs;
          for (std::string& w : report.warnings) result.warnings.push_back(std::move(w));
          auto add = [&](plan::Layer l) {
            result.layers.push_back(make_map_layer(std::move(l)));
            result.layers.back().source_crs = report.source_crs;
          };
          if (report.skipped_other_kind == 0) {
            if (first.features.empty() && osm) continue;  // OSM extracts often have empty layers
            add(std::move(first));
            continue;
          }
          // Mixed kinds: read again once per kind that was skipped.
          const plan::GeometryKind kinds[] = {plan::GeometryKind::Point, plan::GeometryKind::Line,
                                              plan::GeometryKind::Polygon};
          const std::string base = first.name;
          first.name = base + " (" + plural(first.kind) + ")";
          const plan::GeometryKind first_kind = first.kind;
          add(std::move(first));
          for (plan::GeometryKind k : kinds) {
            if (k == first_kind) continue;
            options.expect = k;
            plan::Layer more = plan::read_layer(file, options, nullptr);
            if (more.features.empty()) continue;
            more.name = base + " (" + plural(k) + ")";
            add(std::move(more));
          }
        } catch (const std::exception& e) {
          result.errors.push_back(e.what());
        }
      }
    }
  }
  return result;
}

std::string default_plan_path(const std::string& source_dir) {
  std::error_code ec;
  if (fs::is_directory("data/heze", ec)) return "data/heze";
  return (fs::path(source_dir) / "data" / "heze").string();
}

}  // namespace viewer
