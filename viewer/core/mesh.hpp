// Turning a layer into vertex arrays once, so the GPU redraws them every frame without the CPU touching
// the geometry again. Plain arrays, no GL: the renderer uploads them as they are.
//
// Coordinates are stored as float32 relative to a scene origin (metres): UTM northings are ~4·10⁶ m, where a
// float's step is 0.25–0.5 m, so absolute coordinates would jitter; relative ones keep centimetres.
#pragma once

#include <cstdint>
#include <vector>

#include "plan/layer.hpp"
#include "style.hpp"

namespace viewer {

struct FillVertex {
  float x, y;
  std::uint32_t rgba;
};

// A line segment is a quad of two triangles. The vertex shader moves each corner by
// offset × half_width_px pixels, so widths stay constant in pixels at every zoom.
struct LineVertex {
  float x, y;     // segment end, world metres relative to the origin
  float ox, oy;   // unit-ish offset: side normal plus end extension (square caps close joins)
  float along_m;  // distance along the line from its start, for dashes
  float half_width_px;
  float dash_px;  // dash length in pixels; 0: solid
  std::uint32_t rgba;
};

struct PointVertex {
  float x, y;
  float size_px;
  float symbol;  // viewer::Symbol as a float, read by the fragment shader
  std::uint32_t rgba;
};

struct LayerMesh {
  std::vector<FillVertex> fills;  // triangles
  std::vector<LineVertex> lines;  // triangles, 6 vertices per segment
  // Hairlines (≤ 1.5 px, e.g. streets): GL_LINES, 2 vertices per segment. Software GL spends most of a
  // frame on vertices, so a third of them matters for a 100k-segment network.
  std::vector<LineVertex> thin_lines;
  std::vector<PointVertex> points;
  std::size_t segments = 0;   // line segments drawn (lines and outlines)
  std::size_t triangles = 0;  // fill triangles
};

// Triangulates a polygon with its holes (GEOS constrained Delaunay triangulation): 3 vertices per
// triangle, the sum of the triangle areas equal to the polygon's area. Invalid polygons are triangulated
// from their repaired form; what cannot be triangulated returns an empty vector.
std::vector<plan::XY> triangulate(const plan::Polygon& polygon);

// Width up to which lines are drawn as hairlines (GL_LINES) rather than quads.
constexpr float kHairlineMaxPx = 1.5f;

// Appends one line string drawn with the style's stroke: quads, or hairline segments when thin.
void append_line(LayerMesh& mesh, const plan::LineString& line, plan::XY origin, const FeatureStyle& style,
                 Rgba colour);

// Builds the mesh of a whole layer: styles[i] for feature i, alpha multiplied by opacity, the colour
// replaced by `override_colour` when set (keeping each style's alpha).
LayerMesh build_mesh(const plan::Layer& layer, const std::vector<FeatureStyle>& styles, plan::XY origin,
                     float opacity, const std::optional<Rgba>& override_colour);

}  // namespace viewer
