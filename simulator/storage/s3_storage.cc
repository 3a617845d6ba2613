#include "drydock/simulator/storage/s3_storage.h"

#include "drydock/common/digest.h"
#include "drydock/simulator/storage/object_store_storage.h"
#include "object_http.h"
#include "object_store.h"
#include "sigv4.h"
#include "xml_text.h"

namespace drydock::storage {

namespace {

using Query = std::map<std::string, std::string>;

class S3Store;

class S3Upload : public ObjectUpload {
 public:
  S3Upload(S3Store& store, std::string name, std::string upload_id)
      : store_(store), name_(std::move(name)), upload_id_(std::move(upload_id)) {}
  Result<void> add_part(std::string_view data) override;
  Result<void> complete() override;
  void abort() override;

 private:
  S3Store& store_;
  std::string name_;
  std::string upload_id_;
  std::vector<std::string> etags_;
};

class S3Store : public ObjectStore {
 public:
  explicit S3Store(S3Options options) : options_(std::move(options)) {
    key_ = SigV4Key{options_.access_key, options_.secret_key, options_.region, "s3"};
    size_t scheme = options_.endpoint.find("://");
    size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    host_ = options_.endpoint.substr(start, options_.endpoint.find('/', start) - start);
    while (options_.endpoint.ends_with('/')) options_.endpoint.pop_back();
  }

  Result<void> ensure_bucket() {
    auto head = send("HEAD", bucket_path(), {}, {}, {});
    if (!head.ok()) return head.error();
    if (head->status == 200) return {};
    if (head->status != 404) return http_error(*head, "HEAD bucket " + options_.bucket);
    std::string body;
    if (options_.region != "us-east-1") {
      body = "<CreateBucketConfiguration><LocationConstraint>" + options_.region +
             "</LocationConstraint></CreateBucketConfiguration>";
    }
    auto created = send("PUT", bucket_path(), {}, body, {});
    if (!created.ok()) return created.error();
    if (created->status == 200 || created->status == 409) return {};  // 409: someone else won
    return http_error(*created, "create bucket " + options_.bucket);
  }

  Result<std::string> get(const std::string& name) override {
    auto response = send("GET", object_path(name), {}, {}, {});
    if (!response.ok()) return response.error();
    if (response->status != 200) return http_error(*response, "GET " + name);
    return std::move(response->body);
  }

  Result<void> put(const std::string& name, std::string_view data) override {
    auto response = send("PUT", object_path(name), {}, data, {});
    if (!response.ok()) return response.error();
    if (response->status != 200) return http_error(*response, "PUT " + name);
    return {};
  }

  Result<std::unique_ptr<Reader>> read(const std::string& name, uint64_t offset) override {
    HttpHeaders extra;
    if (offset > 0) extra["range"] = "bytes=" + std::to_string(offset) + "-";
    auto stream = client_.stream(signed_request("GET", object_path(name), {}, {}, extra));
    if (!stream.ok()) return stream.error();
    if (stream->reader == nullptr) return http_error(stream->response, "GET " + name);
    return std::move(stream->reader);
  }

  Result<Stat> head(const std::string& name) override {
    auto response = send("HEAD", object_path(name), {}, {}, {});
    if (!response.ok()) return response.error();
    if (response->status != 200) return http_error(*response, "HEAD " + name);
    return Stat{std::stoull("0" + response->header("content-length")),
                parse_http_date(response->header("last-modified"))};
  }

  Result<ObjectListing> list(const std::string& prefix, bool delimited, size_t limit) override {
    ObjectListing listing;
    Query query{{"list-type", "2"}, {"prefix", full_name(prefix)}};
    if (delimited) query["delimiter"] = "/";
    if (limit > 0) query["max-keys"] = std::to_string(limit);
    const size_t strip = full_name("").size();
    while (true) {
      auto response = send("GET", bucket_path(), query, {}, {});
      if (!response.ok()) return response.error();
      if (response->status != 200) return http_error(*response, "list " + prefix);
      const std::string& body = response->body;
      for (const std::string& entry : xml_elements(body, "Contents")) {
        listing.names.push_back(xml_element(entry, "Key").substr(strip));
      }
      for (const std::string& entry : xml_elements(body, "CommonPrefixes")) {
        listing.prefixes.push_back(xml_element(entry, "Prefix").substr(strip));
      }
      std::string token = xml_element(body, "NextContinuationToken");
      bool enough = limit > 0 && listing.names.size() + listing.prefixes.size() >= limit;
      if (xml_element(body, "IsTruncated") != "true" || token.empty() || enough) break;
      query["continuation-token"] = token;
    }
    return listing;
  }

