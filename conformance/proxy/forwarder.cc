#include "drydock/proxy/forwarder.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "drydock/simulator/http/headers.h"

namespace drydock::proxy {
namespace {

namespace http = simulator::http;
using Clock = std::chrono::steady_clock;

// Reply bytes received and not yet passed on, past which the transfer pauses its reads.
constexpr std::size_t kPendingLimit = 256 * 1024;
// The most bytes one provider call hands on.
constexpr std::size_t kPieceBytes = 64 * 1024;

void init_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::optional<std::uint64_t> parse_length(const std::string& text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// One exchange with the server: a libcurl easy handle driven by its own multi handle, so that
// whoever needs the next bytes (the handler for the status, the connection for the body) drives it
// exactly as far as it needs.
class Transfer {
 public:
  explicit Transfer(const UpstreamOptions& options) : options_(options) {
    multi_ = curl_multi_init();
    easy_ = curl_easy_init();
    error_buffer_.fill('\0');
  }
  ~Transfer() {
    if (multi_ != nullptr && easy_ != nullptr) curl_multi_remove_handle(multi_, easy_);
    if (easy_ != nullptr) curl_easy_cleanup(easy_);
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
    curl_slist_free_all(header_list_);
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Sends `request` to `base_url`, its request target (path and query) as it came, byte for byte:
  // not parsed as part of a URL, so that a target no URL could hold ("*", a path that is not
  // UTF-8, an absolute URL) reaches the server as the client sent it.
  Result<void> start(const std::string& base_url, const http::Request& request) {
    if (multi_ == nullptr || easy_ == nullptr) return Error::internal("libcurl could not start");
    CURL* h = easy_;
    url_ = base_url + "/";
    target_ = request.path + (request.raw_query.empty() ? "" : "?" + request.raw_query);
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_REQUEST_TARGET, target_.c_str());
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer_.data());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    // Bytes as sent: no decoding of Content-Encoding, no transfer decoding beyond chunks.
    curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    curl_easy_setopt(h, CURLOPT_HTTP_TRANSFER_DECODING, 1L);
    if (!options_.cacert.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.cacert.c_str());
    if (options_.insecure) {
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, this);

    bool accept = false;
    for (const auto& [name, value] : request.headers.fields()) {
      if (is_hop_field(name)) continue;
      if (http::iequals(name, "Accept")) accept = true;
      // "Name;" is libcurl's way to send a field with an empty value.
      std::string line = value.empty() ? name + ";" : name + ": " + value;
      header_list_ = curl_slist_append(header_list_, line.c_str());
    }
    // libcurl's own additions, taken back: the server sees what the client sent.
    if (!accept) header_list_ = curl_slist_append(header_list_, "Accept:");
    header_list_ = curl_slist_append(header_list_, "Expect:");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list_);

    const auto length = request.headers.get("Content-Length");
    const bool has_body = length.has_value() || request.headers.contains("Transfer-Encoding");
    if (request.method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (has_body && request.method != "HEAD") {
      request_ = &request;
      curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(h, CURLOPT_READFUNCTION, &Transfer::on_read);
      curl_easy_setopt(h, CURLOPT_READDATA, this);
      // Without a length libcurl sends the body chunked, as the client did.
      upload_size_ = length ? parse_length(*length) : std::nullopt;
      if (upload_size_) {
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(*upload_size_));
      }
      if (upload_size_ == std::uint64_t{0}) upload_done_ = true;
    } else {
      upload_done_ = true;
    }
    last_progress_ = Clock::now();
    if (curl_multi_add_handle(multi_, h) != CURLM_OK) {
      return Error::internal("libcurl could not add the transfer");
    }
    return {};
  }

  // Drives the transfer until `enough` holds (true) or it ends or stalls (false).
  bool pump(const std::function<bool()>& enough) {
    while (true) {
      int running = 0;
      if (CURLMcode code = curl_multi_perform(multi_, &running); code != CURLM_OK) {
        finish(CURLE_FAILED_INIT, curl_multi_strerror(code));
      }
      int left = 0;
      while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
        if (message->msg == CURLMSG_DONE) finish(message->data.result, nullptr);
      }
      if (enough()) return true;
      if (finished_) return false;
      if (Clock::now() - last_progress_ > options_.stall_timeout) {
        finish(CURLE_OPERATION_TIMEDOUT,
               ("no byte either way for " + std::to_string(options_.stall_timeout.count()) + " ms")
                   .c_str());
        return false;
      }
      int ready = 0;
      curl_multi_poll(multi_, nullptr, 0, 200, &ready);
    }
  }

