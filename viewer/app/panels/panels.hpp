// The viewer's windows, one function each, drawn every frame by draw_panels (app.cpp) and draw_overlays
// (map/overlays.cpp). The Analysis window's tabs live beside their state: coverage.hpp, isochrones.hpp,
// indicators.hpp.
#pragma once

namespace viewer {

struct AppState;

// Layers: visibility, opacity, colour, labels, order, zoom to; messages.
void layer_panel(AppState& app);
// Identify: the attributes of the selected feature (nothing without a selection).
void identify_panel(AppState& app);
// Analysis: one tab per measure.
void analysis_panel(AppState& app);
// Legend of the visible layers, drawn in screenshots too.
void draw_legend(AppState& app);

}  // namespace viewer
