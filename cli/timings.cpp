#include "timings.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace cli {

namespace {

using Clock = std::chrono::steady_clock;

struct State {
  bool enabled = false;
  Clock::time_point main_entered;
  double before_main_s = -1;         // unknown when /proc cannot tell
  const char* current = nullptr;     // the innermost open phase
  std::uint64_t estimate_bytes = 0;  // the run's estimated peak memory (0: not estimated)
  Clock::time_point since;           // when `current` last started counting
  std::vector<std::pair<const char*, double>> phases;
};

State& state() {
  static State s;
  return s;
}

void credit(State& s, const char* phase, double seconds) {
  for (auto& [name, total] : s.phases)
    if (!std::strcmp(name, phase)) {
      total += seconds;
      return;
    }
  s.phases.emplace_back(phase, seconds);
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Seconds from this process's creation until now: /proc/self/stat field 22 (start time in clock ticks
// after boot) against CLOCK_BOOTTIME. Negative when unavailable.
double process_age_s() {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return -1;
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    if (i == 22) {
      timespec now{};
      clock_gettime(CLOCK_BOOTTIME, &now);
      const double started = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
      const double age = static_cast<double>(now.tv_sec) + now.tv_nsec * 1e-9 - started;
      return age >= 0 ? age : -1;
    }
  return -1;
}

}  // namespace

void enable_timings() {
  State& s = state();
  s.enabled = true;
  s.main_entered = Clock::now();
  s.before_main_s = process_age_s();
}

bool timings_enabled() { return state().enabled; }

void note_memory_estimate(std::uint64_t bytes) { state().estimate_bytes = bytes; }

Phase::Phase(const char* name) : outer_(state().current) {
  State& s = state();
  if (!s.enabled) return;
  if (s.current) credit(s, s.current, seconds_since(s.since));
  s.current = name;
  s.since = Clock::now();
}

void Phase::stop() {
  State& s = state();
  if (!s.enabled || !open_) return;
  open_ = false;
  credit(s, s.current, seconds_since(s.since));
  s.current = outer_;
  s.since = Clock::now();
}

void print_timings(std::FILE* to) {
  State& s = state();
  if (!s.enabled) return;
  const double in_main = seconds_since(s.main_entered);
  double named = 0, startup = s.before_main_s > 0 ? s.before_main_s : 0;
  for (const auto& [name, total] : s.phases) {
    if (!std::strcmp(name, "start-up")) startup += total;
    named += total;
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "timings: start-up %.3f s", startup);
  std::string line = buf;
  for (const char* phase : {"estimate", "read", "build", "snap", "compute", "write"})
    for (const auto& [name, total] : s.phases)
      if (!std::strcmp(name, phase)) {
        std::snprintf(buf, sizeof buf, ", %s %.3f s", phase, total);
        line += buf;
      }
  std::snprintf(buf, sizeof buf, ", other %.3f s", in_main - named > 0 ? in_main - named : 0.0);
  line += buf;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::snprintf(buf, sizeof buf, "; total %.3f s; peak memory %.0f MB",
                in_main + (s.before_main_s > 0 ? s.before_main_s : 0), usage.ru_maxrss / 1024.0);
  line += buf;
  if (s.estimate_bytes > 0) {
    std::snprintf(buf, sizeof buf, " (estimated %.0f MB)",
                  static_cast<double>(s.estimate_bytes) / (1024.0 * 1024));
    line += buf;
  }
  line += "\n";
  std::fputs(line.c_str(), to);
}

}  // namespace cli
