#include "drydock/conformance/curl_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <vector>

#include "drydock/common/digest.h"

namespace drydock::conformance {
namespace {

constexpr std::size_t kUploadChunk = 64 * 1024;  // per read callback: bounds memory per upload
// Header fields read per response: real v1 replies carry a dozen; more is a hostile server, and
// every field is kept, compared and reported.
constexpr std::size_t kMaxResponseHeaders = 256;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool method_has_body(std::string_view method) {
  return method == "PUT" || method == "POST" || method == "PATCH";
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

// Idle easy handles (each keeps its settings' caches) and one share handle for connections, DNS
// and TLS sessions, so keep-alive works across threads.
struct CurlClient::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;  // guarded by mutex
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;

  Pool() {
    share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Pool::lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Pool::unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  }
  ~Pool() {
    for (CURL* handle : idle) curl_easy_cleanup(handle);
    curl_share_cleanup(share);
  }

  CURL* take() {
    {
      std::lock_guard guard(mutex);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }
  void give(CURL* handle) {
    curl_easy_reset(handle);
    std::lock_guard guard(mutex);
    idle.push_back(handle);
  }

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<Pool*>(self)->share_locks[static_cast<std::size_t>(data)].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* self) {
    static_cast<Pool*>(self)->share_locks[static_cast<std::size_t>(data)].unlock();
  }
};

// The state of one request, shared with libcurl's callbacks.
struct CurlClient::Transfer {
  const Request& request;
  Exchange& record;
  const CurlOptions& options;
  const std::atomic<bool>& aborted;
  Response response;
  std::string stop_reason;  // set by a callback that stopped the transfer
  std::size_t body_offset = 0;

  static size_t on_read(char* buffer, size_t size, size_t count, void* self) {
    auto& t = *static_cast<Transfer*>(self);
    std::size_t room = std::min(size * count, kUploadChunk);
    std::size_t n = 0;
    if (t.request.body_source) {
      Result<std::size_t> got = t.request.body_source(std::span<char>(buffer, room));
      if (!got.ok()) {
        t.stop_reason = "the request body source failed: " + got.error().message;
        return CURL_READFUNC_ABORT;
      }
      n = std::min(*got, room);
    } else {
      n = std::min(room, t.request.body.size() - t.body_offset);
      std::copy_n(t.request.body.data() + t.body_offset, n, buffer);
      t.body_offset += n;
      return n;  // a body in memory: its size is recorded already
    }
    t.record.request.body_size += n;  // a streamed body: the bytes actually sent
    return n;
  }

  static size_t on_write(char* data, size_t size, size_t count, void* self) {
    auto& t = *static_cast<Transfer*>(self);
    std::string_view chunk(data, size * count);
    t.response.body_size += chunk.size();
    RecordedResponse& kept = t.record.response;
    if (t.request.response_sink) {
      if (!t.request.response_sink(chunk)) {
        t.stop_reason = "the response body sink stopped the transfer";
        return 0;
      }
      return chunk.size();
    }
    if (kept.body.size() < kKeptBodyBytes) {
      kept.body.append(chunk.substr(0, kKeptBodyBytes - kept.body.size()));
    }
    if (t.response.body.size() + chunk.size() > t.options.max_body_bytes) {
      t.stop_reason = "the response body exceeds the " + std::to_string(t.options.max_body_bytes) +
                      "-byte cap; stopped reading";
      return 0;
    }
    t.response.body.append(chunk);
    return chunk.size();
  }

  static size_t on_header(char* data, size_t size, size_t count, void* self) {
    auto& t = *static_cast<Transfer*>(self);
    std::string_view line = trim(std::string_view(data, size * count));
    if (line.starts_with("HTTP/")) {  // a new response (after a 100 or a followed redirect)
      t.response.headers.clear();
      std::size_t sp1 = line.find(' ');
      t.response.http_version = std::string(line.substr(0, sp1));
      if (sp1 != std::string_view::npos) {
        std::string_view rest = line.substr(sp1 + 1);
        std::size_t sp2 = rest.find(' ');
        std::string_view code = rest.substr(0, sp2);
        t.response.status = 0;
        for (char c : code) {
          if (c < '0' || c > '9') break;
          t.response.status = t.response.status * 10 + (c - '0');
        }
        t.response.reason =
            sp2 == std::string_view::npos ? "" : std::string(trim(rest.substr(sp2)));
      }
    } else if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      if (t.response.headers.size() >= kMaxResponseHeaders) {
        t.stop_reason = "the response has more than " + std::to_string(kMaxResponseHeaders) +
                        " header fields; stopped reading";
        return 0;
      }
      t.response.headers.add(std::string(trim(line.substr(0, colon))),
                             std::string(trim(line.substr(colon + 1))));
    }
    return size * count;
  }

  static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto& t = *static_cast<Transfer*>(self);
    if (t.aborted.load() || (t.options.cancelled && t.options.cancelled())) {
      t.stop_reason = "the run was cancelled (deadline or interrupt); transfer aborted";
      return 1;
    }
    return 0;
  }
};

CurlClient::CurlClient(CurlOptions options) : options_(std::move(options)) {
  global_init();
  pool_ = std::make_unique<Pool>();
}

CurlClient::~CurlClient() = default;

