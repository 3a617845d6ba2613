#pragma once
// StorageWrapper forwards every call to a target Storage. Derive from it and override only the
// calls to change (FaultyStorage breaks some of them on purpose).

#include <memory>
#include <utility>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

class StorageWrapper : public Storage {
 public:
  // REQUIRES: target != nullptr.
  explicit StorageWrapper(std::shared_ptr<Storage> target) : target_(std::move(target)) {}

  Storage& target() { return *target_; }

  Result<std::string> get(std::string_view key) override { return target_->get(key); }
  Result<void> put(std::string_view key, std::string_view value) override {
    return target_->put(key, value);
  }
  Result<std::unique_ptr<Reader>> read(std::string_view key, uint64_t offset) override {
    return target_->read(key, offset);
  }
  Result<std::unique_ptr<Writer>> write(std::string_view key) override {
    return target_->write(key);
  }
  Result<Stat> stat(std::string_view key) override { return target_->stat(key); }
  Result<std::vector<std::string>> list(std::string_view prefix) override {
    return target_->list(prefix);
  }
  Result<void> remove(std::string_view key) override { return target_->remove(key); }
  Result<bool> exists(std::string_view key) override { return target_->exists(key); }

 private:
  std::shared_ptr<Storage> target_;
};

}  // namespace drydock::storage
