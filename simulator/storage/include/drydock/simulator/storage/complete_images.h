#pragma once
// CompleteImages: what the registry read of images it found complete, kept in memory. An image
// whose checksum was accepted no longer changes: PUT json, layer and checksum refuse a complete
// image (protocol-notes 5.1 R4-R6) and nothing removes one. So what was read of it stays true
// whoever wrote it, and each of several simulator nodes on one store may keep its own (where
// CachingStorage assumes it is the one writer). An image enters only once seen complete, so an
// in-progress mark is never kept. The fault json-overwrite-allowed does rewrite complete images:
// the simulator keeps none under --faults. Bounded: past `capacity` images the oldest go first.
// Thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drydock::storage {

// What was read of a complete image; absent members were not read yet.
struct CompleteImage {
  std::optional<std::string> json;
  std::optional<std::vector<std::string>> ancestry;
  std::optional<std::vector<std::string>> checksums;
  std::optional<uint64_t> layer_size;
};

class CompleteImages {
 public:
  explicit CompleteImages(size_t capacity = 4096) : capacity_(capacity) {}

  // Whether the image `id` was seen complete.
  bool contains(std::string_view id) const;
  // The `member` of the entry of `id`: nullopt when `id` has no entry (it was not seen complete),
  // an empty member when that was not read yet. Copies that member only.
  template <typename T>
  std::optional<std::optional<T>> get(std::string_view id,
                                      std::optional<T> CompleteImage::*member) const {
    std::lock_guard lock(mu_);
    auto it = images_.find(id);
    if (it == images_.end()) return std::nullopt;
    return it->second.*member;
  }
  // Records that the image `id` is complete (an empty entry, if it had none).
  void add(std::string_view id);
  // Sets the `member` of the entry of `id` to `value`; nothing if `id` has none.
  template <typename T>
  void set(std::string_view id, std::optional<T> CompleteImage::*member, T value) {
    std::lock_guard lock(mu_);
    auto it = images_.find(id);
    if (it != images_.end()) it->second.*member = std::move(value);
  }
  // Drops the entry of `id`.
  void forget(std::string_view id);
  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::map<std::string, CompleteImage, std::less<>> images_;
  std::deque<std::string> order_;  // the ids of images_, oldest first
};

}  // namespace drydock::storage
