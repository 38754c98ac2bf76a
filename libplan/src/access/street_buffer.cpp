#include "access/street_buffer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <utility>
#include <vector>

#include "access/point_grid.hpp"
#include "geom/geos.hpp"
#include "plan/primitives.hpp"
#include "util/parallel_for.hpp"

namespace plan::access {

// Squared distance from p to the capsule's segment.
inline double CapsuleUnion::dist2_to(XY p, const Capsule& c) {
  const double px = p.x - c.p0.x, py = p.y - c.p0.y;
  const double t = std::clamp(px * c.d.x + py * c.d.y, 0.0, c.len);
  const double dx = px - t * c.d.x, dy = py - t * c.d.y;
  return dx * dx + dy * dy;
}

namespace {

XY lerp(XY a, XY b, double t) {
  if (t <= 0) return a;
  if (t >= 1) return b;
  return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
}

}  // namespace

CapsuleUnion::CapsuleUnion(double half_width_m, int quadrant_segments, unsigned threads)
    : r_(half_width_m), q_(std::clamp(quadrant_segments, 1, 64)), threads_(threads) {
  const double step = std::numbers::pi / (2 * q_);
  // Every vertex of a polygon inscribed in the circle lies at r; its edges at r·cos(step/2) from the centre.
  r_in_ = r_ * std::cos(step / 2);
  // Coordinates are local (a few km), so rounding is ~1e-12 m: `tol_` decides "on a line", `snap_` joins
  // end points computed from different capsules.
  tol_ = 1e-9 * std::max(1.0, r_);
  snap_ = 1e-6 * std::max(1.0, r_);
  // Edges this close to a capsule's edge line along their whole length count as lying on it, so that two
  // nearly coincident edges (a short stub doubling back, two ways drawn over each other) are settled
  // together, one copy kept, rather than each by the sign of its own rounding noise.
  on_ = 1e-6 * std::max(1.0, r_);
  for (int j = 0; j <= 2 * q_; ++j) {
    const double a = -std::numbers::pi / 2 + j * step;
    cos_.push_back(std::cos(a));
    sin_.push_back(std::sin(a));
  }
  for (int j = 0; j < 2 * q_; ++j) {
    const double a = -std::numbers::pi / 2 + (j + 0.5) * step;
    mid_cos_.push_back(std::cos(a));
    mid_sin_.push_back(std::sin(a));
  }
}

// Vertices counter-clockwise: the right side p0 → p1, the cap round p1, the left side p1 → p0, the cap round
// p0.
XY CapsuleUnion::vertex(const Capsule& c, int k) const {
  const int q2 = 2 * q_;
  if (k == 0) return {c.p0.x - r_ * c.n.x, c.p0.y - r_ * c.n.y};
  if (k == 1) return {c.p1.x - r_ * c.n.x, c.p1.y - r_ * c.n.y};
  if (k <= q2) {
    const int j = k - 1;
    return {c.p1.x + r_ * (cos_[j] * c.d.x + sin_[j] * c.n.x),
            c.p1.y + r_ * (cos_[j] * c.d.y + sin_[j] * c.n.y)};
  }
  if (k == q2 + 1) return {c.p1.x + r_ * c.n.x, c.p1.y + r_ * c.n.y};
  if (k == q2 + 2) return {c.p0.x + r_ * c.n.x, c.p0.y + r_ * c.n.y};
  const int j = k - (q2 + 2);
  return {c.p0.x - r_ * (cos_[j] * c.d.x + sin_[j] * c.n.x),
          c.p0.y - r_ * (cos_[j] * c.d.y + sin_[j] * c.n.y)};
}

void CapsuleUnion::inside_interval(XY a, XY b, std::uint32_t owner, std::uint32_t j, double& lo,
                                   double& hi) const {
  const Capsule& c = caps_[j];
  lo = 0, hi = 1;
  const double ox = b.y - a.y, oy = -(b.x - a.x);  // the edge's outward normal
  // One half-plane u·(x − p) ≤ off of the capsule (u a unit vector). Strictly inside means more than tol_
  // within it. An edge lying on the line is inside when the capsule lies across it (the two touch along
  // it, so it is not boundary) or when both run the same way and the other capsule comes first (only one
  // copy of a shared boundary survives).
  auto plane = [&](double ux, double uy, XY p, double off) __attribute__((always_inline)) {
    const double fa = ux * (a.x - p.x) + uy * (a.y - p.y) - off,
                 fb = ux * (b.x - p.x) + uy * (b.y - p.y) - off;
    if (std::abs(fa) <= on_ && std::abs(fb) <= on_) {
      const double same = ux * ox + uy * oy;
      if (same < 0 || j < owner) return true;
      lo = 1, hi = 0;
      return false;
    }
    if (fa < -tol_ && fb < -tol_) return true;
    if (fa >= -tol_ && fb >= -tol_) {
      lo = 1, hi = 0;
      return false;
    }
    const double t = std::clamp(fa / (fa - fb), 0.0, 1.0);
    if (fb > fa)
      hi = std::min(hi, t);
    else
      lo = std::max(lo, t);
    return lo < hi;
  };
  if (!plane(c.n.x, c.n.y, c.p0, r_) || !plane(-c.n.x, -c.n.y, c.p0, r_)) return;
  // The cap round end p (dx, dy pointing out of the capsule, (nx, ny) to its left). Points behind p satisfy
  // its planes within the slab; in front, a point is inside the cap exactly when it is inside the plane of
  // the sector (between two cap vertices, seen from p) it lies in, so only the sectors the edge passes
  // through need testing.
  const double rin2 = (r_in_ - tol_) * (r_in_ - tol_);
  auto cap = [&](XY p, double dx, double dy, double nx, double ny) __attribute__((always_inline)) {
    const double sa = dx * (a.x - p.x) + dy * (a.y - p.y), sb = dx * (b.x - p.x) + dy * (b.y - p.y);
    if (sa <= -tol_ && sb <= -tol_) return true;
    const double wa = nx * (a.x - p.x) + ny * (a.y - p.y), wb = nx * (b.x - p.x) + ny * (b.y - p.y);
    if (sa * sa + wa * wa < rin2 && sb * sb + wb * wb < rin2) return true;
    const int last = 2 * q_ - 1;
    auto sector = [&](double s, double w) {
      if (s <= 0) return w > 0 ? last : 0;
      int lo = 0, hi = last + 1;  // the direction lies at or after vertex lo, before vertex hi
      while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        if (cos_[mid] * w - sin_[mid] * s >= 0)
          lo = mid;
        else
          hi = mid;
      }
      return lo;
    };
    int m0 = sector(sa, wa), m1 = sector(sb, wb);
    if (m0 > m1) std::swap(m0, m1);
    if ((sa <= 0 || sb <= 0) && (wa > 0) != (wb > 0)) m0 = 0, m1 = last;  // may pass round the back
    m0 = std::max(0, m0 - 1), m1 = std::min(last, m1 + 1);  // a margin for rounding at sector borders
    for (int m = m0; m <= m1; ++m)
      if (!plane(mid_cos_[m] * dx + mid_sin_[m] * nx, mid_cos_[m] * dy + mid_sin_[m] * ny, p, r_in_))
        return false;
    return true;
  };
  if (!cap(c.p1, c.d.x, c.d.y, c.n.x, c.n.y)) return;
  cap(c.p0, -c.d.x, -c.d.y, -c.n.x, -c.n.y);
}

