#include "io/partial_files.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace plan::io {

namespace {

namespace fs = std::filesystem;

// The signal handler may only call async-signal-safe functions (unlink, signal, raise), so every path it
// removes is spelled out in advance in fixed storage.
constexpr int kSlots = 16;
constexpr int kFilesPerSlot = 10;
constexpr std::size_t kMaxPath = 1024;
const char* const kSidecars[kFilesPerSlot] = {"",     "-journal", "-wal", "-shm", ".shx",
                                              ".dbf", ".prj",     ".cpg", ".qix", ".sbn"};

struct Slot {
  std::atomic<bool> used{false};
  char files[kFilesPerSlot][kMaxPath];
};
Slot g_slots[kSlots];
std::mutex g_mutex;

extern "C" void remove_partials_and_reraise(int sig) {
  for (Slot& s : g_slots)
    if (s.used.load(std::memory_order_acquire))
      for (const char* f : s.files)
        if (f[0]) ::unlink(f);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_handlers_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM}) {
      struct sigaction current {};
      if (::sigaction(sig, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) continue;
      struct sigaction ours {};
      ours.sa_handler = remove_partials_and_reraise;
      sigemptyset(&ours.sa_mask);
      ::sigaction(sig, &ours, nullptr);
    }
  });
}

bool process_alive(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

PartialFileGuard::PartialFileGuard(const fs::path& dir, const std::string& temp_stem,
                                   const std::string& extension) {
  const std::string base = (dir / (temp_stem + extension)).string();
  // A Shapefile's sidecars replace the extension; SQLite's are appended to the whole name.
  const std::string stem_path = (dir / temp_stem).string();
  if (base.size() + 16 >= kMaxPath) return;
  install_handlers_once();
  std::lock_guard lock(g_mutex);
  for (int i = 0; i < kSlots; ++i) {
    Slot& s = g_slots[i];
    if (s.used.load(std::memory_order_relaxed)) continue;
    for (int k = 0; k < kFilesPerSlot; ++k) {
      const std::string sidecar = kSidecars[k];
      const std::string file = k == 0 ? base : sidecar[0] == '-' ? base + sidecar : stem_path + sidecar;
      std::strncpy(s.files[k], file.c_str(), kMaxPath - 1);
      s.files[k][kMaxPath - 1] = '\0';
    }
    s.used.store(true, std::memory_order_release);
    slot_ = i;
    return;
  }
}

PartialFileGuard::~PartialFileGuard() {
  if (slot_ < 0) return;
  std::lock_guard lock(g_mutex);
  g_slots[slot_].used.store(false, std::memory_order_release);
}

std::size_t remove_stale_partials(const fs::path& dir, const std::string& output_stem) {
  const std::string prefix = "." + output_stem + ".partial-";
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    std::size_t digits = prefix.size();
    while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
    if (digits == prefix.size() || digits - prefix.size() > 9) continue;
    // The pid must end the stem: ".o.partial-123.gpkg", ".o.partial-123.gpkg-journal", not ".o.partial-12x".
    if (digits < name.size() && name[digits] != '.') continue;
    const long pid = std::stol(name.substr(prefix.size(), digits - prefix.size()));
    if (pid == static_cast<long>(::getpid()) || process_alive(pid)) continue;
    std::error_code rm;
    if (fs::remove_all(it->path(), rm) > 0 && !rm) ++removed;
  }
  return removed;
}

}  // namespace plan::io
