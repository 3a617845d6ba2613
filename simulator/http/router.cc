#include "drydock/simulator/http/router.h"

#include <algorithm>
#include <exception>
#include <string>

#include "drydock/common/digest.h"
#include "drydock/common/utf8.h"
#include "drydock/simulator/http/access_log.h"
#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/profile_shaper.h"
#include "drydock/spec/spec.h"

namespace drydock::simulator::http {
namespace {

constexpr std::string_view kMethods[] = {"GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"};

// "Basic", "Token"... the word before the first space of Authorization.
std::string auth_scheme(const Request& request) {
  auto value = request.headers.get("Authorization");
  if (!value) return {};
  return value->substr(0, value->find(' '));
}

// Returns the refusal of a request whose path, query or headers are not UTF-8, or nullopt. Such
// bytes could be echoed in no JSON reply and no log line as they are, and no route names them.
std::optional<Reply> refuse_non_utf8(const Request& request) {
  if (!is_valid_utf8(request.path)) {
    return error_reply(nullptr, kInvalidPath, "the request path is not UTF-8");
  }
  for (const auto& [name, value] : request.query) {
    if (!is_valid_utf8(name) || !is_valid_utf8(value)) {
      return error_reply(nullptr, "invalid-query", "a query parameter is not UTF-8");
    }
  }
  for (const auto& [name, value] : request.headers.fields()) {
    if (!is_valid_utf8(name))
      return error_reply(nullptr, kInvalidHeader, "a header name is not UTF-8");
    if (!is_valid_utf8(value)) {
      return error_reply(nullptr, kInvalidHeader, "header " + name + " is not UTF-8");
    }
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// What an observed request's body gave its reader: the bytes themselves (a JSON body, up to a
// limit) or their running digest (a layer, which never sits in memory).
struct BodyTap {
  bool keep = false;  // keep the bytes (JSON) rather than hash them
  size_t keep_limit = 0;
  std::string kept;
  Sha256 hash;
  uint64_t bytes = 0;
  bool complete = false;  // read to its end without an error
};

// A Body that passes every read through to the one it wraps and records it in a BodyTap.
class TappedBody final : public Body {
 public:
  TappedBody(std::unique_ptr<Body> inner, std::shared_ptr<BodyTap> tap)
      : inner_(std::move(inner)), tap_(std::move(tap)) {}

  size_t read(char* out, size_t n) override {
    size_t got = inner_->read(out, n);
    if (got == 0) {
      if (!inner_->read_error()) tap_->complete = true;
      return 0;
    }
    tap_->bytes += got;
    std::string_view piece(out, got);
    if (!tap_->keep) {
      tap_->hash.update(piece);
    } else if (tap_->kept.size() <= tap_->keep_limit) {
      tap_->kept.append(piece.substr(0, tap_->keep_limit + 1 - tap_->kept.size()));
    }
    return got;
  }
  std::optional<Error> read_error() const override { return inner_->read_error(); }

 private:
  std::unique_ptr<Body> inner_;
  std::shared_ptr<BodyTap> tap_;
};

// Copies what the tap saw into the observed exchange when the dispatch ends, however it ends.
struct TapResults {
  ObservedExchange* seen;
  std::shared_ptr<BodyTap> tap;
  explicit TapResults(ObservedExchange* observed) : seen(observed) {}
  TapResults(const TapResults&) = delete;
  TapResults& operator=(const TapResults&) = delete;
  ~TapResults() {
    if (seen == nullptr || tap == nullptr) return;
    if (tap->keep) {
      if (tap->bytes > 0) seen->json_body = std::move(tap->kept);
      return;
    }
    seen->body_bytes = tap->bytes;
    seen->body_complete = tap->complete;
    seen->body_sha256 = tap->hash.finish_hex();
  }
};

bool takes_json(const spec::Operation& operation) {
  return operation.request_schema != nullptr &&
         (operation.request_content_type.empty() ||
          operation.request_content_type.find("json") != std::string::npos);
}

ListenerSide listener_side(ServedSides sides) {
  switch (sides) {
    case ServedSides::kIndex:
      return ListenerSide::kIndex;
    case ServedSides::kRegistry:
      return ListenerSide::kRegistry;
    case ServedSides::kBoth:
      break;
  }
  return ListenerSide::kBoth;
}

void observe_reply(const Reply& reply, ObservedExchange& seen) {
  seen.status = reply.status;
  seen.reply_headers = reply.headers.fields();
  auto type = reply.headers.get("Content-Type");
  if (!reply.is_stream() && type && type->find("json") != std::string::npos) {
    seen.reply_body = reply.text();
  }
}

}  // namespace

ObservedExchange observe_request(const Request& request, ServedSides sides) {
  ObservedExchange seen;
  seen.started_at = std::chrono::system_clock::now();
  seen.remote_address = request.remote_address;
  seen.remote_port = request.remote_port;
  seen.listener = listener_side(sides);
  seen.method = request.method;
  seen.path = request.path;
  seen.query.assign(request.query.begin(), request.query.end());
  seen.request_headers = request.headers.fields();
  return seen;
}

Router::Router(const spec::Spec& spec, RouterOptions options)
    : spec_(spec),
      options_(std::move(options)),
      validator_(spec, options_.json_body_limit),
      checker_(std::make_unique<ResponseChecker>(options_.log)) {
  // A server answers one profile: compat, which admits either, answers as docker-registry.
  if (options_.profile == spec::Profile::kCompat) options_.profile = spec::Profile::kDockerRegistry;
}

bool Router::serves(spec::Side side) const {
  switch (options_.sides) {
    case ServedSides::kIndex:
      return side == spec::Side::kIndex;
    case ServedSides::kRegistry:
      return side == spec::Side::kRegistry;
    case ServedSides::kBoth:
      return true;
  }
  return false;
}

Result<void> Router::handle(std::string_view operation_id, Handler handler) {
  const spec::Operation* operation = spec_.find(operation_id);
  if (operation == nullptr || !serves(operation->side)) {
    return Error::invalid("no served operation has operationId " + std::string(operation_id));
  }
  auto [it, inserted] = handlers_.emplace(std::string(operation_id), std::move(handler));
  if (!inserted) return Error::invalid("operation " + std::string(operation_id) + " has a handler");
  return {};
}

std::vector<std::string> Router::unhandled() const {
  std::vector<std::string> missing;
  for (const auto& operation : spec_.operations()) {
    if (serves(operation.side) && !handlers_.contains(operation.id))
      missing.push_back(operation.id);
  }
  return missing;
}

std::vector<spec::Match> Router::served_matches(std::string_view method,
                                                std::string_view path) const {
  auto keep_served = [&](std::vector<spec::Match> matches) {
    std::erase_if(matches, [&](const spec::Match& m) { return !serves(m.operation->side); });
    return matches;
  };
  auto matches = keep_served(spec_.match(method, path));
  if (matches.empty() && method == "HEAD") matches = keep_served(spec_.match("GET", path));
  return matches;
}

std::vector<std::string> Router::allowed_methods(std::string_view path) const {
  std::vector<std::string> allowed;
  for (std::string_view method : kMethods) {
    if (!served_matches(method, path).empty()) allowed.emplace_back(method);
  }
  if (!allowed.empty()) allowed.emplace_back("OPTIONS");
  return allowed;
}

// README "Operations": where one method and path belong to both sides (the repository DELETE),
// Basic (or no) credentials mean the index, a Token means the registry.
const spec::Match& Router::choose(const std::vector<spec::Match>& matches,
                                  const Request& request) const {
  const std::string& best_path = matches.front().operation->path;
  spec::Side wanted =
      iequals(auth_scheme(request), "Token") ? spec::Side::kRegistry : spec::Side::kIndex;
  for (const auto& match : matches) {
    if (match.operation->path == best_path && match.operation->side == wanted) return match;
  }
  return matches.front();
}

Reply Router::dispatch(Request& request) const {
  Context context;
  return dispatch(request, context);
}

Reply Router::dispatch(Request& request, Context& context) const {
  if (options_.on_exchange) return dispatch_observed(request, context);
  return dispatch_to_handler(request, context, nullptr);
}

// Dispatches with a tap on the body, then hands the exchange to on_exchange.
Reply Router::dispatch_observed(Request& request, Context& context) const {
  ObservedExchange seen = observe_request(request, options_.sides);
  Reply reply = dispatch_to_handler(request, context, &seen);
  observe_reply(reply, seen);
  try {
    options_.on_exchange(seen);
  } catch (const std::exception& e) {
    if (options_.log) options_.log("exchange observer exception: " + escape_for_log(e.what()));
  } catch (...) {
    if (options_.log) options_.log("exchange observer exception: unknown");
  }
  return reply;
}

Reply Router::dispatch_to_handler(Request& request, Context& context,
                                  ObservedExchange* seen) const {
  TapResults results(seen);
  // Puts a tap on the body of a request matched to `match`, when it is observed.
  auto tap_body = [&](const spec::Match& match) {
    if (seen == nullptr) return;
    seen->operation_id = match.operation->id;
    seen->path_params = match.path_params;
    auto tap = results.tap = std::make_shared<BodyTap>();
    tap->keep = takes_json(*match.operation);
    tap->keep_limit = options_.json_body_limit;
    // The seed is asked only for an operation that takes a body other than JSON (a layer).
    if (!tap->keep && match.operation->request_schema != nullptr && options_.body_digest_seed) {
      tap->hash.update(options_.body_digest_seed(*seen));
    }
    request.set_body(std::make_unique<TappedBody>(request.take_body(), tap));
  };
  try {
    if (options_.forward) {
      auto matches = served_matches(request.method, request.path);
      if (!matches.empty()) {
        const spec::Match& match = choose(matches, request);
        tap_body(match);
        context.operation = match.operation;
        request.path_params = match.path_params;
      }
      context.profile = options_.profile;
      return options_.forward(context, request);
    }
    if (auto refused = refuse_non_utf8(request)) return std::move(*refused);
    auto matches = served_matches(request.method, request.path);
    if (matches.empty()) return no_match(request);
    const spec::Match& match = choose(matches, request);
    tap_body(match);
    Reply reply = run(match, request, context);
    shape_for_profile(*match.operation, context.profile, options_.profile_header_values, reply);
    if (options_.check_responses) checker_->check(*match.operation, reply, context.profile);
    if (options_.after_dispatch) options_.after_dispatch(context, reply);
    return reply;
  } catch (const std::exception& e) {
    if (options_.log) options_.log("handler exception: " + escape_for_log(e.what()));
  } catch (...) {
    if (options_.log) options_.log("handler exception: unknown");
  }
  return error_reply(context.operation, kInternalError);
}

Reply Router::run(const spec::Match& match, Request& request, Context& context) const {
  context.operation = match.operation;
  context.profile = options_.profile;
  request.path_params = match.path_params;
  if (options_.faults) context.fault = request.headers.get(kFaultHeader);
  if (auto rejected = validator_.validate(match, request, context)) return std::move(*rejected);
  auto it = handlers_.find(match.operation->id);
  if (it == handlers_.end()) {
    return error_reply(match.operation, kNotImplemented, "no handler for " + match.operation->id);
  }
  std::shared_ptr<void> armed;
  if (options_.before_handler) armed = options_.before_handler(context, request);
  Reply reply = it->second(context, request);
  if (options_.after_handler) options_.after_handler(context, reply);
  return reply;
}

Reply Router::no_match(const Request& request) const {
  auto allowed = allowed_methods(request.path);
  if (allowed.empty()) {
    // A method this server knows nowhere (RFC 7231 6.6.2: 501); a known one on an unknown path:
    // 404. On a known path any method gets 405 with Allow, below.
    const bool known =
        request.method == "OPTIONS" ||
        std::find(std::begin(kMethods), std::end(kMethods), request.method) != std::end(kMethods);
    if (!known) {
      const std::string shown =
          request.method.size() > 40 ? request.method.substr(0, 40) + "..." : request.method;
      return error_reply(nullptr, kNotImplemented,
                         "Method " + shown + " is not implemented by this server");
    }
    return error_reply(nullptr, kNoRoute, "No such route: " + request.path);
  }
  if (request.method == "OPTIONS") {
    Reply reply = Reply::bytes(200, "", "text/plain");
    reply.headers.set("Allow", join(allowed, ", "));
    return reply;
  }
  Reply reply = error_reply(nullptr, kMethodNotAllowed,
                            "Method " + request.method + " not allowed on " + request.path);
  reply.headers.set("Allow", join(allowed, ", "));
  return reply;
}

}  // namespace drydock::simulator::http
