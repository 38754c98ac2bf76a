#include "app.hpp"

#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <variant>

#include "plan/error.hpp"
#include "plan/io.hpp"

namespace viewer {
namespace {

constexpr float kPickRadiusPx = 6;
constexpr float kLabelSize = 15;
constexpr float kLargeLabelSize = 19;

ImU32 im(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

std::string value_text(const plan::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "(null)";
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    char b[64];
    std::snprintf(b, sizeof b, "%.6g", *d);
    return b;
  }
  return std::get<std::string>(v);
}

LayerSlot* find_layer(AppState& app, const std::string& name) {
  for (auto& s : app.layers)
    if (s->layer.data.name == name) return s.get();
  return nullptr;
}

void remove_layer(AppState& app, const std::string& name) {
  for (auto it = app.layers.begin(); it != app.layers.end(); ++it)
    if ((*it)->layer.data.name == name) {
      if (app.selected_slot == it->get()) {
        app.selected_slot = nullptr;
        app.selection.reset();
      }
      app.renderer.release((*it)->gpu);
      app.layers.erase(it);
      return;
    }
}

// Inserts a layer at its default rank among the others (stable: equal ranks keep their load order).
LayerSlot* insert_layer(AppState& app, MapLayer layer) {
  auto slot = std::make_unique<LayerSlot>();
  slot->layer = std::move(layer);
  auto at = std::find_if(app.layers.begin(), app.layers.end(),
                         [&](const auto& s) { return s->layer.rank > slot->layer.rank; });
  LayerSlot* inserted = slot.get();
  app.layers.insert(at, std::move(slot));
  return inserted;
}

plan::XY label_anchor(const plan::Geometry& g, bool* ok) {
  *ok = true;
  if (!g.points.empty()) return g.points.front();
  if (!g.lines.empty()) {
    // The middle of the longest part, by length.
    const plan::LineString* best = nullptr;
    double best_len = -1;
    for (const auto& l : g.lines) {
      double len = 0;
      for (std::size_t i = 1; i < l.size(); ++i) len += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
      if (len > best_len) best_len = len, best = &l;
    }
    if (best && best->size() >= 2) {
      double half = best_len / 2;
      for (std::size_t i = 1; i < best->size(); ++i) {
        const plan::XY a = (*best)[i - 1], b = (*best)[i];
        const double d = std::hypot(b.x - a.x, b.y - a.y);
        if (d >= half && d > 0) return {a.x + (b.x - a.x) * half / d, a.y + (b.y - a.y) * half / d};
        half -= d;
      }
      return best->back();
    }
  }
  if (!g.polygons.empty()) {
    // Area centroid of the largest part's outer ring.
    const plan::Polygon* best = &g.polygons.front();
    for (const auto& p : g.polygons)
      if (plan::area_m2(p) > plan::area_m2(*best)) best = &p;
    const plan::Ring& r = best->outer;
    double a = 0, cx = 0, cy = 0;
    for (std::size_t i = 1; i < r.size(); ++i) {
      const double c = r[i - 1].x * r[i].y - r[i].x * r[i - 1].y;
      a += c, cx += (r[i - 1].x + r[i].x) * c, cy += (r[i - 1].y + r[i].y) * c;
    }
    if (a != 0) return {cx / (3 * a), cy / (3 * a)};
  }
  *ok = false;
  return {};
}

// Point symbols in ImGui, for the legend and the selection: the same shapes as the GL point shader.
void draw_symbol(ImDrawList* dl, ImVec2 c, Symbol symbol, float size, ImU32 fill) {
  const float r = size / 2;
  const ImU32 white = IM_COL32(255, 255, 255, 255);
  switch (symbol) {
    case Symbol::Square:
      dl->AddRectFilled({c.x - r * 0.85f, c.y - r * 0.85f}, {c.x + r * 0.85f, c.y + r * 0.85f}, fill);
      break;
    case Symbol::Triangle:
      dl->AddTriangleFilled({c.x, c.y - r}, {c.x - r * 0.9f, c.y + r * 0.7f},
                            {c.x + r * 0.9f, c.y + r * 0.7f}, fill);
      break;
    case Symbol::Diamond:
      dl->AddQuadFilled({c.x, c.y - r}, {c.x + r, c.y}, {c.x, c.y + r}, {c.x - r, c.y}, fill);
      break;
    case Symbol::Star: {
      ImVec2 pts[10];
      for (int i = 0; i < 10; ++i) {
        const float a = float(i) * 3.14159265f / 5 - 3.14159265f / 2;
        const float rr = i % 2 ? r * 0.45f : r;
        pts[i] = {c.x + rr * std::cos(a), c.y + rr * std::sin(a)};
      }
      for (int i = 0; i < 10; i += 2)  // five triangles plus the centre pentagon: a filled concave star
        dl->AddTriangleFilled(pts[(i + 9) % 10], pts[i], pts[i + 1], fill);
      ImVec2 inner[5] = {pts[1], pts[3], pts[5], pts[7], pts[9]};
      dl->AddConvexPolyFilled(inner, 5, fill);
      break;
    }
    case Symbol::DoubleCircle:
      dl->AddCircleFilled(c, r * 0.9f, fill, 20);
      dl->AddCircle(c, r * 0.45f, white, 20, 1.5f);
      break;
    case Symbol::Circle:
      dl->AddCircleFilled(c, r * 0.9f, fill, 20);
      break;
  }
}

void draw_halo_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour, const char* text) {
  const ImU32 halo = IM_COL32(255, 255, 255, 230);
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      if (dx || dy) dl->AddText(font, size, {pos.x + dx * 1.5f, pos.y + dy * 1.5f}, halo, text);
  dl->AddText(font, size, pos, colour, text);
}

std::vector<const plan::Layer*> visible_top_first(AppState& app, std::vector<const LayerSlot*>* slots) {
  std::vector<const plan::Layer*> out;
  for (auto it = app.layers.rbegin(); it != app.layers.rend(); ++it)
    if ((*it)->layer.visible) {
      out.push_back(&(*it)->layer.data);
      slots->push_back(it->get());
    }
  return out;
}

}  // namespace

void add_sources(AppState& app, const std::vector<std::string>& paths) {
  app.pending_sources.insert(app.pending_sources.end(), paths.begin(), paths.end());
#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
  for (const std::string& p : paths) {
    std::error_code ec;
    if (app.indicators.plan_path.empty() &&
        std::filesystem::exists(std::filesystem::path(p) / "plan.json", ec)) {
      app.indicators.plan_path = p;
      app.indicators.requested = true;
    }
  }
#endif
}

