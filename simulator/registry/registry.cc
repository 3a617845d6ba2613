// register_registry_handlers: every registry operation of the spec, wired to its handler file.

#include "registry_handlers.h"

namespace drydock::simulator {

Result<void> register_registry_handlers(http::Router& router, Services& services) {
  using Register = Result<void> (*)(http::Router&, Services&);
  constexpr Register kFiles[] = {
      registry::register_ping_handlers,       registry::register_image_handlers,
      registry::register_layer_handlers,      registry::register_tag_handlers,
      registry::register_repository_handlers,
  };
  for (Register register_file : kFiles) {
    if (auto registered = register_file(router, services); !registered.ok()) return registered;
  }
  return {};
}

namespace registry {

Result<void> register_routes(http::Router& router, Services& services,
                             std::span<const Route> routes) {
  for (const Route& route : routes) {
    http::Handler handler = [&services, fn = route.handler](http::Context& context,
                                                            const http::Request& request) {
      return fn(services, context, request);
    };
    if (route.scope) handler = guarded(services, *route.scope, std::move(handler));
    for (const std::string& id : http::operation_ids(route.operation_id, route.forms)) {
      if (auto handled = router.handle(id, handler); !handled.ok()) return handled;
    }
  }
  return {};
}

}  // namespace registry
}  // namespace drydock::simulator
