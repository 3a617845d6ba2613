#pragma once
// An HTTP(S) server that answers every request through a Router. It listens on one address, runs
// on background threads until stop(), streams request bodies in and replies out in bounded
// memory, judges Range itself, and writes one redacted access-log line per request.
//
// Thread safety: start() and stop() from one thread; the Router is called from many.
// Lifetime: the Router must outlive the server; the destructor stops it.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "drydock/common/result.h"
#include "drydock/simulator/http/log_sink.h"

namespace drydock::simulator::http {

class Router;

struct TlsOptions {
  std::string cert_file;       // PEM certificate (chain)
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // non-empty: require client certificates signed by these CAs
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (start() returns it)
  std::optional<TlsOptions> tls;
  size_t threads = 32;                       // worker threads (one per kept-alive connection)
  size_t max_body_bytes = size_t{16} << 30;  // larger bodies: 413
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds keep_alive_timeout{5};
  size_t keep_alive_max_requests = 10000;
  LogSink access_log;  // one line per request; empty: no access log
  LogSink error_log;   // library-level problems (an exception escaping a handler...)
};

class HttpServer {
 public:
  // REQUIRES: `router` outlives the server.
  HttpServer(const Router& router, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts listening (the socket accepts connections when this returns), then serves on
  // background threads. Returns the bound port. Fails if the address cannot be bound or the TLS
  // files cannot be loaded.
  // REQUIRES: not started.
  Result<int> start();
  // Stops accepting, releases connections held by a kHang fault, and waits for the workers.
  // Idempotent.
  void stop();

  int port() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace drydock::simulator::http
