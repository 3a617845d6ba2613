#pragma once
// An HTTP(S) server that answers every request through a Router. It listens on one address, runs
// on background threads until stop() (an event loop on a few I/O threads: an idle or slow
// connection holds no thread), streams request bodies in and replies out in bounded memory, and
// writes one redacted access-log line per request. Range and If-Modified-Since are judged by the
// handlers (range.h, the registry's images), not here.
//
// Thread safety: start() and stop() from one thread; the Router is called from many.
// Lifetime: the Router must outlive the server; the destructor stops it.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "drydock/common/result.h"
#include "drydock/simulator/http/log_sink.h"

namespace drydock::simulator::http {

class Router;
struct Request;

struct TlsOptions {
  std::string cert_file;       // PEM certificate (chain)
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // non-empty: require client certificates signed by these CAs
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (start() returns it)
  std::optional<TlsOptions> tls;
  // Threads running the event loop (accepting, reading, writing, and the handlers runs_long
  // leaves to them); 0: one per core.
  size_t io_threads = 0;
  // The most worker threads, started on demand: they run the handlers of requests whose body is
  // still arriving, which pull it as it comes, and those runs_long selects. Requests beyond them
  // wait their turn.
  size_t threads = 32;
  // Where a request's handler runs, asked once its header is read (`has_body`: it has a body).
  // false: on the I/O thread that read it, the fast path without a hand-over between threads (a
  // request with a body only if the whole body came with the header; otherwise its handler would
  // wait for the client, and it goes to a worker). true: on a worker, for a handler that may wait
  // on something slow (a password hash to verify, a remote token check, a write flushed to disk),
  // so that a burst of them cannot hold every I/O thread. Empty: a worker for every request with
  // a body, the I/O thread for the others.
  std::function<bool(const Request&, bool has_body)> runs_long;
  size_t max_body_bytes = size_t{16} << 30;  // larger bodies: 413
  // From a connection's accept, or a later request's first byte, until its header block is
  // complete; then the connection is closed.
  std::chrono::milliseconds header_timeout{10000};
  // Between requests on a kept-alive connection (until the next request's first byte).
  std::chrono::milliseconds keep_alive_timeout{5000};
  // Without progress while reading a request body, or writing a reply.
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
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
