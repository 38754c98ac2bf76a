// Bad files given to plan-viewer: every file of the fuzz corpora (as itself and under the extensions a user
// would give it), a plan folder holding a fuzzed plan.json and a truncated .osm.pbf are loaded in a
// --screenshot run under xvfb-run: each gives an error line (the viewer prints its Layers panel messages on
// stderr as "plan-viewer: error: ..."), the run exits 0 and writes its picture, never crashes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "viewer_run.hpp"

namespace fs = std::filesystem;

namespace {

using viewer_test::have_xvfb_run;
using viewer_test::read_text;

int run_viewer(const std::string& args, const fs::path& log) {
  return viewer_test::run_viewer(PLAN_VIEWER, args, log, 700, 200);
}

struct Scratch {
  fs::path dir;
  explicit Scratch(const std::string& name)
      : dir(fs::temp_directory_path() / ("viewer_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
};

// Loads `files` in one screenshot run with the panels drawn; expects exit 0, the picture, and an error line
// naming each file.
void expect_messages_not_crashes(const std::vector<fs::path>& files, const Scratch& s) {
  std::string args = "--panels --size 800x600 --screenshot '" + (s.dir / "shot.png").string() + "'";
  for (const fs::path& f : files) args += " '" + f.string() + "'";
  const int status = run_viewer(args, s.dir / "log.txt");
  const std::string log = read_text(s.dir / "log.txt");
  ASSERT_TRUE(WIFEXITED(status)) << "status " << status << "\n" << log;
  EXPECT_EQ(WEXITSTATUS(status), 0) << log;
  EXPECT_TRUE(fs::exists(s.dir / "shot.png")) << log;
  EXPECT_EQ(log.find("AddressSanitizer"), std::string::npos) << log;
  EXPECT_EQ(log.find("runtime error"), std::string::npos) << log;
  for (const fs::path& f : files) {
    bool named = false;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("plan-viewer: error: ", 0) == 0 && line.find(f.filename().string()) != std::string::npos)
        named = true;
    EXPECT_TRUE(named) << "no error line names " << f << "\n" << log;
  }
}

}  // namespace

TEST(ViewerBadFiles, EveryFuzzCorpusFileGivesAMessageNotACrash) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb xauth): not tested";
  const fs::path corpus = fs::path(PLAN_SOURCE_DIR) / "fuzz" / "corpus";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "no fuzz/corpus folder";
  const Scratch s("bad_corpus");
  std::vector<fs::path> files;
  std::vector<fs::path> corpus_files;
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file()) corpus_files.push_back(e.path());
  std::sort(corpus_files.begin(), corpus_files.end());
  // Each file under its own name and as the formats a user might drop it as; the JSON corpora also as the
  // plan.json of a plan folder (whose layers are then missing or broken).
  int n = 0;
  for (const fs::path& f : corpus_files) {
    const std::string stem = f.parent_path().filename().string() + "_" + std::to_string(n++);
    for (const char* ext : {"", ".geojson", ".csv", ".gpkg", ".osm"}) {
      const fs::path copy = s.dir / (stem + ext);
      fs::copy_file(f, copy);
      files.push_back(copy);
    }
    const std::string kind = f.parent_path().filename().string();
    if (kind == "plan_json" || kind == "profile_json") {
      const fs::path folder = s.dir / (stem + "_plan");
      fs::create_directories(folder);
      fs::copy_file(f, folder / "plan.json");
      fs::copy_file(f, folder / (stem + "_layer.geojson"));
      files.push_back(folder / (stem + "_layer.geojson"));
    }
  }
  expect_messages_not_crashes(files, s);
}

TEST(ViewerBadFiles, ATruncatedPbfGivesAMessageNotACrash) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb xauth): not tested";
  const fs::path osm = fs::path(PLAN_SOURCE_DIR) / ".." / "shared" / "data" / "osm";
  std::vector<fs::path> pbfs;
  if (fs::is_directory(osm))
    for (const auto& e : fs::directory_iterator(osm))
      if (e.path().string().ends_with(".osm.pbf")) pbfs.push_back(e.path());
  if (pbfs.empty()) GTEST_SKIP() << "no .osm.pbf in ../shared/data/osm: truncated extract not tested";
  std::sort(pbfs.begin(), pbfs.end());
  const Scratch s("bad_pbf");
  std::vector<fs::path> files;
  for (const fs::path& pbf : {pbfs.front(), pbfs.back()}) {
    const std::string bytes = read_text(pbf);
    const fs::path cut = s.dir / ("half_" + pbf.filename().string());
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    files.push_back(cut);
    if (pbfs.size() == 1) break;
  }
  expect_messages_not_crashes(files, s);
}
