#pragma once
// ObjectStore: what an object store (S3, Swift) offers, flat: whole objects under names, ranged
// reads, listings by prefix, and uploads in parts that nobody sees until they complete.
// ObjectStoreStorage builds the Storage tree (directories, conflicts, recursive removal) on it.
// Names are Storage keys, already validated; a store adds its own bucket or container and prefix.
// Private to simulator/storage. Thread-safe.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

struct ObjectListing {
  std::vector<std::string> names;     // objects
  std::vector<std::string> prefixes;  // with a delimiter: "a/b/" for the objects under a/b
};

// An object stored in parts. Nothing is visible until complete(); abort() discards the parts.
class ObjectUpload {
 public:
  virtual ~ObjectUpload() = default;
  // Stores the next part. Every part but the last holds at least ObjectStore::part_size() bytes.
  virtual Result<void> add_part(std::string_view data) = 0;
  // Publishes the parts, in order, as one object.
  virtual Result<void> complete() = 0;
  // Discards the parts stored so far. Best effort: a store that keeps them costs space only.
  virtual void abort() = 0;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  virtual Result<std::string> get(const std::string& name) = 0;
  virtual Result<void> put(const std::string& name, std::string_view data) = 0;
  // Streams the object from `offset` (0 < offset < size: a ranged GET). kNotFound if absent;
  // kRangeNotSatisfiable if `offset` is at or past its end.
  virtual Result<std::unique_ptr<Reader>> read(const std::string& name, uint64_t offset) = 0;
  virtual Result<Stat> head(const std::string& name) = 0;
  // Objects whose names start with `prefix`, sorted. With `delimited`, names holding a '/' after
  // the prefix are rolled up into `prefixes`. Stops after `limit` entries if `limit` > 0.
  virtual Result<ObjectListing> list(const std::string& prefix, bool delimited, size_t limit) = 0;
  // kNotFound if absent.
  virtual Result<void> remove(const std::string& name) = 0;
  virtual Result<std::unique_ptr<ObjectUpload>> begin_upload(const std::string& name) = 0;
  // An object larger than this is uploaded in parts of this size.
  virtual size_t part_size() const = 0;
};

}  // namespace drydock::storage
