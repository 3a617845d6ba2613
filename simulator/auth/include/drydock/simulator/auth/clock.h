#pragma once
// Clock: where token and session expiry read the time. Handlers use the system clock; tests use
// a ManualClock and move it, so no test sleeps.

#include <atomic>
#include <chrono>

namespace drydock::auth {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// The wall clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to. Thread-safe: one thread may move it while others read.
class ManualClock final : public Clock {
 public:
  // Starts at `start`; by default 2015-01-01T00:00:00Z, in the era of the v1 protocol.
  explicit ManualClock(TimePoint start = TimePoint(std::chrono::seconds(1420070400)))
      : ticks_(start.time_since_epoch().count()) {}

  TimePoint now() const override { return TimePoint(TimePoint::duration(ticks_.load())); }
  void set(TimePoint t) { ticks_.store(t.time_since_epoch().count()); }
  void advance(std::chrono::system_clock::duration d) { ticks_.fetch_add(d.count()); }

 private:
  std::atomic<TimePoint::rep> ticks_;
};

}  // namespace drydock::auth