template <class Candidates>
void CapsuleUnion::clip(std::uint32_t cap, std::uint32_t edge, XY a, XY b, double t0, double t1,
                        const Candidates& candidates, std::vector<Piece>& out) const {
  const double len2 = (b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y);
  if (!(len2 * (t1 - t0) * (t1 - t0) > tol_ * tol_))
    return;  // zero-length edges of a zero-length segment's capsule
  const XY pa = lerp(a, b, t0), pb = lerp(a, b, t1);
  const double bx0 = std::min(pa.x, pb.x) - tol_, bx1 = std::max(pa.x, pb.x) + tol_;
  const double by0 = std::min(pa.y, pb.y) - tol_, by1 = std::max(pa.y, pb.y) + tol_;
  const double rin2 = (r_in_ - tol_) * (r_in_ - tol_);
  // Every point of the edge lies within half its length of an end, and a capsule within r of its segment:
  // ends both further than r + half the length from the segment rule the capsule out.
  const double len = std::sqrt(len2);
  const double far = r_ + len * (t1 - t0) / 2 + tol_, far2 = far * far;
  const double reject = r_ + 2 * on_, reject2 = reject * reject;
  const double ex = pb.x - pa.x, ey = pb.y - pa.y, el2 = ex * ex + ey * ey;
  auto dist2_to_edge = [&](XY p) {
    const double px = p.x - pa.x, py = p.y - pa.y;
    const double t = std::clamp((px * ex + py * ey) / el2, 0.0, 1.0);
    const double dx = px - t * ex, dy = py - t * ey;
    return dx * dx + dy * dy;
  };
  // Covered parameter intervals (a handful), in a buffer reused between calls.
  thread_local std::vector<std::pair<double, double>> cov;
  cov.clear();
  for (std::uint32_t j : candidates) {
    if (j == cap) continue;
    const Capsule& c = caps_[j];
    if (c.x0 >= bx1 || c.x1 <= bx0 || c.y0 >= by1 || c.y1 <= by0) continue;
    // The capsule polygon contains every point within r_in of its segment: both ends that close cover it all.
    const double da = dist2_to(pa, c), db = dist2_to(pb, c);
    if (da < rin2 && db < rin2) return;
    if (da >= far2 && db >= far2) continue;
    // Two segments no longer than 2r (the cut in append_capsules() sees to it) that cross come within r of an
    // end of each other; failing that, the nearest of the four ends to the other segment gives their
    // distance. A capsule lies within r of its segment: beyond r (and the "on a line" margin), it is out of
    // reach.
    if (da >= reject2 && db >= reject2 && dist2_to_edge(c.p0) >= reject2 && dist2_to_edge(c.p1) >= reject2)
      continue;
    double lo, hi;
    inside_interval(a, b, cap, j, lo, hi);
    lo = std::max(lo, t0), hi = std::min(hi, t1);
    if (!(hi > lo)) continue;
    if ((lo - t0) * len < snap_ / 2 && (t1 - hi) * len < snap_ / 2) return;  // what is left would snap away
    cov.push_back({lo, hi});
  }
  std::sort(cov.begin(), cov.end());
  double at = t0;
  for (const auto& [lo, hi] : cov) {
    if ((lo - at) * len >= snap_ / 2) out.push_back({cap, edge, at, lo});
    at = std::max(at, hi);
  }
  if ((t1 - at) * len >= snap_ / 2) out.push_back({cap, edge, at, t1});
}

