#include "panels/widgets.hpp"

#include <cmath>

#include "app.hpp"

namespace viewer {

ImU32 im(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

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

bool name_combo(AppState& app, const char* label, std::string* name, plan::GeometryKind kind,
                const char* none) {
  bool changed = false;
  if (ImGui::BeginCombo(label, name->empty() ? none : name->c_str())) {
    if (none && ImGui::Selectable(none, name->empty())) name->clear(), changed = true;
    for (auto& s : app.layers) {
      const plan::Layer& L = s->layer.data;
      const bool result =
          L.name == "isochrones" || L.name.rfind("isochrone_", 0) == 0 || L.name.rfind("coverage_", 0) == 0;
      if (L.kind != kind || result) continue;
      if (ImGui::Selectable(L.name.c_str(), *name == L.name)) *name = L.name, changed = true;
    }
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace viewer
