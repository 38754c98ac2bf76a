// The map canvas: mouse and keys (pan, zoom, identify, clicks for the panels) and the GL drawing of the
// layers, with the cached image that makes idle frames and drags cheap.
#include <cmath>
#include <cstdint>
#include <exception>

#include "app.hpp"
#include "plan/io.hpp"

namespace viewer {
namespace {

constexpr float kPickRadiusPx = 6;

std::vector<const plan::Layer*> visible_top_first(AppState& app, std::vector<const LayerSlot*>* slots) {
  std::vector<const plan::Layer*> out;
  for (auto it = app.layers.rbegin(); it != app.layers.rend(); ++it)
    if ((*it)->layer.visible) {
      out.push_back(&(*it)->layer.data);
      slots->push_back(it->get());
    }
  return out;
}

}  // namespace

void handle_map_input(AppState& app) {
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 m = io.MousePos;
  const bool on_map = !io.WantCaptureMouse && m.x >= 0 && m.y >= 0;
  if (on_map || app.dragging) app.cursor_world = app.view.to_world({m.x, m.y});

  if (on_map && io.MouseWheel != 0) app.view.zoom_about({m.x, m.y}, std::pow(1.2, io.MouseWheel));
  if (on_map && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    app.dragging = true;
    app.press_pos = app.drag_last = m;
    // In edit mode a press on a point of the edited layer grabs it: the drag moves it, not the map.
    edit_press(app, app.view.to_world({m.x, m.y}));
  }
  // Pan by the cursor's movement since the previous drag frame, not by io.MouseDelta: in the frame of
  // the press, MouseDelta also holds the jump from wherever the cursor was last seen.
  if (app.dragging && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    if (app.edit.grabbed)
      edit_drag(app, app.view.to_world({m.x, m.y}));
    else
      app.view.pan_pixels(m.x - app.drag_last.x, m.y - app.drag_last.y);
    app.drag_last = m;
  }
  if (app.dragging && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    app.dragging = false;
    const bool grabbed = app.edit.grabbed;
    edit_release(app);
    // A click (no real drag) identifies the feature under the cursor, or in edit mode adds a point.
    const bool click = std::hypot(m.x - app.press_pos.x, m.y - app.press_pos.y) < 4;
    // A panel waiting for a point on the map takes the click first.
    const plan::XY world = app.view.to_world({m.x, m.y});
    if (click && editing(app)) {
      if (!grabbed && !isochrones_map_click(app, world)) edit_click(app, world);
    } else if (click && !isochrones_map_click(app, world)) {
      std::vector<const LayerSlot*> slots;
      std::vector<const plan::Layer*> layers = visible_top_first(app, &slots);
      app.selection = pick(layers, app.view.to_world({m.x, m.y}), kPickRadiusPx * app.view.metres_per_pixel);
      app.selected_slot = app.selection ? slots[app.selection->layer] : nullptr;
    }
  }
  for (int key : app.key_presses) {
    if (!io.WantCaptureKeyboard) edit_key(app, key, io.KeyCtrl, io.KeyShift);
    if (key == 301 /* GLFW_KEY_F12 */) app.save_png_request = "plan-viewer.png";
    if (key == 'F' /* GLFW_KEY_F */ && !io.WantCaptureKeyboard) fit_to(app, "");
  }
  app.key_presses.clear();

  // Cursor lon/lat: a PROJ transformation costs about a millisecond to set up, so it runs only when the
  // cursor has moved.
  if (!app.crs.empty() &&
      (app.cursor_world.x != app.lonlat_for.x || app.cursor_world.y != app.lonlat_for.y)) {
    app.lonlat_for = app.cursor_world;
    try {
      app.cursor_lonlat = plan::transform_points({app.cursor_world}, app.crs, "EPSG:4326").front();
    } catch (const std::exception&) {
      app.cursor_lonlat.reset();
    }
  }
}

namespace {

void draw_layers(AppState& app, int fb_width, int fb_height) {
  glClearColor(0.97f, 0.965f, 0.945f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  app.renderer.begin(app.view, app.origin, fb_width, fb_height);
  const BBox visible = app.view.visible();
  for (auto& s : app.layers) {
    if (!s->layer.visible || !visible.intersects(s->layer.bbox)) continue;
    app.renderer.set_opacity(s->layer.opacity);
    app.renderer.draw_fills(s->gpu);
    app.renderer.draw_lines(s->gpu);
    app.renderer.draw_points(s->gpu);
  }
  glBindVertexArray(0);
  glUseProgram(0);
}

// Everything that changes the GL image besides the view (FNV-1a over the drawn state).
std::uint64_t scene_signature(const AppState& app) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::uint64_t v) { h = (h ^ v) * 1099511628211ULL; };
  for (const auto& s : app.layers) {
    mix(reinterpret_cast<std::uintptr_t>(s.get()));
    mix(s->gpu.vao[0]);
    mix(s->layer.visible);
    mix(std::uint64_t(s->layer.opacity * 1000));
  }
  return h;
}

bool ensure_cache(MapCache& c, int w, int h) {
  if (c.fbo && c.width == w && c.height == h) return true;
  if (c.fbo) glDeleteFramebuffers(1, &c.fbo);
  if (c.colour) glDeleteRenderbuffers(1, &c.colour);
  GLint previous = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
  glGenFramebuffers(1, &c.fbo);
  glGenRenderbuffers(1, &c.colour);
  glBindRenderbuffer(GL_RENDERBUFFER, c.colour);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
  glBindFramebuffer(GL_FRAMEBUFFER, c.fbo);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, c.colour);
  const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
  c.width = w, c.height = h, c.valid = false;
  return ok;
}

}  // namespace