#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
void start_indicators(AppState& app) {
  IndicatorsPanel& ip = app.indicators;
  if (ip.plan_path.empty()) return;
  if (ip.job.running()) {
    ip.requested = true;
    return;
  }
  ip.requested = false;
  // The Coverage panel's last result stands in for the stop-coverage indicator, named as such.
  std::optional<plan::IndicatorValue> coverage;
  if (ip.use_coverage && app.coverage.result) {
    const auto name = [&](const std::string& layer) {
      const LayerSlot* l = find_layer(app, layer);
      return l ? l->layer.data.source : std::string();
    };
    plan::IndicatorValue v;
    v.value = app.coverage.result->area_ratio * 100;
    v.method = "plan-viewer Coverage panel: " + app.coverage.result->definition;
    v.data = "stops " + name(app.coverage.stops) + ", area " + name(app.coverage.area);
    v.synthetic = v.data.find("/demo/") != std::string::npos;
    coverage = v;
  }
  const std::string path = ip.plan_path;
  const int year = ip.year;
  ip.job.start("indicators", [path, year, coverage]() {
    plan::LoadOptions lo;
    lo.strict = false;  // a schema error in one layer should not hide the indicator table
    const plan::Plan p = plan::load_plan(path, lo);
    std::vector<plan::IndicatorValue> values;
    if (coverage)
      for (const plan::Indicator& ind : p.indicators)
        if (ind.computed == "stop_coverage") {
          values.push_back(*coverage);
          values.back().id = ind.id;
        }
    plan::ReportOptions ro;
    ro.year = year;
    return plan::build_report(p, values, ro);
  });
}
#else
void start_indicators(AppState&) {}
#endif

void fit_to(AppState& app, const std::string& layer_name) {
  BBox box;
  if (LayerSlot* s = layer_name.empty() ? nullptr : find_layer(app, layer_name)) box = s->layer.bbox;
  if (box.empty())
    for (auto& s : app.layers)
      if (s->layer.visible) box.add(s->layer.bbox);
  app.view.fit(box);
}

// Sensible first picks: layers named like the demo's inputs.
void default_coverage_inputs(AppState& app) {
  CoveragePanel& cp = app.coverage;
  for (auto& l : app.layers) {
    const std::string& n = l->layer.data.name;
    const plan::GeometryKind k = l->layer.data.kind;
    if (cp.stops.empty() && k == plan::GeometryKind::Point && n.find("stop") != std::string::npos)
      cp.stops = n;
    if (cp.area.empty() && k == plan::GeometryKind::Polygon && n == "central_city") cp.area = n;
    if (cp.exclusions.empty() && k == plan::GeometryKind::Polygon && n == "exclusions") cp.exclusions = n;
  }
}

void start_coverage(AppState& app) {
  CoveragePanel& cp = app.coverage;
  if (cp.stops.empty() || cp.area.empty()) default_coverage_inputs(app);
  const LayerSlot* stops = find_layer(app, cp.stops);
  const LayerSlot* area = find_layer(app, cp.area);
  if (!stops || !area) return;
  if (cp.job.running()) {
    cp.requested = true;
    return;
  }
  cp.requested = false;
  plan::CoverageInput in;
  in.stops = plan::all_points(stops->layer.data);
  in.area = plan::all_polygons(area->layer.data);
  if (const LayerSlot* ex = find_layer(app, cp.exclusions)) {
    plan::MultiPolygon mp = plan::all_polygons(ex->layer.data);
    in.exclusions.assign(mp.begin(), mp.end());
  }
  plan::CoverageOptions options;
  options.radius_m = cp.radius_m;
  options.want_polygons = true;
  options.polygon_segments_per_quadrant = 16;
  cp.job.start("coverage", [in = std::move(in), options]() { return plan::compute_coverage(in, options); });
}

#ifdef PLAN_VIEWER_HAS_NETWORK
// A street layer by its name (streets, roads, OSM "lines"), when none is picked yet.
void default_reach_inputs(AppState& app) {
  ReachPanel& rp = app.reach;
  if (!rp.streets.empty()) return;
  for (auto& s : app.layers) {
    const std::string& n = s->layer.data.name;
    if (s->layer.data.kind == plan::GeometryKind::Line &&
        (n.find("street") != std::string::npos || n.find("road") != std::string::npos || n == "lines"))
      rp.streets = n;
  }
}

bool start_reach(AppState& app, std::string* why) {
  ReachPanel& rp = app.reach;
  default_reach_inputs(app);
  LayerSlot* streets = find_layer(app, rp.streets);
  if (!streets || streets->layer.data.kind != plan::GeometryKind::Line) {
    *why = "pick a street (line) layer";
    return false;
  }
  std::vector<plan::XY> origins;
  if (LayerSlot* f = rp.facilities.empty() ? nullptr : find_layer(app, rp.facilities))
    origins = plan::all_points(f->layer.data);
  else if (rp.clicked)
    origins.push_back(*rp.clicked);
  if (origins.empty()) {
    *why = "click \"Pick origin\" and then the map, or pick a facility layer";
    return false;
  }
  if (rp.job.running()) {
    *why = "a run is still going";
    return false;
  }
  plan::IsochroneOptions options;
  for (float t : rp.thresholds_m)
    if (t > 0) options.thresholds_m.push_back(t);
  options.half_width_m = rp.half_width_m;
  // The network is built once per street layer and reused while the layer stays the same.
  std::shared_ptr<const plan::Network> network = rp.network_layer == rp.streets ? rp.network : nullptr;
  std::shared_ptr<const plan::Layer> lines =
      network ? nullptr : std::make_shared<plan::Layer>(streets->layer.data);
  auto progress = rp.progress;
  progress->store(0);
  const std::string layer_name = rp.streets;
  rp.job.start("isochrones", [=]() {
    ReachOutput out;
    out.network = network ? network : std::make_shared<const plan::Network>(plan::network_from_layer(*lines));
    out.network_layer = layer_name;
    plan::SnapIndex index(*out.network);
    std::vector<plan::SnapPoint> snapped;
    for (const plan::XY& p : origins) {
      plan::SnapPoint s = index.nearest(p, 250);
      if (s.snapped) snapped.push_back(s);
    }
    out.origins = origins.size();
    out.unsnapped = origins.size() - snapped.size();
    if (!snapped.empty())
      out.isochrones = plan::compute_isochrones(*out.network, snapped, options,
                                                [progress](double f) { progress->store(f); });
    return out;
  });
  return true;
}
#else
bool start_reach(AppState&, std::string* why) {
  *why = "this build has no network library";
  return false;
}
#endif

