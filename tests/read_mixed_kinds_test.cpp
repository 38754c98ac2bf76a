// Reading a layer that mixes geometry kinds (GeoJSON allows points and lines in one collection).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "plan/error.hpp"
#include "plan/io.hpp"

namespace fs = std::filesystem;

namespace {
const char* kMixed = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[115.48,35.23]}},
 {"type":"Feature","properties":{"n":2},"geometry":{"type":"LineString","coordinates":[[115.0,35.5],[115.5,35.6]]}},
 {"type":"Feature","properties":{"n":3},"geometry":{"type":"Point","coordinates":[115.94,35.60]}}]})";

fs::path write_mixed() {
  const fs::path p = fs::temp_directory_path() / ("mixed_kinds_" + std::to_string(::getpid()) + ".geojson");
  std::ofstream(p) << kMixed;
  return p;
}
}  // namespace

TEST(ReadLayer, AMixedLayerIsAnErrorNamingTheFeatureByDefault) {
  const fs::path p = write_mixed();
  try {
    plan::read_layer(p.string(), {});
    ADD_FAILURE() << "expected a DataError";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("feature"), std::string::npos) << e.what();
  }
  fs::remove(p);
}

TEST(ReadLayer, SkipOtherKindsReadsOneKindAndCountsTheRest) {
  const fs::path p = write_mixed();
  plan::ReadOptions o;
  o.skip_other_kinds = true;
  plan::ReadReport report;
  const plan::Layer first = plan::read_layer(p.string(), o, &report);  // the first feature's kind
  EXPECT_EQ(first.kind, plan::GeometryKind::Point);
  EXPECT_EQ(first.features.size(), 2u);
  EXPECT_EQ(report.skipped_other_kind, 1u);

  o.expect = plan::GeometryKind::Line;
  plan::ReadReport lines_report;
  const plan::Layer lines = plan::read_layer(p.string(), o, &lines_report);
  ASSERT_EQ(lines.features.size(), 1u);
  EXPECT_EQ(lines.features[0].id, first.features[0].id + 1);  // the feature between the two points
  EXPECT_EQ(lines_report.skipped_other_kind, 2u);
  fs::remove(p);
}
