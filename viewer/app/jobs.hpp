// Work that runs off the UI thread: a map canvas never blocks on I/O or on a measure. Each panel owns one
// Job per kind of work; the frame loop polls it and takes the result when it is ready. Network reach and
// isochrones are one more Job<...> in their panels, started the same way.
#pragma once

#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <string>
#include <utility>

namespace viewer {

template <class T>
class Job {
 public:
  template <class F>
  void start(std::string label, F&& work) {
    label_ = std::move(label);
    started_ = std::chrono::steady_clock::now();
    future_ = std::async(std::launch::async, std::forward<F>(work));
  }
  bool running() const { return future_.valid(); }
  const std::string& label() const { return label_; }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }
  // The result once the work has finished (nullopt while it runs); an exception from the work is
  // rethrown here, on the UI thread, where it becomes a message.
  std::optional<T> take() {
    if (!future_.valid() || future_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
      return std::nullopt;
    return future_.get();
  }
  void wait() {
    if (future_.valid()) future_.wait();
  }

 private:
  std::future<T> future_;
  std::string label_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace viewer
