// Helpers shared by the plan tests: temporary folders and tiny GeoJSON plans written from text.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace plan_test {

// A fresh folder under the system temp directory, removed when the object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() / ("libplan-" + tag + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A FeatureCollection from feature texts, WGS84.
inline std::string collection(const std::string& name, const std::string& features) {
  return R"({"type":"FeatureCollection","name":")" + name + R"(","features":[)" + features + "]}";
}

// Two counties side by side near Heze: 甲县 west of 115.5°E, 乙县 east of it, 35.0–35.2°N.
inline std::string two_counties() {
  return collection("boundaries", R"(
{"type":"Feature","id":1,"properties":{"name_zh":"甲县","name_pinyin":"Jia Xian","kind":"county","status":"existing","source":"test"},
 "geometry":{"type":"Polygon","coordinates":[[[115.3,35.0],[115.5,35.0],[115.5,35.2],[115.3,35.2],[115.3,35.0]]]}},
{"type":"Feature","id":2,"properties":{"name_zh":"乙县","name_pinyin":"Yi Xian","kind":"county","status":"existing","source":"test"},
 "geometry":{"type":"Polygon","coordinates":[[[115.5,35.0],[115.7,35.0],[115.7,35.2],[115.5,35.2],[115.5,35.0]]]}})");
}

inline std::string town(int id, const std::string& name, const std::string& kind, int tier,
                        const std::string& county, double lon, double lat) {
  return R"({"type":"Feature","id":)" + std::to_string(id) + R"(,"properties":{"name_zh":")" + name +
         R"(","name_pinyin":"x","kind":")" + kind + R"(","status":"existing","source":"test","tier":)" +
         std::to_string(tier) + R"(,"county":")" + county +
         R"("},"geometry":{"type":"Point","coordinates":[)" + std::to_string(lon) + "," +
         std::to_string(lat) + "]}}";
}

}  // namespace plan_test
