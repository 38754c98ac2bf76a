// Resource limits: sizes as people write them, MemAvailable, the peak-memory estimate (its counts, its
// monotonicity, its distance from a measured peak) and the commands' refusal before reading.
#include "plan/memory.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>

#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/synthetic.hpp"
#include "test_support.hpp"

namespace {

using test_support::run_plan;
using test_support::TempDir;

constexpr std::uint64_t KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;

TEST(ParseSize, UnitsAreBinaryWithOrWithoutB) {
  EXPECT_EQ(plan::parse_size("2G"), 2 * GiB);
  EXPECT_EQ(plan::parse_size("512MiB"), 512 * MiB);
  EXPECT_EQ(plan::parse_size("512mb"), 512 * MiB);
  EXPECT_EQ(plan::parse_size("1.5GB"), 3 * GiB / 2);
  EXPECT_EQ(plan::parse_size("300k"), 300 * KiB);
  EXPECT_EQ(plan::parse_size("2T"), 2048 * GiB);
  EXPECT_EQ(plan::parse_size("1048576"), MiB);
  EXPECT_EQ(plan::parse_size("100B"), 100u);
  EXPECT_EQ(plan::parse_size("4 GiB"), 4 * GiB);
  EXPECT_EQ(plan::parse_size("0"), 0u);
}

TEST(ParseSize, RefusesWhatIsNotASize) {
  for (const char* bad : {"", "G", "-1G", "2X", "1.2.3G", "nanG", "inf", "2GG", "1e3", ".", "99999999999T"}) {
    try {
      plan::parse_size(bad, "--max-memory");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const plan::UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--max-memory"), std::string::npos) << e.what();
    }
  }
}

TEST(FormatSize, BinaryUnitsWithAtMostOneDecimal) {
  EXPECT_EQ(plan::format_size(512), "512 bytes");
  EXPECT_EQ(plan::format_size(1536), "1.5 kB");
  EXPECT_EQ(plan::format_size(950 * MiB), "950 MB");
  EXPECT_EQ(plan::format_size(2 * GiB + 300 * MiB), "2.3 GB");
}

TEST(MemAvailable, ReadFromMeminfoText) {
  EXPECT_EQ(plan::parse_mem_available("MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:   "
                                      "23000000 kB\nBuffers: 1 kB\n"),
            23000000ull * 1024);
  EXPECT_FALSE(plan::parse_mem_available("MemTotal: 24000000 kB\n"));
  EXPECT_FALSE(plan::parse_mem_available("MemAvailable: lots kB\n"));
  EXPECT_FALSE(plan::parse_mem_available("MemAvailable: 12 pages\n"));
  const auto live = plan::mem_available_bytes();
  if (std::filesystem::exists("/proc/meminfo")) {
    ASSERT_TRUE(live);
    EXPECT_GT(*live, 0u);
  }
  EXPECT_FALSE(plan::mem_available_bytes("/nonexistent/meminfo"));
}

TEST(MemoryEstimate, GrowsWithEveryCount) {
  plan::MemoryCounts c;
  const std::uint64_t base = plan::estimate_peak_bytes(c);
  EXPECT_GE(base, 20 * MiB);
  std::uint64_t last = base;
  for (std::uint64_t n : {1000ull, 100000ull, 5000000ull}) {
    for (auto field : {&plan::MemoryCounts::point_features, &plan::MemoryCounts::homes_written,
                       &plan::MemoryCounts::network_edges, &plan::MemoryCounts::text_file_bytes,
                       &plan::MemoryCounts::osm_file_bytes}) {
      plan::MemoryCounts more = c;
      more.*field = n;
      EXPECT_GT(plan::estimate_peak_bytes(more), plan::estimate_peak_bytes(c));
    }
    c.point_features = n, c.network_edges = n / 10;
    const std::uint64_t now = plan::estimate_peak_bytes(c);
    EXPECT_GT(now, last);
    last = now;
  }
  // Writing the homes costs more than reading them alone.
  plan::MemoryCounts out = c;
  out.homes_written = c.point_features;
  EXPECT_GT(plan::estimate_peak_bytes(out), plan::estimate_peak_bytes(c));
}

plan::Layer layer(const std::string& name, plan::GeometryKind kind) {
  plan::Layer l;
  l.name = name;
  l.crs = "EPSG:32650";
  l.kind = kind;
  return l;
}

// A small generated city written as a user's files: streets of bent lines (many edges per line), facilities
// and homes as points.
struct City {
  TempDir dir;
  std::size_t lines = 0, edges = 0, homes = 0;
  City(std::size_t n_homes, double radius_m) {
    plan::SyntheticCityOptions o;
    o.radius_m = radius_m;
    o.street_segment_m = 20;
    const plan::SyntheticCity city = plan::generate_city(o);
    plan::Layer streets = layer("streets", plan::GeometryKind::Line);
    for (const plan::LineString& l : city.streets) {
      plan::LineString shifted = l;
      for (plan::XY& p : shifted) p = {p.x + 500000, p.y + 3900000};
      streets.features.push_back({static_cast<std::int64_t>(++lines), plan::Geometry::line(shifted), {}});
      edges += l.size() - 1;
    }
    plan::Layer fac = layer("facilities", plan::GeometryKind::Point);
    plan::Layer hom = layer("homes", plan::GeometryKind::Point);
    plan::SeededRandom rng(7);
    for (std::size_t i = 0; i < n_homes + 50; ++i) {
      const plan::LineString& s = city.streets[rng.next() % city.streets.size()];
      const plan::XY p{s.front().x + 500000 + rng.uniform(-30, 30),
                       s.front().y + 3900000 + rng.uniform(-30, 30)};
      plan::Layer& l = i < 50 ? fac : hom;
      l.features.push_back({static_cast<std::int64_t>(l.features.size() + 1), plan::Geometry::point(p), {}});
    }
    homes = n_homes;
    plan::WriteOptions w;
    for (const plan::Layer* l : {&streets, &fac, &hom})
      plan::write_layers(dir.file(l->name + ".gpkg"), {*l}, w);
  }
  std::string reach_args() const {
    return "reach --network " + dir.file("streets.gpkg") + " --facilities " + dir.file("facilities.gpkg") +
           " --homes " + dir.file("homes.gpkg") + " --within 1000m --json";
  }
};

TEST(CountSource, CountsFeaturesAndEveryEdgeOfBentLines) {
  const City city(2000, 2000);
  const plan::SourceCount s = plan::count_source(city.dir.file("streets.gpkg"), "", true);
  EXPECT_TRUE(s.opened && s.counted);
  EXPECT_EQ(s.features, city.lines);
  EXPECT_EQ(s.edges, city.edges);
  EXPECT_GT(s.edges, 5 * s.features);  // bent streets: counting lines as edges would be far too low
  const plan::SourceCount h = plan::count_source(city.dir.file("homes.gpkg"), "homes", false);
  EXPECT_EQ(h.features, 2000u);
  EXPECT_EQ(h.edges, 0u);
  EXPECT_EQ(plan::count_source(city.dir.file("homes.gpkg"), "no_such_layer", false).features, 0u);
  EXPECT_FALSE(plan::count_source(city.dir.file("missing.gpkg"), "", false).opened);
  // GeoJSON is not parsed twice: sized by its file.
  const std::string gj = test_support::write_text(
      city.dir.file("p.geojson"),
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]})");
  const plan::SourceCount g = plan::count_source(gj, "", false);
  EXPECT_TRUE(g.opened);
  EXPECT_FALSE(g.counted);
  EXPECT_EQ(g.file_bytes, std::filesystem::file_size(gj));
}

