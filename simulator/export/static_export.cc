// write_export (static_export.h): the export's tree, built beside its destination and renamed
// into place.

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "drydock/simulator/export/static_export.h"
#include "drydock/simulator/storage/layout.h"

namespace drydock::static_registry {

namespace {

namespace fs = std::filesystem;
namespace layout = storage::layout;

constexpr size_t kCopyChunk = 1024 * 1024;  // per read of a layer: bounds the memory of a copy
// The _ping body: docker-registry's (protocol-notes 5.1 R1), or the documents' empty string.
std::string_view ping_body(ExportProfile profile) {
  return profile == ExportProfile::kDocs ? "\"\"" : "true";
}

Error errno_io(const std::string& what) {
  return Error::io(what + ": " + std::strerror(errno));
}

// A file of the tree, written whole: open, write everything, close.
class TreeFile {
 public:
  static Result<TreeFile> create(const fs::path& path) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return Error::io("create " + path.parent_path().string() + ": " + ec.message());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return errno_io("create " + path.string());
    return TreeFile(path, fd);
  }
  TreeFile(TreeFile&& other) noexcept : path_(other.path_), fd_(std::exchange(other.fd_, -1)) {}
  TreeFile(const TreeFile&) = delete;
  TreeFile& operator=(const TreeFile&) = delete;
  TreeFile& operator=(TreeFile&&) = delete;
  ~TreeFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  Result<void> append(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return errno_io("write " + path_.string());
      data.remove_prefix(static_cast<size_t>(n));
    }
    return {};
  }

  Result<void> close() {
    if (::close(std::exchange(fd_, -1)) != 0) return errno_io("close " + path_.string());
    return {};
  }

 private:
  TreeFile(fs::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  fs::path path_;
  int fd_;
};

Result<void> write_tree_file(const fs::path& path, std::string_view content) {
  auto file = TreeFile::create(path);
  if (!file) return file.error();
  if (auto written = file->append(content); !written) return written;
  return file->close();
}

// Whether the export was asked to stop, as an error to return.
std::optional<Error> stop_asked(const ExportOptions& options) {
  if (!options.stopped || !options.stopped()) return std::nullopt;
  return Error{ErrorCode::kCancelled, "stopped: nothing was written to " + options.out.string()};
}

// Streams the object `key` of `store` into the file `path`, a chunk at a time.
Result<void> copy_object(storage::Storage& store, const std::string& key, const fs::path& path,
                         const ExportOptions& options) {
  auto reader = store.read(key, 0);
  if (!reader) return Error::io("read " + key + ": " + reader.error().message);
  auto file = TreeFile::create(path);
  if (!file) return file.error();
  std::string chunk(kCopyChunk, '\0');
  while (true) {
    if (auto stop = stop_asked(options)) return *stop;
    auto n = (*reader)->read(chunk.data(), chunk.size());
    if (!n) return Error::io("read " + key + ": " + n.error().message);
    if (*n == 0) break;
    if (auto written = file->append(std::string_view(chunk.data(), *n)); !written) return written;
  }
  return file->close();
}

Result<void> write_image(storage::Storage& store, const ExportedImage& image, const fs::path& v1,
                         const ExportOptions& options) {
  const fs::path dir = v1 / "images" / image.id;
  auto json = store.get(layout::image_json(image.id));
  if (!json) return Error::io("read the JSON of " + image.id + ": " + json.error().message);
  if (auto written = write_tree_file(dir / "json", *json); !written) return written;
  nlohmann::json ancestry = image.ancestry;
  if (auto written = write_tree_file(dir / "ancestry", ancestry.dump()); !written) return written;
  return copy_object(store, layout::image_layer(image.id), dir / "layer", options);
}

Result<void> write_repository(const ExportPlan& plan, const ExportedRepository& repository,
                              const fs::path& v1) {
  const fs::path dir = v1 / "repositories" / repository.ns / repository.name;
  nlohmann::json tags = nlohmann::json::object();
  for (const auto& [tag, id] : repository.tags) {
    tags[tag] = id;
    if (auto written = write_tree_file(dir / "tags" / (tag + ".json"), nlohmann::json(id).dump());
        !written) {
      return written;
    }
  }
  if (auto written = write_tree_file(dir / "tags.json", tags.dump()); !written) return written;
  // The index's image list (protocol-notes 5.2 I7): each image with its payload checksum.
  nlohmann::json images = nlohmann::json::array();
  for (const std::string& id : repository.images) {
    nlohmann::json item = {{"id", id}};
    const std::string& checksum = plan.images.at(id).payload_checksum;
    if (!checksum.empty()) item["checksum"] = checksum;
    images.push_back(std::move(item));
  }
  return write_tree_file(dir / "images.json", images.dump());
}

// Gives every folder of the tree 0755 (mkdtemp made its root 0700; files are created 0644, less
// the umask, which is cleared here too).
Result<void> publish_permissions(const fs::path& root) {
  std::error_code ec;
  fs::permissions(root, fs::perms(0755), ec);
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    fs::permissions(it->path(), it->is_directory() ? fs::perms(0755) : fs::perms(0644), ec);
    if (ec) break;
  }
  if (ec) return Error::io("set the permissions of " + root.string() + ": " + ec.message());
  return {};
}

