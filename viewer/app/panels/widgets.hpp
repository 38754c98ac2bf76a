// Small drawing helpers shared by the panels and the map overlays.
#pragma once

#include <imgui.h>

#include <string>

#include "../../core/style.hpp"
#include "plan/layer.hpp"

namespace viewer {

struct AppState;

ImU32 im(Rgba c);

// Point symbols in ImGui, for the legend and the selection: the same shapes as the GL point shader.
void draw_symbol(ImDrawList* dl, ImVec2 c, Symbol symbol, float size, ImU32 fill);

// Text with a white halo, readable over any map colour.
void draw_halo_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 colour, const char* text);

// A combo of the layers of one geometry kind, by name; `none` (when given) offers no layer. Result layers
// (isochrones, coverage) are not offered. Returns true when the user picked another layer.
bool name_combo(AppState& app, const char* label, std::string* name, plan::GeometryKind kind,
                const char* none);

}  // namespace viewer