void poll_jobs(AppState& app) {
  // Loader: one job at a time, so every load after the first reads into the first one's CRS.
  if (!app.loader.running() && !app.pending_sources.empty()) {
    std::vector<std::string> paths;
    paths.swap(app.pending_sources);
    const std::string crs = app.crs;
    const std::optional<plan::XY> origin =
        app.origin_set ? std::optional<plan::XY>(app.origin) : std::nullopt;
    app.loader.start("loading", [paths, crs, origin]() {
      LoadedScene scene;
      scene.result = load_sources(paths, crs);
      BBox all;
      for (const MapLayer& l : scene.result.layers) all.add(l.bbox);
      scene.origin = origin        ? *origin
                     : all.empty() ? plan::XY{}
                                   : plan::XY{(all.min_x + all.max_x) / 2, (all.min_y + all.max_y) / 2};
      const auto t0 = std::chrono::steady_clock::now();
      for (const MapLayer& l : scene.result.layers)
        scene.meshes.push_back(build_mesh(l.data, l.styles, scene.origin, 1.0f, l.colour));
      scene.mesh_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      return scene;
    });
  }
  try {
    if (std::optional<LoadedScene> scene = app.loader.take()) {
      LoadResult* r = &scene->result;
      if (!app.origin_set && !r->layers.empty()) {
        app.origin = scene->origin;
        app.origin_set = true;
      }
      app.mesh_build_ms += scene->mesh_ms;
      if (app.crs.empty()) app.crs = r->crs;
      for (std::string& e : r->errors) app.messages.push_back("error: " + e);
      for (std::string& w : r->warnings) app.messages.push_back("warning: " + w);
      for (std::size_t i = 0; i < r->layers.size(); ++i) {
        MapLayer& l = r->layers[i];
        if (!app.only_layers.empty())
          l.visible =
              std::find(app.only_layers.begin(), app.only_layers.end(), l.data.name) != app.only_layers.end();
        // A second file with a layer of the same name gets a suffix, so panels can tell them apart.
        std::string base = l.data.name;
        for (int n = 2; find_layer(app, l.data.name); ++n) l.data.name = base + " " + std::to_string(n);
        LayerSlot* slot = insert_layer(app, std::move(l));
        // Meshes built against another origin (a load that raced the first) are rebuilt on upload.
        if (scene->origin == app.origin) slot->ready_mesh = std::move(scene->meshes[i]);
      }
      app.fonts_dirty = true;
      if (app.fit_after_load) {
        fit_to(app, app.fit_layer);
        app.fit_after_load = false;
      }
    }
  } catch (const std::exception& e) {
    app.messages.push_back(std::string("error: ") + e.what());
  }

#ifdef PLAN_VIEWER_HAS_NETWORK
  ReachPanel& rp = app.reach;
  try {
    if (std::optional<ReachOutput> r = rp.job.take()) {
      rp.seconds = rp.job.seconds();
      rp.error.clear();
      rp.network = r->network;
      rp.network_layer = r->network_layer;
      plan::Layer l;
      l.name = "isochrones";
      l.crs = app.crs;
      l.kind = plan::GeometryKind::Polygon;
      l.fields = {{"kind", plan::FieldType::String},
                  {"threshold_m", plan::FieldType::Real},
                  {"area_km2", plan::FieldType::Real}};
      // Largest first, so the smaller (nested) ones are drawn on top.
      std::vector<const plan::Isochrone*> order;
      for (const auto& iso : r->isochrones) order.push_back(&iso);
      std::stable_sort(order.begin(), order.end(),
                       [](auto* a, auto* b) { return a->threshold_m > b->threshold_m; });
      for (const plan::Isochrone* iso : order) {
        plan::Feature f{std::int64_t(l.features.size()), plan::Geometry::multipolygon(iso->polygon), {}};
        f.values = {std::string("isochrone_") + std::to_string(int(std::lround(iso->threshold_m))),
                    iso->threshold_m, iso->area_m2 / 1e6};
        if (!iso->polygon.empty()) l.features.push_back(std::move(f));
      }
      remove_layer(app, "isochrones");
      insert_layer(app, make_map_layer(std::move(l)));
      rp.result = std::move(r);
    }
  } catch (const std::exception& e) {
    rp.error = e.what();
    rp.result.reset();
  }
#endif

#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
  IndicatorsPanel& ip = app.indicators;
  try {
    if (std::optional<plan::Report> r = ip.job.take()) {
      ip.report = std::move(r);
      ip.error.clear();
      app.fonts_dirty = true;  // indicator names bring new glyphs
    }
  } catch (const std::exception& e) {
    ip.error = e.what();
  }
  if (ip.requested && !ip.job.running() && !app.loader.running()) start_indicators(app);
#endif

  CoveragePanel& cp = app.coverage;
  try {
    if (std::optional<plan::CoverageResult> r = cp.job.take()) {
      cp.seconds = cp.job.seconds();
      cp.error.clear();
      for (const char* name : {"coverage_covered", "coverage_gaps"}) {
        plan::Layer l;
        l.name = name;
        l.crs = app.crs;
        l.kind = plan::GeometryKind::Polygon;
        const plan::MultiPolygon& parts = std::string(name) == "coverage_covered" ? r->covered : r->gaps;
        for (const plan::Polygon& p : parts)
          l.features.push_back({std::int64_t(l.features.size()), plan::Geometry::polygon(p), {}});
        remove_layer(app, name);
        insert_layer(app, make_map_layer(std::move(l)));
      }
      cp.result = std::move(r);
      if (cp.requested) start_coverage(app);
#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
      if (app.indicators.use_coverage) app.indicators.requested = true;
#endif
    }
  } catch (const std::exception& e) {
    cp.error = e.what();
    cp.result.reset();
  }
}

