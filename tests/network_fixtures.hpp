// Street networks drawn by hand for the network tests.
#pragma once

#include "plan/network.hpp"

namespace network_fixtures {

// An n × n street grid with `spacing` metres between streets, lower-left corner at `origin`. Each row and
// column is one line, so streets meet at the shared vertices.
inline void add_grid(plan::NetworkBuilder& b, int n, double spacing, plan::XY origin = {0, 0}) {
  for (int j = 0; j < n; ++j) {
    plan::LineString row, col;
    for (int i = 0; i < n; ++i) {
      row.push_back({origin.x + i * spacing, origin.y + j * spacing});
      col.push_back({origin.x + j * spacing, origin.y + i * spacing});
    }
    b.add_line(row);
    b.add_line(col);
  }
}

}  // namespace network_fixtures
