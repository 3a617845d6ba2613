#include "drydock/simulator/storage/filesystem_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "drydock/common/private_files.h"

namespace drydock::storage {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTmpDirName = ".drydock-tmp";  // see validate_key(): reserved

Error errno_error(const std::string& what) {
  int err = errno;
  if (err == ENOENT || err == ENOTDIR) return Error::not_found(what + ": " + std::strerror(err));
  return Error::io(what + ": " + std::strerror(err));
}

Error fs_error(const std::string& what, const std::error_code& ec) {
  return Error::io(what + ": " + ec.message());
}

// Writes all of `data` to `fd`, retrying short writes and interrupts.
Result<void> write_all(int fd, std::string_view data, const std::string& what) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error("write " + what);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

Result<void> fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_error("open directory " + dir.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return errno_error("fsync directory " + dir.string());
  return {};
}

std::chrono::system_clock::time_point to_time_point(const struct timespec& ts) {
  auto since_epoch = std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(since_epoch));
}

class FileReader : public Reader {
 public:
  explicit FileReader(int fd) : fd_(fd) {}
  ~FileReader() override { ::close(fd_); }
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  Result<size_t> read(char* buf, size_t n) override {
    while (true) {
      ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return errno_error("read");
    }
  }

 private:
  int fd_;
};

}  // namespace

class FilesystemStorage::FileWriter : public Writer {
 public:
  FileWriter(FilesystemStorage& owner, std::string key, fs::path tmp, int fd)
      : owner_(owner), key_(std::move(key)), tmp_(std::move(tmp)), fd_(fd) {}
  ~FileWriter() override { cancel(); }
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  Result<void> append(std::string_view data) override {
    if (fd_ < 0) return Error::internal("append on a finished writer: " + key_);
    auto written = write_all(fd_, data, tmp_.string());
    if (!written) return written;
    size_ += data.size();
    if (size_ - written_back_ >= kWritebackStep) {
      // Starts writing what is written so far to the disk now, without waiting, so that the
      // fsync of commit() waits for the last step only rather than for the whole object.
      ::sync_file_range(fd_, static_cast<off_t>(written_back_),
                        static_cast<off_t>(size_ - written_back_), SYNC_FILE_RANGE_WRITE);
      written_back_ = size_;
    }
    return written;
  }

  Result<void> commit() override {
    if (fd_ < 0) return Error::internal("commit on a finished writer: " + key_);
    int fd = std::exchange(fd_, -1);
    bool synced = ::fsync(fd) == 0;
    Error sync_error = synced ? Error{} : errno_error("fsync " + tmp_.string());
    bool closed = ::close(fd) == 0;
    if (!synced || !closed) {
      ::unlink(tmp_.c_str());
      return synced ? errno_error("close " + tmp_.string()) : sync_error;
    }
    auto published = owner_.publish(tmp_, key_);
    if (!published) ::unlink(tmp_.c_str());
    return published;
  }

  void cancel() override {
    if (fd_ < 0) return;
    ::close(std::exchange(fd_, -1));
    ::unlink(tmp_.c_str());
  }

  uint64_t size() const override { return size_; }

 private:
  FilesystemStorage& owner_;
  std::string key_;
  fs::path tmp_;
  static constexpr uint64_t kWritebackStep = 8 * 1024 * 1024;

  int fd_;
  uint64_t size_ = 0;
  uint64_t written_back_ = 0;  // bytes whose write-back to the disk has been started
};

FilesystemStorage::FilesystemStorage(fs::path root, bool read_only)
    : root_(std::move(root)), tmp_dir_(root_ / kTmpDirName), read_only_(read_only) {}

std::optional<Error> FilesystemStorage::refuse_change(std::string_view key) const {
  if (!read_only_) return std::nullopt;
  return Error{ErrorCode::kForbidden, "read-only storage: " + std::string(key) + " not changed"};
}

Result<std::unique_ptr<FilesystemStorage>> FilesystemStorage::open_read_only(const fs::path& root) {
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec);
  if (ec) return fs_error("resolve " + root.string(), ec);
  if (!fs::is_directory(absolute, ec)) return Error::not_found("no directory " + root.string());
  return std::unique_ptr<FilesystemStorage>(new FilesystemStorage(absolute, /*read_only=*/true));
}

Result<std::unique_ptr<FilesystemStorage>> FilesystemStorage::open(const fs::path& root) {
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec);
  if (ec) return fs_error("resolve " + root.string(), ec);
  std::unique_ptr<FilesystemStorage> storage(new FilesystemStorage(absolute, /*read_only=*/false));
  fs::remove_all(storage->tmp_dir_, ec);  // leftovers of a process that died mid-write
  if (ec) return fs_error("clean " + storage->tmp_dir_.string(), ec);
  if (auto created = create_private_directories(storage->tmp_dir_); !created) {
    return created.error();
  }
  return storage;
}