// Each extent's count against a brute-force count of the points read: the count may take in features
// within the 10 m margin (and the index's float bounds), never miss one inside the extent.
TEST(CountFeaturesWithin, CountsTheFeaturesMeetingEachExtent) {
  const City city(2000, 2000);
  const std::string homes = city.dir.file("homes.gpkg");
  plan::ReadOptions o;
  o.target_crs = "EPSG:32650";
  const plan::Layer read = plan::read_layer(homes, o);
  const std::vector<plan::Extent> extents = {{500000, 3900000, 501000, 3901000},
                                             {498000, 3898000, 499500, 3902000},
                                             {400000, 3800000, 400100, 3800100},   // nothing there
                                             {490000, 3890000, 510000, 3910000}};  // everything
  const auto counts = plan::count_features_within(homes, "homes", extents, "EPSG:32650");
  ASSERT_TRUE(counts.has_value());
  ASSERT_EQ(counts->size(), extents.size());
  for (std::size_t i = 0; i < extents.size(); ++i) {
    auto inside = [&](double margin_m) {
      std::uint64_t n = 0;
      for (const plan::Feature& f : read.features) {
        const plan::XY p = f.geometry.points.front();
        const plan::Extent& e = extents[i];
        n += p.x >= e.min_x - margin_m && p.x <= e.max_x + margin_m && p.y >= e.min_y - margin_m &&
             p.y <= e.max_y + margin_m;
      }
      return n;
    };
    EXPECT_GE((*counts)[i], inside(0)) << i;
    EXPECT_LE((*counts)[i], inside(11)) << i;
  }
  EXPECT_EQ((*counts)[2], 0u);
  EXPECT_EQ((*counts)[3], 2000u);
  EXPECT_GT((*counts)[0], 0u);
  EXPECT_FALSE(plan::count_features_within(homes, "no_such_layer", extents, "EPSG:32650").has_value());
  EXPECT_FALSE(plan::count_features_within(city.dir.file("missing.gpkg"), "", extents, "EPSG:32650"));
  const std::string gj = test_support::write_text(
      city.dir.file("p.geojson"),
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]})");
  EXPECT_FALSE(plan::count_features_within(gj, "", extents, "EPSG:32650").has_value());  // no cheap count
}

