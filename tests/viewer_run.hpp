// Running plan-viewer under xvfb-run from a test: shared by the viewer's screenshot tests.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace viewer_test {

inline bool have_xvfb_run() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

inline std::string read_text(const std::filesystem::path& p) {
  std::stringstream s;
  s << std::ifstream(p, std::ios::binary).rdbuf();
  return s.str();
}

// Runs plan-viewer ARGS under xvfb-run, output to `log`; returns the exit status. `xvfb-run -a` picks a
// free display by looking at lock files, which races with other X servers starting at the same moment
// (parallel ctest, other builds): when xvfb-run reports an error of its own or the viewer found no
// display, try again. Each test file starts its display search in its own range (`first_display` plus
// the process id modulo `displays`), so parallel tests rarely collide.
inline int run_viewer(const std::string& viewer, const std::string& args, const std::filesystem::path& log,
                      int first_display, int displays) {
  // Mesa and X11 keep allocations until exit by design; leak checking the child would only report those.
  const std::string display = std::to_string(first_display + ::getpid() % displays);
  const std::string cmd = "ASAN_OPTIONS=detect_leaks=0 xvfb-run -a -n " + display +
                          " -s '-screen 0 1024x768x24' '" + viewer + "' " + args + " > '" + log.string() +
                          "' 2>&1";
  int status = 0;
  for (int attempt = 0; attempt < 5; ++attempt) {
    status = std::system(cmd.c_str());
    const std::string text = read_text(log);
    // "xvfb-run: error: ..." covers a server that failed to start and a cleanup that failed after the
    // viewer ran (xvfb-run then replaces the viewer's exit status with its own).
    const bool no_display = text.find("xvfb-run: error") != std::string::npos ||
                            text.find("cannot initialise GLFW") != std::string::npos ||
                            text.find("cannot create an OpenGL") != std::string::npos;
    if (!no_display) break;
    ::usleep(300000 * (attempt + 1));
  }
  return status;
}

}  // namespace viewer_test