void upload_dirty(AppState& app) {
  for (auto& s : app.layers) {
    if (!s->dirty) continue;
    LayerMesh mesh;
    if (s->ready_mesh) {
      mesh = std::move(*s->ready_mesh);
      s->ready_mesh.reset();
    } else {
      const auto t0 = std::chrono::steady_clock::now();
      mesh = build_mesh(s->layer.data, s->layer.styles, app.origin, 1.0f, s->layer.colour);
      app.mesh_build_ms +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
    app.mesh_triangles += mesh.triangles;
    s->fill_triangles = mesh.triangles;
    app.renderer.upload(s->gpu, mesh);
    s->dirty = false;
  }
}

void rebuild_fonts_if_needed(AppState& app) {
  if (!app.fonts_dirty) return;
  app.fonts_dirty = false;
  ImGuiIO& io = ImGui::GetIO();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
  // Every string on the map or in a panel: names, field values, legend entries, panel texts.
  for (const auto& s : app.layers) {
    builder.AddText(s->layer.data.name.c_str());
    for (const auto& f : s->layer.data.fields) builder.AddText(f.name.c_str());
    if (s->layer.data.features.size() <= 20000)
      for (const auto& f : s->layer.data.features)
        for (const auto& v : f.values)
          if (auto* t = std::get_if<std::string>(&v)) builder.AddText(t->c_str());
    for (const auto& st : s->layer.styles) builder.AddText(st.legend.c_str());
  }
  builder.AddText(
      "图例（规划）中心城市县城重点镇一般镇增长极机场火车站港口生态斑块园区新区河流故道运河廊道发展轴高速铁路"
      "公路国道干线主次路水系"
      "市界区县核心城镇带屏障林场湿地公园森林风景域扣除用地人口街道公交站点覆盖范围空白行政界线菏泽");
  for (const char* ui :
       {"≤…", "步行等时圈", "图层 Layers", "分析 Analysis", "属性 Identify", "图例 Legend", "（规划）"})
    builder.AddText(ui);
  builder.AddText(app.title.c_str());
#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
  builder.AddText("指标年份目标状态");
  if (app.indicators.report) {
    builder.AddText(app.indicators.report->plan_name_zh.c_str());
    for (const plan::IndicatorRow& r : app.indicators.report->rows) {
      builder.AddText(r.indicator.name_zh.c_str());
      builder.AddText(r.indicator.group.c_str());
      builder.AddText(r.indicator.unit.c_str());
      builder.AddText(r.indicator.note.c_str());
      builder.AddText(r.assessment.reason.c_str());
      if (r.indicator.target_2025) builder.AddText(r.indicator.target_2025->text.c_str());
      if (r.indicator.target_2035) builder.AddText(r.indicator.target_2035->text.c_str());
    }
  }
#endif
  app.glyph_ranges.clear();
  builder.BuildRanges(&app.glyph_ranges);

  io.Fonts->Clear();
  app.label_font = app.large_label_font = nullptr;
  if (!app.font_path.empty() && std::filesystem::exists(app.font_path)) {
    ImFontConfig cfg;
    cfg.OversampleH = 1;  // CJK atlases get large; one sample keeps the texture small
    io.Fonts->AddFontFromFileTTF(app.font_path.c_str(), kLabelSize, &cfg, app.glyph_ranges.Data);
    app.large_label_font =
        io.Fonts->AddFontFromFileTTF(app.font_path.c_str(), kLargeLabelSize, &cfg, app.glyph_ranges.Data);
  }
  if (io.Fonts->Fonts.empty()) io.Fonts->AddFontDefault();
  app.label_font = io.Fonts->Fonts[0];
  if (!app.large_label_font) app.large_label_font = app.label_font;
  io.Fonts->Build();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void handle_map_input(AppState& app) {
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 m = io.MousePos;
  const bool on_map = !io.WantCaptureMouse && m.x >= 0 && m.y >= 0;
  if (on_map || app.dragging) app.cursor_world = app.view.to_world({m.x, m.y});

  if (on_map && io.MouseWheel != 0) app.view.zoom_about({m.x, m.y}, std::pow(1.2, io.MouseWheel));
  if (on_map && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    app.dragging = true;
    app.press_pos = app.drag_last = m;
  }
  // Pan by the cursor's movement since the previous drag frame, not by io.MouseDelta: in the frame of
  // the press, MouseDelta also holds the jump from wherever the cursor was last seen.
  if (app.dragging && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    app.view.pan_pixels(m.x - app.drag_last.x, m.y - app.drag_last.y);
    app.drag_last = m;
  }
  if (app.dragging && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    app.dragging = false;
    // A click (no real drag) identifies the feature under the cursor.
    const bool click = std::hypot(m.x - app.press_pos.x, m.y - app.press_pos.y) < 4;
#ifdef PLAN_VIEWER_HAS_NETWORK
    if (click && app.reach.picking) {
      app.reach.picking = false;
      app.reach.clicked = app.view.to_world({m.x, m.y});
      app.reach.facilities.clear();
      std::string why;
      if (!start_reach(app, &why)) app.reach.error = why;
    } else
#endif
        if (click) {
      std::vector<const LayerSlot*> slots;
      std::vector<const plan::Layer*> layers = visible_top_first(app, &slots);
      app.selection = pick(layers, app.view.to_world({m.x, m.y}), kPickRadiusPx * app.view.metres_per_pixel);
      app.selected_slot = app.selection ? slots[app.selection->layer] : nullptr;
    }
  }
  for (int key : app.key_presses) {
    if (key == 301 /* GLFW_KEY_F12 */) app.save_png_request = "plan-viewer.png";
    if (key == 'F' /* GLFW_KEY_F */ && !io.WantCaptureKeyboard) fit_to(app, "");
  }
  app.key_presses.clear();

  // Cursor lon/lat: a PROJ transformation costs about a millisecond to set up, so it runs only when the
  // cursor has moved.
  if (!app.crs.empty() &&
      (app.cursor_world.x != app.lonlat_for.x || app.cursor_world.y != app.lonlat_for.y)) {
    app.lonlat_for = app.cursor_world;
    try {
      app.cursor_lonlat = plan::transform_points({app.cursor_world}, app.crs, "EPSG:4326").front();
    } catch (const std::exception&) {
      app.cursor_lonlat.reset();
    }
  }
}

namespace {

void draw_layers(AppState& app, int fb_width, int fb_height) {
  glClearColor(0.97f, 0.965f, 0.945f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  app.renderer.begin(app.view, app.origin, fb_width, fb_height);
  const BBox visible = app.view.visible();
  for (auto& s : app.layers) {
    if (!s->layer.visible || !visible.intersects(s->layer.bbox)) continue;
    app.renderer.set_opacity(s->layer.opacity);
    app.renderer.draw_fills(s->gpu);
    app.renderer.draw_lines(s->gpu);
    app.renderer.draw_points(s->gpu);
  }
  glBindVertexArray(0);
  glUseProgram(0);
}

// Everything that changes the GL image besides the view (FNV-1a over the drawn state).
std::uint64_t scene_signature(const AppState& app) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::uint64_t v) { h = (h ^ v) * 1099511628211ULL; };
  for (const auto& s : app.layers) {
    mix(reinterpret_cast<std::uintptr_t>(s.get()));
    mix(s->gpu.vao[0]);
    mix(s->layer.visible);
    mix(std::uint64_t(s->layer.opacity * 1000));
  }
  return h;
}

bool ensure_cache(MapCache& c, int w, int h) {
  if (c.fbo && c.width == w && c.height == h) return true;
  if (c.fbo) glDeleteFramebuffers(1, &c.fbo);
  if (c.colour) glDeleteRenderbuffers(1, &c.colour);
  GLint previous = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
  glGenFramebuffers(1, &c.fbo);
  glGenRenderbuffers(1, &c.colour);
  glBindRenderbuffer(GL_RENDERBUFFER, c.colour);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
  glBindFramebuffer(GL_FRAMEBUFFER, c.fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, c.colour);
  const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
  c.width = w, c.height = h, c.valid = false;
  return ok;
}

}  // namespace

void release_cache(AppState& app) {
  MapCache& c = app.cache;
  if (c.fbo) glDeleteFramebuffers(1, &c.fbo);
  if (c.colour) glDeleteRenderbuffers(1, &c.colour);
  c = MapCache{};
}

void draw_map(AppState& app, int fb_width, int fb_height) {
  MapCache& c = app.cache;
  if (!app.use_cache) {
    c.valid = false;
    draw_layers(app, fb_width, fb_height);
    return;
  }
  GLint target = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
  const std::uint64_t signature = scene_signature(app);
  const double fb_scale = fb_width / app.view.width_px;  // framebuffer pixels per canvas pixel (HiDPI)
  double dx = 0, dy = 0;
  bool reuse = c.valid && c.signature == signature && c.width == fb_width && c.height == fb_height &&
               c.view.metres_per_pixel == app.view.metres_per_pixel;
  if (reuse) {
    const ScreenXY shift = image_shift_px(c.view, app.view);
    dx = shift.x * fb_scale;
    dy = -shift.y * fb_scale;  // GL framebuffer rows run bottom-up
    // An unchanged view (an idle frame) shows the cached image as it is; a drag shifts it.
    const bool same_view = c.view.centre == app.view.centre;
    reuse = same_view || (app.dragging && std::abs(dx) < fb_width / 3.0 && std::abs(dy) < fb_height / 3.0);
  }
  if (!reuse) {
    if (!ensure_cache(c, fb_width, fb_height)) {
      draw_layers(app, fb_width, fb_height);
      return;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, c.fbo);
    draw_layers(app, fb_width, fb_height);
    c.view = app.view;
    c.signature = signature;
    c.valid = true;
    dx = dy = 0;
  }
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(target));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, c.fbo);
  glClearColor(0.97f, 0.965f, 0.945f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  const int ix = int(std::lround(dx)), iy = int(std::lround(dy));
  glBlitFramebuffer(0, 0, fb_width, fb_height, ix, iy, ix + fb_width, iy + fb_height, GL_COLOR_BUFFER_BIT,
                    GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target));
}

