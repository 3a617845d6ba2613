#include "drydock/simulator/storage/faulty_storage.h"

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
  if (!layout::is_image_layer(key)) return StorageWrapper::read(key, offset);
  if (breakage == Breakage::kLayerOneByteLonger) return padded(StorageWrapper::read(key, offset));
  auto reader = StorageWrapper::read(key, offset);
  if (breakage != Breakage::kLayerFirstByteFlipped || offset != 0 || !reader.ok()) return reader;
  return std::unique_ptr<Reader>(new FlippingReader(std::move(reader).value()));
}

Result<Stat> FaultyStorage::stat(std::string_view key) {
  auto stat = StorageWrapper::stat(key);
  if (!stat.ok() || !layout::is_image_layer(key)) return stat;
  if (active() == Breakage::kLayerHalved) stat->size /= 2;
  if (active() == Breakage::kLayerOneByteLonger) stat->size += 1;
  return stat;
}

Result<void> FaultyStorage::remove(std::string_view key) {
  if (active() == Breakage::kTagRemoveKept && layout::is_repository_tag(key)) {
    auto exists = StorageWrapper::exists(key);
    if (!exists.ok()) return exists.error();
    if (*exists) return {};
  }
  return StorageWrapper::remove(key);
}

}  // namespace drydock::storage
