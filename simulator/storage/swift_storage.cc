#include "drydock/simulator/storage/swift_storage.h"

#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/common/digest.h"

#include "drydock/simulator/storage/object_store_storage.h"
#include "object_http.h"
#include "object_store.h"

namespace drydock::storage {

namespace {

constexpr size_t kListPage = 10000;  // Swift's largest listing page

std::string random_hex() {
  return to_hex(random_bytes(8));
}

class SwiftStore;

class SwiftUpload : public ObjectUpload {
 public:
  SwiftUpload(SwiftStore& store, std::string name, std::string segments)
      : store_(store), name_(std::move(name)), segments_(std::move(segments)) {}
  Result<void> add_part(std::string_view data) override;
  Result<void> complete() override;
  void abort() override;

 private:
  SwiftStore& store_;
  std::string name_;
  std::string segments_;  // the segments' common name in the segments container
  nlohmann::json manifest_ = nlohmann::json::array();
  bool done_ = false;
};

class SwiftStore : public ObjectStore {
 public:
  explicit SwiftStore(SwiftOptions options) : options_(std::move(options)) {}

  Result<void> authenticate() {
    HttpRequest request;
    request.url = options_.auth_url;
    request.headers = {{"x-auth-user", options_.user}, {"x-auth-key", options_.key}};
    auto response = client_.send(request);
    if (!response.ok()) return response.error();
    if (response->status < 200 || response->status > 299) {
      return http_error(*response, "authenticate as " + options_.user);
    }
    std::string url = response->header("x-storage-url");
    std::string token = response->header("x-auth-token");
    if (url.empty() || token.empty()) {
      return Error::io("the authentication reply has no X-Storage-Url or X-Auth-Token");
    }
    std::lock_guard lock(mu_);
    storage_url_ = url;
    token_ = token;
    return {};
  }

  Result<void> ensure_containers() {
    for (const std::string& container : {options_.container, segments_container()}) {
      auto response = send("PUT", url_encode(container, false), "", {}, {});
      if (!response.ok()) return response.error();
      if (response->status != 201 && response->status != 202) {
        return http_error(*response, "create container " + container);
      }
    }
    return {};
  }

  Result<std::string> get(const std::string& name) override {
    auto response = send("GET", object_path(name), "", {}, {});
    if (!response.ok()) return response.error();
    if (response->status != 200) return http_error(*response, "GET " + name);
    return std::move(response->body);
  }

  // Most keys are new: a PUT that may only create (If-None-Match: *) costs no lookup. One that
  // found an object there replaces it as an upload's manifest does (replace()).
  Result<void> put(const std::string& name, std::string_view data) override {
    auto created = send("PUT", object_path(name), "", data, {{"if-none-match", "*"}});
    if (!created.ok()) return created.error();
    if (created->status == 201) return {};
    if (created->status != 412) return http_error(*created, "PUT " + name);
    return replace(name, [&] { return put_object(object_path(name), "", data, "PUT " + name); });
  }

  Result<std::unique_ptr<Reader>> read(const std::string& name, uint64_t offset) override {
    HttpHeaders extra;
    if (offset > 0) extra["range"] = "bytes=" + std::to_string(offset) + "-";
    for (int attempt = 0;; ++attempt) {
      auto stream = client_.stream(request("GET", object_path(name), "", {}, extra));
      if (!stream.ok()) return stream.error();
      if (stream->response.status == 401 && attempt == 0) {
        if (auto renewed = authenticate(); !renewed) return renewed.error();
        continue;
      }
      if (stream->reader == nullptr) return http_error(stream->response, "GET " + name);
      return std::move(stream->reader);
    }
  }

  Result<Stat> head(const std::string& name) override {
    auto response = send("HEAD", object_path(name), "", {}, {});
    if (!response.ok()) return response.error();
    if (response->status != 200) return http_error(*response, "HEAD " + name);
    return stat_of(*response);
  }