namespace {

void draw_labels(AppState& app, ImDrawList* dl) {
  struct Item {
    const LayerSlot* slot;
    std::size_t feature;
    std::string text;
  };
  std::vector<LabelCandidate> candidates;
  std::vector<Item> items;
  std::vector<Rect> obstacles;
  const BBox visible = app.view.visible();
  for (auto& s : app.layers) {
    const MapLayer& L = s->layer;
    if (!L.visible || !L.labels || !visible.intersects(L.bbox)) continue;
    for (std::size_t f = 0; f < L.data.features.size(); ++f) {
      const FeatureStyle& st = L.styles[f];
      const plan::Geometry& g = L.data.features[f].geometry;
      if (st.label_priority <= 0) continue;
      bool ok = false;
      const plan::XY anchor = label_anchor(g, &ok);
      if (!ok || !visible.contains(anchor)) continue;
      std::string text = label_text(L.data, f);
      if (text.empty()) continue;
      const ScreenXY a = app.view.to_screen(anchor);
      ImFont* font = st.large_label ? app.large_label_font : app.label_font;
      const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str());
      const bool point = g.kind == plan::GeometryKind::Point;
      const double r = point ? st.symbol_size_px / 2 : 0;
      // A road or river split into many parts is labelled once by name.
      const std::uint64_t group = g.kind == plan::GeometryKind::Line ? std::hash<std::string>{}(text) | 1 : 0;
      candidates.push_back({a, size.x, size.y, r, st.label_priority, !point, group});
      items.push_back({s.get(), f, std::move(text)});
      if (point) obstacles.push_back({a.x - r, a.y - r, a.x + r, a.y + r});
    }
  }
  const std::vector<PlacedLabel> placed =
      place_labels(candidates, app.view.width_px, app.view.height_px, obstacles);
  for (const PlacedLabel& p : placed) {
    const Item& it = items[p.candidate];
    const FeatureStyle& st = it.slot->layer.styles[it.feature];
    Rgba c = it.slot->layer.data.kind == plan::GeometryKind::Point ? st.fill : st.stroke;
    c = {std::uint8_t(c.r * 0.7), std::uint8_t(c.g * 0.7), std::uint8_t(c.b * 0.7), 255};
    ImFont* font = st.large_label ? app.large_label_font : app.label_font;
    draw_halo_text(dl, font, font->FontSize, {float(p.box.x0), float(p.box.y0)}, im(c), it.text.c_str());
  }
}

void draw_selection(AppState& app, ImDrawList* dl) {
  if (!app.selection || !app.selected_slot) return;
  const plan::Geometry& g = app.selected_slot->layer.data.features.at(app.selection->feature).geometry;
  const ImU32 c = IM_COL32(0, 200, 255, 255);
  auto path = [&](const std::vector<plan::XY>& pts) {
    std::vector<ImVec2> s;
    s.reserve(pts.size());
    for (const auto& p : pts) {
      const ScreenXY q = app.view.to_screen(p);
      s.push_back({float(q.x), float(q.y)});
    }
    dl->AddPolyline(s.data(), int(s.size()), c, 0, 3.0f);
  };
  for (const auto& p : g.points) {
    const ScreenXY q = app.view.to_screen(p);
    dl->AddCircle({float(q.x), float(q.y)}, 12, c, 24, 3.0f);
  }
  for (const auto& l : g.lines) path(l);
  for (const auto& poly : g.polygons) {
    path(poly.outer);
    for (const auto& h : poly.holes) path(h);
  }
}