// The capsules indexed by the centres of their boxes; a query widens its box by `reach`, the largest
// half-extent of a box (≤ 2r after the cut in append_capsules()), so that every capsule whose box meets
// the query box is found.
struct CapsuleUnion::CapsuleIndex {
  std::vector<XY> centres;
  Box extent;
  double reach = 0;
  PointGrid grid;

  CapsuleIndex(const std::vector<Capsule>& caps, double cell_m)
      : centres(centres_of(caps)),
        extent(extent_of(caps)),
        reach(reach_of(caps)),
        grid(centres, cell_m, extent.x0, extent.y0, extent.x1, extent.y1) {}
  CapsuleIndex(const CapsuleIndex&) = delete;  // the grid points into `centres`
  CapsuleIndex& operator=(const CapsuleIndex&) = delete;

  // Calls f(first, last) with the capsule indices (ascending) of each cell that may hold a capsule whose
  // box overlaps the box.
  template <class F>
  void for_each_cell_near(double x0, double y0, double x1, double y1, F&& f) const {
    grid.for_each_cell_in_box(x0 - reach, y0 - reach, x1 + reach, y1 + reach, f);
  }

 private:
  static std::vector<XY> centres_of(const std::vector<Capsule>& caps) {
    std::vector<XY> c(caps.size());
    for (std::size_t i = 0; i < caps.size(); ++i)
      c[i] = {(caps[i].x0 + caps[i].x1) / 2, (caps[i].y0 + caps[i].y1) / 2};
    return c;
  }
  static Box extent_of(const std::vector<Capsule>& caps) {
    Box b;
    for (const Capsule& c : caps) b.add({c.x0, c.y0}), b.add({c.x1, c.y1});
    return b;
  }
  static double reach_of(const std::vector<Capsule>& caps) {
    double r = 0;
    for (const Capsule& c : caps) r = std::max({r, (c.x1 - c.x0) / 2, (c.y1 - c.y0) / 2});
    return r;
  }
};

// Per-thread scratch of the clipping passes, reused from one capsule to the next.
struct CapsuleUnion::Scratch {
  std::vector<std::uint32_t> found, near, near0, near1, rest0, rest1;
};

namespace {
bool same_point(XY u, XY v) { return u.x == v.x && u.y == v.y; }
}  // namespace

void CapsuleUnion::add(const std::vector<Segment>& segments) {
  if (segments.empty()) return;
  if (!has_origin_) {
    origin_ = segments.front().a;
    has_origin_ = true;
  }
  const auto first_new = static_cast<std::uint32_t>(caps_.size());
  append_capsules(segments);
  const CapsuleIndex index(caps_, 2 * r_);
  drop_tiny_capsules(index, first_new);
  clip_batch(index, first_new);
}

void CapsuleUnion::append_capsules(const std::vector<Segment>& segments) {
  // Long segments are cut into parts of at most 2r with the parent's direction. That changes nothing: a
  // capsule is the segment swept by one polygon, so the capsules of the parts unite to the whole one. It
  // bounds every capsule's reach, which the neighbour search relies on.
  for (const Segment& s : segments) {
    const XY a{s.a.x - origin_.x, s.a.y - origin_.y}, b{s.b.x - origin_.x, s.b.y - origin_.y};
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    // A zero-length segment buffers to a full circle: any direction will do.
    const XY d = len > 0 ? XY{(b.x - a.x) / len, (b.y - a.y) / len} : XY{1, 0};
    const int parts = std::max(1, static_cast<int>(std::ceil(len / (2 * r_))));
    for (int k = 0; k < parts; ++k) {
      Capsule c;
      c.p0 = k == 0 ? a : lerp(a, b, static_cast<double>(k) / parts);
      c.p1 = k + 1 == parts ? b : lerp(a, b, static_cast<double>(k + 1) / parts);
      c.d = d;
      c.n = {-d.y, d.x};
      c.len = (c.p1.x - c.p0.x) * d.x + (c.p1.y - c.p0.y) * d.y;
      c.dropped = false;
      c.x0 = std::min(c.p0.x, c.p1.x) - r_, c.x1 = std::max(c.p0.x, c.p1.x) + r_;
      c.y0 = std::min(c.p0.y, c.p1.y) - r_, c.y1 = std::max(c.p0.y, c.p1.y) + r_;
      caps_.push_back(c);
    }
  }
}

