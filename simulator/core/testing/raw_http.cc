#include "core/testing/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace drydock::simulator::testing {
namespace {

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Sends all of `bytes`; a server that closes early (it refused the request) is not an error.
void send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

// Reads one chunked body from `at`; returns false if the framing is broken or cut short.
bool read_chunked(std::string_view bytes, size_t& at, std::string& body) {
  while (true) {
    size_t line_end = bytes.find("\r\n", at);
    if (line_end == std::string_view::npos) return false;
    size_t size = std::strtoull(std::string(bytes.substr(at, line_end - at)).c_str(), nullptr, 16);
    at = line_end + 2;
    if (size == 0) {
      size_t trailer_end = bytes.find("\r\n", at);
      if (trailer_end == std::string_view::npos) return false;
      at = trailer_end + 2;
      return true;
    }
    if (bytes.size() - at < size + 2) return false;
    body.append(bytes.substr(at, size));
    at += size + 2;
  }
}

}  // namespace

std::string header_of(const RawReply& reply, std::string_view name) {
  size_t at = reply.head.find("\r\n");
  while (at != std::string::npos && at + 2 < reply.head.size()) {
    size_t start = at + 2;
    size_t end = reply.head.find("\r\n", start);
    std::string_view line = std::string_view(reply.head).substr(start, end - start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && iequal(line.substr(0, colon), name)) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      return std::string(value);
    }
    at = end;
  }
  return "";
}

std::vector<RawReply> parse_replies(std::string_view bytes) {
  std::vector<RawReply> replies;
  size_t at = 0;
  while (at < bytes.size()) {
    RawReply reply;
    size_t head_end = bytes.find("\r\n\r\n", at);
    std::string_view status_line = bytes.substr(at, 13);
    if (head_end == std::string_view::npos || !status_line.starts_with("HTTP/1.") ||
        status_line.size() < 12 || !std::isdigit(static_cast<unsigned char>(status_line[9]))) {
      reply.body = std::string(bytes.substr(at));
      replies.push_back(std::move(reply));
      return replies;
    }
    reply.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
    reply.head = std::string(bytes.substr(at, head_end + 2 - at));
    at = head_end + 4;
    std::string length = header_of(reply, "Content-Length");
    const bool bodiless = reply.status < 200 || reply.status == 204 || reply.status == 304;
    if (bodiless) {
      reply.complete = true;
    } else if (iequal(header_of(reply, "Transfer-Encoding"), "chunked")) {
      reply.complete = read_chunked(bytes, at, reply.body);
      if (!reply.complete) at = bytes.size();
    } else if (!length.empty()) {
      size_t want = std::strtoull(length.c_str(), nullptr, 10);
      size_t n = std::min(want, bytes.size() - at);
      reply.body = std::string(bytes.substr(at, n));
      reply.complete = n == want;
      at += n;
    } else {
      reply.body = std::string(bytes.substr(at));
      at = bytes.size();
    }
    replies.push_back(std::move(reply));
  }
  return replies;
}

RawExchange send_raw(int port, std::string_view bytes, Ending ending,
                     std::chrono::milliseconds deadline) {
  RawExchange exchange;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return exchange;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return exchange;
  }
  exchange.connected = true;
  send_all(fd, bytes);
  if (ending == Ending::kHalfClose) ::shutdown(fd, SHUT_WR);
  std::string received;
  const auto until = std::chrono::steady_clock::now() + deadline;
  char buffer[64 * 1024];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      exchange.timed_out = true;
      break;
    }
    pollfd readable{fd, POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left.count())) <= 0) continue;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;  // closed (or reset) by the server
    received.append(buffer, static_cast<size_t>(n));
    if (ending == Ending::kWaitForReply) {
      // One whole final reply is all that was asked: a server may keep the connection open
      // after it (for its keep-alive timeout) when it could not read Connection: close.
      std::vector<RawReply> so_far = parse_replies(received);
      if (!so_far.empty() && so_far.back().complete && so_far.back().status >= 200) break;
    }
  }
  ::close(fd);
  exchange.replies = parse_replies(received);
  return exchange;
}

}  // namespace drydock::simulator::testing
