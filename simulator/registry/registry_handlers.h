#pragma once
// What the registry's handler files share (private to simulator/registry/): the token guard every
// token operation runs first, the success and cache headers of protocol-notes 2, repository
// names, and each file's registration function.

#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/services.h"
#include "drydock/simulator/http/context.h"
#include "drydock/simulator/http/handler_kit.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/simulator/http/request.h"
#include "drydock/simulator/http/router.h"
#include "image_store.h"

namespace drydock::simulator::registry {

using Condition = spec::Condition;
using http::gate;
using http::refuse;
using http::repository_name;
using http::RepositoryName;
inline constexpr http::Forms kUserAndLibrary = http::Forms::kUserAndLibrary;

// Whose token scope an operation checks: image routes name no repository (protocol-notes 4.3
// step 5), repository routes check the one in their path.
enum class Scope { kImage, kRepository };

// Wraps `handler` in the token check of protocol-notes 4.3: a failure answers the operation's 401
// (with WWW-Authenticate: Token) without running `handler`; a granted request runs it, and a
// session cookie the validator started is sent in Set-Cookie.
http::Handler guarded(Services& services, Scope scope, http::Handler handler);

// 200 `true`, application/json, with docker-registry's no-cache headers (protocol-notes 2).
http::Reply success();
// Any JSON body with the no-cache headers.
http::Reply json_reply(int status, const nlohmann::json& value);
// Adds Cache-Control: no-cache, Pragma: no-cache, Expires: -1.
void set_no_cache(http::Reply& reply);
// Adds the cacheable-GET headers: public, a year ahead of `now`, Last-Modified at the epoch.
void set_cacheable(http::Reply& reply, std::time_t now);
// 304 with no body (docker-registry answers it to any If-Modified-Since, protocol-notes 10.19).
http::Reply not_modified();

// The JSON body of a PUT whose body the Router may already have parsed (Context::json_body) or left
// unread (a Content-Type that is not JSON). `raw` receives the bytes when they are known
// verbatim; see images.cc for why that matters. Refusals: malformed-json, invalid-body,
// payload-too-large...
struct JsonBody {
  nlohmann::json value;
  std::string raw;
};
http::Checked<JsonBody> json_body(const http::Context& context, const http::Request& request);

// Client metadata for a tag or repository JSON (protocol-notes 5.1 R18/R19) from the pushing
// client's User-Agent ("docker/1.6.0 go/go1.4.2 kernel/3.16 os/linux arch/amd64"), and the
// defaults answered when none was recorded.
nlohmann::json client_metadata(std::string_view user_agent, std::time_t now);
nlohmann::json default_metadata();

// The current time from the services' clock (the system clock when none).
std::time_t now_of(const Services& services);

// The checks every image read makes before looking for the image (protocol-notes 5.1 R7-R9):
// in progress -> 400 (the gate's image-in-progress), If-Modified-Since -> 304.
// Returns the reply when one of them answers; otherwise the image's state (the caller answers 404
// for kAbsent).
http::Checked<ImageState> gate_image_read(Services& services, const http::Context& context,
                                          const http::Request& request, std::string_view image_id);

// The image id of an image route.
std::string image_id_of(const http::Request& request);

// Token mode: the refusal (image-not-in-repository, through the gate) of an upload of `image_id`
// when the index does not list it for the token's repository, or nullopt. Every upload step checks
// it (json, layer, checksum), so a write token for one repository cannot write into another's
// image.
std::optional<http::Reply> refuse_unlisted(const http::Context& context, std::string_view image_id);

// One operation's handler, with the token scope it checks (nullopt: no token, as ping).
using RegistryHandler = http::Reply (*)(Services&, http::Context&, const http::Request&);
struct Route {
  std::string_view operation_id;
  std::optional<Scope> scope;
  RegistryHandler handler;
  http::Forms forms = http::Forms::kOne;  // kUserAndLibrary: the library twin too
};
// Registers each route, guarded when it has a scope. Fails on the first the Router refuses.
Result<void> register_routes(http::Router& router, Services& services,
                             std::span<const Route> routes);

// Registration, one per handler file.
Result<void> register_image_handlers(http::Router& router, Services& services);
Result<void> register_layer_handlers(http::Router& router, Services& services);
Result<void> register_tag_handlers(http::Router& router, Services& services);
Result<void> register_repository_handlers(http::Router& router, Services& services);
Result<void> register_ping_handlers(http::Router& router, Services& services);

}  // namespace drydock::simulator::registry