// plan tile: tiles run one at a time, so the estimate is the largest tile's, with its halo, plus the homes
// kept until they are written; a limit below it stops the run before anything is computed or written.
TEST(MaxMemory, TileRefusesATooSmallLimitBeforeWritingAnything) {
  const City city(2000, 2000);
  const std::string out = city.dir.file("tiled.gpkg");
  const std::string tile_args = "tile reach --network " + city.dir.file("streets.gpkg") + " --facilities " +
                                city.dir.file("facilities.gpkg") + " --homes " + city.dir.file("homes.gpkg") +
                                " --within 300m --max-snap 50 --tile-size 1km --out " + out;
  const auto r = run_plan(tile_args + " --max-memory 1M");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("plan tile: not started: the run is estimated to need"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tiles run one at a time; the largest, r"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2,000 homes written"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("more than the limit of 1.0 MB (--max-memory 1M)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Run fewer tiles at a time (--tile-id)"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_FALSE(std::filesystem::exists(out));
  for (const auto& e : std::filesystem::directory_iterator(city.dir.path()))
    EXPECT_EQ(e.path().filename().string().find(".tiled"), std::string::npos) << e.path();
  EXPECT_EQ(run_plan(tile_args + " --max-memory lots").exit_code, 2);

  // The largest tile reads fewer features than the whole region holds: its halo (300 + 3 x 50 m) is a
  // fraction of the 4 km city.
  const auto t = run_plan(tile_args + " --max-memory 64G --timings");
  ASSERT_EQ(t.exit_code, 0) << t.err;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(t.err, m, std::regex(R"(reads ([\d,]+) point features, ([\d,]+) network edges)")))
      << t.err;
  auto number = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    return std::stoull(s);
  };
  EXPECT_GT(number(m[1]), 0u);
  EXPECT_LT(number(m[1]), 2050u / 2) << t.err;
  EXPECT_GT(number(m[2]), 0u);
  EXPECT_LT(number(m[2]), city.edges / 2) << t.err;
  EXPECT_TRUE(std::filesystem::exists(out));
  EXPECT_EQ(run_plan(tile_args + " --overwrite --max-memory off").exit_code, 0);
}

