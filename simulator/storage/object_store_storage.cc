#include "drydock/simulator/storage/object_store_storage.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>
#include <unordered_map>

#include "object_store.h"

namespace drydock::storage {

namespace {

class EmptyReader : public Reader {
 public:
  Result<size_t> read(char*, size_t) override { return size_t{0}; }
};

// Keys this storage saw to be directories a moment ago: it wrote beneath them. A write beneath a
// key seen within kFresh skips the HEAD that checks the key is no object. Its own writes and
// removals keep it exact for this storage; another storage on the same store that turned one of
// those directories into an object within kFresh would go unseen, a race that the conflict check,
// never atomic across storages, has anyway.
class KnownDirectories {
 public:
  static constexpr auto kFresh = std::chrono::seconds(5);
  static constexpr size_t kMost = 1 << 16;

  bool contains(const std::string& name) {
    std::lock_guard lock(mu_);
    auto it = seen_.find(name);
    return it != seen_.end() && std::chrono::steady_clock::now() - it->second < kFresh;
  }

  // The ancestors of `name` are directories now.
  void add_ancestors(const std::string& name) {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mu_);
    if (seen_.size() > kMost) seen_.clear();
    for (size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1)) {
      seen_[name.substr(0, slash)] = now;
    }
  }

  // `name`, and whatever was beneath it, may no longer be directories.
  void forget(const std::string& name) {
    std::lock_guard lock(mu_);
    const std::string beneath = name + "/";
    std::erase_if(seen_, [&](const auto& entry) {
      return entry.first == name || entry.first.starts_with(beneath);
    });
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> seen_;
};

class ObjectStoreStorage : public Storage {
 public:
  explicit ObjectStoreStorage(std::unique_ptr<ObjectStore> store) : store_(std::move(store)) {}

  Result<std::string> get(std::string_view key) override {
    if (auto valid = validate_key(key); !valid) return valid.error();
    return store_->get(std::string(key));
  }

  Result<void> put(std::string_view key, std::string_view value) override {
    if (auto valid = validate_key(key); !valid) return valid.error();
    std::string name(key);
    if (auto free = check_publishable(name); !free) return free;
    auto stored = store_->put(name, value);
    if (stored.ok()) published(name);
    return stored;
  }

  Result<std::unique_ptr<Reader>> read(std::string_view key, uint64_t offset) override {
    if (auto valid = validate_key(key); !valid) return valid.error();
    std::string name(key);
    auto reader = store_->read(name, offset);
    if (reader.ok() || reader.error().code != ErrorCode::kRangeNotSatisfiable) return reader;
    // A store refuses a range that starts at the end; the interface gives a Reader there.
    auto stat = store_->head(name);
    if (stat.ok() && stat->size == offset) {
      return std::unique_ptr<Reader>(std::make_unique<EmptyReader>());
    }
    return reader;
  }

  Result<std::unique_ptr<Writer>> write(std::string_view key) override;

  Result<Stat> stat(std::string_view key) override {
    if (auto valid = validate_key(key); !valid) return valid.error();
    return store_->head(std::string(key));
  }

  Result<std::vector<std::string>> list(std::string_view prefix) override {
    if (!prefix.empty()) {
      if (auto valid = validate_key(prefix); !valid) return valid.error();
    }
    std::string dir = prefix.empty() ? std::string() : std::string(prefix) + "/";
    auto listing = store_->list(dir, true, 0);
    if (!listing.ok()) return listing.error();
    std::vector<std::string> children = std::move(listing->names);
    for (std::string& sub : listing->prefixes) {
      if (sub.ends_with('/')) sub.pop_back();
      children.push_back(std::move(sub));
    }
    std::sort(children.begin(), children.end());
    children.erase(std::unique(children.begin(), children.end()), children.end());
    return children;
  }

  Result<void> remove(std::string_view key) override {
    if (auto valid = validate_key(key); !valid) return valid.error();
    std::string name(key);
    directories_.forget(name);
    bool removed = false;
    auto object = store_->remove(name);
    // An object has nothing beneath it (no key is both): the listing is for a directory.
    if (object.ok()) return {};
    if (object.error().code != ErrorCode::kNotFound) return object;
    auto beneath = store_->list(name + "/", false, 0);
    if (!beneath.ok()) return beneath.error();
    for (const std::string& child : beneath->names) {
      auto gone = store_->remove(child);
      if (!gone.ok() && gone.error().code != ErrorCode::kNotFound) return gone;
      removed = true;
    }
    if (!removed) return Error::not_found("nothing at " + name);
    return {};
  }

  Result<bool> exists(std::string_view key) override {
    if (auto valid = validate_key(key); !valid) return valid.error();
    std::string name(key);
    auto object = store_->head(name);
    if (object.ok()) return true;
    if (object.error().code != ErrorCode::kNotFound) return object.error();
    return has_children(name);
  }

