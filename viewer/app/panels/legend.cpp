// The legend: one entry per style of the visible layers, top layer first, in the map's lower right corner.
#include <algorithm>

#include "app.hpp"
#include "panels/panels.hpp"
#include "panels/widgets.hpp"

namespace viewer {

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

}  // namespace viewer