Result<void> FilesystemStorage::publish(const fs::path& tmp, std::string_view key) {
  fs::path target = root_ / key;
  std::lock_guard lock(tree_mu_);
  if (!create_private_directories(target.parent_path())) {
    return Error{ErrorCode::kConflict, "an ancestor of the key is an object: " + std::string(key)};
  }
  std::error_code ec;
  if (fs::is_directory(target, ec)) {
    return Error{ErrorCode::kConflict, "the key is a directory: " + std::string(key)};
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0)
    return errno_error("rename to " + target.string());
  return fsync_dir(target.parent_path());
}

Result<std::string> FilesystemStorage::get(std::string_view key) {
  auto reader = read(key, 0);
  if (!reader) return reader.error();
  std::string out;
  char buf[64 * 1024];
  while (true) {
    auto n = (*reader)->read(buf, sizeof buf);
    if (!n) return n.error();
    if (*n == 0) return out;
    out.append(buf, *n);
  }
}

Result<void> FilesystemStorage::put(std::string_view key, std::string_view value) {
  if (auto refused = refuse_change(key)) return *refused;
  auto writer = write(key);
  if (!writer) return writer.error();
  if (auto appended = (*writer)->append(value); !appended) return appended;
  return (*writer)->commit();
}

Result<std::unique_ptr<Reader>> FilesystemStorage::read(std::string_view key, uint64_t offset) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  fs::path path = root_ / key;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_error("open " + path.string());
  auto reader = std::make_unique<FileReader>(fd);  // owns fd from here
  struct stat st {};
  if (::fstat(fd, &st) != 0) return errno_error("stat " + path.string());
  if (S_ISDIR(st.st_mode)) return Error::not_found("no object at " + std::string(key));
  if (offset > static_cast<uint64_t>(st.st_size)) {
    return Error{ErrorCode::kRangeNotSatisfiable, "offset past the end of " + std::string(key)};
  }
  if (::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
    return errno_error("seek " + path.string());
  }
  return std::unique_ptr<Reader>(std::move(reader));
}

Result<std::unique_ptr<Writer>> FilesystemStorage::write(std::string_view key) {
  if (auto refused = refuse_change(key)) return *refused;
  if (auto valid = validate_key(key); !valid) return valid.error();
  std::string pattern = (tmp_dir_ / "w-XXXXXX").string();
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return errno_error("create a temporary file in " + tmp_dir_.string());
  return std::unique_ptr<Writer>(
      std::make_unique<FileWriter>(*this, std::string(key), fs::path(pattern), fd));
}

Result<Stat> FilesystemStorage::stat(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  fs::path path = root_ / key;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return errno_error("stat " + path.string());
  if (!S_ISREG(st.st_mode)) return Error::not_found("no object at " + std::string(key));
  return Stat{static_cast<uint64_t>(st.st_size), to_time_point(st.st_mtim)};
}

Result<std::vector<std::string>> FilesystemStorage::list(std::string_view prefix) {
  if (!prefix.empty()) {
    if (auto valid = validate_key(prefix); !valid) return valid.error();
  }
  fs::path dir = prefix.empty() ? root_ : root_ / prefix;
  std::vector<std::string> children;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return children;
  std::string base = prefix.empty() ? std::string() : std::string(prefix) + "/";
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (prefix.empty() && name == kTmpDirName) continue;
    children.push_back(base + name);
  }
  if (ec && ec != std::errc::no_such_file_or_directory) return fs_error("list " + dir.string(), ec);
  std::sort(children.begin(), children.end());
  return children;
}

Result<void> FilesystemStorage::remove(std::string_view key) {
  if (auto refused = refuse_change(key)) return *refused;
  if (auto valid = validate_key(key); !valid) return valid.error();
  fs::path path = root_ / key;
  std::lock_guard lock(tree_mu_);
  std::error_code ec;
  auto removed = fs::remove_all(path, ec);
  if (ec == std::errc::not_a_directory) return Error::not_found("nothing at " + std::string(key));
  if (ec) return fs_error("remove " + path.string(), ec);
  if (removed == 0) return Error::not_found("nothing at " + std::string(key));
  // Prune the directories this removal left empty, up to (not including) the root.
  for (fs::path dir = path.parent_path(); dir != root_; dir = dir.parent_path()) {
    if (!fs::remove(dir, ec) || ec) break;  // not empty (or gone): stop
  }
  return {};
}

Result<bool> FilesystemStorage::exists(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  std::error_code ec;
  bool found = fs::exists(root_ / key, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
    return fs_error("check " + (root_ / key).string(), ec);
  }
  return found;
}

}  // namespace drydock::storage
