// What ImGui draws over the GL map: labels, the selection, the panels' markers, scale bar, north arrow,
// legend, status line and title.
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <functional>

#include "app.hpp"
#include "panels/panels.hpp"
#include "panels/widgets.hpp"

namespace viewer {
namespace {

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

}  // namespace

void draw_overlays(AppState& app) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  draw_labels(app, dl);
  draw_selection(app, dl);
  draw_isochrone_origins(app, dl);
  draw_proposals(app, dl);
  draw_edit_overlay(app, dl);
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

}  // namespace viewer
