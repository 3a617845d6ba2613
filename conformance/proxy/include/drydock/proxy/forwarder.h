#pragma once
// Forwarder: sends one request the proxy received on to the server behind it, with libcurl, and
// turns the server's answer into the Reply the proxy sends back. Bytes pass unchanged both ways:
// the request body streams up as the client sends it, and the reply body down as the client takes
// it (the Reply's provider drives the transfer), so an exchange holds at most a few hundred KiB
// whatever its size. Nothing is decoded, re-encoded, validated or answered by the proxy itself:
// only hop-by-hop fields (Connection, Transfer-Encoding...) are dropped and re-made.
//
// A JSON reply up to buffered_body_limit is read whole before it is passed on, so that it can be
// judged; every other body streams.
//
// Thread safety: forward() may run on many threads at once; one transfer is used by one thread
// at a time (the handler's, then the connection's).

#include <chrono>
#include <cstddef>
#include <string>

#include "drydock/common/result.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/simulator/http/request.h"

namespace drydock::proxy {

struct UpstreamOptions {
  std::string cacert;     // PEM bundle to verify an https server with; empty: the system's
  bool insecure = false;  // do not verify the server's certificate
  std::chrono::milliseconds connect_timeout{10000};
  // Without a byte either way (the client's body, the server's reply): the exchange is cut.
  std::chrono::milliseconds stall_timeout{30000};
  std::size_t buffered_body_limit = std::size_t{8} << 20;  // largest JSON reply read whole
};

class Forwarder {
 public:
  explicit Forwarder(UpstreamOptions options);

  // Sends `request` to `base_url` ("http://host:port", no path) with the request's path and query
  // as received. Returns the server's status, its header fields as sent but hop-by-hop ones, and
  // its body: whole (a string) when it is JSON within the limit, otherwise streamed. Fails, naming
  // `base_url`, when no status line came back (refused, reset, timeout, not HTTP).
  Result<simulator::http::Reply> forward(const std::string& base_url,
                                         const simulator::http::Request& request) const;

 private:
  UpstreamOptions options_;
};

// Returns whether `name` is a hop-by-hop header field (RFC 7230 6.1), or one the proxy makes
// itself for each hop (Content-Length, Host, Expect).
bool is_hop_field(std::string_view name);

}  // namespace drydock::proxy
