#include "edit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "plan/error.hpp"
#include "plan/io.hpp"

namespace viewer {

EditSession::EditSession(plan::Layer layer) : layer_(std::move(layer)) {
  if (layer_.kind != plan::GeometryKind::Point)
    throw plan::UsageError("layer '" + layer_.name + "' holds no points: only point layers can be edited");
  for (const plan::Feature& f : layer_.features) next_id_ = std::max(next_id_, f.id + 1);
}

std::vector<plan::XY> EditSession::points() const { return plan::all_points(layer_); }

std::optional<std::size_t> EditSession::hit(plan::XY at, double tolerance_m) const {
  std::optional<std::size_t> best;
  double best_d = std::numeric_limits<double>::infinity();
  for (std::size_t f = 0; f < layer_.features.size(); ++f)
    for (const plan::XY& p : layer_.features[f].geometry.points) {
      const double d = std::hypot(p.x - at.x, p.y - at.y);
      if (d <= tolerance_m && d <= best_d) best = f, best_d = d;
    }
  return best;
}

std::optional<std::size_t> EditSession::hit(const MapView& view, ScreenXY at, double tolerance_px) const {
  return hit(view.to_world(at), tolerance_px * view.metres_per_pixel);
}

std::size_t EditSession::add(plan::XY at) {
  const std::size_t index = add_all({at});
  select(index);
  return index;
}

std::size_t EditSession::add_all(const std::vector<plan::XY>& at,
                                 const std::vector<std::pair<std::string, plan::Value>>& values) {
  std::vector<plan::Value> row(layer_.fields.size());
  for (const auto& [name, value] : values)
    for (std::size_t f = 0; f < layer_.fields.size(); ++f)
      if (layer_.fields[f].name == name) row[f] = value;
  EditCommand c;
  c.kind = EditCommand::Kind::Add;
  for (const plan::XY& p : at) c.features.push_back({next_id_++, plan::Geometry::point(p), row});
  const std::size_t first = layer_.features.size();
  push(std::move(c));
  return first;
}

bool EditSession::move(std::size_t index, plan::XY to) {
  if (index >= layer_.features.size() || layer_.features[index].geometry.points.empty()) return false;
  const plan::XY from = layer_.features[index].geometry.points.front();
  if (from == to) return false;
  EditCommand c;
  c.kind = EditCommand::Kind::Move;
  c.index = index;
  c.from = from;
  c.to = to;
  push(std::move(c));
  return true;
}

bool EditSession::remove(std::size_t index) {
  if (index >= layer_.features.size()) return false;
  EditCommand c;
  c.kind = EditCommand::Kind::Delete;
  c.index = index;
  c.features.push_back(layer_.features[index]);
  push(std::move(c));
  return true;
}

bool EditSession::remove_selected() { return selected_ && remove(*selected_); }

void EditSession::select(std::optional<std::size_t> index) {
  selected_ = index && *index < layer_.features.size() ? index : std::nullopt;
}

bool EditSession::press(plan::XY at, double tolerance_m) {
  grabbed_ = hit(at, tolerance_m);
  select(grabbed_);
  if (!grabbed_) return false;
  grab_from_ = layer_.features[*grabbed_].geometry.points.front();
  grab_offset_ = {grab_from_.x - at.x, grab_from_.y - at.y};
  return true;
}

void EditSession::drag_to(plan::XY at) {
  if (!grabbed_) return;
  set_first_point(*grabbed_, {at.x + grab_offset_.x, at.y + grab_offset_.y});
  ++revision_;
}

bool EditSession::release() {
  if (!grabbed_) return false;
  const std::size_t index = *grabbed_;
  grabbed_.reset();
  const plan::XY to = layer_.features[index].geometry.points.front();
  if (to == grab_from_) return false;
  // The drag has already moved the feature: put it back so that the command applies the move once.
  set_first_point(index, grab_from_);
  return move(index, to);
}

bool EditSession::undo() {
  if (done_.empty()) return false;
  EditCommand c = std::move(done_.back());
  done_.pop_back();
  apply(c, false);
  undone_.push_back(std::move(c));
  return true;
}

bool EditSession::redo() {
  if (undone_.empty()) return false;
  EditCommand c = std::move(undone_.back());
  undone_.pop_back();
  apply(c, true);
  done_.push_back(std::move(c));
  return true;
}

void EditSession::push(EditCommand c) {
  c.serial = next_serial_++;
  apply(c, true);
  done_.push_back(std::move(c));
  undone_.clear();
}

void EditSession::set_first_point(std::size_t index, plan::XY to) {
  std::vector<plan::XY>& pts = layer_.features[index].geometry.points;
  const double dx = to.x - pts.front().x, dy = to.y - pts.front().y;
  for (plan::XY& p : pts) p = {p.x + dx, p.y + dy};
  pts.front() = to;  // exactly, whatever the rounding of the offset
}

void EditSession::apply(const EditCommand& c, bool forward) {
  std::vector<plan::Feature>& fs = layer_.features;
  using K = EditCommand::Kind;
  const bool inserts = (c.kind == K::Add) == forward;
  if (c.kind == K::Move) {
    set_first_point(c.index, forward ? c.to : c.from);
  } else if (c.kind == K::Add && inserts) {
    fs.insert(fs.end(), c.features.begin(), c.features.end());
  } else if (c.kind == K::Add) {
    fs.resize(fs.size() - c.features.size());
  } else if (inserts) {  // a deletion undone
    fs.insert(fs.begin() + static_cast<std::ptrdiff_t>(c.index), c.features.front());
  } else {
    fs.erase(fs.begin() + static_cast<std::ptrdiff_t>(c.index));
  }
  // The selection follows the feature it was on, and goes when that feature goes.
  if (selected_ && c.kind != K::Move) {
    if (c.kind == K::Delete && !inserts) {
      if (*selected_ == c.index)
        selected_.reset();
      else if (*selected_ > c.index)
        --*selected_;
    } else if (c.kind == K::Delete) {
      if (*selected_ >= c.index) ++*selected_;
    } else if (*selected_ >= fs.size()) {
      selected_.reset();
    }
  }
  ++revision_;
}

plan::CoverageResult coverage_with(const EditSession& session, plan::CoverageInput base,
                                   const plan::CoverageOptions& options) {
  base.stops = session.points();
  return plan::compute_coverage(base, options);
}

void save_edits(EditSession& session, const std::string& path, const std::vector<std::string>& inputs,
                bool overwrite, const std::string& crs) {
  plan::WriteOptions w;
  w.overwrite = overwrite;
  w.inputs = inputs;
  if (!session.layer().source.empty()) w.inputs.push_back(session.layer().source);
  plan::Layer out = session.layer();
  out.source.clear();
  if (!crs.empty() && crs != out.crs) {  // every point back into the source's CRS, in one transformation
    std::vector<plan::XY> all;
    for (const plan::Feature& f : out.features)
      all.insert(all.end(), f.geometry.points.begin(), f.geometry.points.end());
    all = plan::transform_points(all, out.crs, crs);
    std::size_t k = 0;
    for (plan::Feature& f : out.features)
      for (plan::XY& p : f.geometry.points) p = all[k++];
    out.crs = crs;
  }
  plan::write_layers(path, {std::move(out)}, w);
  session.mark_saved();
}

}  // namespace viewer