void draw_scale_bar(AppState& app, ImDrawList* dl) {
  const double len_m = nice_scale_length_m(app.view.metres_per_pixel, 160);
  if (len_m <= 0) return;
  const float len_px = float(len_m / app.view.metres_per_pixel);
  const float x = 20, y = float(app.view.height_px) - 40;
  dl->AddRectFilled({x - 8, y - 24}, {x + len_px + 40, y + 12}, IM_COL32(255, 255, 255, 200), 4);
  // Alternating black and white quarters, the usual cartographic scale bar.
  for (int i = 0; i < 4; ++i) {
    const float a = x + len_px * i / 4, b = x + len_px * (i + 1) / 4;
    dl->AddRectFilled({a, y}, {b, y + 6}, i % 2 ? IM_COL32(255, 255, 255, 255) : IM_COL32(30, 30, 30, 255));
  }
  dl->AddRect({x, y}, {x + len_px, y + 6}, IM_COL32(30, 30, 30, 255));
  char buf[32];
  dl->AddText({x, y - 20}, IM_COL32(30, 30, 30, 255), "0");
  const char* t = format_distance(len_m, buf, sizeof buf);
  dl->AddText({x + len_px - ImGui::CalcTextSize(t).x / 2, y - 20}, IM_COL32(30, 30, 30, 255), t);
}

void draw_north_arrow(AppState& app, ImDrawList* dl) {
  const float x = float(app.view.width_px) - 40, y = 30;
  dl->AddTriangleFilled({x, y - 14}, {x - 8, y + 10}, {x, y + 5}, IM_COL32(30, 30, 30, 255));
  dl->AddTriangleFilled({x, y - 14}, {x + 8, y + 10}, {x, y + 5}, IM_COL32(160, 160, 160, 255));
  dl->AddText({x - 4, y + 12}, IM_COL32(30, 30, 30, 255), "N");
}

void draw_legend(AppState& app) {
  std::vector<LegendEntry> rows;
  for (auto it = app.layers.rbegin(); it != app.layers.rend(); ++it) {
    const MapLayer& L = (*it)->layer;
    if (!L.visible || L.data.features.empty()) continue;
    for (LegendEntry& e : legend_entries(L.data, L.styles)) {
      if (L.colour) {
        e.style.fill = L.colour->with_alpha(e.style.fill.a);
        e.style.stroke = L.colour->with_alpha(e.style.stroke.a);
      }
      bool seen = false;
      for (const auto& r : rows) seen = seen || r.text == e.text;
      if (!seen && rows.size() < 28) rows.push_back(std::move(e));
    }
  }
  if (rows.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->WorkPos.x + vp->WorkSize.x - 10, vp->WorkPos.y + vp->WorkSize.y - 34},
                          ImGuiCond_Always, {1, 1});
  ImGui::SetNextWindowBgAlpha(0.88f);
  ImGui::Begin("图例 Legend", nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoCollapse);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const LegendEntry& e : rows) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = 28, h = ImGui::GetTextLineHeight();
    const ImVec2 c{p.x + w / 2, p.y + h / 2};
    const FeatureStyle& s = e.style;
    switch (e.geometry) {
      case plan::GeometryKind::Polygon:
        dl->AddRectFilled({p.x + 2, p.y + 2}, {p.x + w - 2, p.y + h - 2}, im(s.fill));
        dl->AddRect({p.x + 2, p.y + 2}, {p.x + w - 2, p.y + h - 2}, im(s.stroke), 0, 0,
                    std::max(1.0f, s.stroke_width_px));
        break;
      case plan::GeometryKind::Line:
        if (s.dashed)
          for (int i = 0; i < 3; ++i)
            dl->AddLine({p.x + 2 + i * 9.0f, c.y}, {p.x + 7 + i * 9.0f, c.y}, im(s.stroke),
                        s.stroke_width_px);
        else
          dl->AddLine({p.x + 2, c.y}, {p.x + w - 2, c.y}, im(s.stroke), s.stroke_width_px);
        break;
      case plan::GeometryKind::Point:
        draw_symbol(dl, c, s.symbol, std::min(s.symbol_size_px, h), im(s.fill));
        break;
    }
    ImGui::Dummy({w, h});
    ImGui::SameLine();
    ImGui::TextUnformatted(e.text.c_str());
  }
  ImGui::End();
}

}  // namespace

void draw_overlays(AppState& app) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  draw_labels(app, dl);
  draw_selection(app, dl);
#ifdef PLAN_VIEWER_HAS_NETWORK
  if (app.reach.clicked) {
    const ScreenXY o = app.view.to_screen(*app.reach.clicked);
    dl->AddCircleFilled({float(o.x), float(o.y)}, 6, IM_COL32(20, 20, 20, 255));
    dl->AddCircle({float(o.x), float(o.y)}, 6, IM_COL32(255, 255, 255, 255), 16, 2);
  }
#endif
  draw_scale_bar(app, dl);
  draw_north_arrow(app, dl);
  draw_legend(app);

  // Status line: cursor position, scale, CRS.
  char buf[256];
  if (app.cursor_lonlat)
    std::snprintf(buf, sizeof buf, "%.5f°E  %.5f°N   1 px = %.3g m   %s", app.cursor_lonlat->x,
                  app.cursor_lonlat->y, app.view.metres_per_pixel, app.crs.c_str());
  else
    std::snprintf(buf, sizeof buf, "1 px = %.3g m   %s", app.view.metres_per_pixel, app.crs.c_str());
  const float y = float(app.view.height_px) - 22;
  dl->AddRectFilled({0, y - 2}, {float(app.view.width_px), float(app.view.height_px)},
                    IM_COL32(255, 255, 255, 200));
  dl->AddText({190, y}, IM_COL32(40, 40, 40, 255), buf);

  if (!app.title.empty()) {
    ImFont* f = app.large_label_font ? app.large_label_font : ImGui::GetFont();
    const ImVec2 size = f->CalcTextSizeA(f->FontSize * 1.3f, FLT_MAX, 0, app.title.c_str());
    const float x = float(app.view.width_px - size.x) / 2;
    dl->AddRectFilled({x - 10, 8}, {x + size.x + 10, 14 + size.y}, IM_COL32(255, 255, 255, 210), 4);
    dl->AddText(f, f->FontSize * 1.3f, {x, 11}, IM_COL32(30, 30, 30, 255), app.title.c_str());
  }
  if (app.loader.running()) {
    std::snprintf(buf, sizeof buf, "%c loading… %.1f s", "|/-\\"[int(app.loader.seconds() * 8) % 4],
                  app.loader.seconds());
    dl->AddText({float(app.view.width_px) / 2 - 60, 60}, IM_COL32(120, 0, 0, 255), buf);
  }
}

