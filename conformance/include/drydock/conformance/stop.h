#pragma once
// How a run is asked to stop early: `drydock check` asks on SIGINT or SIGTERM. Once asked, the
// runner starts no new check and the HTTP client aborts the transfers in flight; the runner then
// lets the client talk again (abort_finished()) to clean up what the run created, within a bounded
// time, and writes every report, marked as interrupted.
//
// request() is async-signal-safe: it only stores to lock-free atomics.

#include <atomic>

namespace drydock::conformance {

class StopRequest {
 public:
  // Asks the run to stop, naming the signal (or any non-zero reason). Async-signal-safe.
  void request(int signal) noexcept {
    signal_.store(signal);
    aborting_.store(true);
  }
  bool requested() const noexcept { return signal_.load() != 0; }
  int signal() const noexcept { return signal_.load(); }
  // Whether transfers in flight must be aborted now.
  bool aborting() const noexcept { return aborting_.load(); }
  // The checks are over: requests may be sent again (the cleanup's).
  void abort_finished() noexcept { aborting_.store(false); }

 private:
  std::atomic<int> signal_{0};
  std::atomic<bool> aborting_{false};
  static_assert(std::atomic<int>::is_always_lock_free && std::atomic<bool>::is_always_lock_free);
};

}  // namespace drydock::conformance
