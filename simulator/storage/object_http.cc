#include "object_http.h"

#include <time.h>

#include <algorithm>
#include <cstring>

namespace drydock::storage {

namespace {

constexpr size_t kStreamBuffer = 256 * 1024;  // a streamed GET pauses its transfer past this

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Collects a response's status line and headers; a new status line (after 100 Continue) starts
// over. `complete` turns true at the blank line that ends a final (not 1xx) response's headers.
struct HeaderSink {
  HttpHeaders headers;
  bool interim = false;
  bool complete = false;

  void line(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    if (text.starts_with("HTTP/")) {
      headers.clear();
      size_t space = text.find(' ');
      interim = space != std::string_view::npos && text.substr(space + 1).starts_with("1");
      return;
    }
    if (text.empty()) {
      if (!interim) complete = true;
      return;
    }
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) return;
    std::string_view value = text.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers[lower(text.substr(0, colon))] = std::string(value);
  }
};

size_t on_header(char* data, size_t size, size_t count, void* sink) {
  static_cast<HeaderSink*>(sink)->line(std::string_view(data, size * count));
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

struct Upload {
  std::string_view rest;
};

size_t on_upload(char* buf, size_t size, size_t count, void* upload) {
  auto* u = static_cast<Upload*>(upload);
  size_t n = std::min(size * count, u->rest.size());
  std::memcpy(buf, u->rest.data(), n);
  u->rest.remove_prefix(n);
  return n;
}

// Sets what every request shares on `handle`. `headers` and `upload` must outlive the transfer.
void prepare(CURL* handle, const HttpRequest& request, curl_slist*& headers, Upload& upload) {
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 10L);
  // A transfer that stalls for a minute is broken.
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, 60L);
  if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (request.method == "PUT" || request.method == "POST") {
    upload.rest = request.body;
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, &on_upload);
    curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
    curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
}

// A GET whose body a Reader pulls: the transfer runs only inside read(), and pauses when
// kStreamBuffer bytes wait to be read.
class StreamReader : public Reader {
 public:
  explicit StreamReader(const HttpRequest& request)
      : multi_(curl_multi_init()), easy_(curl_easy_init()) {
    prepare(easy_, request, slist_, upload_);
    curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(easy_, CURLOPT_HEADERDATA, &headers_);
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &StreamReader::on_data);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
    curl_multi_add_handle(multi_, easy_);
  }
  ~StreamReader() override {
    curl_multi_remove_handle(multi_, easy_);
    curl_easy_cleanup(easy_);
    curl_multi_cleanup(multi_);
    curl_slist_free_all(slist_);
  }
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  // Runs the transfer until the final response's headers are in (or it ended).
  Result<HttpResponse> start() {
    while (!headers_.complete && !done_) step();
    if (!headers_.complete) return Error::io(failure());
    HttpResponse response;
    curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &response.status);
    response.headers = headers_.headers;
    if (response.status < 200 || response.status > 299) {
      while (!done_) {
        if (paused_) resume();
        step();
      }
      response.body = std::move(buffer_);
    }
    return response;
  }

  Result<size_t> read(char* buf, size_t n) override {
    while (buffer_.size() == offset_ && !done_) {
      if (paused_) {
        resume();
      } else {
        step();
      }
    }
    size_t count = std::min(n, buffer_.size() - offset_);
    if (count == 0 && result_ != CURLE_OK) return Error::io(failure());
    std::memcpy(buf, buffer_.data() + offset_, count);
    offset_ += count;
    return count;
  }

 private:
  static size_t on_data(char* data, size_t size, size_t count, void* self) {
    auto* reader = static_cast<StreamReader*>(self);
    if (reader->buffer_.size() - reader->offset_ >= kStreamBuffer) {
      reader->paused_ = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    if (reader->offset_ == reader->buffer_.size()) {
      reader->buffer_.clear();
      reader->offset_ = 0;
    }
    reader->buffer_.append(data, size * count);
    return size * count;
  }

  void resume() {
    buffer_.erase(0, offset_);
    offset_ = 0;
    paused_ = false;
    curl_easy_pause(easy_, CURLPAUSE_CONT);  // may deliver the held data at once
  }

  // Moves the transfer on by what is ready; if nothing was, waits up to a second for the socket.
  void step() {
    const size_t before = buffer_.size();
    int running = 0;
    curl_multi_perform(multi_, &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
      if (message->msg == CURLMSG_DONE) {
        done_ = true;
        result_ = message->data.result;
      }
    }
    if (done_ || paused_ || buffer_.size() != before || headers_.complete != headers_before_) {
      headers_before_ = headers_.complete;
      return;
    }
    curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
  }

  std::string failure() const { return std::string("GET failed: ") + curl_easy_strerror(result_); }

  CURLM* multi_;
  CURL* easy_;
  curl_slist* slist_ = nullptr;
  Upload upload_;
  HeaderSink headers_;
  std::string buffer_;
  size_t offset_ = 0;
  bool paused_ = false;
  bool done_ = false;
  bool headers_before_ = false;  // headers_.complete at the last step()
  CURLcode result_ = CURLE_OK;
};

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

Error http_error(const HttpResponse& response, const std::string& what) {
  std::string message =
      what + ": HTTP " + std::to_string(response.status) + " " + response.body.substr(0, 300);
  switch (response.status) {
    case 401:
      return Error{ErrorCode::kUnauthorized, message};
    case 403:
      return Error{ErrorCode::kForbidden, message};
    case 404:
      return Error::not_found(message);
    case 409:
      return Error{ErrorCode::kConflict, message};
    case 416:
      return Error{ErrorCode::kRangeNotSatisfiable, message};
    default:
      return Error::io(message);
  }
}

std::string url_encode(std::string_view text, bool keep_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::chrono::system_clock::time_point parse_http_date(const std::string& text) {
  struct tm tm {};
  if (::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm) == nullptr) return {};
  return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

HttpClient::HttpClient() {
  global_init();
}

HttpClient::~HttpClient() {
  for (CURL* handle : idle_) curl_easy_cleanup(handle);
}

CURL* HttpClient::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      CURL* handle = idle_.back();
      idle_.pop_back();
      curl_easy_reset(handle);  // keeps the handle's open connections
      return handle;
    }
  }
  return curl_easy_init();
}

void HttpClient::release(CURL* handle) {
  std::lock_guard lock(mu_);
  idle_.push_back(handle);
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request) {
  CURL* handle = acquire();
  curl_slist* headers = nullptr;
  Upload upload;
  HeaderSink sink;
  HttpResponse response;
  prepare(handle, request, headers, upload);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
  CURLcode rc = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  curl_slist_free_all(headers);
  release(handle);
  if (rc != CURLE_OK) {
    return Error::io(request.method + " " + request.url + ": " + curl_easy_strerror(rc));
  }
  response.headers = std::move(sink.headers);
  return response;
}

Result<HttpClient::Stream> HttpClient::stream(const HttpRequest& request) {
  auto reader = std::make_unique<StreamReader>(request);
  auto response = reader->start();
  if (!response.ok()) return response.error();
  Stream stream{std::move(response).value(), nullptr};
  if (stream.response.status >= 200 && stream.response.status <= 299) {
    stream.reader = std::move(reader);
  }
  return stream;
}

}  // namespace drydock::storage
