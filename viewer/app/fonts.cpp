// The font atlas: Dear ImGui bakes only the glyphs asked for, so CJK glyphs are gathered from every
// string the map and the panels may show and the atlas is rebuilt when new strings arrive.
#include <imgui_impl_opengl3.h>

#include <filesystem>
#include <variant>

#include "app.hpp"

namespace viewer {
namespace {

constexpr float kLabelSize = 15;
constexpr float kLargeLabelSize = 19;

}  // namespace

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
  for (const char* ui : {"≤…", "步行等时圈", "图层 Layers", "分析 Analysis", "编辑 Edit", "属性 Identify",
                         "图例 Legend", "（规划）"})
    builder.AddText(ui);
  builder.AddText(kElderlyCareExplanation);
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

}  // namespace viewer
