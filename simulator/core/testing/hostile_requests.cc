#include "core/testing/hostile_requests.h"

#include "drydock/common/base64.h"

namespace drydock::simulator::testing {
namespace {

// Bytes that can never be UTF-8: a stray continuation byte, an overlong '/', a surrogate, 0xFF.
constexpr std::string_view kNotUtf8[] = {"\x84", "\xc0\xaf", "\xed\xa0\x80", "\xff\xfe",
                                         "\xe2\x82"};

std::string printable(std::mt19937& random, size_t length) {
  std::uniform_int_distribution<int> c('!', '~');
  std::string out;
  for (size_t i = 0; i < length; ++i) out += static_cast<char>(c(random));
  return out;
}

std::string with_headers(std::string_view line, const std::vector<std::string>& headers,
                         std::string_view extra) {
  std::string out(line);
  out += "\r\nHost: 127.0.0.1\r\n";
  for (const auto& header : headers) out += header + "\r\n";
  out += extra;
  return out;
}

}  // namespace

std::string http_request(std::string_view method, std::string_view path,
                         const std::vector<std::string>& headers, std::string_view body) {
  std::string extra;
  if (!body.empty() || method == "PUT" || method == "POST") {
    extra += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  extra += "Connection: close\r\n\r\n";
  return with_headers(std::string(method) + " " + std::string(path) + " HTTP/1.1", headers, extra) +
         std::string(body);
}

std::vector<std::string> random_bytes(std::mt19937& random, int count) {
  std::uniform_int_distribution<int> length(1, 4096);
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string bytes = i % 2 == 0 ? "" : "GET /v1/_ping HTTP/1.1\r\n";  // then garbage headers
    for (int n = length(random); n > 0; --n) bytes += static_cast<char>(byte(random));
    out.push_back(std::move(bytes));
  }
  return out;
}

std::vector<std::string> broken_request_lines() {
  using namespace std::string_literals;
  return {
      "\r\n\r\n",
      "GET\r\n\r\n",
      "GET /v1/_ping\r\n\r\n",
      "GET /v1/_ping HTTP/9.9\r\n\r\n",
      "GET /v1/_ping HTTP/1.1 extra\r\n\r\n",
      "G\0ET /v1/_ping HTTP/1.1\r\n\r\n"s,
      "GET /v1/_\0ping HTTP/1.1\r\nHost: x\r\n\r\n"s,
      "get /v1/_ping HTTP/1.1\r\n\r\n",
      "BREW /v1/_ping HTTP/1.1\r\n\r\n",
      "GET  /v1/_ping  HTTP/1.1\r\n\r\n",
      "GET /v1/_ping HTTP/1.1\n\n",
      "GET /v1/_ping HTTP/1.1\rHost: x\r\r",
      "GET v1/_ping HTTP/1.1\r\n\r\n",
      "GET http://elsewhere/v1/_ping HTTP/1.1\r\n\r\n",
      "GET * HTTP/1.1\r\n\r\n",
      "CONNECT 127.0.0.1:22 HTTP/1.1\r\n\r\n",
      "TRACE /v1/_ping HTTP/1.1\r\n\r\n",
      "GET /v1/_ping HTTP/1.1\r\nHost x\r\n\r\n",
      "GET /v1/_ping HTTP/1.1\r\n: no-name\r\n\r\n",
      "GET /v1/_ping HTTP/1.1\r\nX-A: 1\r\n folded: header\r\n\r\n",
      "GET /v1/_ping HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
      "GET /v1/search?%zz=%G0&q=%%% HTTP/1.1\r\n\r\n",
      "GET /v1/images/%/json HTTP/1.1\r\n\r\n",
      "GET /%00 HTTP/1.1\r\n\r\n",
      "GET /v1/_ping HTTP/1.1\r\n",
      "PUT /v1/users/ HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      std::string(10000, 'A') + " / HTTP/1.1\r\n\r\n",
      "GET /v1/_ping HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
      "GET /v1/_ping HTTP/1.1\r\nConnection: keep-alive\r\n\r\nGET /v1/_ping HTTP/1.1\r\n\r\n"
      "GARBAGE\r\n\r\n",
  };
}

std::vector<std::string> oversized_requests() {
  return {
      http_request("GET", "/v1/" + std::string(100000, 'a')),
      http_request("GET", "/v1/images/" + std::string(9000, 'a') + "/json"),
      http_request("GET", "/v1/search?q=" + std::string(50000, 'q')),
      http_request("GET", "/v1/_ping", {"X-Long: " + std::string(100000, 'x')}),
      http_request("GET", "/v1/_ping", {"Authorization: Token " + std::string(9000, 't')}),
      http_request("GET", "/v1/_ping", std::vector<std::string>(20000, "X-Many: header")),
      http_request("GET", "/v1/_ping", {std::string(20000, 'N') + ": name"}),
  };
}

std::vector<std::string> not_utf8(std::mt19937& random, int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    const std::string bad = printable(random, 3) + std::string(kNotUtf8[i % std::size(kNotUtf8)]) +
                            printable(random, 2);
    switch (i % 7) {
      case 0:
        out.push_back(http_request("GET", "/" + bad));
        break;
      case 1:
        out.push_back(http_request("GET", "/v1/images/" + bad + "/json"));
        break;
      case 2:
        out.push_back(http_request("GET", "/v1/search?q=" + bad));
        break;
      case 3:
        out.push_back(http_request("GET", "/v1/search?" + bad + "=1"));
        break;
      case 4:
        out.push_back(http_request("GET", "/v1/_ping", {"User-Agent: " + bad}));
        break;
      case 5:
        out.push_back(http_request("GET", "/v1/users/", {"Authorization: Basic " + bad}));
        break;
      default:
        out.push_back(http_request("GET", "/v1/_ping", {"X-" + bad + ": 1"}));
        break;
    }
  }
  return out;
}

