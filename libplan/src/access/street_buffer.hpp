// The union of round-capped buffers of many straight segments, without a general polygon overlay.
//
// Each segment's buffer (a "capsule") is drawn exactly as GEOS draws the buffer of a two-point line: sides at
// ±half-width, each end a half regular polygon of 2·quadrant_segments edges with its vertices on the circle.
// Every capsule is convex, so the boundary of their union is made of the parts of capsule edges that lie
// strictly inside no other capsule: clip each edge against its neighbours' half-planes (a uniform grid finds
// the neighbours), chain the surviving pieces into rings by their end points, and sort the rings into shells
// (counter-clockwise) and holes (clockwise). The cost grows with the number of segments and their close
// neighbours, not with the size of an overlay graph, which is what makes GEOS's cascaded union slow for the
// heavily overlapping buffers of a street network.
//
// Segments arrive in batches (one per isochrone threshold); each batch only adds capsules, so the pieces left
// from earlier batches are clipped by the new capsules alone, and every later union contains the earlier
// ones by construction.
//
// Tolerances (r the half-width; coordinates are local, rounding ~1e-12 m): an edge is strictly inside a
// capsule when more than 1e-9·r within it; edges within 1e-6·r of a capsule edge's line along their whole
// length lie on it (one copy of a shared boundary survives, touching capsules leave none); end points within
// 1e-6·r are one point. Segments shorter than 2e-4·r that end where a longer one does are left out (their
// direction is rounding noise), which may take their length times 2r of area with them. Against GEOS's
// union of the same buffers the tests find area and symmetric difference within 1e-9 and 1e-7 of the area.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "plan/geometry.hpp"

namespace plan::access {

struct Segment {
  XY a, b;
};

class CapsuleUnion {
 public:
  // half_width_m > 0; quadrant_segments is clamped to 1…64; large batches are clipped on
  // up to `threads` threads.
  CapsuleUnion(double half_width_m, int quadrant_segments, unsigned threads = 1);

  // Adds the capsules of these segments to the union.
  void add(const std::vector<Segment>& segments);

  // The union so far: outer rings counter-clockwise, holes clockwise, rings closed, in the input's
  // coordinates. nullopt when the boundary pieces do not close into rings (input degenerate beyond the
  // tolerances; a repaired join that GEOS finds invalid counts as such), so that a caller can fall back to
  // a general overlay.
  std::optional<MultiPolygon> polygons() const;

 private:
  struct Capsule {
    XY p0, p1, d, n;  // ends (local coordinates), unit direction, unit left normal
    double len;
    bool dropped;           // a tiny capsule at the end of a longer one: left out (see drop_tiny_capsules())
    double x0, y0, x1, y1;  // bounding box
  };
  // A surviving part [t0, t1] of edge `edge` of capsule `cap`.
  struct Piece {
    std::uint32_t cap, edge;
    double t0, t1;
  };

  struct CapsuleIndex;  // the capsules on a uniform grid (street_buffer.cpp)
  struct Scratch;       // per-thread neighbour lists

  // The steps of add(): cut the segments into capsules, leave out tiny ones at the ends of longer ones,
  // then clip the old pieces by the new capsules and the new capsules' edges by their neighbours.
  void append_capsules(const std::vector<Segment>& segments);
  void drop_tiny_capsules(const CapsuleIndex& index, std::uint32_t first_new);
  void clip_batch(const CapsuleIndex& index, std::uint32_t first_new);
  void clip_old_pieces(const CapsuleIndex& index, std::uint32_t first_new, std::size_t begin, std::size_t end,
                       Scratch& scratch, std::vector<Piece>& out) const;
  void clip_new_capsule(const CapsuleIndex& index, std::uint32_t i, Scratch& scratch,
                        std::vector<Piece>& out) const;
  // Capsules (index ≥ from, not dropped) whose boxes overlap the box, into `found`.
  void gather(const CapsuleIndex& index, double x0, double y0, double x1, double y1, std::uint32_t from,
              std::vector<std::uint32_t>& found) const;

  // The end points of every piece: 2i the start of piece i, 2i + 1 its end (local coordinates).
  std::vector<XY> piece_ends() const;

  int vertex_count() const { return 4 * q_ + 2; }
  XY vertex(const Capsule& c, int k) const;
  // The parameter interval (lo, hi) of edge (a, b) of capsule `owner` strictly inside capsule `j`; empty when
  // lo ≥ hi.
  void inside_interval(XY a, XY b, std::uint32_t owner, std::uint32_t j, double& lo, double& hi) const;
  // Clips [t0, t1] of an edge by the candidate capsules, appending what survives to `out`.
  // a, b: the edge's vertices.
  template <class Candidates>
  void clip(std::uint32_t cap, std::uint32_t edge, XY a, XY b, double t0, double t1,
            const Candidates& candidates, std::vector<Piece>& out) const;
  static double dist2_to(XY p, const Capsule& c);

  double r_, r_in_, tol_, snap_, on_;
  int q_;
  unsigned threads_;
  bool has_origin_ = false;
  XY origin_{0, 0};
  std::vector<double> cos_, sin_;          // cap vertex directions relative to (d, n), j = 0 … 2q
  std::vector<double> mid_cos_, mid_sin_;  // cap edge normals relative to (d, n), j = 0 … 2q − 1
  std::vector<Capsule> caps_;
  std::vector<Piece> pieces_;  // the current boundary, as parts of capsule edges
};

}  // namespace plan::access