Result<bool> is_nonempty_directory(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return false;
  if (!fs::is_directory(path, ec)) return Error{ErrorCode::kConflict, path.string() + " is a file"};
  bool empty = fs::is_empty(path, ec);
  if (ec) return Error::io("read " + path.string() + ": " + ec.message());
  return !empty;
}

// A folder beside `out`, removed with what it holds unless release()d.
class ScratchFolder {
 public:
  static Result<ScratchFolder> beside(const fs::path& out) {
    std::string pattern =
        (out.parent_path() / ("." + out.filename().string() + ".export-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return errno_io("create a folder beside " + out.string());
    }
    return ScratchFolder(pattern);
  }
  ScratchFolder(ScratchFolder&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ScratchFolder& operator=(ScratchFolder&&) = delete;
  ~ScratchFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  explicit ScratchFolder(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

// Renames `from` to `to`; an existing `to` (allowed only with `force`) is replaced, and removed
// once `from` is in its place.
Result<void> install(ScratchFolder& from, const fs::path& to, bool force) {
  auto nonempty = is_nonempty_directory(to);
  if (!nonempty) return nonempty.error();
  if (*nonempty && !force) {
    return Error{ErrorCode::kConflict,
                 to.string() + " exists and is not empty (--force replaces it)"};
  }
  std::error_code ec;
  if (fs::exists(to, ec)) {
    auto old = ScratchFolder::beside(to);  // the old tree goes here, and with it at the end
    if (!old) return old.error();
    if (::rename(to.c_str(), (old->path() / "old").c_str()) != 0) {
      return errno_io("move " + to.string() + " aside");
    }
    if (::rename(from.path().c_str(), to.c_str()) != 0) {
      Error failed = errno_io("rename " + from.path().string() + " to " + to.string());
      ::rename((old->path() / "old").c_str(), to.c_str());  // put it back
      return failed;
    }
    from.release();
    return {};
  }
  if (::rename(from.path().c_str(), to.c_str()) != 0) {
    return errno_io("rename " + from.path().string() + " to " + to.string());
  }
  from.release();
  return {};
}

}  // namespace

Result<void> write_export(storage::Storage& store, const ExportPlan& plan,
                          const ExportOptions& options) {
  std::error_code ec;
  const fs::path out = fs::absolute(options.out, ec).lexically_normal();
  if (ec || out.filename().empty())
    return Error::invalid("not a folder name: " + options.out.string());
  // Refused before any work; checked again when the tree is renamed into place.
  auto nonempty = is_nonempty_directory(out);
  if (!nonempty) return nonempty.error();
  if (*nonempty && !options.force) {
    return Error{ErrorCode::kConflict,
                 out.string() + " exists and is not empty (--force replaces it)"};
  }
  if (!fs::is_directory(out.parent_path(), ec)) {
    return Error::not_found("no folder " + out.parent_path().string() + " to export into");
  }
  NginxSite site = options.nginx;
  site.root = out;
  auto config = nginx_config(site, plan);
  if (!config) return config.error();

  auto scratch = ScratchFolder::beside(out);
  if (!scratch) return scratch.error();
  const fs::path v1 = scratch->path() / "v1";
  if (auto written = write_tree_file(v1 / "_ping", ping_body(options.profile)); !written)
    return written;
  for (const auto& [id, image] : plan.images) {
    if (auto stop = stop_asked(options)) return *stop;
    if (auto written = write_image(store, image, v1, options); !written) return written;
  }
  for (const ExportedRepository& repository : plan.repositories) {
    if (auto stop = stop_asked(options)) return *stop;
    if (auto written = write_repository(plan, repository, v1); !written) return written;
  }
  if (auto stop = stop_asked(options)) return *stop;
  // A configuration elsewhere is written beside its own destination and renamed there last.
  const bool conf_in_tree = options.nginx_conf.empty();
  const fs::path conf =
      conf_in_tree ? scratch->path() / "nginx.conf.example" : fs::absolute(options.nginx_conf, ec);
  std::optional<ScratchFolder> conf_scratch;
  if (conf_in_tree) {
    if (auto written = write_tree_file(conf, *config); !written) return written;
  } else {
    auto folder = ScratchFolder::beside(conf);
    if (!folder) return folder.error();
    conf_scratch.emplace(std::move(folder).value());
    if (auto written = write_tree_file(conf_scratch->path() / "conf", *config); !written) {
      return written;
    }
  }
  if (auto published = publish_permissions(scratch->path()); !published) return published;
  if (auto installed = install(*scratch, out, options.force); !installed) return installed;
  if (conf_scratch) {
    ::chmod((conf_scratch->path() / "conf").c_str(), 0644);
    if (::rename((conf_scratch->path() / "conf").c_str(), conf.c_str()) != 0) {
      return errno_io("rename the nginx configuration to " + conf.string());
    }
  }
  return {};
}

}  // namespace drydock::static_registry
