#pragma once
// ObjectHttp: the HTTP that the object-store backends (S3, Swift) speak, over libcurl. Whole
// requests with bodies held in memory (small objects, parts, listings), and streamed GETs that a
// Reader pulls from a running transfer in bounded memory. Private to simulator/storage.

#include <curl/curl.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

// Header names are lower case.
using HttpHeaders = std::map<std::string, std::string>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string_view body;  // sent when the method is PUT or POST
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;
  std::string body;

  // The header's value, or "" if absent. `name` is lower case.
  std::string header(const std::string& name) const;
};

// Maps a response that is not a success to an Error: 404 kNotFound, 416 kRangeNotSatisfiable,
// 401 kUnauthorized, 403 kForbidden, 409 kConflict, anything else kIo. `what` names the call.
Error http_error(const HttpResponse& response, const std::string& what);

// Percent-encodes every byte but the unreserved ones (RFC 3986) and, if `keep_slash`, '/'.
std::string url_encode(std::string_view text, bool keep_slash);

// Parses an HTTP date (RFC 1123, "Sun, 06 Nov 1994 08:49:37 GMT"); the epoch if malformed.
std::chrono::system_clock::time_point parse_http_date(const std::string& text);

// Sends requests over a pool of reused connections. Thread-safe.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and returns the whole response (any status), or kIo if no response came.
  Result<HttpResponse> send(const HttpRequest& request);

  // Starts a GET and returns once the response's headers are in. On a 2xx status the body is
  // then read through the returned Reader, which holds at most a few hundred KiB of it at a
  // time; any other status is returned as `response` with its (small) body.
  struct Stream {
    HttpResponse response;           // status and headers; the body only when not a success
    std::unique_ptr<Reader> reader;  // set on a 2xx status
  };
  Result<Stream> stream(const HttpRequest& request);

 private:
  CURL* acquire();
  void release(CURL* handle);

  std::mutex mu_;
  std::vector<CURL*> idle_;
};

}  // namespace drydock::storage
