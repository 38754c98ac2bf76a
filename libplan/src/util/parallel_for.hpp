// The library's one way of sharing work among threads: fixed parts, part 0 on the calling thread, the
// others on threads of their own, all joined before returning. Callers keep per-part scratch and output
// and join the outputs in part order, so results never depend on the thread count.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace plan::util {

// `requested` threads, or one per hardware thread when 0.
inline unsigned thread_count(unsigned requested = 0) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

// Calls body(part) for part = 0 … parts − 1 at once, part 0 on the calling thread; returns when all are
// done. The first exception thrown by any part is rethrown here after the join (the other parts run to
// their end: a body that should stop early checks a flag of its own).
template <class Body>
void parallel_parts(unsigned parts, Body&& body) {
  if (parts <= 1) {
    body(0u);
    return;
  }
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto guarded = [&](unsigned part) {
    try {
      body(part);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(parts - 1);
  for (unsigned part = 1; part < parts; ++part) pool.emplace_back(guarded, part);
  guarded(0);
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

// The contiguous range [begin, end) of part `part` of `parts` over n items (sizes differ by at most one).
struct PartRange {
  std::size_t begin, end;
};
inline PartRange part_range(std::size_t n, unsigned part, unsigned parts) {
  return {n * part / parts, n * (part + 1) / parts};
}

// Calls body(begin, end) over `parts` contiguous ranges covering [0, n), in parallel as parallel_parts.
template <class Body>
void parallel_for(std::size_t n, unsigned parts, Body&& body) {
  parallel_parts(parts, [&](unsigned part) {
    const PartRange r = part_range(n, part, parts);
    body(r.begin, r.end);
  });
}

}  // namespace plan::util