void CapsuleUnion::drop_tiny_capsules(const CapsuleIndex& index, std::uint32_t first_new) {
  // A segment shorter than 2e-4·r that ends where a longer one does (OSM ways meeting a few mm apart, a
  // walk that runs out just past a node) adds at most a sliver that thin to the union, but its direction
  // is little more than rounding noise, so its sides run at random tiny angles along its neighbour's,
  // crossing within the tolerances. It is left out.
  const double tiny = 2e-4 * r_;
  for (std::uint32_t i = first_new; i < caps_.size(); ++i) {
    Capsule& c = caps_[i];
    if (c.len >= tiny) continue;
    index.for_each_cell_near(c.x0, c.y0, c.x1, c.y1, [&](const std::uint32_t* k, const std::uint32_t* last) {
      for (; k != last && !c.dropped; ++k) {
        const Capsule& o = caps_[*k];
        if (o.len >= tiny && (same_point(o.p0, c.p0) || same_point(o.p1, c.p0) || same_point(o.p0, c.p1) ||
                              same_point(o.p1, c.p1)))
          c.dropped = true;
      }
    });
  }
}

void CapsuleUnion::clip_batch(const CapsuleIndex& index, std::uint32_t first_new) {
  // Work split into contiguous ranges (old pieces, then new capsules) over threads, each with its own
  // scratch and output, joined in order so the result does not depend on the thread count.
  const std::size_t old_n = pieces_.size(), new_n = caps_.size() - first_new, total = old_n + new_n * 8;
  const unsigned threads =
      static_cast<unsigned>(std::clamp<std::size_t>(total / 20000, 1, std::max(1u, threads_)));
  std::vector<std::vector<Piece>> outs(threads);
  util::parallel_parts(threads, [&](unsigned part) {
    Scratch scratch;
    const util::PartRange old_range = util::part_range(old_n, part, threads);
    clip_old_pieces(index, first_new, old_range.begin, old_range.end, scratch, outs[part]);
    const util::PartRange new_range = util::part_range(new_n, part, threads);
    for (std::size_t k = new_range.begin; k < new_range.end; ++k)
      clip_new_capsule(index, static_cast<std::uint32_t>(first_new + k), scratch, outs[part]);
  });
  std::vector<Piece> next;
  std::size_t n = 0;
  for (const auto& o : outs) n += o.size();
  next.reserve(n);
  for (const auto& o : outs) next.insert(next.end(), o.begin(), o.end());
  pieces_ = std::move(next);
}

void CapsuleUnion::gather(const CapsuleIndex& index, double x0, double y0, double x1, double y1,
                          std::uint32_t from, std::vector<std::uint32_t>& found) const {
  found.clear();
  index.for_each_cell_near(x0, y0, x1, y1, [&](const std::uint32_t* k, const std::uint32_t* last) {
    // A cell lists its capsules in index order: those from `from` on are at its end.
    if (from > 0) k = std::lower_bound(k, last, from);
    for (; k != last; ++k) {
      const Capsule& c = caps_[*k];
      if (c.dropped) continue;
      if (c.x0 < x1 && c.x1 > x0 && c.y0 < y1 && c.y1 > y0) found.push_back(*k);
    }
  });
}

void CapsuleUnion::clip_old_pieces(const CapsuleIndex& index, std::uint32_t first_new, std::size_t begin,
                                   std::size_t end, Scratch& scratch, std::vector<Piece>& out) const {
  // What survived earlier batches can only lose parts to the new capsules. Pieces come grouped by capsule,
  // and all of a capsule's pieces lie in its box: one grid query serves the group (clip() checks each
  // candidate against the piece's own box first).
  std::uint32_t gathered = UINT32_MAX;
  for (std::size_t k = begin; k < end; ++k) {
    const Piece& p = pieces_[k];
    const Capsule& own = caps_[p.cap];
    if (p.cap != gathered) {
      gather(index, own.x0, own.y0, own.x1, own.y1, first_new, scratch.found);
      gathered = p.cap;
    }
    if (scratch.found.empty()) {
      out.push_back(p);
      continue;
    }
    const XY a = vertex(own, static_cast<int>(p.edge)),
             b = vertex(own, (static_cast<int>(p.edge) + 1) % vertex_count());
    clip(p.cap, p.edge, a, b, p.t0, p.t1, scratch.found, out);
  }
}