  // Called once the handler is done with the request: its body may not be read any more.
  void release_request() { request_ = nullptr; }

  // Hands on the next bytes of the reply body (Reply's BodyProvider).
  bool provide(std::optional<std::uint64_t> length, std::uint64_t offset, http::Sink& sink) {
    if (!pump([&] { return pending_at_ < pending_.size(); })) {
      if (!finished_ || result_ != CURLE_OK) return false;  // cut: the client sees it cut
      if (length && offset < *length) return false;         // the server's body ended short
      sink.done();
      return true;
    }
    const std::size_t n = std::min(kPieceBytes, pending_.size() - pending_at_);
    if (!sink.write(pending_.data() + pending_at_, n)) return false;
    pending_at_ += n;
    // Drop what was handed on, so the buffer holds only bytes not yet sent (at most about
    // kPendingLimit and one write of libcurl's), however long the server keeps it partly full.
    if (pending_at_ == pending_.size()) {
      pending_.clear();
      pending_at_ = 0;
    } else if (pending_at_ >= kPieceBytes) {
      pending_.erase(0, pending_at_);
      pending_at_ = 0;
    }
    if (paused_) {
      paused_ = false;
      curl_easy_pause(easy_, CURLPAUSE_CONT);
    }
    return true;
  }

  bool headers_done() const { return headers_done_; }
  bool upload_done() const { return upload_done_; }
  bool succeeded() const { return finished_ && result_ == CURLE_OK; }
  int status() const { return status_; }
  const std::vector<std::pair<std::string, std::string>>& reply_headers() const {
    return reply_headers_;
  }
  std::size_t pending_bytes() const { return pending_.size() - pending_at_; }
  // Moves the reply bytes received so far out.
  std::string take_pending() {
    std::string out = pending_.substr(pending_at_);
    pending_.clear();
    pending_at_ = 0;
    return out;
  }
  std::string error() const { return error_; }
  // Reads go on until `bytes` are pending (to read a reply whole), rather than kPendingLimit.
  void set_pending_limit(std::size_t bytes) { pending_limit_ = bytes; }

 private:
  void finish(CURLcode result, const char* message) {
    if (finished_) return;
    finished_ = true;
    result_ = result;
    if (result == CURLE_OK) return;
    error_ = message != nullptr         ? message
             : error_buffer_[0] != '\0' ? error_buffer_.data()
                                        : curl_easy_strerror(result);
  }

