#pragma once
// Storage: where the registry keeps image JSON, layers, checksums, ancestry and tags.
//
// Keys are opaque slash-separated paths ("images/<id>/layer"). Only layout.h knows what a key
// means; a backend knows nothing about images. A key is valid when it is non-empty, relative,
// holds no NUL, and each of its components is non-empty and neither "." nor ".."; the first
// component may not be ".drydock-tmp" (reserved for backends' temporary files). Every call taking
// an invalid key returns an ErrorCode::kInvalidArgument error and touches nothing.
//
// Objects form a tree: "a/b" and "a/c" live under the directory "a". A directory exists while
// something lives beneath it; a key cannot be both an object and a directory (kConflict).
//
// Thread safety: every Storage may be used from many threads at once. A Reader or a Writer
// belongs to one thread at a time. A Reader keeps reading the object it opened even if the object
// is overwritten or removed meanwhile (on Swift, a large object's Reader may fail instead:
// swift_storage.h).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"

namespace drydock::storage {

// What stat() knows about an object.
struct Stat {
  uint64_t size = 0;
  std::chrono::system_clock::time_point mtime;  // when the object was last committed
};

// Streams an object from an offset without holding it whole.
class Reader {
 public:
  virtual ~Reader() = default;
  // Copies up to `n` bytes into `buf`. Returns how many were copied, 0 at the end of the object.
  virtual Result<size_t> read(char* buf, size_t n) = 0;
};

// Streams an object in. Nothing is visible under the key before commit(), which publishes the
// whole object atomically (replacing any previous one). Destroying a Writer that was not
// committed cancels it.
class Writer {
 public:
  virtual ~Writer() = default;
  // Appends `data`. REQUIRES: neither committed nor cancelled.
  virtual Result<void> append(std::string_view data) = 0;
  // Publishes what was appended. After an error nothing was published; the Writer is spent.
  virtual Result<void> commit() = 0;
  // Discards what was appended. Safe to call more than once, and after commit() (a no-op then).
  virtual void cancel() = 0;
  // Bytes appended so far.
  virtual uint64_t size() const = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Returns the whole object. For small objects only (JSON, checksums, tags). kNotFound if absent.
  virtual Result<std::string> get(std::string_view key) = 0;
  // Stores `value` under `key` atomically, replacing any previous object.
  virtual Result<void> put(std::string_view key, std::string_view value) = 0;
  // Opens the object for streaming from `offset`. kNotFound if absent; kRangeNotSatisfiable if
  // `offset` is past its end (an offset equal to the size gives a Reader at its end).
  virtual Result<std::unique_ptr<Reader>> read(std::string_view key, uint64_t offset) = 0;
  // Starts a new object under `key`; see Writer.
  virtual Result<std::unique_ptr<Writer>> write(std::string_view key) = 0;
  // kNotFound if no object lives at `key` (directories have no Stat).
  virtual Result<Stat> stat(std::string_view key) = 0;
  // Returns the full keys of the direct children (objects and directories) of the directory
  // `prefix`, sorted; "" lists the top level. Empty when nothing lives beneath `prefix`.
  virtual Result<std::vector<std::string>> list(std::string_view prefix) = 0;
  // Removes the object or the whole directory at `key`. kNotFound if neither exists.
  virtual Result<void> remove(std::string_view key) = 0;
  // True if an object or a directory lives at `key`.
  virtual Result<bool> exists(std::string_view key) = 0;
};

// Returns success if `key` is a valid key (see above), otherwise a kInvalidArgument error
// naming the problem.
Result<void> validate_key(std::string_view key);

}  // namespace drydock::storage
