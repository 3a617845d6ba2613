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
};

// spec/index-v1.openapi.json, operation by operation.
constexpr Route kRoutes[] = {
    {"registerUser", register_user},
    {"loginUser", login_user},
    {"updateUser", update_user},
    {"putUserRepository", put_repository},
    {"putLibraryRepository", put_repository},
    {"deleteUserRepository", delete_repository},
    {"deleteLibraryRepository", delete_repository},
    {"putUserRepositoryImages", put_repository_images},
    {"putLibraryRepositoryImages", put_repository_images},
    {"getUserRepositoryImages", get_repository_images},
    {"getLibraryRepositoryImages", get_repository_images},
    {"putUserRepositoryAuth", put_repository_auth},
    {"putLibraryRepositoryAuth", put_repository_auth},
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
    auto handled = router.handle(
        route.operation_id,
        [state, handler = route.handler](http::Context& ctx, const http::Request& request) {
          return handler(*state, ctx, request);
        });
    if (!handled.ok()) return handled;
  }
  return {};
}

}  // namespace drydock::simulator
