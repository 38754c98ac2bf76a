#include "plan/osm.hpp"

#include <algorithm>
#include <set>

#include "plan/error.hpp"

namespace plan {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

std::string to_text(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

}  // namespace

bool is_osm_source(const std::string& path) {
  return ends_with(path, ".osm") || ends_with(path, ".pbf") || ends_with(path, ".osm.gz") ||
         ends_with(path, ".osm.bz2");
}

std::map<std::string, std::string> parse_osm_other_tags(const std::string& text) {
  std::map<std::string, std::string> tags;
  std::size_t i = 0;
  auto quoted = [&](std::string& out) {
    out.clear();
    if (i >= text.size() || text[i] != '"') return false;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;
      out += text[i];
    }
    if (i >= text.size()) return false;
    ++i;
    return true;
  };
  std::string key, value;
  while (i < text.size()) {
    if (!quoted(key)) break;
    if (text.compare(i, 2, "=>") != 0) break;
    i += 2;
    if (!quoted(value)) break;
    tags[key] = value;
    if (i < text.size() && text[i] == ',') ++i;
  }
  return tags;
}

bool osm_walkable(const std::string& highway, const std::map<std::string, std::string>& tags) {
  static const std::set<std::string> kWalk = {
      "footway",      "path",         "pedestrian",    "steps",     "living_street",  "residential",
      "service",      "unclassified", "track",         "cycleway",  "bridleway",      "corridor",
      "road",         "tertiary",     "tertiary_link", "secondary", "secondary_link", "primary",
      "primary_link", "trunk",        "trunk_link",    "crossing",  "elevator"};
  if (!kWalk.count(highway)) return false;
  auto tag = [&](const char* k) {
    auto it = tags.find(k);
    return it == tags.end() ? std::string() : it->second;
  };
  const std::string foot = tag("foot"), access = tag("access");
  if (foot == "no" || foot == "private") return false;
  const bool foot_allowed = foot == "yes" || foot == "designated" || foot == "permissive";
  if ((access == "private" || access == "no") && !foot_allowed) return false;
  // Like OSMnx's walk network, trunk roads count (in Chinese cities they are the main avenues, with
  // sidewalks) unless tagged as motor roads.
  if (tag("motorroad") == "yes" && !foot_allowed) return false;
  return true;
}

Layer read_osm_walk_lines(const std::string& source, const ReadOptions& options, ReadReport* report,
                          OsmNetworkReport* osm_report) {
  ReadOptions o = options;
  o.layer = "lines";
  o.expect = GeometryKind::Line;
  return walkable_osm_lines(read_layer(source, o, report), osm_report);
}

Layer walkable_osm_lines(Layer lines, OsmNetworkReport* osm_report) {
  const std::string& source = lines.source;
  const auto hw = lines.field_index("highway");
  if (!hw)
    throw DataError(Location{source, lines.name, {}, "highway"}, "an OSM lines layer needs a highway field");
  const auto other = lines.field_index("other_tags");
  OsmNetworkReport r;
  r.lines = lines.features.size();
  std::vector<Feature> kept;
  for (Feature& f : lines.features) {
    const std::string highway = to_text(f.values[*hw]);
    if (highway.empty()) {
      ++r.not_highway;
      continue;
    }
    const auto tags =
        other ? parse_osm_other_tags(to_text(f.values[*other])) : std::map<std::string, std::string>{};
    if (!osm_walkable(highway, tags)) {
      ++r.not_walkable;
      continue;
    }
    kept.push_back(std::move(f));
  }
  r.kept = kept.size();
  lines.features = std::move(kept);
  if (osm_report) *osm_report = r;
  return lines;
}

std::vector<std::string> text_values(const Layer& layer, const std::string& field) {
  const auto column = layer.field_index(field), tags = layer.field_index("other_tags");
  if (!column && !tags) {
    std::string names;
    for (const Field& f : layer.fields) names += (names.empty() ? "" : ", ") + f.name;
    throw DataError(Location{layer.source, layer.name, {}, field}, "no such field (fields: " + names + ")");
  }
  std::vector<std::string> out;
  out.reserve(layer.features.size());
  for (const Feature& f : layer.features) {
    // A null column falls back to other_tags: layers of one OSM file stacked together share a column
    // that only some of them had, the others keeping the key in other_tags.
    std::string v = column ? to_text(f.values[*column]) : std::string();
    if (v.empty() && tags && std::holds_alternative<std::string>(f.values[*tags])) {
      const auto parsed = parse_osm_other_tags(std::get<std::string>(f.values[*tags]));
      if (auto it = parsed.find(field); it != parsed.end()) v = it->second;
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace plan
