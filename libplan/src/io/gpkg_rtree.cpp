#include "io/gpkg_rtree.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include "io/sqlite_connection.hpp"

namespace plan::io {

namespace {

// A box corner as SQLite's R*Tree stores it (rtreeValueDown/rtreeValueUp in SQLite's rtree.c): rounded
// outwards to a float, so that a stored box always contains the true one, and to the same float SQLite gives
// when GDAL's triggers insert it.
float float_down(double d) {
  const float f = static_cast<float>(d);
  if (static_cast<double>(f) <= d) return f;
  return static_cast<float>(d * (d < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
}
float float_up(double d) {
  const float f = static_cast<float>(d);
  if (static_cast<double>(f) >= d) return f;
  return static_cast<float>(d * (d < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
}

// Position of (x, y) on a Hilbert curve over a 2^16 × 2^16 grid.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y) {
  std::uint64_t d = 0;
  for (std::uint32_t s = 1u << 15; s > 0; s >>= 1) {
    const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
    d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) x = 0xFFFF - x, y = 0xFFFF - y;
      std::swap(x, y);
    }
  }
  return d;
}

using Cell = RtreeLeaves::Cell;

void put_be64(unsigned char* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) p[7 - i] = static_cast<unsigned char>(v >> (8 * i));
}
void put_be32(unsigned char* p, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) p[3 - i] = static_cast<unsigned char>(v >> (8 * i));
}

// The R*Tree's cells by level: levels[0] holds the leaves' cells; each level above holds one cell per node of
// the level below, a node being a run of `per_node` cells. Cell ids above the leaves are filled in by
// number_nodes.
std::vector<std::vector<Cell>> pack_levels(std::vector<Cell> leaves, std::size_t per_node) {
  std::vector<std::vector<Cell>> levels(1);
  levels[0] = std::move(leaves);
  while (levels.back().size() > per_node) {
    const std::vector<Cell>& below = levels.back();
    std::vector<Cell> above;
    for (std::size_t start = 0; start < below.size(); start += per_node) {
      Cell c{0, {below[start].box[0], below[start].box[1], below[start].box[2], below[start].box[3]}};
      for (std::size_t k = start; k < std::min(below.size(), start + per_node); ++k) {
        c.box[0] = std::min(c.box[0], below[k].box[0]), c.box[1] = std::max(c.box[1], below[k].box[1]);
        c.box[2] = std::min(c.box[2], below[k].box[2]), c.box[3] = std::max(c.box[3], below[k].box[3]);
      }
      above.push_back(c);
    }
    levels.push_back(std::move(above));
  }
  return levels;
}

// Node numbers: the root (which holds levels.back()) is 1; then each level's nodes in order, from the top
// down. Returns each level's first node number and points every cell above the leaves at its child node.
std::vector<std::int64_t> number_nodes(std::vector<std::vector<Cell>>& levels, std::size_t per_node) {
  const int depth = static_cast<int>(levels.size()) - 1;
  std::vector<std::int64_t> first_node(levels.size());
  std::int64_t next = 2;
  for (int level = depth - 1; level >= 0; --level) {
    first_node[level] = next;
    next += static_cast<std::int64_t>((levels[level].size() + per_node - 1) / per_node);
  }
  first_node[depth] = 1;
  for (int level = depth; level >= 1; --level)
    for (std::size_t k = 0; k < levels[level].size(); ++k)
      levels[level][k].id = first_node[level - 1] + static_cast<std::int64_t>(k);
  return first_node;
}

// Writes the packed levels as SQLite's R*Tree shadow tables (_node blobs, _parent and _rowid rows).
void write_nodes(const Connection& db, const std::string& rtree, const std::vector<std::vector<Cell>>& levels,
                 const std::vector<std::pair<std::int64_t, std::size_t>>& by_fid,
                 const std::vector<std::int64_t>& first_node, std::size_t per_node, int node_bytes) {
  const int depth = static_cast<int>(levels.size()) - 1;
  Stmt node =
      db.prepare("INSERT OR REPLACE INTO " + quoted(rtree + "_node") + " (nodeno, data) VALUES (?, ?)");
  Stmt parent =
      db.prepare("INSERT INTO " + quoted(rtree + "_parent") + " (nodeno, parentnode) VALUES (?, ?)");
  Stmt rowid = db.prepare("INSERT INTO " + quoted(rtree + "_rowid") + " (rowid, nodeno) VALUES (?, ?)");
  std::vector<unsigned char> blob(static_cast<std::size_t>(node_bytes));
  for (int level = depth; level >= 0; --level) {
    const std::vector<Cell>& cells = levels[level];
    for (std::size_t start = 0, n = 0; start < cells.size(); start += per_node, ++n) {
      const std::int64_t nodeno = first_node[level] + static_cast<std::int64_t>(n);
      const std::size_t count = std::min(per_node, cells.size() - start);
      std::fill(blob.begin(), blob.end(), 0);
      if (nodeno == 1)
        blob[0] = static_cast<unsigned char>(depth >> 8), blob[1] = static_cast<unsigned char>(depth);
      blob[2] = static_cast<unsigned char>(count >> 8), blob[3] = static_cast<unsigned char>(count);
      for (std::size_t k = 0; k < count; ++k) {
        const Cell& c = cells[start + k];
        unsigned char* p = blob.data() + 4 + 24 * k;
        put_be64(p, static_cast<std::uint64_t>(c.id));
        for (int b = 0; b < 4; ++b) {
          std::uint32_t bits;
          std::memcpy(&bits, &c.box[b], 4);
          put_be32(p + 8 + 4 * b, bits);
        }
        if (level == 0) continue;
        sqlite3_bind_int64(parent.get(), 1, c.id);
        sqlite3_bind_int64(parent.get(), 2, nodeno);
        db.step(parent.get());
      }
      sqlite3_bind_int64(node.get(), 1, nodeno);
      sqlite3_bind_blob(node.get(), 2, blob.data(), node_bytes, SQLITE_TRANSIENT);
      db.step(node.get());
    }
  }
  // The leaves hold the boxes in Hilbert order, so their fids come in no order; the _rowid rows go in by
  // fid after the nodes, as appends to its b-tree: in leaf order each insert fell on a random page, and
  // beyond SQLite's 2 MB page cache every one was a read and a write (2M homes: 24 s of writing -> 9 s).
  for (const auto& [fid, k] : by_fid) {
    sqlite3_bind_int64(rowid.get(), 1, fid);
    sqlite3_bind_int64(rowid.get(), 2, first_node[0] + static_cast<std::int64_t>(k / per_node));
    db.step(rowid.get());
  }
}

// The triggers and the extension row GDAL writes (GeoPackage 1.2+ gpkg_rtree_index), so that edits made
// later by QGIS or GDAL keep the index current.
void add_triggers(const Connection& db, const std::string& table, const std::string& column,
                  const std::string& rtree) {
  const std::string t = quoted(table), g = quoted(column), r = quoted(rtree);
  const std::string boxes = " VALUES (NEW.\"fid\",ST_MinX(NEW." + g + "), ST_MaxX(NEW." + g +
                            "),ST_MinY(NEW." + g + "), ST_MaxY(NEW." + g + ")); END";
  db.exec("CREATE TRIGGER " + quoted(rtree + "_insert") + " AFTER INSERT ON " + t + " WHEN (new." + g +
          " NOT NULL AND NOT ST_IsEmpty(NEW." + g + ")) BEGIN INSERT OR REPLACE INTO " + r + boxes);
  db.exec("CREATE TRIGGER " + quoted(rtree + "_update1") + " AFTER UPDATE OF " + g + " ON " + t +
          " WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW." + g + " NOTNULL AND NOT ST_IsEmpty(NEW." + g +
          ")) BEGIN INSERT OR REPLACE INTO " + r + boxes);
  db.exec("CREATE TRIGGER " + quoted(rtree + "_update2") + " AFTER UPDATE OF " + g + " ON " + t +
          " WHEN OLD.\"fid\" = NEW.\"fid\" AND (NEW." + g + " ISNULL OR ST_IsEmpty(NEW." + g +
          ")) BEGIN DELETE FROM " + r + " WHERE id = OLD.\"fid\"; END");
  db.exec("CREATE TRIGGER " + quoted(rtree + "_update3") + " AFTER UPDATE ON " + t +
          " WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW." + g + " NOTNULL AND NOT ST_IsEmpty(NEW." + g +
          ")) BEGIN DELETE FROM " + r + " WHERE id = OLD.\"fid\"; INSERT OR REPLACE INTO " + r + boxes);
  db.exec("CREATE TRIGGER " + quoted(rtree + "_update4") + " AFTER UPDATE ON " + t +
          " WHEN OLD.\"fid\" != NEW.\"fid\" AND (NEW." + g + " ISNULL OR ST_IsEmpty(NEW." + g +
          ")) BEGIN DELETE FROM " + r + " WHERE id IN (OLD.\"fid\", NEW.\"fid\"); END");
  db.exec("CREATE TRIGGER " + quoted(rtree + "_delete") + " AFTER DELETE ON " + t + " WHEN old." + g +
          " NOT NULL BEGIN DELETE FROM " + r + " WHERE id = OLD.\"fid\"; END");
  db.exec(
      "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT "
      "NOT NULL, "
      "definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
      "extension_name))");
  Stmt ext = db.prepare(
      "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?, "
      "?, "
      "'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
  sqlite3_bind_text(ext.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ext.get(), 2, column.c_str(), -1, SQLITE_TRANSIENT);
  db.step(ext.get());
}

}  // namespace

RtreeLeaves order_rtree_leaves(const std::vector<BoxEntry>& entries) {
  RtreeLeaves leaves;
  if (entries.empty()) return leaves;
  double x0 = entries[0].min_x, x1 = entries[0].max_x, y0 = entries[0].min_y, y1 = entries[0].max_y;
  for (const BoxEntry& e : entries)
    x0 = std::min(x0, e.min_x), x1 = std::max(x1, e.max_x), y0 = std::min(y0, e.min_y),
    y1 = std::max(y1, e.max_y);
  const double sx = x1 > x0 ? 65535 / (x1 - x0) : 0, sy = y1 > y0 ? 65535 / (y1 - y0) : 0;
  std::vector<std::pair<std::uint64_t, std::size_t>> order(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const BoxEntry& e = entries[i];
    const auto hx = static_cast<std::uint32_t>(((e.min_x + e.max_x) / 2 - x0) * sx);
    const auto hy = static_cast<std::uint32_t>(((e.min_y + e.max_y) / 2 - y0) * sy);
    order[i] = {hilbert(std::min(hx, 65535u), std::min(hy, 65535u)), i};
  }
  std::sort(order.begin(), order.end());

  leaves.cells.reserve(entries.size());
  leaves.by_fid.reserve(entries.size());
  for (const auto& [h, i] : order) {
    const BoxEntry& e = entries[i];
    leaves.by_fid.emplace_back(e.fid, leaves.cells.size());
    leaves.cells.push_back(
        {e.fid, {float_down(e.min_x), float_up(e.max_x), float_down(e.min_y), float_up(e.max_y)}});
  }
  std::sort(leaves.by_fid.begin(), leaves.by_fid.end());
  return leaves;
}

void build_gpkg_rtree(const Connection& db, const std::string& table, const std::string& column,
                      RtreeLeaves leaves) {
  const std::string rtree = "rtree_" + table + "_" + column;
  db.exec("CREATE VIRTUAL TABLE " + quoted(rtree) + " USING rtree(id, minx, maxx, miny, maxy)");

  // SQLite chose the node size when it created the table (its empty root, node 1).
  int node_bytes = 0;
  {
    Stmt s = db.prepare("SELECT length(data) FROM " + quoted(rtree + "_node") + " WHERE nodeno = 1");
    if (sqlite3_step(s.get()) == SQLITE_ROW) node_bytes = sqlite3_column_int(s.get(), 0);
  }
  const std::size_t per_node = node_bytes > 4 ? static_cast<std::size_t>(node_bytes - 4) / 24 : 0;
  if (per_node < 2) db.fail("spatial index node size");

  if (!leaves.cells.empty()) {
    std::vector<std::vector<Cell>> levels = pack_levels(std::move(leaves.cells), per_node);
    const std::vector<std::int64_t> first_node = number_nodes(levels, per_node);
    write_nodes(db, rtree, levels, leaves.by_fid, first_node, per_node, node_bytes);
  }
  add_triggers(db, table, column, rtree);
}

}  // namespace plan::io