void release_cache(AppState& app) {
  MapCache& c = app.cache;
  if (c.fbo) glDeleteFramebuffers(1, &c.fbo);
  if (c.colour) glDeleteRenderbuffers(1, &c.colour);
  c = MapCache{};
}

void draw_map(AppState& app, int fb_width, int fb_height) {
  MapCache& c = app.cache;
  if (!app.use_cache) {
    c.valid = false;
    draw_layers(app, fb_width, fb_height);
    return;
  }
  GLint target = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
  const std::uint64_t signature = scene_signature(app);
  const double fb_scale = fb_width / app.view.width_px;  // framebuffer pixels per canvas pixel (HiDPI)
  double dx = 0, dy = 0;
  bool reuse = c.valid && c.signature == signature && c.width == fb_width && c.height == fb_height &&
               c.view.metres_per_pixel == app.view.metres_per_pixel;
  if (reuse) {
    const ScreenXY shift = image_shift_px(c.view, app.view);
    dx = shift.x * fb_scale;
    dy = -shift.y * fb_scale;  // GL framebuffer rows run bottom-up
    // An unchanged view (an idle frame) shows the cached image as it is; a drag shifts it.
    const bool same_view = c.view.centre == app.view.centre;
    reuse = same_view || (app.dragging && std::abs(dx) < fb_width / 3.0 && std::abs(dy) < fb_height / 3.0);
  }
  if (!reuse) {
    if (!ensure_cache(c, fb_width, fb_height)) {
      draw_layers(app, fb_width, fb_height);
      return;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, c.fbo);
    draw_layers(app, fb_width, fb_height);
    c.view = app.view;
    c.signature = signature;
    c.valid = true;
    dx = dy = 0;
  }
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, GLuint(target));
  glBindFramebuffer(GL_READ_FRAMEBUFFER, c.fbo);
  glClearColor(0.97f, 0.965f, 0.945f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  const int ix = int(std::lround(dx)), iy = int(std::lround(dy));
  glBlitFramebuffer(0, 0, fb_width, fb_height, ix, iy, ix + fb_width, iy + fb_height, GL_COLOR_BUFFER_BIT,
                    GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(target));
}

}  // namespace viewer
