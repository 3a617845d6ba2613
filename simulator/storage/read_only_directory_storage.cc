#include "drydock/simulator/storage/read_only_directory_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace drydock::storage {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kReservedTmpDir = ".drydock-tmp";  // storage.h: a backend's own

Error read_only_errno_error(const std::string& what) {
  int err = errno;
  if (err == ENOENT || err == ENOTDIR) return Error::not_found(what + ": " + std::strerror(err));
  return Error::io(what + ": " + std::strerror(err));
}

Error read_only_refusal(std::string_view key) {
  return Error{ErrorCode::kForbidden, "read-only storage: " + std::string(key) + " not changed"};
}

class DescriptorReader : public Reader {
 public:
  explicit DescriptorReader(int fd) : fd_(fd) {}
  ~DescriptorReader() override { ::close(fd_); }
  DescriptorReader(const DescriptorReader&) = delete;
  DescriptorReader& operator=(const DescriptorReader&) = delete;

  Result<size_t> read(char* buf, size_t n) override {
    while (true) {
      ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return read_only_errno_error("read");
    }
  }

 private:
  int fd_;
};

}  // namespace

Result<std::unique_ptr<ReadOnlyDirectoryStorage>> ReadOnlyDirectoryStorage::open(
    const fs::path& root) {
  std::error_code ec;
  fs::path absolute = fs::absolute(root, ec);
  if (ec) return Error::io("resolve " + root.string() + ": " + ec.message());
  if (!fs::is_directory(absolute, ec)) return Error::not_found("no directory " + root.string());
  return std::unique_ptr<ReadOnlyDirectoryStorage>(new ReadOnlyDirectoryStorage(absolute));
}

Result<std::string> ReadOnlyDirectoryStorage::get(std::string_view key) {
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

Result<void> ReadOnlyDirectoryStorage::put(std::string_view key, std::string_view) {
  return read_only_refusal(key);
}

Result<std::unique_ptr<Reader>> ReadOnlyDirectoryStorage::read(std::string_view key,
                                                               uint64_t offset) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  fs::path path = root_ / key;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return read_only_errno_error("open " + path.string());
  auto reader = std::make_unique<DescriptorReader>(fd);  // owns fd from here
  struct stat st {};
  if (::fstat(fd, &st) != 0) return read_only_errno_error("stat " + path.string());
  if (!S_ISREG(st.st_mode)) return Error::not_found("no object at " + std::string(key));
  if (offset > static_cast<uint64_t>(st.st_size)) {
    return Error{ErrorCode::kRangeNotSatisfiable, "offset past the end of " + std::string(key)};
  }
  if (::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
    return read_only_errno_error("seek " + path.string());
  }
  return std::unique_ptr<Reader>(std::move(reader));
}

Result<std::unique_ptr<Writer>> ReadOnlyDirectoryStorage::write(std::string_view key) {
  return read_only_refusal(key);
}

Result<Stat> ReadOnlyDirectoryStorage::stat(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  fs::path path = root_ / key;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return read_only_errno_error("stat " + path.string());
  if (!S_ISREG(st.st_mode)) return Error::not_found("no object at " + std::string(key));
  auto since_epoch =
      std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec);
  return Stat{static_cast<uint64_t>(st.st_size),
              std::chrono::system_clock::time_point(
                  std::chrono::duration_cast<std::chrono::system_clock::duration>(since_epoch))};
}

Result<std::vector<std::string>> ReadOnlyDirectoryStorage::list(std::string_view prefix) {
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
    if (prefix.empty() && name == kReservedTmpDir) continue;
    children.push_back(base + name);
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Error::io("list " + dir.string() + ": " + ec.message());
  }
  std::sort(children.begin(), children.end());
  return children;
}

Result<void> ReadOnlyDirectoryStorage::remove(std::string_view key) {
  return read_only_refusal(key);
}

Result<bool> ReadOnlyDirectoryStorage::exists(std::string_view key) {
  if (auto valid = validate_key(key); !valid) return valid.error();
  std::error_code ec;
  bool found = fs::exists(root_ / key, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
    return Error::io("check " + (root_ / key).string() + ": " + ec.message());
  }
  return found;
}

}  // namespace drydock::storage
