// Helpers shared by the test files: scratch folders, fixture files, running the `plan` binary.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace test_support {

// A fresh folder under the system temp dir, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "plan-test";
    path_ = std::filesystem::temp_directory_path() / ("plan-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built `plan` binary with the given argument string (shell-quoted by the caller).
inline RunResult run_plan(const std::string& args) {
  const std::string err_path =
      (std::filesystem::temp_directory_path() / ("plan-stderr-" + std::to_string(::getpid()))).string();
  const std::string cmd = std::string(PLAN_CLI) + " " + args + " 2>" + err_path;
  RunResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_text(err_path);
  std::filesystem::remove(err_path);
  return r;
}

// The team's reference data folder beside the project, or "" when it is absent.
inline std::string shared_data_dir() {
  const std::filesystem::path p = std::filesystem::path(PLAN_SOURCE_DIR) / ".." / "shared" / "data";
  return std::filesystem::is_directory(p) ? p.lexically_normal().string() : "";
}

}  // namespace test_support