std::vector<std::string> wrong_content_length(std::string_view path,
                                              const std::vector<std::string>& headers) {
  const std::string line = "PUT " + std::string(path) + " HTTP/1.1";
  auto with = [&](std::string_view framing, std::string_view body) {
    return with_headers(line, headers, std::string(framing) + "Connection: close\r\n\r\n") +
           std::string(body);
  };
  return {
      with("Content-Length: 100\r\n", R"({"id": "x"})"),              // shorter than it says
      with("Content-Length: 5\r\n", R"({"id": "x"}GET / HTTP/1.1)"),  // longer than it says
      with("Content-Length: -1\r\n", "{}"),
      with("Content-Length: abc\r\n", "{}"),
      with("Content-Length: 99999999999999999999999\r\n", "{}"),
      with("Content-Length: 18446744073709551615\r\n", "{}"),
      with("Content-Length: 2\r\nContent-Length: 10\r\n", "{}"),
      with("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"),
      with("Content-Length:  2 \r\n", "{}"),
      with("Content-Length: +2\r\n", "{}"),
      with("Content-Length: 0x2\r\n", "{}"),
      with("Content-Length: 1048577\r\n", std::string(4096, '[')),
  };
}

std::vector<std::string> broken_chunking(std::string_view path,
                                         const std::vector<std::string>& headers) {
  const std::string line = "PUT " + std::string(path) + " HTTP/1.1";
  auto chunked = [&](std::string_view body) {
    return with_headers(line, headers, "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n") +
           std::string(body);
  };
  return {
      chunked("zz\r\nhello\r\n0\r\n\r\n"),
      chunked("5\r\nhello"),
      chunked("ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
      chunked("5;name=value\r\nhello\r\n0\r\n\r\n"),
      chunked("3\r\nhello\r\n0\r\n\r\n"),
      chunked("-1\r\nhello\r\n0\r\n\r\n"),
      chunked("5\r\nhello\r\n"),
      chunked("0\r\n"),
      chunked("0\r\nX-Trailer: yes\r\n\r\n"),
      chunked("5\nhello\n0\n\n"),
      chunked("\r\n\r\n"),
      chunked("100000\r\n" + std::string(100, 'x')),
  };
}

std::vector<std::string> malformed_ranges(std::string_view layer_path,
                                          const std::vector<std::string>& headers) {
  std::string many = "bytes=";
  for (int i = 0; i < 500; ++i) many += std::to_string(i) + "-" + std::to_string(i) + ",";
  const std::vector<std::string> ranges = {"bytes=abc",
                                           "bytes=5-1",
                                           "bytes=99999999999999999999-",
                                           "bytes=-0",
                                           "bytes=0-0,-1",
                                           "bytes=--1",
                                           "bytes=1-2-3",
                                           "bytes= ",
                                           "bytes=",
                                           "items=0-1",
                                           "bytes=0-18446744073709551615",
                                           "bytes=18446744073709551615-",
                                           "bytes=-18446744073709551616",
                                           "bytes=\x84",
                                           "=",
                                           "bytes=-",
                                           "bytes=0-0",
                                           "bytes=-1",
                                           "bytes=1000000000-",
                                           many,
                                           "bytes=0-" + std::string(8000, '9'),
                                           "BYTES=0-1",
                                           "bytes =0-1",
                                           "bytes=0x10-0x20",
                                           "bytes=1e3-2e3",
                                           "bytes=\t0-1\t"};
  std::vector<std::string> out;
  for (const auto& range : ranges) {
    std::vector<std::string> with_range = headers;
    with_range.push_back("Range: " + range);
    out.push_back(http_request("GET", layer_path, with_range));
    with_range.push_back("If-Modified-Since: " + range);
    out.push_back(http_request("GET", layer_path, with_range));
  }
  return out;
}

std::vector<std::string> forged_tokens(std::mt19937& random, std::string_view token,
                                       std::string_view path) {
  std::vector<std::string> out;
  for (size_t length = 0; length < token.size(); ++length) {
    out.push_back(http_request("GET", path,
                               {"Authorization: Token " + std::string(token.substr(0, length))}));
  }
  std::uniform_int_distribution<size_t> position(0, token.size() - 1);
  for (int i = 0; i < 100; ++i) {
    std::string forged(token);
    forged[position(random)] = printable(random, 1)[0];
    out.push_back(http_request("GET", path, {"Authorization: Token " + forged}));
  }
  std::string other_repository(token);
  if (size_t at = other_repository.find("repository=\""); at != std::string::npos) {
    other_repository.insert(at + 12, "x");
  }
  const std::string whole(token);
  const std::vector<std::string> others = {"Token Token " + whole,
                                           "token " + whole,
                                           "Bearer " + whole,
                                           "Token" + whole,
                                           "Token " + whole + ",access=delete",
                                           "Token " + other_repository,
                                           "Token signature=,repository=\"\",access=",
                                           "Token ",
                                           "Token " + whole + std::string(4000, ',')};
  for (const std::string& value : others) {
    out.push_back(http_request("GET", path, {"Authorization: " + value}));
  }
  out.push_back(http_request(
      "GET", path, {"Authorization: Token " + std::string(token), "Authorization: Basic Og=="}));
  out.push_back(http_request("GET", path, {"Cookie: session=" + std::string(token)}));
  return out;
}

std::vector<std::string> garbage_basic(std::mt19937& random, int count) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    std::string value;
    // Credentials that name a user cost a password hash each (by design): one in 30 does.
    switch (i % 30 == 3 ? 3 : i % 6 == 3 ? 4 : i % 6) {
      case 0:
        value = "Basic " + printable(random, 1 + i % 50);
        break;
      case 1: {
        std::string raw;  // no ':' among them
        for (int n = 0; n < 1 + i % 40; ++n) raw += static_cast<char>(byte(random) | 0x40);
        value = "Basic " + base64_encode(raw);
        break;
      }
      case 2:
        value = "Basic " + base64_encode(printable(random, 20));
        break;  // no ':'
      case 3:
        value = "Basic " + base64_encode(std::string(3000, 'u') + ":p");
        break;
      case 4:
        value = "Basic ====";
        break;
      default:
        value = printable(random, 5) + " " + base64_encode("user:pass");
        break;
    }
    if (i % 2 == 0) {
      out.push_back(http_request("GET", "/v1/users/", {"Authorization: " + value}));
    } else {
      out.push_back(http_request(
          "PUT", "/v1/repositories/garbage/basic/",
          {"Authorization: " + value, "X-Docker-Token: true", "Content-Type: application/json"},
          "[]"));
    }
  }
  return out;
}

