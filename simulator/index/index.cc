// register_index_handlers(): the index's operations, by operationId, wired to their handlers.
// User and library operations share a handler: they differ only in whether the URL names the
// namespace (repository_name()).

#include <memory>

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
  IndexHandler handler;
  http::Forms forms = http::Forms::kOne;  // kUserAndLibrary: the library twin too
};

constexpr http::Forms kUserAndLibrary = http::Forms::kUserAndLibrary;

// spec/index-v1.openapi.json, operation by operation.
constexpr Route kRoutes[] = {
    {"registerUser", register_user},
    {"loginUser", login_user},
    {"updateUser", update_user},
    {"putUserRepository", put_repository, kUserAndLibrary},
    {"deleteUserRepository", delete_repository, kUserAndLibrary},
    {"putUserRepositoryImages", put_repository_images, kUserAndLibrary},
    {"getUserRepositoryImages", get_repository_images, kUserAndLibrary},
    {"putUserRepositoryAuth", put_repository_auth, kUserAndLibrary},
    {"getUserRepositoryLayerAccess", get_layer_access},
    {"searchRepositories", search_repositories},
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
      auto handled = router.handle(
          id, [state, handler = route.handler](http::Context& ctx, const http::Request& request) {
            return handler(*state, ctx, request);
          });
      if (!handled.ok()) return handled;
    }
  }
  return {};
}

}  // namespace drydock::simulator
