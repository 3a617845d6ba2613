#pragma once
// CachingStorage: a Storage in front of another that remembers the answers of get(), stat() and
// exists() for small objects, so that a read of image metadata (JSON, checksums, the in-progress
// mark, a layer's size) costs no system call once it was answered. Every change made through it
// (put, remove, a committed Writer) forgets what it may have changed before it returns: the key,
// the directories above it (their existence may change) and, for remove, everything beneath.
//
// It is correct only while it is the one writer of the storage it wraps (one simulator process
// owns its data directory). Reads racing a change never store the older answer: an answer read
// while any change was under way is used but not remembered.
//
// Memory is bounded: values above `max_value_bytes` are never kept, and when the remembered
// bytes pass `max_total_bytes` everything is forgotten and refilled by use. Streams (read(),
// write()) and list() always go to the backend. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "drydock/simulator/storage/storage.h"
#include "drydock/simulator/storage/storage_wrapper.h"

namespace drydock::storage {

struct CacheLimits {
  size_t max_value_bytes = 64 * 1024;
  size_t max_total_bytes = 8 * 1024 * 1024;
};

class CachingStorage : public StorageWrapper {
 public:
  explicit CachingStorage(std::shared_ptr<Storage> backend, CacheLimits limits = {});

  Result<std::string> get(std::string_view key) override;
  Result<void> put(std::string_view key, std::string_view value) override;
  Result<std::unique_ptr<Writer>> write(std::string_view key) override;
  Result<Stat> stat(std::string_view key) override;
  Result<void> remove(std::string_view key) override;
  Result<bool> exists(std::string_view key) override;

  // What the cache did, for tests and benchmarks.
  struct Counters {
    uint64_t hits = 0;
    uint64_t misses = 0;
    size_t entries = 0;
    size_t bytes = 0;
  };
  Counters counters() const;

 private:
  class CommitForgettingWriter;

  // What is remembered of one key. Each part is filled by the call that asked it.
  struct Entry {
    std::optional<bool> exists;
    std::optional<Result<Stat>> stat;
    std::optional<Result<std::string>> value;  // get(): the bytes, or the kNotFound error
  };

  // Looks `key` up; `part` selects what is wanted. Returns it when remembered.
  template <typename T>
  std::optional<T> lookup(std::string_view key, std::optional<T> Entry::*part);
  // Remembers `answer` as `part` of `key` unless a change started since `generation`.
  template <typename T>
  void remember(std::string_view key, std::optional<T> Entry::*part, T answer, uint64_t generation);
  // Brackets a change of the backend: fills that started before end_change() returns are not
  // remembered, and end_change() forgets `key`, its ancestors and (`subtree`) its descendants.
  void begin_change();
  void end_change(std::string_view key, bool subtree);
  uint64_t generation() const;
  void erase_locked(std::map<std::string, Entry, std::less<>>::iterator it);
  static size_t cost(std::string_view key, const Entry& entry);

  const CacheLimits limits_;
  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;  // guarded by mu_
  size_t bytes_ = 0;                                   // guarded by mu_
  uint64_t generation_ = 0;                            // guarded by mu_; see begin_change()
  uint64_t hits_ = 0;                                  // guarded by mu_
  uint64_t misses_ = 0;                                // guarded by mu_
};

}  // namespace drydock::storage
