#pragma once
// FilesystemStorage: a Storage in a directory. The object "a/b" is the file <root>/a/b.
//
// Writers stream into a temporary file under <root>/.drydock-tmp/, then commit() fsyncs it,
// renames it into place and fsyncs the directory: a crash never exposes half an object.
// remove() prunes directories left empty, so a directory exists exactly while an object
// lives beneath it, as with MemoryStorage. Directories are created 0700 and files 0600: only the
// server's user reads what clients pushed. Thread-safe.
//
// open_read_only() gives a view that reads the same tree and never changes it: it leaves the
// temporary files of a process still writing alone (a tool may read the store of a simulator that
// is running: drydock export), and put(), write() and remove() return a kForbidden error.

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

class FilesystemStorage : public Storage {
 public:
  // Opens (creating if needed) the storage rooted at `root`, and deletes temporary files that an
  // earlier process left behind.
  static Result<std::unique_ptr<FilesystemStorage>> open(const std::filesystem::path& root);
  // Opens the storage rooted at `root` for reading only; kNotFound if it is not a directory.
  static Result<std::unique_ptr<FilesystemStorage>> open_read_only(
      const std::filesystem::path& root);

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
  class FileWriter;
  FilesystemStorage(std::filesystem::path root, bool read_only);

  // Set on a read-only view: the kForbidden error for a change of `key`.
  std::optional<Error> refuse_change(std::string_view key) const;

  // Renames the finished temporary file `tmp` to the object `key`, creating directories.
  Result<void> publish(const std::filesystem::path& tmp, std::string_view key);

  const std::filesystem::path root_;
  const std::filesystem::path tmp_dir_;
  const bool read_only_;
  // Serializes changes to the directory tree (create on publish, prune on remove), so a remove
  // never prunes a directory that a concurrent publish has just created.
  std::mutex tree_mu_;
};

}  // namespace drydock::storage