void CapsuleUnion::clip_new_capsule(const CapsuleIndex& index, std::uint32_t i, Scratch& s,
                                    std::vector<Piece>& out) const {
  // Every edge against every neighbour that may reach it. An end's cap lies within r of that end, so only
  // capsules whose segments pass within 2r of it matter there, nearest first (the street continuing from
  // the end usually covers the whole cap at once).
  const Capsule& c = caps_[i];
  if (c.dropped) return;
  gather(index, c.x0, c.y0, c.x1, c.y1, 0, s.found);
  // Lists for the sides (every neighbour) and for each cap (neighbours whose boxes reach the cap's box),
  // those through the cap's centre first.
  s.near.clear(), s.near0.clear(), s.near1.clear(), s.rest0.clear(), s.rest1.clear();
  for (std::uint32_t j : s.found) {
    if (j == i) continue;
    const Capsule& o = caps_[j];
    s.near.push_back(j);
    if (o.x0 < c.p0.x + r_ && o.x1 > c.p0.x - r_ && o.y0 < c.p0.y + r_ && o.y1 > c.p0.y - r_)
      (same_point(o.p0, c.p0) || same_point(o.p1, c.p0) ? s.near0 : s.rest0).push_back(j);
    if (o.x0 < c.p1.x + r_ && o.x1 > c.p1.x - r_ && o.y0 < c.p1.y + r_ && o.y1 > c.p1.y - r_)
      (same_point(o.p0, c.p1) || same_point(o.p1, c.p1) ? s.near1 : s.rest1).push_back(j);
  }
  const std::size_t through0 = s.near0.size(), through1 = s.near1.size();
  s.near0.insert(s.near0.end(), s.rest0.begin(), s.rest0.end());
  s.near1.insert(s.near1.end(), s.rest1.begin(), s.rest1.end());
  const int q2 = 2 * q_, nv = vertex_count();
  XY v[4 * 64 + 2];
  // Most of a cap lies inside a capsule that goes on from its end: settle those edges in one pass over
  // the cap's vertices instead of one clip each. Bit k of inside[v]: vertex v lies within r_in of the
  // k-th capsule through the cap's centre (the first 16).
  std::uint16_t inside[4 * 64 + 2];
  for (int e = 0; e < nv; ++e) v[e] = vertex(c, e), inside[e] = 0;
  const double rin2 = (r_in_ - tol_) * (r_in_ - tol_);
  for (std::size_t k = 0; k < std::min<std::size_t>(through1, 16); ++k)
    for (int e = 1; e <= q2 + 1; ++e)
      if (dist2_to(v[e], caps_[s.near1[k]]) < rin2) inside[e] |= static_cast<std::uint16_t>(1u << k);
  for (std::size_t k = 0; k < std::min<std::size_t>(through0, 16); ++k)
    for (int e = q2 + 2; e <= nv; ++e)
      if (dist2_to(v[e % nv], caps_[s.near0[k]]) < rin2)
        inside[e % nv] |= static_cast<std::uint16_t>(1u << k);
  for (int e = 0; e < nv; ++e) {
    const int f = e + 1 == nv ? 0 : e + 1;
    // The sides are never settled here: their ends are the corners, both round caps' too.
    if (e != 0 && e != q2 + 1 && (inside[e] & inside[f])) continue;
    const std::vector<std::uint32_t>& list = e == 0 || e == q2 + 1 ? s.near : (e <= q2 ? s.near1 : s.near0);
    clip(i, static_cast<std::uint32_t>(e), v[e], v[f], 0, 1, list, out);
  }
}

