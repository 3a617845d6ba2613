#include "drydock/simulator/storage/faulty_storage.h"

#include <thread>

#include "drydock/simulator/storage/layout.h"

namespace drydock::storage {
namespace {

thread_local Breakage active_breakage = Breakage::kNone;

// Inverts the first byte of the object (the reader was opened at offset 0).
class FlippingReader : public Reader {
 public:
  explicit FlippingReader(std::unique_ptr<Reader> inner) : inner_(std::move(inner)) {}

  Result<size_t> read(char* buf, size_t n) override {
    auto got = inner_->read(buf, n);
    if (got.ok() && *got > 0 && first_) buf[0] = static_cast<char>(~buf[0]);
    if (got.ok() && *got > 0) first_ = false;
    return got;
  }

 private:
  std::unique_ptr<Reader> inner_;
  bool first_ = true;
};

// Reads the object, then one zero byte past its end: what a storage that claims one byte more
// than it holds sends last.
class PaddedReader : public Reader {
 public:
  explicit PaddedReader(std::unique_ptr<Reader> inner) : inner_(std::move(inner)) {}

  Result<size_t> read(char* buf, size_t n) override {
    auto got = inner_->read(buf, n);
    if (!got.ok() || *got > 0 || padded_ || n == 0) return got;
    padded_ = true;
    buf[0] = '\0';
    return size_t{1};
  }

 private:
  std::unique_ptr<Reader> inner_;
  bool padded_ = false;
};

// What the object-store backends report for a store answering 503 (object_http.cc http_error()).
Error store_failed(std::string_view key) {
  return Error::io("the object store failed: HTTP 503 Service Unavailable: " + std::string(key));
}

Error connection_dropped(std::string_view key) {
  return Error::io("the connection to the object store dropped: " + std::string(key));
}

// A call reaching the store: a slow store makes it wait first. True if the store fails it.
bool store_fails() {
  if (FaultyStorage::active() == Breakage::kStoreSlow) std::this_thread::sleep_for(kSlowStoreDelay);
  return FaultyStorage::active() == Breakage::kStoreFailing;
}

// A slow store's reader: its first read waits for the first byte.
class SlowReader : public Reader {
 public:
  explicit SlowReader(std::unique_ptr<Reader> inner) : inner_(std::move(inner)) {}

  Result<size_t> read(char* buf, size_t n) override {
    if (!started_) std::this_thread::sleep_for(kSlowStoreDelay);
    started_ = true;
    return inner_->read(buf, n);
  }

 private:
  std::unique_ptr<Reader> inner_;
  bool started_ = false;
};

// A slow store's writer: its commit waits for the store to complete the object.
class SlowWriter : public Writer {
 public:
  explicit SlowWriter(std::unique_ptr<Writer> inner) : inner_(std::move(inner)) {}

  Result<void> append(std::string_view data) override { return inner_->append(data); }
  Result<void> commit() override {
    std::this_thread::sleep_for(kSlowStoreDelay);
    return inner_->commit();
  }
  void cancel() override { inner_->cancel(); }
  uint64_t size() const override { return inner_->size(); }

 private:
  std::unique_ptr<Writer> inner_;
};

// Fails every read: the store's connection dropped before the first byte.
class DroppedReader : public Reader {
 public:
  explicit DroppedReader(std::string key) : key_(std::move(key)) {}
  Result<size_t> read(char*, size_t) override { return connection_dropped(key_); }

 private:
  std::string key_;
};

// Takes the first chunk, then fails: the store's connection dropped before the upload was
// complete (at the latest, at its commit). What was appended is never published.
class DroppingWriter : public Writer {
 public:
  DroppingWriter(std::unique_ptr<Writer> inner, std::string key)
      : inner_(std::move(inner)), key_(std::move(key)) {}

  Result<void> append(std::string_view data) override {
    if (!dropped_) {
      dropped_ = true;
      return inner_->append(data);
    }
    inner_->cancel();
    return connection_dropped(key_);
  }
  Result<void> commit() override {
    inner_->cancel();
    return connection_dropped(key_);
  }
  void cancel() override { inner_->cancel(); }
  uint64_t size() const override { return inner_->size(); }

