#include "map/renderer.hpp"

#include <cstddef>

namespace viewer {
namespace {

// u_centre: view centre relative to the mesh origin (m); u_scale: metres → NDC.
const char* kFillVs = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_colour;
uniform vec2 u_centre; uniform vec2 u_scale;
out vec4 v_colour;
void main() { gl_Position = vec4((a_pos - u_centre) * u_scale, 0.0, 1.0); v_colour = a_colour; }
)";
const char* kFillFs = R"(#version 330 core
in vec4 v_colour; out vec4 o_colour; uniform float u_opacity;
void main() { o_colour = vec4(v_colour.rgb, v_colour.a * u_opacity); }
)";

const char* kLineVs = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_offset;
layout(location = 2) in float a_along;
layout(location = 3) in float a_half_width;
layout(location = 4) in float a_dash;
layout(location = 5) in vec4 a_colour;
uniform vec2 u_centre; uniform vec2 u_scale; uniform vec2 u_viewport; uniform float u_mpp;
out vec4 v_colour; out float v_along_px; out float v_dash;
void main() {
  vec2 ndc = (a_pos - u_centre) * u_scale;
  ndc += a_offset * a_half_width * 2.0 / u_viewport;
  gl_Position = vec4(ndc, 0.0, 1.0);
  v_colour = a_colour; v_along_px = a_along / u_mpp; v_dash = a_dash;
}
)";
const char* kLineFs = R"(#version 330 core
in vec4 v_colour; in float v_along_px; in float v_dash; out vec4 o_colour; uniform float u_opacity;
void main() {
  if (v_dash > 0.0 && mod(v_along_px, v_dash * 1.6) > v_dash) discard;
  o_colour = vec4(v_colour.rgb, v_colour.a * u_opacity);
}
)";

const char* kPointVs = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in float a_size;
layout(location = 2) in float a_symbol;
layout(location = 3) in vec4 a_colour;
uniform vec2 u_centre; uniform vec2 u_scale;
out vec4 v_colour; flat out int v_symbol; out float v_size;
void main() {
  gl_Position = vec4((a_pos - u_centre) * u_scale, 0.0, 1.0);
  gl_PointSize = a_size + 2.0;
  v_colour = a_colour; v_symbol = int(a_symbol + 0.5); v_size = a_size + 2.0;
}
)";
// Symbols as signed distances in the point sprite (p in [-1, 1]², y up); a white rim one pixel wide
// keeps them readable over any fill. Symbol order matches viewer::Symbol.
const char* kPointFs = R"(#version 330 core
in vec4 v_colour; flat in int v_symbol; in float v_size; out vec4 o_colour; uniform float u_opacity;
float star(vec2 p) {
  float a = atan(p.x, p.y); float r = length(p);
  float k = 6.2831853 / 5.0; float m = mod(a + k / 2.0, k) - k / 2.0;
  float edge = mix(0.5, 1.0, pow(abs(cos(m * 2.5)), 2.0));
  return r - edge;
}
void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0; p.y = -p.y;
  float px = 2.0 / v_size;  // one pixel in sprite units
  float d;
  if (v_symbol == 1) d = max(abs(p.x), abs(p.y)) - 0.85;
  else if (v_symbol == 2) d = max(-p.y - 0.7, (abs(p.x) * 1.732 + p.y) * 0.5 - 0.6);
  else if (v_symbol == 3) d = (abs(p.x) + abs(p.y)) * 0.7071 - 0.7;
  else if (v_symbol == 4) d = star(p);
  else d = length(p) - 0.9;
  if (d > 0.0) discard;
  vec4 c = v_colour;
  if (d > -1.5 * px) c = vec4(1.0, 1.0, 1.0, c.a);
  if (v_symbol == 5 && length(p) < 0.45 && length(p) > 0.45 - 2.0 * px) c = vec4(1.0, 1.0, 1.0, c.a);
  o_colour = vec4(c.rgb, c.a * u_opacity);
}
)";

GLuint compile(GLenum type, const char* src, std::string* error) {
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    if (error) *error = std::string("shader compilation failed: ") + log;
    glDeleteShader(s);
    return 0;
  }
  return s;
}

GLuint link(const char* vs, const char* fs, std::string* error) {
  GLuint v = compile(GL_VERTEX_SHADER, vs, error), f = compile(GL_FRAGMENT_SHADER, fs, error);
  if (!v || !f) return 0;
  GLuint p = glCreateProgram();
  glAttachShader(p, v);
  glAttachShader(p, f);
  glLinkProgram(p);
  glDeleteShader(v);
  glDeleteShader(f);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(p, sizeof log, nullptr, log);
    if (error) *error = std::string("shader link failed: ") + log;
    glDeleteProgram(p);
    return 0;
  }
  return p;
}

void attrib(GLuint index, GLint size, GLenum type, bool normalised, GLsizei stride, std::size_t offset) {
  glEnableVertexAttribArray(index);
  glVertexAttribPointer(index, size, type, normalised ? GL_TRUE : GL_FALSE, stride,
                        reinterpret_cast<const void*>(offset));
}

}  // namespace

bool Renderer::init(std::string* error) {
  fill_program_ = link(kFillVs, kFillFs, error);
  line_program_ = link(kLineVs, kLineFs, error);
  point_program_ = link(kPointVs, kPointFs, error);
  return fill_program_ && line_program_ && point_program_;
}

void Renderer::shutdown() {
  for (GLuint p : {fill_program_, line_program_, point_program_})
    if (p) glDeleteProgram(p);
  fill_program_ = line_program_ = point_program_ = 0;
}

