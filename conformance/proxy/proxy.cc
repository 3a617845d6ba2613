#include "drydock/proxy/proxy.h"

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "core/listen_address.h"
#include "drydock/common/digest.h"
#include "drydock/common/target_url.h"
#include "drydock/judge/judge.h"
#include "drydock/proxy/server_judge.h"
#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/router.h"
#include "drydock/simulator/http/server.h"

namespace drydock::proxy {
namespace {

namespace http = simulator::http;

// "scheme://host[:port]" from `url` (a trailing "/" dropped), or why it is not one, naming `flag`.
Result<std::string> base_url(std::string_view flag, std::string url) {
  while (url.ends_with('/')) url.pop_back();
  if (url.empty()) return Error::invalid(std::string(flag) + ": no URL");
  if (auto valid = check_target_url(flag, url, /*path_allowed=*/false); !valid) {
    return valid.error();
  }
  return url;
}

// The sides a proxy listener for `side` serves (one: the proxy never listens for both).
http::ServedSides served_sides(ListenerSide side) {
  return side == ListenerSide::kIndex ? http::ServedSides::kIndex : http::ServedSides::kRegistry;
}

}  // namespace

// Types of Proxy::Impl's lambdas: not file-local, as Impl is not.
namespace detail {

// A layer GET's reply body on its way to the client, hashed as it passes and, once whole, held to
// the layer pushed through the proxy: the payload checksum of what comes back must be the one of
// what went in (protocol-notes 7). A body the server cuts short is a failure too.
struct LayerCheck {
  const spec::Operation* operation = nullptr;
  ObservedExchange exchange;  // for the report
  std::optional<std::uint64_t> length;
  std::string expected;  // the pushed payload digest (hex); empty: not pushed through the proxy
  Sha256 hash;           // seeded as the push's was
  std::uint64_t bytes = 0;
  bool client_gone = false;
  bool judged = false;
};

// Passes bytes to the connection's sink, hashing them.
class HashingSink final : public http::Sink {
 public:
  HashingSink(http::Sink& inner, LayerCheck& check) : inner_(inner), check_(check) {}
  bool write(const char* data, size_t n) override {
    if (!inner_.write(data, n)) {
      check_.client_gone = true;
      return false;
    }
    check_.hash.update(std::string_view(data, n));
    check_.bytes += n;
    return true;
  }
  void done() override {
    done_ = true;
    inner_.done();
  }
  bool finished() const { return done_; }

 private:
  http::Sink& inner_;
  LayerCheck& check_;
  bool done_ = false;
};

}  // namespace detail

struct Proxy::Impl {
  Impl(const spec::Spec& s, ProxyOptions o)
      : spec(s),
        options(std::move(o)),
        client(s,
               judge::JudgeOptions{options.profile, !options.index_url.empty(), options.single_use,
                                   judge::JudgeOptions{}.kept_exchanges, options.token_ttl}),
        server(s, options.profile, options.strict),
        forwarder(options.upstream) {}

  // Forwards `request`, received on the listener for `side`, to its server; judges the reply as
  // the server sent it, then rewrites X-Docker-Endpoints.
  http::Reply forward(ListenerSide side, const http::Context& context,
                      const http::Request& request) {
    const std::string& to = side == ListenerSide::kIndex ? index_url : registry_url;
    ObservedExchange seen = http::observe_request(request, served_sides(side));
    seen.path_params = request.path_params;
    Result<http::Reply> reply = forwarder.forward(to, request);
    if (!reply) {
      if (context.operation != nullptr) server.observe(*context.operation, seen);  // status 0
      return http::Reply::json(502, {{"error", "drydock proxy: " + reply.error().message}});
    }
    if (context.operation != nullptr) {
      seen.operation_id = context.operation->id;
      seen.status = reply->status;
      seen.reply_headers = reply->headers.fields();
      if (!reply->is_stream()) seen.reply_body = reply->text();
      server.observe(*context.operation, seen);
      if (context.operation->id == "getImageLayer" && reply->status == 200 &&
          request.method == "GET" && reply->is_stream()) {
        check_layer(*context.operation, std::move(seen), *reply);
      }
    }
    if (reply->headers.contains("X-Docker-Endpoints")) {
      reply->headers.set("X-Docker-Endpoints", registry_endpoint);
    }
    return std::move(*reply);
  }

  // Wraps the layer body of `reply` so that it is held to the layer pushed, once it has passed.
  void check_layer(const spec::Operation& operation, ObservedExchange seen, http::Reply& reply) {
    auto check = std::make_shared<detail::LayerCheck>();
    check->operation = &operation;
    auto& body = std::get<http::StreamBody>(reply.body);
    check->length = body.length;
    // The push's digest was seeded with the image's JSON as the judge keeps it; so is this one.
    ObservedExchange pushed;
    pushed.operation_id = "putImageLayer";
    pushed.path_params = seen.path_params;
    {
      std::lock_guard lock(pushed_mutex);
      auto it = pushed_layers.find(seen.path_params["image_id"]);
      if (it != pushed_layers.end()) check->expected = it->second;
    }
    if (!check->expected.empty()) check->hash.update(client.digest_seed(pushed));
    check->exchange = std::move(seen);
    body.provider = [this, check, inner = std::move(body.provider)](std::uint64_t offset,
                                                                    http::Sink& sink) {
      detail::HashingSink hashing(sink, *check);
      const bool ok = inner(offset, hashing);
      const bool whole = hashing.finished() || (check->length && check->bytes >= *check->length);
      if (!check->judged && (whole || (!ok && !check->client_gone))) {
        check->judged = true;
        judge_layer(*check, whole);
      }
      return ok;
    };
  }

