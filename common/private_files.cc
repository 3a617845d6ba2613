#include "drydock/common/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

namespace drydock {

namespace fs = std::filesystem;

namespace {

constexpr mode_t kGroupAndOther = S_IRWXG | S_IRWXO;

Error errno_error(const std::string& what) {
  return Error::io(what + ": " + std::strerror(errno));
}

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

Result<void> create_private_directories(const fs::path& dir) {
  fs::path partial;
  for (const fs::path& part : dir) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) == 0) {
      // As for files below: exactly 0700, whatever the umask took.
      if (::chmod(partial.c_str(), 0700) != 0) return errno_error("chmod " + partial.string());
      continue;
    }
    if (errno != EEXIST) return errno_error("create directory " + partial.string());
    struct stat st {};
    if (::stat(partial.c_str(), &st) != 0) return errno_error("stat " + partial.string());
    if (!S_ISDIR(st.st_mode)) return Error::io(partial.string() + " exists and is not a directory");
  }
  return {};
}

Result<void> create_private_file(const fs::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return {};
    return errno_error("create " + file.string());
  }
  // The umask may have taken bits the mode asked for, never added any: 0600 or tighter. Set it
  // exactly, so the owner can write whatever the umask said.
  int rc = ::fchmod(fd, 0600);
  ::close(fd);
  if (rc != 0) return errno_error("chmod " + file.string());
  return {};
}

Result<void> open_private_directory(const fs::path& dir) {
  if (auto created = create_private_directories(dir); !created) {
    return Error::io("data directory " + dir.string() + ": " + created.error().message);
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return errno_error("data directory " + dir.string());
  if (!S_ISDIR(st.st_mode)) return Error::io("data directory " + dir.string() + " is not one");
  if (st.st_uid != ::geteuid()) {
    return Error::invalid("data directory " + dir.string() +
                          " belongs to another user; use a directory of your own");
  }
  if ((st.st_mode & kGroupAndOther) != 0) {
    return Error::invalid("data directory " + dir.string() + " is open to other users (mode " +
                          octal(st.st_mode) + "); it holds the token signing key: run chmod 700 " +
                          dir.string() + ", or choose another directory");
  }
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    struct stat entry {};
    if (::lstat(it->path().c_str(), &entry) != 0 || S_ISLNK(entry.st_mode)) continue;
    if ((entry.st_mode & kGroupAndOther) == 0) continue;
    if (::chmod(it->path().c_str(), entry.st_mode & 07700) != 0) {
      return errno_error("data directory: chmod " + it->path().string());
    }
  }
  if (ec) return Error::io("data directory " + dir.string() + ": " + ec.message());
  return {};
}

}  // namespace drydock
