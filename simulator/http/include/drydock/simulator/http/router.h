#pragma once
// Routes requests to handlers by the spec's operations. Handlers are registered by operationId;
// an operation of a served side without a handler is listed by unhandled() so start-up can refuse
// to run. Dispatch matches the method and path against the spec, picks the operation (by the
// Authorization scheme where the index and the registry share a method and path), validates the
// request (RequestValidator), runs the handler, and, with check_responses, judges the reply
// against the spec (ResponseChecker).
//
// Register every handler before the first dispatch(); dispatch() may then run on many threads.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "drydock/common/observed_exchange.h"
#include "drydock/common/result.h"
#include "drydock/simulator/http/context.h"
#include "drydock/simulator/http/log_sink.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/simulator/http/request.h"
#include "drydock/simulator/http/request_validator.h"
#include "drydock/simulator/http/response_checker.h"

#include "drydock/spec/spec.h"

namespace drydock::simulator::http {

// Handlers own no HTTP library: they read a Request and return a Reply. A handler may throw only
// by mistake: the Router answers 500 and logs it.
using Handler = std::function<Reply(Context&, const Request&)>;

enum class ServedSides { kIndex, kRegistry, kBoth };

struct RouterOptions {
  ServedSides sides = ServedSides::kBoth;
  size_t json_body_limit = 1024 * 1024;  // largest JSON request body (payload-too-large past it)
  bool check_responses = false;          // judge every reply against the spec (debug)
  bool faults = false;                   // honour X-Drydock-Fault (fills Context::fault)
  // Whose variant to answer where the spec records several (x-drydock-variants): handlers read it
  // from Context::profile, and the Router applies what the spec's data settles (ProfileShaper).
  // kCompat is not a server's profile: it answers as kDockerRegistry.
  spec::Profile profile = spec::Profile::kDockerRegistry;
  // Values for headers a profile requires that a handler did not set ("X-Docker-Registry-Version").
  std::map<std::string, std::string, std::less<>> profile_header_values;
  LogSink log;  // exceptions and response-check violations
  // Runs on every reply of a matched operation after its handler (and the response check):
  // the simulator applies its server-level faults here.
  std::function<void(const Context&, Reply&)> after_dispatch;
  // Runs after the request's validation, just before its handler: the simulator arms the
  // request's fault here (faults/faults.h). What it returns is held until after_handler returns.
  std::function<std::shared_ptr<void>(Context&, Request&)> before_handler;
  // Runs on the handler's reply, before the profile's shaping and the response check: where an
  // operation's fault rewrites what the handler answered.
  std::function<void(const Context&, Reply&)> after_handler;
  // Observers (none by default; unset, they cost nothing). on_exchange receives every request
  // dispatched, matched to an operation or not, once its reply is made (before it is sent), on the
  // dispatching thread: it must be thread-safe and quick. body_digest_seed, asked once a request
  // for an operation that takes a body other than JSON (a layer) is matched, returns bytes to hash
  // before the body in ObservedExchange::body_sha256 (a judge passes an image's JSON and "\n", so
  // that the digest of a layer is its payload checksum); unset or "": the body's own SHA-256.
  std::function<void(const ObservedExchange&)> on_exchange;
  std::function<std::string(const ObservedExchange& request)> body_digest_seed;
  // A proxy's router (drydock proxy): when set, every request goes to `forward` as it came, with
  // Context::operation the matched operation or null; nothing is validated, refused, shaped or
  // checked here, and no handler runs (the server behind the proxy answers). Observers still see
  // every exchange.
  Handler forward;
};

// What an observer (RouterOptions::on_exchange) sees of `request`, received on a listener serving
// `sides`, before it is matched and answered: who sent it, and its method, path, query and
// headers.
ObservedExchange observe_request(const Request& request, ServedSides sides);

class Router {
 public:
  // REQUIRES: `spec` outlives the Router.
  explicit Router(const spec::Spec& spec, RouterOptions options = {});

  // Registers `handler` for the operation `operation_id`. Fails if no served operation has that
  // id, or if it already has a handler.
  Result<void> handle(std::string_view operation_id, Handler handler);
  // Returns the operationIds of served operations without a handler, in spec order.
  std::vector<std::string> unhandled() const;

  // Answers `request`: fills its path parameters, validates it and runs the handler. Never throws.
  Reply dispatch(Request& request) const;
  Reply dispatch(Request& request, Context& context) const;

  // Methods the served operations accept on `path` ("GET", "HEAD", "PUT"...), for Allow.
  std::vector<std::string> allowed_methods(std::string_view path) const;

  ResponseChecker& response_checker() const { return *checker_; }
  const RouterOptions& options() const { return options_; }

 private:
  bool serves(spec::Side side) const;
  // Returns the served matches for `method` and `path` (HEAD falls back to GET).
  std::vector<spec::Match> served_matches(std::string_view method, std::string_view path) const;
  // Picks one of several matches by the Authorization scheme.
  const spec::Match& choose(const std::vector<spec::Match>& matches, const Request& request) const;
  Reply dispatch_observed(Request& request, Context& context) const;
  // `seen`: the exchange being observed, or null.
  Reply dispatch_to_handler(Request& request, Context& context, ObservedExchange* seen) const;
  Reply run(const spec::Match& match, Request& request, Context& context) const;
  Reply no_match(const Request& request) const;

  const spec::Spec& spec_;
  RouterOptions options_;
  RequestValidator validator_;
  std::unique_ptr<ResponseChecker> checker_;
  std::unordered_map<std::string, Handler> handlers_;
};

}  // namespace drydock::simulator::http
