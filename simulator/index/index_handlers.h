#pragma once
// Private to simulator/index/: the state the index handlers share, and each resource's handlers
// (one file per resource: users.cc, repositories.cc, images.cc, authorization.cc, search.cc).
// index.cc wires them to the Router by operationId.
//
// Every handler has the signature of http::Handler plus the shared IndexState, and answers only
// what the operation's responses in spec/index-v1.openapi.json list.
// Each runs behind its route's guard (authentication.h Guard), which has checked the caller's
// credentials and left who is calling in the Context (ctx.user, ctx.admin, ctx.token_repository).

#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/services.h"
#include "drydock/simulator/accounts/accounts.h"
#include "drydock/simulator/auth/access.h"
#include "drydock/simulator/http/context.h"
#include "drydock/simulator/http/handler_kit.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/simulator/http/request.h"

namespace drydock::simulator::index {

using Condition = spec::Condition;
using http::gate;
using http::refuse;
using http::repository_name;
using http::RepositoryName;

// Repositories between the first index DELETE (202) and the final one (200). Tokens issued
// before the first DELETE stay valid until the final one (spec/README.md flows convention 5), so
// a pending repository still answers every index call; a PUT of the repository cancels the
// deletion. Thread-safe.
class PendingDeletes {
 public:
  void mark(const RepositoryName& repository);
  // Returns whether `repository` was pending, and forgets it.
  bool clear(const RepositoryName& repository);
  bool contains(const RepositoryName& repository) const;

 private:
  mutable std::mutex mu_;
  std::set<std::string> names_;  // "ns/name", guarded by mu_
};

struct IndexState {
  explicit IndexState(Services& s) : services(s) {}

  Services& services;
  PendingDeletes pending_deletes;
};

// repositories.cc: the headers of a token-issuing reply (protocol-notes 4.2, 5.3). A token for
// `repository` with `access` in X-Docker-Token and WWW-Authenticate, only when the request
// carried `X-Docker-Token: true`; X-Docker-Endpoints always.
void add_token_headers(IndexState& state, const http::Request& request,
                       const RepositoryName& repository, auth::Access access, http::Reply& reply);

// images.cc: the entries of an image list body ([{"id", "Tag"?, "checksum"?}], validated by the
// request schema).
std::vector<accounts::ImageEntry> image_entries(const std::optional<nlohmann::json>& body);
// images.cc: creates `repository` (owned by `owner`) if needed and merges `images` into its list.
Result<void> store_images(IndexState& state, const RepositoryName& repository,
                          const std::string& owner,
                          const std::vector<accounts::ImageEntry>& images);

using IndexHandler = http::Reply (*)(IndexState&, http::Context&, const http::Request&);

// users.cc
http::Reply register_user(IndexState& state, http::Context& ctx, const http::Request& request);
http::Reply login_user(IndexState& state, http::Context& ctx, const http::Request& request);
http::Reply update_user(IndexState& state, http::Context& ctx, const http::Request& request);

// repositories.cc (put{User,Library}Repository, delete{User,Library}Repository)
http::Reply put_repository(IndexState& state, http::Context& ctx, const http::Request& request);
http::Reply delete_repository(IndexState& state, http::Context& ctx, const http::Request& request);

// images.cc (put/get{User,Library}RepositoryImages)
http::Reply put_repository_images(IndexState& state, http::Context& ctx,
                                  const http::Request& request);
http::Reply get_repository_images(IndexState& state, http::Context& ctx,
                                  const http::Request& request);

// authorization.cc (put{User,Library}RepositoryAuth, getUserRepositoryLayerAccess)
http::Reply put_repository_auth(IndexState& state, http::Context& ctx,
                                const http::Request& request);
http::Reply get_layer_access(IndexState& state, http::Context& ctx, const http::Request& request);

// search.cc (searchRepositories)
http::Reply search_repositories(IndexState& state, http::Context& ctx,
                                const http::Request& request);

}  // namespace drydock::simulator::index
