// plan.json of a plan folder: any text loads (with issues) or gives a DataError naming plan.json; never
// another exception.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_support.hpp"
#include "plan/error.hpp"
#include "plan/plan.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path folder = fs::temp_directory_path() / ("plan-fuzz-" + std::to_string(getpid()));
  static const bool made = fs::create_directories(folder) || true;
  (void)made;
  {
    std::ofstream out(folder / "plan.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    plan::LoadReport report;
    const plan::Plan p = plan::load_plan(folder.string(), plan::LoadOptions{{}, false}, &report);
    (void)plan::validate_plan(p);
  } catch (const plan::DataError& e) {
    FUZZ_CHECK(!std::string(e.what()).empty());
  }
  return 0;
}