  void judge_layer(detail::LayerCheck& check, bool whole) {
    std::string problem;
    if (!whole) {
      problem = "the server cut the layer short: " + std::to_string(check.bytes) + " of " +
                (check.length ? std::to_string(*check.length) : "an unknown number of") + " bytes";
    } else if (!check.expected.empty()) {
      const std::string got = check.hash.finish_hex();
      if (got != check.expected) {
        problem = "the layer served is not the one pushed through this proxy: payload sha256 " +
                  got + ", pushed " + check.expected;
      }
    }
    if (!problem.empty()) server.observe_problem(*check.operation, check.exchange, problem);
  }

  // Remembers the payload digest of a layer pushed through the proxy.
  void remember_push(const ObservedExchange& e) {
    if (e.operation_id != "putImageLayer" || e.status / 100 != 2 || !e.body_complete) return;
    auto id = e.path_params.find("image_id");
    if (id == e.path_params.end()) return;
    std::lock_guard lock(pushed_mutex);
    pushed_layers[id->second] = e.body_sha256;
  }

  std::string scheme() const { return options.tls_cert_file.empty() ? "http://" : "https://"; }

  Result<std::string> listen(ListenerSide side, const std::string& address) {
    auto parsed = simulator::parse_listen_address(address);
    if (!parsed) return parsed.error();
    http::RouterOptions router_options;
    router_options.sides = served_sides(side);
    router_options.profile = options.profile;
    router_options.on_exchange = [this](const ObservedExchange& e) {
      remember_push(e);
      client.observe(e);
    };
    router_options.body_digest_seed = [this](const ObservedExchange& e) {
      return client.digest_seed(e);
    };
    router_options.forward = [this, side](http::Context& context, const http::Request& request) {
      return forward(side, context, request);
    };
    routers.push_back(std::make_unique<http::Router>(spec, std::move(router_options)));
    http::ServerOptions server_options;
    server_options.host = parsed->host;
    server_options.port = parsed->port;
    server_options.io_threads = options.io_threads;
    if (!options.tls_cert_file.empty()) {
      server_options.tls = http::TlsOptions{options.tls_cert_file, options.tls_key_file, ""};
    }
    server_options.threads = options.workers;
    server_options.access_log = options.access_log;
    server_options.error_log = options.error_log;
    // Every handler waits on the server behind the proxy: none runs on an I/O thread.
    server_options.runs_long = [](const http::Request&, bool) { return true; };
    servers.push_back(std::make_unique<http::HttpServer>(*routers.back(), server_options));
    auto port = servers.back()->start();
    if (!port) return port.error();
    return simulator::dial_address(*parsed, *port);
  }

  const spec::Spec& spec;
  ProxyOptions options;
  std::string index_url;     // checked, without a trailing '/'
  std::string registry_url;  // likewise
  std::string registry_endpoint;
  judge::Judge client;
  ServerJudge server;
  std::mutex pushed_mutex;
  // By image id, the payload digest of its layer pushed through the proxy (seeded with the image's
  // JSON and "\n": Judge::digest_seed); guarded by pushed_mutex.
  std::map<std::string, std::string> pushed_layers;
  Forwarder forwarder;
  // Declared after what their handlers use, so they are destroyed first.
  std::vector<std::unique_ptr<http::Router>> routers;
  std::vector<std::unique_ptr<http::HttpServer>> servers;
  bool started = false;
};

Proxy::Proxy(const spec::Spec& spec, ProxyOptions options)
    : impl_(std::make_unique<Impl>(spec, std::move(options))) {}

Proxy::~Proxy() {
  stop();
}

Result<ProxyAddresses> Proxy::start() {
  Impl& p = *impl_;
  if (p.started) return Error::invalid("the proxy is already started");
  p.started = true;
  auto registry = base_url("--registry", p.options.registry_url);
  if (!registry) return registry.error();
  p.registry_url = *registry;
  ProxyAddresses addresses;
  if (!p.options.index_url.empty()) {
    auto index = base_url("--index", p.options.index_url);
    if (!index) return index.error();
    p.index_url = *index;
    // The registry first: the index's replies name it.
    auto registry_dial = p.listen(ListenerSide::kRegistry, p.options.registry_listen);
    if (!registry_dial) return registry_dial.error();
    p.registry_endpoint =
        p.options.registry_endpoint.empty() ? *registry_dial : p.options.registry_endpoint;
    auto index_dial = p.listen(ListenerSide::kIndex, p.options.listen);
    if (!index_dial) return index_dial.error();
    addresses.index_url = p.scheme() + *index_dial;
    addresses.registry_url = p.scheme() + *registry_dial;
  } else {
    auto registry_dial = p.listen(ListenerSide::kRegistry, p.options.listen);
    if (!registry_dial) return registry_dial.error();
    addresses.registry_url = p.scheme() + *registry_dial;
    p.registry_endpoint = *registry_dial;
  }
  return addresses;
}

void Proxy::stop() {
  for (auto& server : impl_->servers) server->stop();
}

conformance::Report Proxy::report(conformance::RunInfo info) const {
  conformance::Report report = impl_->client.report(std::move(info));
  std::vector<spec::Side> sides = {spec::Side::kRegistry};
  if (!impl_->index_url.empty()) sides.insert(sides.begin(), spec::Side::kIndex);
  for (auto& result : impl_->server.results(sides)) report.results.push_back(std::move(result));
  const std::size_t requests = report.summary.requests;
  report.info.planned = report.results.size();
  report.summary = conformance::Summary::of(report.results);
  report.summary.requests = requests;
  return report;
}

}  // namespace drydock::proxy