TEST(MaxMemory, ATinyLimitRefusesBeforeReadingAndWritesNothing) {
  const City city(2000, 2000);
  const std::string out = city.dir.file("out.gpkg");
  const auto r = run_plan(city.reach_args() + " --out " + out + " --max-memory 1M");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("not started"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("estimated to need"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("more than the limit of 1.0 MB (--max-memory 1M)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2,000 homes written"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--max-memory off"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_FALSE(std::filesystem::exists(out));
  for (const auto& e : std::filesystem::directory_iterator(city.dir.path()))
    EXPECT_EQ(e.path().filename().string().find(".out"), std::string::npos) << e.path();
  // Every heavy command takes the option; a bad size is a usage error.
  EXPECT_EQ(run_plan(city.reach_args() + " --max-memory lots").exit_code, 2);
  EXPECT_EQ(run_plan("lifecircle --network " + city.dir.file("streets.gpkg") + " --facilities " +
                     city.dir.file("facilities.gpkg") + " --homes " + city.dir.file("homes.gpkg") +
                     " --max-memory 1k")
                .exit_code,
            2);
  EXPECT_EQ(run_plan("isochrone --network " + city.dir.file("streets.gpkg") + " --from " +
                     city.dir.file("facilities.gpkg") + " --max-memory 1k")
                .exit_code,
            2);
  EXPECT_EQ(run_plan("coverage --stops " + city.dir.file("facilities.gpkg") + " --area " +
                     city.dir.file("homes.gpkg") + " --max-memory 1k")
                .exit_code,
            2);
  // A generous limit or none runs.
  EXPECT_EQ(run_plan(city.reach_args() + " --max-memory 64G").exit_code, 0);
  EXPECT_EQ(run_plan(city.reach_args() + " --max-memory off").exit_code, 0);
  EXPECT_EQ(run_plan(city.reach_args()).exit_code, 0);
}

// A copy of `from` in another format through GDAL's own translation (ogr2ogr's options).
std::string translate(const std::string& from, const std::string& to, std::vector<std::string> options) {
  GDALAllRegister();
  GDALDatasetUniquePtr src(GDALDataset::Open(from.c_str(), GDAL_OF_VECTOR));
  std::vector<char*> argv;
  for (std::string& o : options) argv.push_back(o.data());
  argv.push_back(nullptr);
  GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
  GDALDatasetH h = src.get();
  int failed = 0;
  GDALClose(GDALVectorTranslate(to.c_str(), nullptr, 1, &h, opts, &failed));
  GDALVectorTranslateOptionsFree(opts);
  EXPECT_FALSE(failed) << to;
  return to;
}

// The bound by file size is never below the count, in every format with a cheap count, including those
// that store the least per point (attribute-less homes) and per vertex (SpatiaLite's compressed lines).
TEST(BoundBySize, IsNeverBelowTheCount) {
  const City city(3000, 2000);
  const std::string streets = city.dir.file("streets.gpkg"), homes = city.dir.file("homes.gpkg");
  const std::vector<std::pair<std::string, std::vector<std::string>>> formats = {
      {".gpkg", {}},
      {".fgb", {"-f", "FlatGeobuf"}},
      {".shp", {"-f", "ESRI Shapefile"}},
      {".sqlite", {"-f", "SQLite"}},
      {"_spatialite.sqlite", {"-f", "SQLite", "-dsco", "SPATIALITE=YES", "-lco", "COMPRESS_GEOM=YES"}}};
  for (const auto& [suffix, options] : formats) {
    for (const bool lines : {true, false}) {
      const std::string& from = lines ? streets : homes;
      const std::string file =
          suffix == ".gpkg" ? from : translate(from, city.dir.file((lines ? "s" : "h") + suffix), options);
      const plan::SourceCount count = plan::count_source(file, "", lines);
      const std::optional<plan::SourceCount> bound = plan::bound_source_by_size(file, lines);
      ASSERT_TRUE(count.counted) << file;
      ASSERT_TRUE(bound && bound->counted) << file;
      if (lines) {
        EXPECT_EQ(count.edges, city.edges) << file;
        EXPECT_GE(bound->edges, count.edges) << file;
      } else {
        EXPECT_EQ(count.features, 3000u) << file;
        EXPECT_GE(bound->features, count.features) << file;
      }
    }
  }
  // Text and OSM files are sized as count_source sizes them; nothing else can be bounded by its size.
  const std::string gj = test_support::write_text(
      city.dir.file("p.geojson"),
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]})");
  const std::optional<plan::SourceCount> g = plan::bound_source_by_size(gj, false);
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->counted);
  EXPECT_EQ(g->file_bytes, plan::count_source(gj, "", false).file_bytes);
  EXPECT_FALSE(plan::bound_source_by_size(city.dir.file("missing.gpkg"), false));
  EXPECT_FALSE(plan::bound_source_by_size(city.dir.path().string(), false));  // a directory (of Shapefiles)
  std::filesystem::copy_file(homes, city.dir.file("homes.gpkg.zip"));
  EXPECT_FALSE(plan::bound_source_by_size(city.dir.file("homes.gpkg.zip"), false));
}

