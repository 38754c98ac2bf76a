// Draws layer meshes with OpenGL 3.3: one vertex buffer per layer and primitive, uploaded once and
// redrawn every frame with the view in uniforms, so panning costs no CPU work per vertex.
#pragma once

#include <string>

#include "../../core/mesh.hpp"
#include "../../core/view.hpp"
#include "gl.hpp"

namespace viewer {

struct GpuMesh {
  GLuint vao[4] = {0, 0, 0, 0};  // fills, line quads, points, hairlines
  GLuint vbo[4] = {0, 0, 0, 0};
  GLsizei fill_vertices = 0, line_vertices = 0, point_vertices = 0, thin_line_vertices = 0;
};

class Renderer {
 public:
  // Compiles the shaders; returns false with a message when the GL context cannot run them.
  bool init(std::string* error);
  void shutdown();

  void upload(GpuMesh& gpu, const LayerMesh& mesh);
  void release(GpuMesh& gpu);

  // Sets the view for the following draws. origin: the world point the meshes are relative to.
  void begin(const MapView& view, plan::XY origin, int fb_width, int fb_height);
  // Multiplies the alpha of the following draws (layer opacity, without rebuilding meshes).
  void set_opacity(float opacity) { opacity_ = opacity; }
  void draw_fills(const GpuMesh& gpu);
  void draw_lines(const GpuMesh& gpu);
  void draw_points(const GpuMesh& gpu);

 private:
  GLuint fill_program_ = 0, line_program_ = 0, point_program_ = 0;
  float centre_[2] = {0, 0}, scale_[2] = {1, 1}, viewport_[2] = {1, 1}, mpp_ = 1, opacity_ = 1;
};

}  // namespace viewer