namespace {

double ms(curl_off_t micros) {
  return static_cast<double>(micros) / 1000.0;
}

Timings read_timings(CURL* handle) {
  curl_off_t dns = 0, connect = 0, tls = 0, pre = 0, first = 0, total = 0;
  curl_easy_getinfo(handle, CURLINFO_NAMELOOKUP_TIME_T, &dns);
  curl_easy_getinfo(handle, CURLINFO_CONNECT_TIME_T, &connect);
  curl_easy_getinfo(handle, CURLINFO_APPCONNECT_TIME_T, &tls);
  curl_easy_getinfo(handle, CURLINFO_PRETRANSFER_TIME_T, &pre);
  curl_easy_getinfo(handle, CURLINFO_STARTTRANSFER_TIME_T, &first);
  curl_easy_getinfo(handle, CURLINFO_TOTAL_TIME_T, &total);
  Timings t;
  t.dns_ms = connect > 0 ? ms(dns) : -1;
  t.connect_ms = connect > 0 ? ms(connect - dns) : -1;
  t.tls_ms = tls > 0 ? ms(tls - connect) : -1;
  t.send_ms = 0;
  t.wait_ms = first > 0 ? ms(std::max<curl_off_t>(first - pre, 0))
                        : ms(std::max<curl_off_t>(total - pre, 0));
  t.receive_ms = first > 0 ? ms(std::max<curl_off_t>(total - first, 0)) : 0;
  t.total_ms = ms(total);
  return t;
}

curl_slist* build_header_list(const Headers& headers) {
  curl_slist* list = nullptr;
  for (const Header& h : headers) {
    // "Name;" sends an empty value; "Name:" would remove a header curl adds itself.
    std::string line = h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
    list = curl_slist_append(list, line.c_str());
  }
  if (!headers.contains("Expect"))
    list = curl_slist_append(list, "Expect:");  // no 100-continue wait
  return list;
}

}  // namespace

Result<Response> CurlClient::perform(const Request& request, Exchange& record) {
  using std::chrono::milliseconds;
  milliseconds timeout = request.timeout.value_or(options_.timeout);
  bool capped_by_deadline = false;
  if (options_.deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(*options_.deadline -
                                                         std::chrono::steady_clock::now());
    if (left <= milliseconds(0) || aborted_.load()) {
      record.error = "the run's deadline has passed; request not sent";
      return Error::io(record.error);
    }
    if (left < timeout) {
      timeout = left;
      capped_by_deadline = true;
    }
  }
  if (aborted_.load()) {
    record.error = "the run was cancelled; request not sent";
    return Error::io(record.error);
  }

  Transfer t{request, record, options_, aborted_, {}, {}, 0};
  CURL* h = pool_->take();
  if (h == nullptr) return Error::internal("curl_easy_init failed");
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  curl_slist* header_list = build_header_list(request.headers);

  curl_easy_setopt(h, CURLOPT_SHARE, pool_->share);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer.data());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.stall_timeout.count()));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, options_.follow_redirects ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
  if (!request.headers.contains("User-Agent")) {
    curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  }
  if (!options_.cacert.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.cacert.c_str());
  if (options_.insecure) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!options_.client_cert.empty()) {
    curl_easy_setopt(h, CURLOPT_SSLCERT, options_.client_cert.c_str());
  }
  if (!options_.client_key.empty())
    curl_easy_setopt(h, CURLOPT_SSLKEY, options_.client_key.c_str());

  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);

  bool has_body = request.body_source || !request.body.empty() || method_has_body(request.method);
  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (has_body) {
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &Transfer::on_read);
    curl_easy_setopt(h, CURLOPT_READDATA, &t);
    std::optional<std::uint64_t> size =
        request.body_source ? request.body_size : std::optional<std::uint64_t>(request.body.size());
    if (size) curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(*size));
  }
  if (request.method != "GET" && request.method != "HEAD" && request.method != "PUT") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (request.method == "GET" && has_body) {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "GET");
  }

  CURLcode code = curl_easy_perform(h);
  record.timings = read_timings(h);
  pool_->give(h);
  curl_slist_free_all(header_list);

  t.response.total_ms = record.timings.total_ms;
  RecordedResponse& out = record.response;
  out.status = t.response.status;
  out.reason = t.response.reason;
  out.http_version = t.response.http_version;
  out.headers = t.response.headers;
  out.body_size = t.response.body_size;
  out.body_truncated = out.body.size() < out.body_size && !request.response_sink;
  if (out.body_truncated) out.body_sha256 = "sha256:" + sha256_hex(t.response.body);

  if (code == CURLE_OK) return std::move(t.response);
  if (!t.stop_reason.empty()) {
    record.error = t.stop_reason;
  } else if (code == CURLE_OPERATION_TIMEDOUT && capped_by_deadline) {
    aborted_.store(true);  // curl may fire a little early: the run is over either way
    record.error = "the run's deadline passed during the request (" +
                   std::to_string(timeout.count()) + " ms left): " + error_buffer.data();
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    record.error = "timed out: " + std::string(error_buffer.data());
  } else {
    record.error = error_buffer[0] != '\0' ? std::string(error_buffer.data())
                                           : std::string(curl_easy_strerror(code));
  }
  return Error::io(record.error);
}

}  // namespace drydock::conformance
