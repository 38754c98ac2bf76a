// The Layers window: visibility, opacity, colour, labels and order of every layer; messages.
#include <utility>

#include "app.hpp"
#include "panels/panels.hpp"

namespace viewer {

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

}  // namespace viewer