namespace {

// A boundary piece between two nodes, directed so that the union lies on its left.
struct Arc {
  std::uint32_t from, to;
};

struct RingInfo {
  Ring ring;    // open (the first vertex not repeated), local coordinates
  double area;  // signed: > 0 counter-clockwise (a shell), < 0 clockwise (a hole)
  double x0, y0, x1, y1;
};

// End points → nodes, joining points within `snap` of each other (in x and in y, transitively): the node
// of each end point, and each node's position (that of its lowest end point) in `node`. Cells of width
// 2·snap in an open-addressing hash table, each holding a list of points: a point's partners lie in its
// own cell or in the three cells across its nearer borders. Nothing when a cell number would not fit int64.
std::optional<std::vector<std::uint32_t>> merge_end_points(const std::vector<XY>& end, double snap,
                                                           std::vector<XY>& node) {
  const std::size_t n_end = end.size();
  const double width = 2 * snap;
  std::size_t slots = 16;
  while (slots < 2 * n_end) slots <<= 1;
  constexpr std::int64_t kEmpty = INT64_MIN;
  std::vector<std::int64_t> cell_x(slots, kEmpty), cell_y(slots);
  std::vector<std::uint32_t> cell_head(slots), next_in_cell(n_end, UINT32_MAX), root(n_end);
  for (std::uint32_t i = 0; i < n_end; ++i) root[i] = i;
  auto find = [&](std::uint32_t i) {
    while (root[i] != i) i = root[i] = root[root[i]];
    return i;
  };
  auto slot_of = [&](std::int64_t cx, std::int64_t cy) {
    std::size_t h = static_cast<std::size_t>((static_cast<std::uint64_t>(cx) * 0x9E3779B97F4A7C15ull) ^
                                             (static_cast<std::uint64_t>(cy) * 0xC2B2AE3D27D4EB4Full));
    h ^= h >> 29;
    for (h &= slots - 1;; h = (h + 1) & (slots - 1))
      if (cell_x[h] == kEmpty || (cell_x[h] == cx && cell_y[h] == cy)) return h;
  };
  for (std::uint32_t i = 0; i < n_end; ++i) {
    const double fx = end[i].x / width, fy = end[i].y / width;
    if (!(std::abs(fx) < 0x1p62 && std::abs(fy) < 0x1p62))
      return std::nullopt;  // cell numbers beyond int64: give up
    const auto cx = static_cast<std::int64_t>(std::floor(fx)), cy = static_cast<std::int64_t>(std::floor(fy));
    const std::int64_t nx = fx - static_cast<double>(cx) < 0.5 ? cx - 1 : cx + 1;
    const std::int64_t ny = fy - static_cast<double>(cy) < 0.5 ? cy - 1 : cy + 1;
    for (const auto& [x, y] : {std::pair{cx, cy}, std::pair{nx, cy}, std::pair{cx, ny}, std::pair{nx, ny}}) {
      const std::size_t h = slot_of(x, y);
      if (cell_x[h] == kEmpty) continue;
      for (std::uint32_t j = cell_head[h]; j != UINT32_MAX; j = next_in_cell[j])
        if (std::abs(end[i].x - end[j].x) <= snap && std::abs(end[i].y - end[j].y) <= snap) {
          const std::uint32_t ra = find(i), rb = find(j);
          if (ra != rb) root[std::max(ra, rb)] = std::min(ra, rb);
        }
    }
    const std::size_t h = slot_of(cx, cy);
    if (cell_x[h] == kEmpty) cell_x[h] = cx, cell_y[h] = cy, cell_head[h] = UINT32_MAX;
    next_in_cell[i] = cell_head[h];
    cell_head[h] = i;
  }
  std::vector<std::uint32_t> id(n_end, UINT32_MAX);
  node.clear();
  for (std::uint32_t i = 0; i < n_end; ++i) {
    const std::uint32_t r = find(i);
    if (id[r] == UINT32_MAX) {
      id[r] = static_cast<std::uint32_t>(node.size());
      node.push_back(end[r]);
    }
    id[i] = id[r];
  }
  return id;
}

// Every node needs as many arcs leaving as arriving. Where two capsule sides meet at a nearly straight
// join (turns of ~1e-6 to 1e-4 rad), they cross within tol_ of both, so neither is cut and their ends lie
// up to ~r·1e-4 apart. Such an open end and the nearest open start (within `gap`) are moved to where their
// arcs cross (or joined by a straight bridge if those are parallel); the true boundary runs within tol_ of
// it. False when anything else is left open: the input is degenerate beyond what this handles. `repaired`
// tells whether anything was moved or bridged.
bool balance_nodes(std::vector<XY>& node, std::vector<Arc>& arcs, double gap, bool& repaired) {
  const std::size_t nn = node.size();
  std::vector<std::uint32_t> out_count(nn, 0), in_count(nn, 0);
  for (const Arc& a : arcs) ++out_count[a.from], ++in_count[a.to];
  std::vector<std::uint32_t> open_end, open_start;
  for (std::uint32_t i = 0; i < nn; ++i) {
    for (std::uint32_t k = out_count[i]; k < in_count[i]; ++k) open_end.push_back(i);
    for (std::uint32_t k = in_count[i]; k < out_count[i]; ++k) open_start.push_back(i);
  }
  repaired = !open_end.empty();
  if (!repaired) return true;
  if (open_end.size() != open_start.size()) return false;
  std::vector<char> used(open_start.size(), 0);
  for (std::uint32_t e : open_end) {
    std::size_t best = open_start.size();
    double best_d = gap;
    for (std::size_t k = 0; k < open_start.size(); ++k) {
      const double d = std::hypot(node[open_start[k]].x - node[e].x, node[open_start[k]].y - node[e].y);
      if (!used[k] && d <= best_d) best = k, best_d = d;
    }
    if (best == open_start.size()) return false;
    used[best] = 1;
    const std::uint32_t st = open_start[best];
    std::uint32_t in_arc = UINT32_MAX, out_arc = UINT32_MAX;
    for (std::uint32_t k = 0; k < arcs.size(); ++k) {
      if (arcs[k].to == e && in_arc == UINT32_MAX) in_arc = k;
      if (arcs[k].from == st && out_arc == UINT32_MAX) out_arc = k;
    }
    const XY p = node[arcs[in_arc].from], E = node[e], S = node[st], q = node[arcs[out_arc].to];
    const double ux = E.x - p.x, uy = E.y - p.y, vx = q.x - S.x, vy = q.y - S.y;
    const double den = ux * vy - uy * vx;
    bool moved = false;
    if (den != 0) {
      const double t = ((S.x - p.x) * vy - (S.y - p.y) * vx) / den;
      const XY X{p.x + t * ux, p.y + t * uy};
      if (std::hypot(X.x - E.x, X.y - E.y) <= gap && std::hypot(X.x - S.x, X.y - S.y) <= gap) {
        node[e] = X;  // the arc into e now ends at the crossing, and the arc out of st leaves from there
        arcs[out_arc].from = e;
        moved = true;
      }
    }
    if (!moved) arcs.push_back({e, st});
  }
  return true;
}

// For each arc, the arc that follows it along its ring. Where several rings meet at a point, each arriving
// arc takes the leaving arc that turns furthest left, which keeps the rings apart (touching at the point,
// never crossing). nullopt when some arc finds no leaving arc left.
std::optional<std::vector<std::uint32_t>> successors(const std::vector<XY>& node,
                                                     const std::vector<Arc>& arcs) {
  const std::size_t nn = node.size();
  std::vector<std::uint32_t> first(nn + 1, 0);
  for (const Arc& a : arcs) ++first[a.from + 1];
  for (std::size_t i = 1; i <= nn; ++i) first[i] += first[i - 1];
  std::vector<std::uint32_t> out(arcs.size());
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (std::uint32_t i = 0; i < arcs.size(); ++i) out[fill[arcs[i].from]++] = i;
  }
  std::vector<std::uint32_t> succ(arcs.size(), UINT32_MAX);
  std::vector<char> taken(arcs.size(), 0);
  for (std::uint32_t i = 0; i < arcs.size(); ++i) {
    const std::uint32_t v = arcs[i].to;
    if (first[v + 1] - first[v] == 1) {
      succ[i] = out[first[v]];
      continue;
    }
    const XY at = node[v], from = node[arcs[i].from];
    const double back = std::atan2(from.y - at.y, from.x - at.x);
    double best = INFINITY;
    std::uint32_t pick = UINT32_MAX;
    for (std::uint32_t k = first[v]; k < first[v + 1]; ++k) {
      const std::uint32_t o = out[k];
      if (taken[o]) continue;
      const XY to = node[arcs[o].to];
      double turn = back - std::atan2(to.y - at.y, to.x - at.x);  // clockwise from the way back
      while (turn <= 0) turn += 2 * std::numbers::pi;
      while (turn > 2 * std::numbers::pi) turn -= 2 * std::numbers::pi;
      if (turn < best) best = turn, pick = o;
    }
    if (pick == UINT32_MAX) return std::nullopt;
    taken[pick] = 1;
    succ[i] = pick;
  }
  return succ;
}

