#pragma once
// The proxy of `drydock proxy`: listens where a client expects a v1 index and registry, forwards
// every request unchanged to the real ones (Forwarder), and judges both sides of the traffic: the
// client's requests with the client judge's rules (judge.h), the server's replies with the
// conformance verifier (ServerJudge). Replies that name registries in X-Docker-Endpoints are
// rewritten to name the proxy's registry listener, so the client keeps coming through the proxy.
//
// With an index, the proxy has two listeners, one per side, each forwarding all it receives to
// its server: there is never a guess about which server a request is for. Without one (a
// standalone registry), one listener forwards to the registry.
//
// A reply body the server is slow to send holds one of the proxy's I/O threads while it waits
// (ProxyOptions::io_threads), never the others' connections.
//
// Lifetime: start() once, then stop() (or the destructor). report() may be called at any time.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "drydock/common/result.h"
#include "drydock/conformance/reporter.h"
#include "drydock/proxy/forwarder.h"
#include "drydock/spec/spec.h"

namespace drydock::proxy {

struct ProxyOptions {
  std::string index_url;     // "http://host:port" of the index; empty: a standalone registry
  std::string registry_url;  // "http://host:port" of the registry
  std::string listen = "127.0.0.1:0";           // the index's listener (standalone: the registry's)
  std::string registry_listen = "127.0.0.1:0";  // the registry's listener, with an index
  // What X-Docker-Endpoints is rewritten to ("host:port", as clients reach the registry
  // listener); empty: its bound address.
  std::string registry_endpoint;
  spec::Profile profile = spec::Profile::kDockerRegistry;  // levels of both sides' judges
  bool strict = false;      // the server's replies are held to SHOULD headers too
  bool single_use = false;  // the index issues single-use tokens (the cookie rules apply)
  // How long the index's tokens live, when known (the expiry rule is judged only then).
  std::optional<std::chrono::seconds> token_ttl;
  UpstreamOptions upstream;
  // PEM certificate (chain) and key: the proxy's listeners speak HTTPS (a Docker client talks to a
  // registry that is not on loopback over HTTPS only); empty: plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::size_t io_threads = 8;
  std::size_t workers = 32;
  // One line per exchange (the engine's access log, credentials redacted) and library-level
  // problems; empty: none.
  std::function<void(std::string_view)> access_log;
  std::function<void(std::string_view)> error_log;
};

// Where the proxy listens, as clients dial it.
struct ProxyAddresses {
  std::string index_url;  // empty without an index
  std::string registry_url;
};

class Proxy {
 public:
  // REQUIRES: `spec` outlives the proxy.
  Proxy(const spec::Spec& spec, ProxyOptions options);
  ~Proxy();
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;

  // Validates the options, binds the listeners and starts serving. Fails on a malformed URL or
  // listen address, or an address that cannot be bound.
  Result<ProxyAddresses> start();
  void stop();

  // Both sides so far: the client rules (client/...) then one result per operation of the
  // proxied sides (<side>/.../observed). `info` is copied into the report.
  conformance::Report report(conformance::RunInfo info) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace drydock::proxy
