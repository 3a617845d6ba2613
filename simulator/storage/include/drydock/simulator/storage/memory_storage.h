#pragma once
// MemoryStorage: a Storage held in memory, for tests and `drydock serve --memory`.
// Thread-safe. Readers share the committed bytes, so a reader survives an overwrite.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

class MemoryStorage : public Storage {
 public:
  MemoryStorage() = default;

  Result<std::string> get(std::string_view key) override;
  Result<void> put(std::string_view key, std::string_view value) override;
  Result<std::unique_ptr<Reader>> read(std::string_view key, uint64_t offset) override;
  Result<std::unique_ptr<Writer>> write(std::string_view key) override;
  Result<Stat> stat(std::string_view key) override;
  Result<std::vector<std::string>> list(std::string_view prefix) override;
  Result<void> remove(std::string_view key) override;
  Result<bool> exists(std::string_view key) override;

 private:
  class MemoryWriter;
  struct Object {
    std::shared_ptr<const std::string> bytes;
    std::chrono::system_clock::time_point mtime;
  };

  // Publishes `bytes` under `key`. REQUIRES: `key` is valid.
  Result<void> publish(const std::string& key, std::string bytes);

  std::mutex mu_;
  std::map<std::string, Object, std::less<>> objects_;  // guarded by mu_
};

}  // namespace drydock::storage