void Renderer::upload(GpuMesh& gpu, const LayerMesh& mesh) {
  release(gpu);
  glGenVertexArrays(4, gpu.vao);
  glGenBuffers(4, gpu.vbo);

  glBindVertexArray(gpu.vao[0]);
  glBindBuffer(GL_ARRAY_BUFFER, gpu.vbo[0]);
  glBufferData(GL_ARRAY_BUFFER, mesh.fills.size() * sizeof(FillVertex), mesh.fills.data(), GL_STATIC_DRAW);
  attrib(0, 2, GL_FLOAT, false, sizeof(FillVertex), offsetof(FillVertex, x));
  attrib(1, 4, GL_UNSIGNED_BYTE, true, sizeof(FillVertex), offsetof(FillVertex, rgba));

  for (int k : {1, 3}) {
    const std::vector<LineVertex>& v = k == 1 ? mesh.lines : mesh.thin_lines;
    glBindVertexArray(gpu.vao[k]);
    glBindBuffer(GL_ARRAY_BUFFER, gpu.vbo[k]);
    glBufferData(GL_ARRAY_BUFFER, v.size() * sizeof(LineVertex), v.data(), GL_STATIC_DRAW);
    attrib(0, 2, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, x));
    attrib(1, 2, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, ox));
    attrib(2, 1, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, along_m));
    attrib(3, 1, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, half_width_px));
    attrib(4, 1, GL_FLOAT, false, sizeof(LineVertex), offsetof(LineVertex, dash_px));
    attrib(5, 4, GL_UNSIGNED_BYTE, true, sizeof(LineVertex), offsetof(LineVertex, rgba));
  }

  glBindVertexArray(gpu.vao[2]);
  glBindBuffer(GL_ARRAY_BUFFER, gpu.vbo[2]);
  glBufferData(GL_ARRAY_BUFFER, mesh.points.size() * sizeof(PointVertex), mesh.points.data(), GL_STATIC_DRAW);
  attrib(0, 2, GL_FLOAT, false, sizeof(PointVertex), offsetof(PointVertex, x));
  attrib(1, 1, GL_FLOAT, false, sizeof(PointVertex), offsetof(PointVertex, size_px));
  attrib(2, 1, GL_FLOAT, false, sizeof(PointVertex), offsetof(PointVertex, symbol));
  attrib(3, 4, GL_UNSIGNED_BYTE, true, sizeof(PointVertex), offsetof(PointVertex, rgba));

  glBindVertexArray(0);
  gpu.fill_vertices = GLsizei(mesh.fills.size());
  gpu.line_vertices = GLsizei(mesh.lines.size());
  gpu.point_vertices = GLsizei(mesh.points.size());
  gpu.thin_line_vertices = GLsizei(mesh.thin_lines.size());
}

void Renderer::release(GpuMesh& gpu) {
  if (gpu.vao[0]) glDeleteVertexArrays(4, gpu.vao);
  if (gpu.vbo[0]) glDeleteBuffers(4, gpu.vbo);
  gpu = GpuMesh{};
}

void Renderer::begin(const MapView& view, plan::XY origin, int fb_width, int fb_height) {
  centre_[0] = float(view.centre.x - origin.x);
  centre_[1] = float(view.centre.y - origin.y);
  // NDC spans 2 units over the canvas: metres → NDC is 2 / (pixels × metres per pixel).
  scale_[0] = float(2.0 / (view.width_px * view.metres_per_pixel));
  scale_[1] = float(2.0 / (view.height_px * view.metres_per_pixel));
  viewport_[0] = float(view.width_px);
  viewport_[1] = float(view.height_px);
  mpp_ = float(view.metres_per_pixel);
  glViewport(0, 0, fb_width, fb_height);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDisable(GL_SCISSOR_TEST);
  glEnable(GL_PROGRAM_POINT_SIZE);
}

namespace {
void set_common(GLuint program, const float* centre, const float* scale, float opacity) {
  glUseProgram(program);
  glUniform1f(glGetUniformLocation(program, "u_opacity"), opacity);
  glUniform2fv(glGetUniformLocation(program, "u_centre"), 1, centre);
  glUniform2fv(glGetUniformLocation(program, "u_scale"), 1, scale);
}
}  // namespace

void Renderer::draw_fills(const GpuMesh& gpu) {
  if (!gpu.fill_vertices) return;
  set_common(fill_program_, centre_, scale_, opacity_);
  glBindVertexArray(gpu.vao[0]);
  glDrawArrays(GL_TRIANGLES, 0, gpu.fill_vertices);
}

void Renderer::draw_lines(const GpuMesh& gpu) {
  if (!gpu.line_vertices && !gpu.thin_line_vertices) return;
  set_common(line_program_, centre_, scale_, opacity_);
  glUniform2fv(glGetUniformLocation(line_program_, "u_viewport"), 1, viewport_);
  glUniform1f(glGetUniformLocation(line_program_, "u_mpp"), mpp_);
  if (gpu.thin_line_vertices) {
    glBindVertexArray(gpu.vao[3]);
    glDrawArrays(GL_LINES, 0, gpu.thin_line_vertices);
  }
  if (gpu.line_vertices) {
    glBindVertexArray(gpu.vao[1]);
    glDrawArrays(GL_TRIANGLES, 0, gpu.line_vertices);
  }
}

void Renderer::draw_points(const GpuMesh& gpu) {
  if (!gpu.point_vertices) return;
  set_common(point_program_, centre_, scale_, opacity_);
  glBindVertexArray(gpu.vao[2]);
  glDrawArrays(GL_POINTS, 0, gpu.point_vertices);
}

}  // namespace viewer
