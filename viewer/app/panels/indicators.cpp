#include "panels/indicators.hpp"

#include <exception>
#include <filesystem>

#include "app.hpp"

namespace viewer {

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

void poll_indicators(AppState& app) {
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
}

void indicators_sources_added(AppState& app, const std::vector<std::string>& paths) {
  for (const std::string& p : paths) {
    std::error_code ec;
    if (app.indicators.plan_path.empty() &&
        std::filesystem::exists(std::filesystem::path(p) / "plan.json", ec)) {
      app.indicators.plan_path = p;
      app.indicators.requested = true;
    }
  }
}

namespace {

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

}  // namespace

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

#else
void start_indicators(AppState&) {}
void poll_indicators(AppState&) {}
void indicators_sources_added(AppState&, const std::vector<std::string>&) {}
void indicators_tab(AppState&) {
  ImGui::TextWrapped(
      "The plan's indicators with targets and status colours need the plan model (plan/report.hpp), "
      "which is not in this build.");
}
#endif

}  // namespace viewer