// The ring without the vertices where the boundary runs straight on (the joins of collinear capsule
// sides): those within `tol` of the line through their neighbours, between them.
Ring drop_straight_vertices(const Ring& ring, double tol) {
  Ring kept;
  const std::size_t m = ring.size();
  for (std::size_t k = 0; k < m; ++k) {
    const XY p = ring[(k + m - 1) % m], c = ring[k], n = ring[(k + 1) % m];
    const double ux = c.x - p.x, uy = c.y - p.y, vx = n.x - c.x, vy = n.y - c.y;
    const double cross = ux * vy - uy * vx, dot = ux * vx + uy * vy;
    if (dot > 0 && std::abs(cross) <= tol * std::sqrt((ux + vx) * (ux + vx) + (uy + vy) * (uy + vy)))
      continue;  // c off the line p–n by ≤ tol
    kept.push_back(c);
  }
  return kept;
}

RingInfo ring_info(Ring ring) {
  RingInfo info{std::move(ring), 0, INFINITY, INFINITY, -INFINITY, -INFINITY};
  const std::size_t km = info.ring.size();
  for (std::size_t k = 0; k < km; ++k) {
    const XY p = info.ring[k], n = info.ring[(k + 1) % km];
    info.area += (p.x * n.y - n.x * p.y) / 2;
    info.x0 = std::min(info.x0, p.x), info.y0 = std::min(info.y0, p.y);
    info.x1 = std::max(info.x1, p.x), info.y1 = std::max(info.y1, p.y);
  }
  return info;
}

// Follows the successors round every ring, straightens it and sorts it by orientation into shells and
// holes; rings of fewer than 3 vertices or of area ≤ snap² are dropped. False when the successors are not
// a permutation (cannot happen when successors() succeeded).
bool trace_rings(const std::vector<XY>& node, const std::vector<Arc>& arcs,
                 const std::vector<std::uint32_t>& succ, double tol, double snap,
                 std::vector<RingInfo>& shells, std::vector<RingInfo>& holes) {
  std::vector<char> seen(arcs.size(), 0);
  for (std::uint32_t s = 0; s < arcs.size(); ++s) {
    if (seen[s]) continue;
    Ring ring;
    std::uint32_t i = s;
    while (!seen[i]) {
      seen[i] = 1;
      ring.push_back(node[arcs[i].from]);
      i = succ[i];
    }
    if (i != s) return false;
    Ring kept = drop_straight_vertices(ring, tol);
    if (kept.size() < 3) continue;
    RingInfo info = ring_info(std::move(kept));
    if (std::abs(info.area) <= snap * snap) continue;
    (info.area > 0 ? shells : holes).push_back(std::move(info));
  }
  return true;
}

