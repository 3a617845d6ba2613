#include "test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace drydock::conformance::testing {

std::string LoopbackServer::start() {
  server_.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                   std::exception_ptr) { res.status = 500; });
  int port = server_.bind_to_any_port("127.0.0.1");
  if (port <= 0) throw std::runtime_error("bind_to_any_port failed");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // httplib's stop() does nothing until the accept loop runs, so a test that ends quickly would
  // hang in the destructor: wait for the loop (the socket already accepts, so this is brief).
  while (!server_.is_running()) std::this_thread::yield();
  return "http://127.0.0.1:" + std::to_string(port);
}

LoopbackServer::~LoopbackServer() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

RawServer::RawServer(std::function<void(int fd)> serve) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listen_fd_, 8) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("raw server: cannot listen");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this, serve = std::move(serve)] {
    for (;;) {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;  // shutdown() from the destructor
      serve(fd);
    }
  });
}

RawServer::~RawServer() {
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
}

void read_request_head(int fd) {
  std::string seen;
  char buffer[1024];
  while (seen.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) return;
    seen.append(buffer, static_cast<std::size_t>(n));
  }
}

void reset_connection(int fd) {
  linger option{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof(option));
  ::close(fd);
}

}  // namespace drydock::conformance::testing