 private:
  std::unique_ptr<Writer> inner_;
  std::string key_;
  bool dropped_ = false;  // the first chunk went out
};

Result<std::unique_ptr<Reader>> padded(Result<std::unique_ptr<Reader>> reader) {
  if (!reader.ok()) return reader;
  return std::unique_ptr<Reader>(new PaddedReader(std::move(reader).value()));
}

}  // namespace

FaultyStorage::Activation::Activation(Breakage breakage) : previous_(active_breakage) {
  active_breakage = breakage;
}

FaultyStorage::Activation::~Activation() {
  active_breakage = previous_;
}

Breakage FaultyStorage::active() {
  return active_breakage;
}

Result<std::unique_ptr<Reader>> FaultyStorage::read(std::string_view key, uint64_t offset) {
  const Breakage breakage = active();
  if (store_fails()) return store_failed(key);
  if (breakage == Breakage::kStoreSlow) {
    auto reader = StorageWrapper::read(key, offset);
    if (!reader.ok()) return reader;
    return std::unique_ptr<Reader>(new SlowReader(std::move(reader).value()));
  }
  if (!layout::is_image_layer(key)) return StorageWrapper::read(key, offset);
  if (breakage == Breakage::kStoreDownloadDropped) {
    return std::unique_ptr<Reader>(new DroppedReader(std::string(key)));
  }
  if (breakage == Breakage::kLayerOneByteLonger) return padded(StorageWrapper::read(key, offset));
  auto reader = StorageWrapper::read(key, offset);
  if (breakage != Breakage::kLayerFirstByteFlipped || offset != 0 || !reader.ok()) return reader;
  return std::unique_ptr<Reader>(new FlippingReader(std::move(reader).value()));
}

Result<Stat> FaultyStorage::stat(std::string_view key) {
  if (store_fails()) return store_failed(key);
  auto stat = StorageWrapper::stat(key);
  if (!stat.ok() || !layout::is_image_layer(key)) return stat;
  if (active() == Breakage::kLayerHalved) stat->size /= 2;
  if (active() == Breakage::kLayerOneByteLonger) stat->size += 1;
  return stat;
}

Result<void> FaultyStorage::remove(std::string_view key) {
  if (store_fails()) return store_failed(key);
  if (active() == Breakage::kTagRemoveKept && layout::is_repository_tag(key)) {
    auto exists = StorageWrapper::exists(key);
    if (!exists.ok()) return exists.error();
    if (*exists) return {};
  }
  return StorageWrapper::remove(key);
}

Result<std::string> FaultyStorage::get(std::string_view key) {
  if (store_fails()) return store_failed(key);
  return StorageWrapper::get(key);
}

Result<void> FaultyStorage::put(std::string_view key, std::string_view value) {
  if (store_fails()) return store_failed(key);
  return StorageWrapper::put(key, value);
}

Result<std::unique_ptr<Writer>> FaultyStorage::write(std::string_view key) {
  if (store_fails()) return store_failed(key);
  auto writer = StorageWrapper::write(key);
  if (writer.ok() && active() == Breakage::kStoreSlow) {
    return std::unique_ptr<Writer>(new SlowWriter(std::move(writer).value()));
  }
  if (!writer.ok() || active() != Breakage::kStoreUploadDropped || !layout::is_image_layer(key)) {
    return writer;
  }
  return std::unique_ptr<Writer>(new DroppingWriter(std::move(writer).value(), std::string(key)));
}

Result<std::vector<std::string>> FaultyStorage::list(std::string_view prefix) {
  if (store_fails()) return store_failed(prefix);
  return StorageWrapper::list(prefix);
}

Result<bool> FaultyStorage::exists(std::string_view key) {
  if (store_fails()) return store_failed(key);
  return StorageWrapper::exists(key);
}

}  // namespace drydock::storage
