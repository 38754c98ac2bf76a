// The Analysis window: one tab per measure, each drawn by its own panel (coverage, isochrones, suggest,
// elderly care, indicators).
#include "app.hpp"
#include "panels/panels.hpp"

namespace viewer {

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
      coverage_tab(app);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Isochrones", nullptr, tab_flags("isochrones"))) {
      isochrones_tab(app);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Suggest", nullptr, tab_flags("suggest"))) {
      suggest_tab(app);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Elderly care", nullptr, tab_flags("elderly_care"))) {
      elderly_care_tab(app);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Indicators", nullptr, tab_flags("indicators"))) {
      indicators_tab(app);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}

}  // namespace viewer
