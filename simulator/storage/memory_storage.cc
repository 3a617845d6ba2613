#include "drydock/simulator/storage/memory_storage.h"

#include <algorithm>
#include <cstring>

namespace drydock::storage {

namespace {

class MemoryReader : public Reader {
 public:
  MemoryReader(std::shared_ptr<const std::string> bytes, size_t offset)
      : bytes_(std::move(bytes)), offset_(offset) {}

  Result<size_t> read(char* buf, size_t n) override {
    size_t count = std::min(n, bytes_->size() - offset_);
    std::memcpy(buf, bytes_->data() + offset_, count);
    offset_ += count;
    return count;
  }

 private:
  std::shared_ptr<const std::string> bytes_;
  size_t offset_;
};

// "a/b/c" -> the directory prefix "a/b/c/" under which children live.
std::string dir_prefix(std::string_view key) {
  return std::string(key) + "/";
}

}  // namespace

class MemoryStorage::MemoryWriter : public Writer {
 public:
  MemoryWriter(MemoryStorage& owner, std::string key) : owner_(owner), key_(std::move(key)) {}

  Result<void> append(std::string_view data) override {
    if (done_) return Error::internal("append on a finished writer: " + key_);
    buffer_.append(data);
    return {};
  }

  Result<void> commit() override {
    if (done_) return Error::internal("commit on a finished writer: " + key_);
    done_ = true;
    return owner_.publish(key_, std::move(buffer_));
  }

  void cancel() override {
    done_ = true;
    std::string().swap(buffer_);
  }

  uint64_t size() const override { return buffer_.size(); }

 private:
  MemoryStorage& owner_;
  std::string key_;
  std::string buffer_;
  bool done_ = false;
};

Result<void> MemoryStorage::publish(const std::string& key, std::string bytes) {
  std::lock_guard lock(mu_);
  // A key cannot be an object and a directory: refuse if an ancestor is an object or the key
  // already has children.
  for (size_t slash = key.find('/'); slash != std::string::npos; slash = key.find('/', slash + 1)) {
    if (objects_.count(std::string_view(key).substr(0, slash)) != 0) {
      return Error{ErrorCode::kConflict, "an ancestor of the key is an object: " + key};
    }
  }
  std::string prefix = dir_prefix(key);
  auto it = objects_.lower_bound(prefix);
  if (it != objects_.end() && it->first.starts_with(prefix)) {
    return Error{ErrorCode::kConflict, "the key is a directory: " + key};
  }
  objects_[key] = Object{std::make_shared<const std::string>(std::move(bytes)),
                         std::chrono::system_clock::now()};
  return {};
}

Result<std::string> MemoryStorage::get(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return Error::not_found("no object at " + std::string(key));
  return *it->second.bytes;
}

Result<void> MemoryStorage::put(std::string_view key, std::string_view value) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  return publish(std::string(key), std::string(value));
}

Result<std::unique_ptr<Reader>> MemoryStorage::read(std::string_view key, uint64_t offset) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return Error::not_found("no object at " + std::string(key));
  if (offset > it->second.bytes->size()) {
    return Error{ErrorCode::kRangeNotSatisfiable, "offset past the end of " + std::string(key)};
  }
  return std::unique_ptr<Reader>(
      std::make_unique<MemoryReader>(it->second.bytes, static_cast<size_t>(offset)));
}

Result<std::unique_ptr<Writer>> MemoryStorage::write(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  return std::unique_ptr<Writer>(std::make_unique<MemoryWriter>(*this, std::string(key)));
}

Result<Stat> MemoryStorage::stat(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return Error::not_found("no object at " + std::string(key));
  return Stat{it->second.bytes->size(), it->second.mtime};
}

Result<std::vector<std::string>> MemoryStorage::list(std::string_view prefix) {
  if (!prefix.empty()) {
    if (auto valid = validate_key(prefix); !valid) return valid.error();
  }
  std::string dir = prefix.empty() ? std::string() : dir_prefix(prefix);
  std::vector<std::string> children;
  std::lock_guard lock(mu_);
  for (auto it = objects_.lower_bound(dir); it != objects_.end() && it->first.starts_with(dir);
       ++it) {
    size_t slash = it->first.find('/', dir.size());
    std::string child = it->first.substr(0, slash);
    if (children.empty() || children.back() != child) children.push_back(std::move(child));
  }
  return children;
}

Result<void> MemoryStorage::remove(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  std::lock_guard lock(mu_);
  bool removed = false;
  if (auto it = objects_.find(key); it != objects_.end()) {
    objects_.erase(it);
    removed = true;
  }
  std::string dir = dir_prefix(key);
  auto first = objects_.lower_bound(dir);
  auto last = first;
  while (last != objects_.end() && last->first.starts_with(dir)) ++last;
  removed = removed || first != last;
  objects_.erase(first, last);
  if (!removed) return Error::not_found("nothing at " + std::string(key));
  return {};
}

Result<bool> MemoryStorage::exists(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  std::lock_guard lock(mu_);
  if (objects_.count(key) != 0) return true;
  std::string dir = dir_prefix(key);
  auto it = objects_.lower_bound(dir);
  return it != objects_.end() && it->first.starts_with(dir);
}

}  // namespace drydock::storage