  static size_t on_header(char* data, size_t size, size_t count, void* self) {
    auto& t = *static_cast<Transfer*>(self);
    const size_t n = size * count;
    std::string_view line(data, n);
    t.last_progress_ = Clock::now();
    if (line.starts_with("HTTP/")) {  // a status line: a new block (after a 1xx, the final one)
      t.reply_headers_.clear();
      const auto space = line.find(' ');
      int status = 0;
      if (space != std::string_view::npos && line.size() >= space + 4) {
        std::from_chars(line.data() + space + 1, line.data() + space + 4, status);
      }
      t.status_ = status;
      return n;
    }
    if (line == "\r\n" || line == "\n") {
      if (t.status_ >= 200) t.headers_done_ = true;
      return n;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !t.reply_headers_.empty()) {
      t.reply_headers_.back().second += " " + trim(line);  // an obsolete folded line
      return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    t.reply_headers_.emplace_back(std::string(line.substr(0, colon)), trim(line.substr(colon + 1)));
    return n;
  }

  static size_t on_write(char* data, size_t size, size_t count, void* self) {
    auto& t = *static_cast<Transfer*>(self);
    if (t.pending_bytes() >= t.pending_limit_) {
      t.paused_ = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    t.pending_.append(data, size * count);
    t.last_progress_ = Clock::now();
    return size * count;
  }

  static size_t on_read(char* out, size_t size, size_t count, void* self) {
    auto& t = *static_cast<Transfer*>(self);
    if (t.request_ == nullptr) return CURL_READFUNC_ABORT;
    const size_t got = t.request_->body().read(out, size * count);
    t.last_progress_ = Clock::now();
    t.uploaded_ += got;
    if (got > 0 && t.upload_size_ && t.uploaded_ >= *t.upload_size_) {
      // libcurl asks no more once the announced length is sent: read the end here, so the body
      // is seen whole (its observers mark it complete).
      char probe = 0;
      if (t.request_->body().read(&probe, 1) == 0 && !t.request_->body().read_error()) {
        t.upload_done_ = true;
      }
    }
    if (got > 0) return got;
    // The client's body broke off: so does the server's, rather than look complete.
    if (t.request_->body().read_error()) return CURL_READFUNC_ABORT;
    t.upload_done_ = true;
    return 0;
  }

  const UpstreamOptions options_;
  std::size_t pending_limit_ = kPendingLimit;
  CURLM* multi_ = nullptr;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  std::string url_;  // libcurl keeps pointers to these for the transfer's life
  std::string target_;
  std::array<char, CURL_ERROR_SIZE> error_buffer_{};
  const http::Request* request_ = nullptr;  // the body to send; null once the handler is done
  bool upload_done_ = false;
  std::optional<std::uint64_t> upload_size_;  // the announced Content-Length, if any
  std::uint64_t uploaded_ = 0;
  int status_ = 0;
  std::vector<std::pair<std::string, std::string>> reply_headers_;
  bool headers_done_ = false;
  std::string pending_;  // reply bytes received, from pending_at_ on not yet handed on
  std::size_t pending_at_ = 0;
  bool paused_ = false;
  bool finished_ = false;
  CURLcode result_ = CURLE_OK;
  std::string error_;
  Clock::time_point last_progress_;
};

bool bodiless(int status) {
  return status < 200 || status == 204 || status == 304;
}

}  // namespace

bool is_hop_field(std::string_view name) {
  static constexpr std::string_view kHop[] = {"Connection",
                                              "Keep-Alive",
                                              "Proxy-Connection",
                                              "Proxy-Authenticate",
                                              "Proxy-Authorization",
                                              "TE",
                                              "Trailer",
                                              "Transfer-Encoding",
                                              "Upgrade",
                                              "Content-Length",
                                              "Host",
                                              "Expect"};
  return std::any_of(std::begin(kHop), std::end(kHop),
                     [&](std::string_view hop) { return http::iequals(name, hop); });
}

Forwarder::Forwarder(UpstreamOptions options) : options_(std::move(options)) {
  init_curl();
}

Result<http::Reply> Forwarder::forward(const std::string& base_url,
                                       const http::Request& request) const {
  auto transfer = std::make_shared<Transfer>(options_);
  if (auto started = transfer->start(base_url, request); !started) return started.error();

  transfer->pump([&] { return transfer->headers_done(); });
  // A success may come before the whole body was sent; the rest still goes up, while the handler
  // owns the request. A refusal ends the upload (libcurl stops sending).
  if (transfer->headers_done() && transfer->status() < 300 && !transfer->upload_done()) {
    transfer->pump([&] { return transfer->upload_done(); });
  }
  transfer->release_request();
  if (!transfer->headers_done()) {
    return Error::io(base_url + " sent no reply: " +
                     (transfer->error().empty() ? "the connection closed" : transfer->error()));
  }

  http::Reply reply;
  reply.status = transfer->status();
  std::optional<std::uint64_t> length;
  bool json = false;
  for (const auto& [name, value] : transfer->reply_headers()) {
    if (http::iequals(name, "Content-Length")) length = parse_length(value);
    if (http::iequals(name, "Content-Type") && value.find("json") != std::string::npos) json = true;
    if (is_hop_field(name) && !http::iequals(name, "Host")) continue;
    reply.headers.add(name, value);
  }
  if (request.method == "HEAD") {  // the length a GET would have had; no body
    reply.body = http::StreamBody{length.value_or(0), nullptr};
    return reply;
  }
  if (bodiless(reply.status)) {
    reply.body = std::string();
    return reply;
  }
  if (json && length.value_or(0) <= options_.buffered_body_limit) {
    transfer->set_pending_limit(options_.buffered_body_limit + 1);
    transfer->pump([&] { return transfer->pending_bytes() > options_.buffered_body_limit; });
    if (transfer->succeeded()) {
      reply.body = transfer->take_pending();
      return reply;
    }
    transfer->set_pending_limit(kPendingLimit);
  }
  reply.body = http::StreamBody{length, [transfer, length](std::uint64_t offset, http::Sink& sink) {
                                  return transfer->provide(length, offset, sink);
                                }};
  return reply;
}

}  // namespace drydock::proxy