  // Succeeds if `name` may become an object: no ancestor is an object, nothing lives beneath it.
  // The ancestors' HEADs (but those just seen to be directories) and the listing go out at once:
  // one round trip, not one per ancestor.
  Result<void> check_publishable(const std::string& name) {
    std::vector<std::future<Result<Stat>>> ancestors;
    for (size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1)) {
      std::string ancestor = name.substr(0, slash);
      if (directories_.contains(ancestor)) continue;
      ancestors.push_back(std::async(std::launch::async, [this, ancestor = std::move(ancestor)] {
        return store_->head(ancestor);
      }));
    }
    auto children = has_children(name);
    Result<void> verdict;
    for (auto& pending : ancestors) {
      auto ancestor = pending.get();
      if (!verdict.ok()) continue;
      if (ancestor.ok()) {
        verdict = Error{ErrorCode::kConflict, "an ancestor of the key is an object: " + name};
      } else if (ancestor.error().code != ErrorCode::kNotFound) {
        verdict = ancestor.error();
      }
    }
    if (!verdict.ok()) return verdict;
    if (!children.ok()) return children.error();
    if (*children) return Error{ErrorCode::kConflict, "the key is a directory: " + name};
    return {};
  }

  // `name` was just published: an object now, beneath directories.
  void published(const std::string& name) {
    directories_.forget(name);
    directories_.add_ancestors(name);
  }

  ObjectStore& store() { return *store_; }

 private:
  Result<bool> has_children(const std::string& name) {
    auto beneath = store_->list(name + "/", false, 1);
    if (!beneath.ok()) return beneath.error();
    return !beneath->names.empty();
  }

  std::unique_ptr<ObjectStore> store_;
  KnownDirectories directories_;
};

// Buffers up to one part; past that, streams parts into an upload that commit() completes.
class ObjectWriter : public Writer {
 public:
  ObjectWriter(ObjectStoreStorage& owner, std::string name)
      : owner_(owner), name_(std::move(name)) {}
  ~ObjectWriter() override { cancel(); }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  Result<void> append(std::string_view data) override {
    if (done_) return Error::internal("append on a finished writer: " + name_);
    size_ += data.size();
    const size_t part = owner_.store().part_size();
    while (!data.empty()) {
      size_t take = std::min(data.size(), part - buffer_.size());
      buffer_.append(data.substr(0, take));
      data.remove_prefix(take);
      if (buffer_.size() == part && !data.empty()) {
        if (auto sent = send_part(); !sent) return fail(sent.error());
      }
    }
    return {};
  }

  Result<void> commit() override {
    if (done_) return Error::internal("commit on a finished writer: " + name_);
    done_ = true;
    if (auto free = owner_.check_publishable(name_); !free) {
      abort_upload();
      return free;
    }
    if (upload_ == nullptr) {
      auto stored = owner_.store().put(name_, buffer_);
      std::string().swap(buffer_);
      if (stored.ok()) owner_.published(name_);
      return stored;
    }
    if (!buffer_.empty()) {
      auto sent = upload_->add_part(buffer_);
      std::string().swap(buffer_);
      if (!sent.ok()) {
        abort_upload();
        return sent;
      }
    }
    auto completed = upload_->complete();
    if (completed.ok()) {
      owner_.published(name_);
    } else {
      abort_upload();
    }
    upload_.reset();
    return completed;
  }

  void cancel() override {
    done_ = true;
    std::string().swap(buffer_);
    abort_upload();
  }

  uint64_t size() const override { return size_; }

 private:
  Result<void> send_part() {
    if (upload_ == nullptr) {
      auto upload = owner_.store().begin_upload(name_);
      if (!upload.ok()) return upload.error();
      upload_ = std::move(upload).value();
    }
    auto sent = upload_->add_part(buffer_);
    buffer_.clear();
    return sent;
  }

  Error fail(Error error) {
    cancel();
    return error;
  }

  void abort_upload() {
    if (upload_ != nullptr) upload_->abort();
    upload_.reset();
  }

  ObjectStoreStorage& owner_;
  std::string name_;
  std::string buffer_;
  std::unique_ptr<ObjectUpload> upload_;
  uint64_t size_ = 0;
  bool done_ = false;
};

Result<std::unique_ptr<Writer>> ObjectStoreStorage::write(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  return std::unique_ptr<Writer>(std::make_unique<ObjectWriter>(*this, std::string(key)));
}

}  // namespace

std::unique_ptr<Storage> make_object_store_storage(std::unique_ptr<ObjectStore> store) {
  return std::make_unique<ObjectStoreStorage>(std::move(store));
}

}  // namespace drydock::storage