  Result<void> remove(const std::string& name) override {
    // S3 answers 204 whether or not the object was there.
    if (auto there = head(name); !there.ok()) return there.error();
    auto response = send("DELETE", object_path(name), {}, {}, {});
    if (!response.ok()) return response.error();
    if (response->status != 204 && response->status != 200) {
      return http_error(*response, "DELETE " + name);
    }
    return {};
  }

  Result<std::unique_ptr<ObjectUpload>> begin_upload(const std::string& name) override {
    auto response = send("POST", object_path(name), {{"uploads", ""}}, {}, {});
    if (!response.ok()) return response.error();
    if (response->status != 200) return http_error(*response, "start multipart upload " + name);
    std::string id = xml_element(response->body, "UploadId");
    if (id.empty()) return Error::io("no UploadId in the reply to starting an upload: " + name);
    return std::unique_ptr<ObjectUpload>(std::make_unique<S3Upload>(*this, name, id));
  }

  size_t part_size() const override { return options_.part_size; }

  // Signs and sends one request; any status comes back.
  Result<HttpResponse> send(const std::string& method, const std::string& path, const Query& query,
                            std::string_view body, const HttpHeaders& extra) {
    return client_.send(signed_request(method, path, query, body, extra));
  }

  std::string object_path(const std::string& name) const {
    return bucket_path() + "/" + url_encode(full_name(name), true);
  }

 private:
  std::string bucket_path() const { return "/" + url_encode(options_.bucket, false); }
  std::string full_name(const std::string& name) const {
    return options_.prefix.empty() ? name : options_.prefix + "/" + name;
  }

  HttpRequest signed_request(const std::string& method, const std::string& path, const Query& query,
                             std::string_view body, const HttpHeaders& extra) const {
    SigV4Request sign{method,
                      path,
                      query,
                      {{"host", host_},
                       {"x-amz-date", amz_date_now()},
                       {"x-amz-content-sha256", sha256_hex(body)}},
                      ""};
    sign.payload_hash = sign.headers["x-amz-content-sha256"];
    HttpRequest request;
    request.method = method;
    request.url = options_.endpoint + path;
    std::string canonical_query = sigv4_canonical_query(query);
    if (!canonical_query.empty()) request.url += "?" + canonical_query;
    request.headers = sign.headers;
    request.headers["authorization"] = sigv4_authorization(key_, sign);
    for (const auto& [name, value] : extra) request.headers[name] = value;
    request.body = body;
    return request;
  }

  S3Options options_;
  SigV4Key key_;
  std::string host_;
  HttpClient client_;
};

Result<void> S3Upload::add_part(std::string_view data) {
  std::string number = std::to_string(etags_.size() + 1);
  auto response = store_.send("PUT", store_.object_path(name_),
                              {{"partNumber", number}, {"uploadId", upload_id_}}, data, {});
  if (!response.ok()) return response.error();
  if (response->status != 200)
    return http_error(*response, "upload part " + number + " of " + name_);
  etags_.push_back(response->header("etag"));
  return {};
}

Result<void> S3Upload::complete() {
  std::string body = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < etags_.size(); ++i) {
    body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
            xml_escape(etags_[i]) + "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  auto response =
      store_.send("POST", store_.object_path(name_), {{"uploadId", upload_id_}}, body, {});
  if (!response.ok()) return response.error();
  // S3 may answer 200 and still report an error in the body.
  if (response->status != 200 || response->body.find("<Error>") != std::string::npos) {
    return http_error(*response, "complete the upload of " + name_);
  }
  upload_id_.clear();
  return {};
}

void S3Upload::abort() {
  if (upload_id_.empty()) return;
  (void)store_.send("DELETE", store_.object_path(name_), {{"uploadId", upload_id_}}, {}, {});
  upload_id_.clear();
}

}  // namespace

Result<std::unique_ptr<Storage>> open_s3_storage(const S3Options& options) {
  if (options.endpoint.empty() || options.bucket.empty()) {
    return Error::invalid("S3 storage needs an endpoint and a bucket");
  }
  if (options.part_size < (5u << 20)) return Error::invalid("S3 parts are at least 5 MiB");
  auto store = std::make_unique<S3Store>(options);
  if (auto bucket = store->ensure_bucket(); !bucket) return bucket.error();
  return make_object_store_storage(std::move(store));
}

}  // namespace drydock::storage
