// One SQLite connection to a GeoPackage that write_layers finishes after GDAL has created it (rows written
// straight into their tables, the spatial index packed in bulk). Every failure is a DataError naming the
// file and table.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "plan/error.hpp"

namespace plan::io {

struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

class Connection {
 public:
  // Opens the file at `path`; messages name it `shown_as` (the output a temporary file becomes).
  Connection(const std::string& path, const std::string& shown_as) : path_(shown_as) {
    sqlite3* raw = nullptr;
    // One thread uses the connection, so SQLite's per-call locking is dropped (a lock and unlock on every
    // bind and step: 200k rows, 35 ms of 0.4 s).
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail("open");
  }
  // The table that failures name from now on.
  void set_table(const std::string& table) { table_ = table; }
  [[noreturn]] void fail(const std::string& what) const {
    const std::string msg = db_ ? sqlite3_errmsg(db_.get()) : "cannot open";
    throw DataError(Location{path_, table_, {}, {}},
                    "cannot finish the GeoPackage (" + what + ": " + msg + ")");
  }
  void exec(const std::string& sql) const {
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql.substr(0, 60));
  }
  Stmt prepare(const std::string& sql) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &s, nullptr) != SQLITE_OK) fail(sql.substr(0, 60));
    return Stmt(s);
  }
  // Runs a statement that returns no rows, then makes it ready for the next bindings.
  void step(sqlite3_stmt* s) const {
    if (sqlite3_step(s) != SQLITE_DONE) fail("insert");
    sqlite3_reset(s);
  }
  sqlite3* get() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  struct DbClose {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  std::string path_, table_;
  std::unique_ptr<sqlite3, DbClose> db_;
};

// A name quoted as an SQL identifier.
inline std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace plan::io