// The shell of each hole (indices into `holes`, per shell): the smallest shell around it. The smaller
// candidates (whose boxes hold the hole's) are tried by point in ring; the largest needs no test. nullopt
// when a hole lies in no shell's box.
std::optional<std::vector<std::vector<std::uint32_t>>> assign_holes(const std::vector<RingInfo>& shells,
                                                                    const std::vector<RingInfo>& holes) {
  std::vector<std::uint32_t> by_area(shells.size());
  for (std::uint32_t i = 0; i < shells.size(); ++i) by_area[i] = i;
  std::sort(by_area.begin(), by_area.end(),
            [&](std::uint32_t l, std::uint32_t r) { return shells[l].area < shells[r].area; });
  std::vector<std::vector<std::uint32_t>> holes_of(shells.size());
  std::vector<std::uint32_t> cand;
  for (std::uint32_t h = 0; h < holes.size(); ++h) {
    const RingInfo& H = holes[h];
    cand.clear();
    for (std::uint32_t s : by_area) {
      const RingInfo& S = shells[s];
      if (S.x0 <= H.x0 && S.y0 <= H.y0 && S.x1 >= H.x1 && S.y1 >= H.y1) cand.push_back(s);
    }
    if (cand.empty()) return std::nullopt;
    const XY probe{(H.ring[0].x + H.ring[1].x) / 2, (H.ring[0].y + H.ring[1].y) / 2};
    std::uint32_t owner = cand.back();
    for (std::size_t k = 0; k + 1 < cand.size(); ++k)
      if (ring_contains(shells[cand[k]].ring, probe)) {
        owner = cand[k];
        break;
      }
    holes_of[owner].push_back(h);
  }
  return holes_of;
}

// The polygons in global coordinates (local + origin), rings closed.
MultiPolygon assemble(const std::vector<RingInfo>& shells, const std::vector<RingInfo>& holes,
                      const std::vector<std::vector<std::uint32_t>>& holes_of, XY origin) {
  auto global = [&](const Ring& local) {
    Ring g;
    g.reserve(local.size() + 1);
    for (const XY& p : local) g.push_back({p.x + origin.x, p.y + origin.y});
    g.push_back(g.front());
    return g;
  };
  MultiPolygon result;
  result.reserve(shells.size());
  for (std::uint32_t s = 0; s < shells.size(); ++s) {
    Polygon poly;
    poly.outer = global(shells[s].ring);
    for (std::uint32_t h : holes_of[s]) poly.holes.push_back(global(holes[h].ring));
    result.push_back(std::move(poly));
  }
  return result;
}

}  // namespace

std::vector<XY> CapsuleUnion::piece_ends() const {
  std::vector<XY> end(2 * pieces_.size());
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    const Piece& p = pieces_[i];
    const Capsule& own = caps_[p.cap];
    const XY a = vertex(own, static_cast<int>(p.edge)),
             b = vertex(own, (static_cast<int>(p.edge) + 1) % vertex_count());
    end[2 * i] = lerp(a, b, p.t0);
    end[2 * i + 1] = lerp(a, b, p.t1);
  }
  return end;
}

std::optional<MultiPolygon> CapsuleUnion::polygons() const {
  if (pieces_.empty()) return MultiPolygon{};
  // The pieces as arcs between nodes (their end points, joined within snap_), balanced, linked into rings.
  std::vector<XY> node;
  const std::optional<std::vector<std::uint32_t>> merged = merge_end_points(piece_ends(), snap_, node);
  if (!merged) return std::nullopt;
  const std::vector<std::uint32_t>& id = *merged;
  std::vector<Arc> arcs;
  arcs.reserve(pieces_.size());
  for (std::size_t i = 0; i < pieces_.size(); ++i)
    if (id[2 * i] != id[2 * i + 1]) arcs.push_back({id[2 * i], id[2 * i + 1]});
  bool repaired = false;
  if (!balance_nodes(node, arcs, 1e-3 * r_, repaired)) return std::nullopt;
  const std::optional<std::vector<std::uint32_t>> succ = successors(node, arcs);
  if (!succ) return std::nullopt;
  std::vector<RingInfo> shells, holes;
  if (!trace_rings(node, arcs, *succ, tol_, snap_, shells, holes)) return std::nullopt;
  if (shells.empty()) return holes.empty() ? std::optional<MultiPolygon>(MultiPolygon{}) : std::nullopt;
  const auto holes_of = assign_holes(shells, holes);
  if (!holes_of) return std::nullopt;
  MultiPolygon result = assemble(shells, holes, *holes_of, origin_);
  if (repaired) {  // rare: let GEOS confirm the repair made no ring cross another
    geom::GeosContext& ctx = geom::thread_context();
    const geom::GeomPtr g = geom::to_geos(ctx, result);
    if (GEOSisValid_r(ctx.handle(), g.get()) != 1) return std::nullopt;
  }
  return result;
}

}  // namespace plan::access