// With the default limit a run whose inputs' sizes bound it far below the memory available is not counted;
// a limit given with --max-memory is checked against the counts.
TEST(MaxMemory, DefaultLimitTrustsTheSizeBound) {
  const City city(2000, 2000);
  const auto quick = run_plan(city.reach_args() + " --timings");
  ASSERT_EQ(quick.exit_code, 0) << quick.err;
  EXPECT_NE(quick.err.find("memory estimate: at most "), std::string::npos) << quick.err;
  EXPECT_NE(quick.err.find(" MB by the inputs' sizes on disk; limit "), std::string::npos) << quick.err;
  EXPECT_EQ(quick.err.find("point features"), std::string::npos) << quick.err;
  const auto counted = run_plan(city.reach_args() + " --timings --max-memory 64G");
  ASSERT_EQ(counted.exit_code, 0) << counted.err;
  EXPECT_NE(counted.err.find("2,050 point features"), std::string::npos) << counted.err;
  const auto off = run_plan(city.reach_args() + " --timings --max-memory off");
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(off.err.find("memory estimate"), std::string::npos) << off.err;
  EXPECT_EQ(off.err.find("estimate "), std::string::npos) << off.err;  // no estimate phase either
}

// --timings prints the estimate and the measured peak side by side; on a generated city the estimate is
// within the factor stated in the README of the peak.
TEST(MaxMemory, EstimateIsWithinAFactorOfTheMeasuredPeak) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer's shadow memory and quarantine inflate the peak 2-3x; the constants hold "
                  "for the release build";
#endif
  const City city(150000, 4000);
  for (const bool out : {false, true}) {
    const auto r = run_plan(city.reach_args() + " --timings --max-memory 64G" +
                            (out ? " --out " + city.dir.file("out.gpkg") + " --overwrite" : std::string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.err, m, std::regex(R"(peak memory (\d+) MB \(estimated (\d+) MB\))")))
        << r.err;
    const double peak = std::stod(m[1]), estimate = std::stod(m[2]);
    EXPECT_NE(r.err.find("150,050 point features"), std::string::npos) << r.err;
    std::string edges = std::to_string(city.edges);
    for (int i = static_cast<int>(edges.size()) - 3; i > 0; i -= 3)
      edges.insert(static_cast<std::size_t>(i), ",");
    EXPECT_NE(r.err.find(edges + " network edges"), std::string::npos) << r.err;
    EXPECT_GT(estimate / peak, 1 / 1.5) << r.err;
    EXPECT_LT(estimate / peak, 1.5) << r.err;
  }
}

}  // namespace
