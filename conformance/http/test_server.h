#pragma once
// Loopback servers for CurlClient tests: an httplib server on an ephemeral port, and a raw socket
// server that answers one connection with whatever a test wants (garbage, a reset).

#include <httplib.h>

#include <functional>
#include <string>
#include <thread>

namespace drydock::conformance::testing {

// An httplib::Server listening on 127.0.0.1:<ephemeral> from construction until destruction.
class LoopbackServer {
 public:
  // Register handlers on server() before calling start().
  httplib::Server& server() { return server_; }
  // Binds and starts serving; returns the base URL "http://127.0.0.1:<port>".
  std::string start();
  ~LoopbackServer();

 private:
  httplib::Server server_;
  std::thread thread_;
};

// Accepts connections on 127.0.0.1:<ephemeral> and hands each socket to `serve`, which owns it.
class RawServer {
 public:
  explicit RawServer(std::function<void(int fd)> serve);
  ~RawServer();
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

// Reads from `fd` until the end of the request headers (or EOF).
void read_request_head(int fd);
// Closes `fd` with a TCP reset (SO_LINGER 0).
void reset_connection(int fd);

}  // namespace drydock::conformance::testing
