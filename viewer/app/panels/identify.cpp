// The Identify window: the attributes of the feature clicked on the map.
#include <cstdio>
#include <variant>

#include "app.hpp"
#include "panels/panels.hpp"

namespace viewer {
namespace {

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

}  // namespace

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

}  // namespace viewer
