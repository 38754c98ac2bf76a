// Indicator values (--values current.csv): any bytes give rows with finite values and whole ids, or a
// DataError naming the file; never another exception or undefined behaviour.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <string>

#include "fuzz_support.hpp"
#include "plan/error.hpp"
#include "plan/indicators.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // An in-memory file, so that the reader runs as it does on disk without touching the disk.
  const int fd = memfd_create("values.csv", 0);
  if (fd < 0) return 0;
  for (size_t done = 0; done < size;) {
    const ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  try {
    for (const plan::IndicatorValue& v : plan::read_indicator_values(path))
      FUZZ_CHECK(std::isfinite(v.value));
  } catch (const plan::DataError& e) {
    FUZZ_CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
  close(fd);
  return 0;
}