std::vector<std::string> path_traversals(const std::vector<std::string>& headers) {
  std::vector<std::string> with_json = headers;
  with_json.push_back("Content-Type: application/json");
  std::vector<std::string> out;
  for (const char* path :
       {"/v1/images/../../../../../../tmp/escape/json", "/v1/images/%2e%2e/json",
        "/v1/images/..%2f..%2f..%2ftmp/layer", "/v1/repositories/../escape/tags/latest",
        "/v1/repositories/%2e%2e/%2e%2e/tags/latest", "/v1/repositories/ns/repo/tags/..%2f..%2fx",
        "/v1/repositories/ns/../../../../tmp/images", "/v1/repositories/.../x/tags/y",
        "/v1/repositories/a/..%00/tags/t", "/v1/repositories/a/b/tags/%2e%2e"}) {
    out.push_back(http_request("PUT", path, with_json, R"("x")"));
    out.push_back(http_request("GET", path, headers));
    out.push_back(http_request("DELETE", path, headers));
  }
  return out;
}

std::vector<std::string> deep_and_huge_json(std::string_view image_id,
                                            const std::vector<std::string>& headers) {
  auto deep = [&](int levels) {
    return R"({"id": ")" + std::string(image_id) + R"(", "config": )" + std::string(levels, '[') +
           std::string(levels, ']') + "}";
  };
  const std::string path = "/v1/images/" + std::string(image_id) + "/json";
  std::vector<std::string> as_json = headers;
  as_json.push_back("Content-Type: application/json");
  std::vector<std::string> as_text = headers;  // not judged as JSON by the validation step
  as_text.push_back("Content-Type: text/plain");
  std::vector<std::string> out;
  for (int levels : {40000, 60000, 100000}) {
    out.push_back(http_request("PUT", path, as_json, deep(levels)));
    out.push_back(http_request("PUT", path, as_text, deep(levels)));
    out.push_back(http_request("POST", "/v1/users/", {"Content-Type: application/json"},
                               R"({"username": )" + std::string(levels, '{')));
    out.push_back(http_request("PUT", "/v1/repositories/deep/json/",
                               {"Content-Type: application/json", "X-Docker-Token: true"},
                               std::string(levels, '[') + std::string(levels, ']')));
  }
  out.push_back(http_request("PUT", path, as_json, "[" + std::string(2 << 20, ' ') + "]"));
  out.push_back(http_request("PUT", path, as_json,
                             R"({"id": ")" + std::string(image_id) + R"(", "comment": ")" +
                                 std::string(900000, 'c') + "\"}"));
  std::string many_keys = "{";
  for (int i = 0; i < 60000; ++i) many_keys += "\"k" + std::to_string(i) + "\":1,";
  many_keys += R"("id": ")" + std::string(image_id) + "\"}";
  out.push_back(http_request("PUT", path, as_json, many_keys));
  out.push_back(http_request("PUT", path, as_json, "[1E400, 1e-400, -0, 1.5e308]"));
  return out;
}

}  // namespace drydock::simulator::testing
