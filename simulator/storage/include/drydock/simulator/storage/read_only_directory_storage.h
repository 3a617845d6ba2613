#pragma once
// ReadOnlyDirectoryStorage: a Storage that reads the tree a FilesystemStorage keeps in a
// directory, and never changes it. Where FilesystemStorage::open() cleans up the temporary files
// of an earlier process, this one leaves the directory exactly as it is, so a tool may read the
// store of a simulator that is still running (drydock export). An object still being written
// (under .drydock-tmp/) is invisible, as it is to FilesystemStorage. Thread-safe.
//
// put(), write() and remove() change nothing and return a kForbidden error.

#include <filesystem>
#include <memory>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

class ReadOnlyDirectoryStorage : public Storage {
 public:
  // Returns a reader of the store rooted at `root`; kNotFound if `root` is not a directory.
  static Result<std::unique_ptr<ReadOnlyDirectoryStorage>> open(const std::filesystem::path& root);

  Result<std::string> get(std::string_view key) override;
  Result<void> put(std::string_view key, std::string_view value) override;
  Result<std::unique_ptr<Reader>> read(std::string_view key, uint64_t offset) override;
  Result<std::unique_ptr<Writer>> write(std::string_view key) override;
  Result<Stat> stat(std::string_view key) override;
  Result<std::vector<std::string>> list(std::string_view prefix) override;
  Result<void> remove(std::string_view key) override;
  Result<bool> exists(std::string_view key) override;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit ReadOnlyDirectoryStorage(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path root_;
};

}  // namespace drydock::storage
