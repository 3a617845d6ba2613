#include "connection_fault.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string_view>

namespace drydock::simulator::http {
namespace {

bool same_endpoint(const sockaddr_storage& address, const std::string& host, int port) {
  char text[INET6_ADDRSTRLEN] = {};
  int actual_port = 0;
  if (address.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    actual_port = ntohs(in.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(address);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    actual_port = ntohs(in6.sin6_port);
  } else {
    return false;
  }
  return actual_port == port && host == text;
}

bool is_connection(int fd, const ConnectionAddress& address) {
  sockaddr_storage local{};
  sockaddr_storage remote{};
  socklen_t local_size = sizeof local;
  socklen_t remote_size = sizeof remote;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) return false;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_size) != 0) return false;
  return same_endpoint(local, address.local_address, address.local_port) &&
         same_endpoint(remote, address.remote_address, address.remote_port);
}

}  // namespace

int find_connection_socket(const ConnectionAddress& address) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    const std::string name = entry.path().filename().string();
    int fd = std::atoi(name.c_str());
    if (is_connection(fd, address)) return fd;
  }
  return -1;
}

void break_connection(int fd, ConnectionAction action) {
  if (fd < 0) return;
  switch (action) {
    case ConnectionAction::kGarbage: {
      constexpr std::string_view kGarbage = "\x16\x03\x01 this is not HTTP \xff\xfe\r\n\r\n";
      (void)send(fd, kGarbage.data(), kGarbage.size(), MSG_NOSIGNAL);
      shutdown(fd, SHUT_RDWR);
      break;
    }
    case ConnectionAction::kClose:
      shutdown(fd, SHUT_RDWR);
      break;
    case ConnectionAction::kReset: {
      // Closing a socket whose linger time is zero sends RST. dup2 closes it and puts a fresh,
      // unconnected socket under the same number, so the library's later close() stays correct.
      linger no_linger{1, 0};
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &no_linger, sizeof no_linger);
      int spare = socket(AF_INET, SOCK_STREAM, 0);
      if (spare >= 0) {
        dup2(spare, fd);
        close(spare);
      } else {
        shutdown(fd, SHUT_RDWR);
      }
      break;
    }
    case ConnectionAction::kNone:
    case ConnectionAction::kHang:
      break;
  }
}

}  // namespace drydock::simulator::http