  Result<ObjectListing> list(const std::string& prefix, bool delimited, size_t limit) override {
    ObjectListing listing;
    const std::string full_prefix = full_name(prefix);
    const size_t strip = full_name("").size();
    size_t page = limit > 0 ? std::min(limit, kListPage) : kListPage;
    std::string marker;
    while (true) {
      std::string query =
          "format=json&limit=" + std::to_string(page) + "&prefix=" + url_encode(full_prefix, false);
      if (delimited) query += "&delimiter=%2F";
      if (!marker.empty()) query += "&marker=" + url_encode(marker, false);
      auto response = send("GET", url_encode(options_.container, false), query, {}, {});
      if (!response.ok()) return response.error();
      if (response->status == 204) break;
      if (response->status != 200) return http_error(*response, "list " + prefix);
      auto entries = nlohmann::json::parse(response->body, nullptr, false);
      if (!entries.is_array()) return Error::io("a listing that is not a JSON array: " + prefix);
      for (const auto& entry : entries) {
        if (entry.contains("subdir")) {
          marker = entry["subdir"].get<std::string>();
          listing.prefixes.push_back(marker.substr(strip));
        } else {
          marker = entry.value("name", "");
          listing.names.push_back(marker.substr(strip));
        }
      }
      bool enough = limit > 0 && listing.names.size() + listing.prefixes.size() >= limit;
      if (entries.size() < page || enough) break;
    }
    return listing;
  }

  // The manifest goes first, then its segments: no reader that starts meanwhile finds a manifest
  // with segments missing.
  Result<void> remove(const std::string& name) override {
    auto segments = segments_of(name);
    if (!segments.ok()) return segments.error();
    auto response = send("DELETE", object_path(name), "", {}, {});
    if (!response.ok()) return response.error();
    if (response->status < 200 || response->status > 299) {
      return http_error(*response, "DELETE " + name);
    }
    delete_segments(*segments);
    return {};
  }

  Result<std::unique_ptr<ObjectUpload>> begin_upload(const std::string& name) override {
    return std::unique_ptr<ObjectUpload>(
        std::make_unique<SwiftUpload>(*this, name, full_name(name) + "/" + random_hex()));
  }

  size_t part_size() const override { return options_.part_size; }

  // Publishes a new object at `name` with `publish`, then deletes the segments of the Static
  // Large Object it replaced (segments are named per upload, so nothing else deletes them). Never
  // before: until the new object is in, readers find the old one whole. A Reader of the old one
  // that is still streaming may then fail (kIo: Swift cuts its response short at the first missing
  // segment), never read other bytes. Two nodes replacing one object at once may each delete the
  // segments of the one they replaced; those of the loser's new object are then left behind.
  Result<void> replace(const std::string& name, const std::function<Result<void>()>& publish) {
    auto old = segments_of(name);
    if (!old.ok() && old.error().code != ErrorCode::kNotFound) return old.error();
    if (auto published = publish(); !published) return published;
    if (old.ok()) delete_segments(*old);
    return {};
  }

  // The names (in the segments container) of the segments of the Static Large Object at `name`
  // that one of our uploads stored; none for a plain object. kNotFound if `name` is absent.
  Result<std::vector<std::string>> segments_of(const std::string& name) {
    auto there = send("HEAD", object_path(name), "", {}, {});
    if (!there.ok()) return there.error();
    if (there->status != 200) return http_error(*there, "HEAD " + name);
    std::vector<std::string> segments;
    if (there->header("x-static-large-object") != "True") return segments;
    auto manifest = send("GET", object_path(name), "multipart-manifest=get", {}, {});
    if (!manifest.ok()) return manifest.error();
    if (manifest->status != 200) return http_error(*manifest, "GET the manifest of " + name);
    auto entries = nlohmann::json::parse(manifest->body, nullptr, false);
    if (!entries.is_array()) return Error::io("a manifest that is not a JSON array: " + name);
    // "/<segments container>/<full name>/<upload>/<n>": only what an upload of `name` stored.
    const std::string ours = "/" + segments_container() + "/" + full_name(name) + "/";
    for (const auto& entry : entries) {
      std::string path = entry.is_object() ? entry.value("name", "") : "";
      if (path.starts_with(ours)) segments.push_back(path.substr(segments_container().size() + 2));
    }
    return segments;
  }

  // Deletes segments by name, best effort: one left behind costs space only.
  void delete_segments(const std::vector<std::string>& segments) {
    for (const std::string& segment : segments) {
      (void)send("DELETE", segment_path(segment), "", {}, {});
    }
  }

