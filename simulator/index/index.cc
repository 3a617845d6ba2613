// register_index_handlers(): the index's operations, by operationId, wired to their handlers.
// User and library operations share a handler: they differ only in whether the URL names the
// namespace (repository_name()).

#include <memory>

#include "authentication.h"
#include "core/services.h"
#include "index_handlers.h"

namespace drydock::simulator {
namespace index {

void PendingDeletes::mark(const RepositoryName& repository) {
  std::lock_guard lock(mu_);
  names_.insert(repository.full());
}

bool PendingDeletes::clear(const RepositoryName& repository) {
  std::lock_guard lock(mu_);
  return names_.erase(repository.full()) > 0;
}

bool PendingDeletes::contains(const RepositoryName& repository) const {
  std::lock_guard lock(mu_);
  return names_.contains(repository.full());
}

namespace {

struct Route {
  std::string_view operation_id;
  Guard guard;  // what the request must prove before the handler runs (check_guard())
  IndexHandler handler;
  http::Forms forms = http::Forms::kOne;  // kUserAndLibrary: the library twin too
};

constexpr http::Forms kUserAndLibrary = http::Forms::kUserAndLibrary;

// spec/index-v1.openapi.json, operation by operation. searchRepositories judges its optional
// Basic credentials itself: it refuses only wrong ones, and an inactive account searches.
constexpr Route kRoutes[] = {
    {"registerUser", Guard::kNone, register_user},
    {"loginUser", Guard::kBasic, login_user},
    {"updateUser", Guard::kBasic, update_user},
    {"putUserRepository", Guard::kBasicWrite, put_repository, kUserAndLibrary},
    {"deleteUserRepository", Guard::kBasicWrite, delete_repository, kUserAndLibrary},
    {"putUserRepositoryImages", Guard::kBasicWrite, put_repository_images, kUserAndLibrary},
    {"getUserRepositoryImages", Guard::kTokenElseBasicIfSent, get_repository_images,
     kUserAndLibrary},
    {"putUserRepositoryAuth", Guard::kToken, put_repository_auth, kUserAndLibrary},
    {"getUserRepositoryLayerAccess", Guard::kToken, get_layer_access},
    {"searchRepositories", Guard::kNone, search_repositories},
};

}  // namespace
}  // namespace index

Result<void> register_index_handlers(http::Router& router, Services& services) {
  if (!services.accounts || !services.tokens || !services.clock || !services.options) {
    return Error::internal("the index needs accounts, tokens, a clock and options");
  }
  auto state = std::make_shared<index::IndexState>(services);
  for (const auto& route : index::kRoutes) {
    for (const std::string& id : http::operation_ids(route.operation_id, route.forms)) {
      auto handled = router.handle(id, [state, guard = route.guard, handler = route.handler](
                                           http::Context& ctx, const http::Request& request) {
        if (auto refused = index::check_guard(guard, *state, ctx, request)) {
          return std::move(*refused);
        }
        return handler(*state, ctx, request);
      });
      if (!handled.ok()) return handled;
    }
  }
  return {};
}

}  // namespace drydock::simulator
