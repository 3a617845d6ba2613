#pragma once
// KeyLocks: a mutex per key, for a change of state that spans several Storage calls (an image's
// JSON, in-progress mark and checksums), so that concurrent writers of one key take turns. Keys
// share a fixed set of mutexes by hash: unrelated keys may now and then wait on each other, one
// key always waits on the same mutex. Thread-safe.

#include <array>
#include <functional>
#include <mutex>
#include <string_view>

namespace drydock::storage {

class KeyLocks {
 public:
  // Blocks until `key` is free, and holds it until the returned lock is released.
  std::unique_lock<std::mutex> lock(std::string_view key) {
    return std::unique_lock<std::mutex>(stripes_[std::hash<std::string_view>{}(key) % kStripes]);
  }

 private:
  static constexpr size_t kStripes = 64;
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace drydock::storage