  // Sends one request with the token, renewing the token once if it was refused.
  Result<HttpResponse> send(const std::string& method, const std::string& path,
                            const std::string& query, std::string_view body,
                            const HttpHeaders& extra) {
    for (int attempt = 0;; ++attempt) {
      auto response = client_.send(request(method, path, query, body, extra));
      if (!response.ok() || response->status != 401 || attempt > 0) return response;
      if (auto renewed = authenticate(); !renewed) return renewed.error();
    }
  }

  Result<void> put_object(const std::string& path, const std::string& query, std::string_view body,
                          const std::string& what) {
    auto response = send("PUT", path, query, body, {});
    if (!response.ok()) return response.error();
    if (response->status != 201) return http_error(*response, what);
    return {};
  }

  std::string object_path(const std::string& name) const {
    return url_encode(options_.container, false) + "/" + url_encode(full_name(name), true);
  }
  std::string segment_path(const std::string& segment) const {
    return url_encode(segments_container(), false) + "/" + url_encode(segment, true);
  }
  std::string segments_container() const { return options_.container + "_segments"; }

 private:
  std::string full_name(const std::string& name) const {
    return options_.prefix.empty() ? name : options_.prefix + "/" + name;
  }

  HttpRequest request(const std::string& method, const std::string& path, const std::string& query,
                      std::string_view body, const HttpHeaders& extra) {
    HttpRequest request;
    request.method = method;
    request.body = body;
    request.headers = extra;
    std::lock_guard lock(mu_);
    request.url = storage_url_ + "/" + path + (query.empty() ? "" : "?" + query);
    request.headers["x-auth-token"] = token_;
    return request;
  }

  // X-Timestamp ("1796589429.00923") is finer than Last-Modified.
  static Stat stat_of(const HttpResponse& response) {
    Stat stat{std::stoull("0" + response.header("content-length")),
              parse_http_date(response.header("last-modified"))};
    std::string timestamp = response.header("x-timestamp");
    if (!timestamp.empty()) {
      auto since_epoch = std::chrono::duration<double>(std::strtod(timestamp.c_str(), nullptr));
      stat.mtime = std::chrono::system_clock::time_point(
          std::chrono::duration_cast<std::chrono::system_clock::duration>(since_epoch));
    }
    return stat;
  }

  SwiftOptions options_;
  HttpClient client_;
  std::mutex mu_;
  std::string storage_url_;
  std::string token_;
};

Result<void> SwiftUpload::add_part(std::string_view data) {
  char number[16];
  std::snprintf(number, sizeof number, "%08zu", manifest_.size() + 1);
  std::string segment = segments_ + "/" + number;
  auto response = store_.send("PUT", store_.segment_path(segment), "", data, {});
  if (!response.ok()) return response.error();
  if (response->status != 201) return http_error(*response, "PUT a segment of " + name_);
  manifest_.push_back({{"path", "/" + store_.segments_container() + "/" + segment},
                       {"etag", response->header("etag")},
                       {"size_bytes", data.size()}});
  return {};
}

Result<void> SwiftUpload::complete() {
  auto stored = store_.replace(name_, [this] {
    return store_.put_object(store_.object_path(name_), "multipart-manifest=put", manifest_.dump(),
                             "PUT the manifest of " + name_);
  });
  if (stored.ok()) done_ = true;
  return stored;
}

void SwiftUpload::abort() {
  if (done_) return;
  done_ = true;
  std::vector<std::string> segments;
  for (const auto& segment : manifest_) {
    segments.push_back(
        segment["path"].get<std::string>().substr(store_.segments_container().size() + 2));
  }
  store_.delete_segments(segments);
}

}  // namespace

Result<std::unique_ptr<Storage>> open_swift_storage(const SwiftOptions& options) {
  if (options.auth_url.empty() || options.container.empty()) {
    return Error::invalid("Swift storage needs an authentication URL and a container");
  }
  if (options.part_size < (1u << 20)) return Error::invalid("Swift segments are at least 1 MiB");
  auto store = std::make_unique<SwiftStore>(options);
  if (auto auth = store->authenticate(); !auth) return auth.error();
  if (auto containers = store->ensure_containers(); !containers) return containers.error();
  return make_object_store_storage(std::move(store));
}

}  // namespace drydock::storage