namespace {

void layer_panel(AppState& app) {
  ImGui::SetNextWindowPos({10, 10}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({330, 520}, ImGuiCond_FirstUseEver);
  ImGui::Begin("图层 Layers");
  if (ImGui::Button("Fit all (F)")) fit_to(app, "");
  ImGui::SameLine();
  if (ImGui::Button("Save PNG (F12)")) app.save_png_request = "plan-viewer.png";
  ImGui::SameLine();
  ImGui::TextDisabled("drop files to add");
  ImGui::Separator();
  int move_from = -1, move_to = -1;
  // Top of the list is the top of the map, the reverse of the drawing order.
  for (int i = int(app.layers.size()) - 1; i >= 0; --i) {
    LayerSlot& s = *app.layers[i];
    MapLayer& L = s.layer;
    ImGui::PushID(&s);
    ImGui::Checkbox("##vis", &L.visible);
    ImGui::SameLine();
    const char* kind = L.data.kind == plan::GeometryKind::Point  ? "pt"
                       : L.data.kind == plan::GeometryKind::Line ? "ln"
                                                                 : "pg";
    const bool open = ImGui::TreeNodeEx("##node", ImGuiTreeNodeFlags_SpanAvailWidth, "%s  (%zu %s)",
                                        L.data.name.c_str(), L.data.features.size(), kind);
    if (open) {
      ImGui::SetNextItemWidth(140);
      ImGui::SliderFloat("opacity", &L.opacity, 0.0f, 1.0f, "%.2f");
      Rgba base = L.colour.value_or(L.styles.empty() ? Rgba{}
                                                     : (L.data.kind == plan::GeometryKind::Polygon ||
                                                                L.data.kind == plan::GeometryKind::Point
                                                            ? L.styles[0].fill
                                                            : L.styles[0].stroke));
      float col[3] = {base.r / 255.f, base.g / 255.f, base.b / 255.f};
      if (ImGui::ColorEdit3("colour", col, ImGuiColorEditFlags_NoInputs)) {
        L.colour =
            Rgba{std::uint8_t(col[0] * 255), std::uint8_t(col[1] * 255), std::uint8_t(col[2] * 255), 255};
        s.dirty = true;
      }
      if (L.colour) {
        ImGui::SameLine();
        if (ImGui::SmallButton("style")) {
          L.colour.reset();
          s.dirty = true;
        }
      }
      ImGui::Checkbox("labels", &L.labels);
      if (ImGui::SmallButton("zoom to")) app.view.fit(L.bbox);
      ImGui::SameLine();
      if (ImGui::SmallButton("up") && i + 1 < int(app.layers.size())) move_from = i, move_to = i + 1;
      ImGui::SameLine();
      if (ImGui::SmallButton("down") && i > 0) move_from = i, move_to = i - 1;
      ImGui::TextDisabled("%zu segments, %zu triangles", L.segments, s.fill_triangles);
      ImGui::TextDisabled("%s", L.data.source.empty() ? "(computed)" : L.data.source.c_str());
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  if (move_from >= 0) std::swap(app.layers[move_from], app.layers[move_to]);

  if (!app.messages.empty()) {
    ImGui::Separator();
    ImGui::TextColored({0.7f, 0.1f, 0.1f, 1}, "Messages (%zu)", app.messages.size());
    ImGui::SameLine();
    if (ImGui::SmallButton("clear")) app.messages.clear();
    ImGui::BeginChild("messages", {0, 140}, true, ImGuiWindowFlags_HorizontalScrollbar);
    for (const std::string& m : app.messages) ImGui::TextWrapped("%s", m.c_str());
    ImGui::EndChild();
  }
  ImGui::End();
}

void identify_panel(AppState& app) {
  if (!app.selection || !app.selected_slot) return;
  const plan::Layer& L = app.selected_slot->layer.data;
  const plan::Feature& f = L.features.at(app.selection->feature);
  ImGui::SetNextWindowPos({10, 540}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({330, 260}, ImGuiCond_FirstUseEver);
  bool open = true;
  ImGui::Begin("属性 Identify", &open);
  ImGui::Text("%s · feature %lld", L.name.c_str(), static_cast<long long>(f.id));
  if (ImGui::BeginTable("attrs", 2,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_Resizable)) {
    for (std::size_t i = 0; i < L.fields.size() && i < f.values.size(); ++i) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(L.fields[i].name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", value_text(f.values[i]).c_str());
    }
    ImGui::EndTable();
  }
  if (L.kind == plan::GeometryKind::Polygon)
    ImGui::Text("area: %.3f km²", plan::area_m2(f.geometry.polygons) / 1e6);
  ImGui::End();
  if (!open) {
    app.selection.reset();
    app.selected_slot = nullptr;
  }
}

// A combo of the layers of one geometry kind, by name; `none` (when given) offers no layer.
bool name_combo(AppState& app, const char* label, std::string* name, plan::GeometryKind kind,
                const char* none) {
  bool changed = false;
  if (ImGui::BeginCombo(label, name->empty() ? none : name->c_str())) {
    if (none && ImGui::Selectable(none, name->empty())) name->clear(), changed = true;
    for (auto& s : app.layers) {
      const plan::Layer& L = s->layer.data;
      if (L.kind != kind || L.name == "isochrones" || L.name.rfind("coverage_", 0) == 0) continue;  // results
      if (ImGui::Selectable(L.name.c_str(), *name == L.name)) *name = L.name, changed = true;
    }
    ImGui::EndCombo();
  }
  return changed;
}

#ifdef PLAN_VIEWER_HAS_NETWORK
void reach_tab(AppState& app) {
  ReachPanel& rp = app.reach;
  default_reach_inputs(app);
  name_combo(app, "streets", &rp.streets, plan::GeometryKind::Line, nullptr);
  name_combo(app, "origins", &rp.facilities, plan::GeometryKind::Point, "(clicked point)");
  ImGui::InputFloat3("thresholds (m)", rp.thresholds_m, "%.0f");
  ImGui::SliderFloat("half-width (m)", &rp.half_width_m, 10, 150, "%.0f m");
  if (ImGui::Button(rp.picking ? "Click the map…" : "Pick origin")) rp.picking = !rp.picking;
  ImGui::SameLine();
  if (ImGui::Button("Run")) {
    std::string why;
    rp.error = start_reach(app, &why) ? "" : why;
  }
  if (rp.job.running()) {
    ImGui::ProgressBar(float(rp.progress->load()), {-1, 0}, "computing isochrones…");
    ImGui::Text("%.1f s", rp.job.seconds());
  }
  if (!rp.error.empty()) ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", rp.error.c_str());
  if (rp.result) {
    ImGui::Separator();
    ImGui::Text("%zu origins, %zu not within 250 m of a street · %.2f s", rp.result->origins,
                rp.result->unsnapped, rp.seconds);
    for (const plan::Isochrone& iso : rp.result->isochrones)
      ImGui::Text("≤ %.0f m walking: %.2f km²", iso.threshold_m, iso.area_m2 / 1e6);
    if (rp.network) {
      const plan::NetworkSummary& n = rp.network->summary();
      ImGui::TextDisabled("network: %zu nodes, %zu edges, %.1f km, connected parts: %zu", n.nodes, n.edges,
                          n.total_km, n.components);
    }
  }
}
#endif

#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
ImVec4 status_colour(plan::IndicatorStatus s) {
  switch (s) {
    case plan::IndicatorStatus::Met:
      return {0.15f, 0.6f, 0.25f, 1};
    case plan::IndicatorStatus::OnTrack:
      return {0.2f, 0.45f, 0.8f, 1};
    case plan::IndicatorStatus::Behind:
      return {0.8f, 0.15f, 0.1f, 1};
    case plan::IndicatorStatus::NoData:
    case plan::IndicatorStatus::NoTarget:
      break;
  }
  return {0.5f, 0.5f, 0.5f, 1};
}

void indicators_tab(AppState& app) {
  IndicatorsPanel& ip = app.indicators;
  if (ip.plan_path.empty()) {
    ImGui::TextWrapped("Open a plan folder (one with plan.json) to see its indicators.");
    return;
  }
  bool changed = ImGui::SliderInt("year", &ip.year, 2021, 2035);
  changed |= ImGui::Checkbox("stop coverage from the Coverage panel", &ip.use_coverage);
  if (changed) start_indicators(app);
  if (ip.job.running()) ImGui::TextDisabled("assessing… %.1f s", ip.job.seconds());
  if (!ip.error.empty()) ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", ip.error.c_str());
  if (!ip.report) return;
  const plan::Report& r = *ip.report;
  ImGui::TextWrapped("%s · %d", r.plan_name_zh.c_str(), r.year);
  if (r.uses_synthetic)
    ImGui::TextColored({0.7f, 0.4f, 0.0f, 1}, "some values come from SYNTHETIC demonstration data");
  auto target = [](const std::optional<plan::Target>& t) { return t ? t->text : std::string("?"); };
  if (ImGui::BeginTable("indicators", 6,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_SizingFixedFit,
                        {0, 400})) {
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("指标", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("2025");
    ImGui::TableSetupColumn("2035");
    ImGui::TableSetupColumn("value");
    ImGui::TableSetupColumn("状态");
    ImGui::TableHeadersRow();
    for (const plan::IndicatorRow& row : r.rows) {
      const plan::Indicator& ind = row.indicator;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", ind.id);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(ind.name_zh.empty() ? "(not available)" : ind.name_zh.c_str());
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(420);
        if (!ind.name_en.empty()) ImGui::TextUnformatted(ind.name_en.c_str());
        ImGui::TextUnformatted(row.assessment.reason.c_str());
        if (row.value) ImGui::Text("%s (%s)", row.value->method.c_str(), row.value->data.c_str());
        if (!ind.note.empty()) ImGui::TextDisabled("%s", ind.note.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(target(ind.target_2025).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(target(ind.target_2035).c_str());
      ImGui::TableNextColumn();
      if (row.value)
        ImGui::Text("%.1f%s%s", row.value->value, ind.unit.c_str(), row.value->synthetic ? "*" : "");
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      ImGui::TextColored(status_colour(row.assessment.status), "%s", plan::to_string(row.assessment.status));
    }
    ImGui::EndTable();
  }
}
#endif

void analysis_panel(AppState& app) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->WorkPos.x + vp->WorkSize.x - 430, 10}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({420, 540}, ImGuiCond_FirstUseEver);
  ImGui::Begin("分析 Analysis");
  auto tab_flags = [&](const char* name) {
    return app.select_tab == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
  };
  if (ImGui::BeginTabBar("analysis")) {
    if (ImGui::BeginTabItem("Coverage", nullptr, tab_flags("coverage"))) {
      CoveragePanel& cp = app.coverage;
      if (cp.stops.empty() && cp.area.empty()) default_coverage_inputs(app);
      bool changed = false;
      changed |= name_combo(app, "stops", &cp.stops, plan::GeometryKind::Point, nullptr);
      changed |= name_combo(app, "area", &cp.area, plan::GeometryKind::Polygon, nullptr);
      changed |= name_combo(app, "exclusions", &cp.exclusions, plan::GeometryKind::Polygon, "(none)");
      changed |= ImGui::SliderFloat("radius (m)", &cp.radius_m, 100, 2000, "%.0f m");
      ImGui::Checkbox("run on change", &cp.auto_run);
      ImGui::SameLine();
      const bool run = ImGui::Button("Run");
      try {
        if (run || (changed && cp.auto_run)) start_coverage(app);
      } catch (const std::exception& e) {
        cp.error = e.what();
      }
      if (cp.job.running()) {
        // The library gives no progress for one coverage run, so this is a busy indicator with the time.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float t = float(cp.job.seconds());
        dl->PathArcTo({p.x + 9, p.y + 9}, 7, t * 8, t * 8 + 4.5f, 16);
        dl->PathStroke(IM_COL32(40, 120, 200, 255), 0, 2.5f);
        ImGui::Dummy({20, 18});
        ImGui::SameLine();
        ImGui::Text("computing… %.1f s", t);
      }
      if (!cp.error.empty()) ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", cp.error.c_str());
      if (cp.result) {
        const plan::CoverageResult& r = *cp.result;
        ImGui::Separator();
        ImGui::Text("coverage  %.2f %%", r.area_ratio * 100);
        ImGui::Text("covered   %.2f km² of %.2f km²", r.covered_m2 / 1e6, r.area_m2 / 1e6);
        ImGui::Text("stops %zu · exclusions removed %zu · %.2f s", r.stops_used, r.exclusions_removed,
                    cp.seconds);
        ImGui::TextWrapped("%s", r.definition.c_str());
      }
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Reach", nullptr, tab_flags("reach"))) {
#ifdef PLAN_VIEWER_HAS_NETWORK
      reach_tab(app);
#else
      ImGui::TextWrapped(
          "Network reach and isochrones (15-minute life circles) need the walking-network library "
          "(plan/isochrone.hpp), which is not in this build.");
#endif
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Indicators", nullptr, tab_flags("indicators"))) {
#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
      indicators_tab(app);
#else
      ImGui::TextWrapped(
          "The plan's indicators with targets and status colours need the plan model (plan/report.hpp), "
          "which is not in this build.");
#endif
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace

void draw_panels(AppState& app) {
  layer_panel(app);
  identify_panel(app);
  analysis_panel(app);
}

}  // namespace viewer
