// Faults while writing an output: the process interrupted (SIGTERM, SIGINT) or killed (SIGKILL) mid-write,
// the file size limit reached (a full disk), a folder where nothing can be created, an output on another
// filesystem. Each write runs in a forked child so that a signal or limit hits it, not the test runner.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "io/partial_files.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

// A point layer large enough that writing it takes a good fraction of a second.
plan::Layer many_points(std::size_t n) {
  plan::Layer l;
  l.name = "homes";
  l.crs = "EPSG:32650";
  l.fields = {{"label", plan::FieldType::String}};
  l.features.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    l.features[i].id = static_cast<std::int64_t>(i);
    l.features[i].geometry = plan::Geometry::point({500000.0 + i % 1000, 3900000.0 + i / 1000.0});
    l.features[i].values = {std::string(40, 'x')};
  }
  return l;
}

std::vector<std::string> partials(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".partial-") != std::string::npos)
      out.push_back(e.path().filename().string());
  return out;
}

// Forks a child that writes `layer` to `path`, waits until its partial file appears, sends `sig`, and returns
// the child's wait status.
int write_and_signal(const plan::Layer& layer, const fs::path& path, int sig) {
  const pid_t child = ::fork();
  if (child == 0) {
    try {
      plan::write_layers(path.string(), {layer}, {});
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  const std::string partial =
      "." + path.stem().string() + ".partial-" + std::to_string(child) + path.extension().string();
  for (int i = 0; i < 2000 && !fs::exists(path.parent_path() / partial); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // well into the write
  ::kill(child, sig);
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

}  // namespace

TEST(WriteFaults, SigtermMidWriteRemovesThePartialFileAndLeavesNoOutput) {
  test_support::TempDir dir;
  const fs::path out = dir.path() / "homes.gpkg";
  const int status = write_and_signal(many_points(400000), out, SIGTERM);
  if (WIFEXITED(status))
    GTEST_SKIP() << "the write finished before the signal (machine too fast for this test)";
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);  // the default action still follows: the process ends by the signal
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(partials(dir.path()).empty()) << partials(dir.path()).front();
}

TEST(WriteFaults, SigintMidWriteRemovesThePartialFile) {
  test_support::TempDir dir;
  const fs::path out = dir.path() / "homes.gpkg";
  const int status = write_and_signal(many_points(400000), out, SIGINT);
  if (WIFEXITED(status)) GTEST_SKIP() << "the write finished before the signal";
  EXPECT_EQ(WTERMSIG(status), SIGINT);
  EXPECT_TRUE(partials(dir.path()).empty());
}

TEST(WriteFaults, SigkillLeavesAPartialFileThatTheNextWriteRemoves) {
  test_support::TempDir dir;
  const fs::path out = dir.path() / "homes.gpkg";
  const int status = write_and_signal(many_points(400000), out, SIGKILL);
  if (WIFEXITED(status)) GTEST_SKIP() << "the write finished before the signal";
  ASSERT_FALSE(partials(dir.path()).empty());  // nothing can run on SIGKILL
  EXPECT_FALSE(fs::exists(out));
  // A partial file of another output, and one of a living process (pid 1 always exists), are not touched.
  const fs::path other = dir.path() / ".other.partial-1.gpkg", own = dir.path() / ".homes.partial-1.gpkg";
  test_support::write_text(other.string(), "x");
  test_support::write_text(own.string(), "x");
  plan::write_layers(out.string(), {many_points(10)}, {});
  EXPECT_TRUE(fs::exists(out));
  const auto left = partials(dir.path());
  EXPECT_EQ(left.size(), 2u);
  EXPECT_TRUE(fs::exists(other));
  EXPECT_TRUE(fs::exists(own));
}

TEST(WriteFaults, FullDiskIsAnErrorAndLeavesNeitherPartialNorOutput) {
  // RLIMIT_FSIZE stands in for a full disk: write() fails with EFBIG (SIGXFSZ ignored), as with ENOSPC.
  test_support::TempDir dir;
  const fs::path out = dir.path() / "homes.gpkg";
  test_support::write_text(out.string(), "previous output");
  const pid_t child = ::fork();
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{256 * 1024, 256 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    try {
      plan::WriteOptions o;
      o.overwrite = true;
      plan::write_layers(out.string(), {many_points(100000)}, o);
    } catch (const plan::DataError& e) {
      ::_exit(std::string(e.what()).find("homes.gpkg") != std::string::npos ? 1 : 4);
    } catch (...) {
      ::_exit(5);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);                                    // a DataError naming the output
  EXPECT_EQ(test_support::read_text(out.string()), "previous output");  // the old output is untouched
  EXPECT_TRUE(partials(dir.path()).empty());
}

TEST(WriteFaults, FolderWhereNothingCanBeCreatedIsAnError) {
  // /proc refuses new files even to root (a chmod'ed folder does not stop root, which runs CI).
  EXPECT_THROW(plan::write_layers("/proc/plan-write-fault-test.gpkg", {many_points(3)}, {}), plan::Error);
  EXPECT_FALSE(fs::exists("/proc/plan-write-fault-test.gpkg"));
  if (::geteuid() == 0) return;
  test_support::TempDir dir;
  ::chmod(dir.path().c_str(), 0555);
  EXPECT_THROW(plan::write_layers((dir.path() / "o.gpkg").string(), {many_points(3)}, {}), plan::DataError);
  ::chmod(dir.path().c_str(), 0755);
}

TEST(WriteFaults, OutputOnAnotherFilesystemIsWrittenBesideItsTarget) {
  // The temporary file lives beside the target, so the final rename never crosses filesystems.
  const fs::path shm = "/dev/shm";
  struct stat a {
  }, b{};
  if (::stat(shm.c_str(), &a) != 0 || ::stat(fs::temp_directory_path().c_str(), &b) != 0 ||
      a.st_dev == b.st_dev)
    GTEST_SKIP() << "no second filesystem (/dev/shm) beside the temp folder";
  const fs::path out = shm / ("plan-cross-fs-" + std::to_string(::getpid()) + ".gpkg");
  plan::write_layers(out.string(), {many_points(100)}, {});
  EXPECT_TRUE(fs::exists(out));
  plan::ReadOptions r;
  r.target_crs = "EPSG:32650";
  EXPECT_EQ(plan::read_layer(out.string(), r).features.size(), 100u);
  fs::remove(out);
}

TEST(WriteFaults, StaleCleanupKeepsFilesWhosePidIsNotANumberEnding) {
  test_support::TempDir dir;
  for (const char* name :
       {".o.partial-12x.gpkg", ".o.partialx-1.gpkg", ".o.partial-.gpkg", "o.partial-1.gpkg"})
    test_support::write_text((dir.path() / name).string(), "x");
  test_support::write_text((dir.path() / ".o.partial-999999999.gpkg-journal").string(), "x");
  EXPECT_EQ(plan::io::remove_stale_partials(dir.path(), "o"), 1u);
  for (const char* name :
       {".o.partial-12x.gpkg", ".o.partialx-1.gpkg", ".o.partial-.gpkg", "o.partial-1.gpkg"})
    EXPECT_TRUE(fs::exists(dir.path() / name)) << name;
  EXPECT_FALSE(fs::exists(dir.path() / ".o.partial-999999999.gpkg-journal"));
}
