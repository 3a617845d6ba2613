// Repository image lists (protocol-notes 5.2 I6, I7; 4.4): the push's final PUT, the pull's GET,
// and the same GET as the registry's token-validation callback.

#include <string>

#include <nlohmann/json.hpp>

#include "authentication.h"
#include "drydock/simulator/http/error_reply.h"
#include "index_handlers.h"

namespace drydock::simulator::index {
namespace {

std::string string_member(const nlohmann::json& item, const char* name) {
  auto it = item.find(name);
  return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// protocol-notes 5.2 I7: [{"id", "checksum"?}]; a checksum only where one was sent.
nlohmann::json image_list_body(const std::vector<accounts::ImageEntry>& images) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& image : images) {
    nlohmann::json item = {{"id", image.id}};
    if (!image.checksum.empty()) item["checksum"] = image.checksum;
    list.push_back(std::move(item));
  }
  return list;
}

// Whether the caller the guard left in `ctx` may see `repository`: a registry holding a token
// for it (ctx.token_repository), an account (ctx.user), or anyone. Public repositories are
// readable by anyone; private ones by their owner and admins, and to others they do not exist.
bool may_read(const accounts::Repository& repository, const http::Context& ctx) {
  if (!repository.is_private || ctx.token_repository) return true;
  return ctx.user && (ctx.admin || *ctx.user == repository.owner);
}

}  // namespace

std::vector<accounts::ImageEntry> image_entries(const std::optional<nlohmann::json>& body) {
  std::vector<accounts::ImageEntry> entries;
  if (!body || !body->is_array()) return entries;
  for (const auto& item : *body) {
    if (!item.is_object()) continue;
    entries.push_back(
        {string_member(item, "id"), string_member(item, "checksum"), string_member(item, "Tag")});
  }
  return entries;
}

Result<void> store_images(IndexState& state, const RepositoryName& repository,
                          const std::string& owner,
                          const std::vector<accounts::ImageEntry>& images) {
  accounts::Accounts& accounts = *state.services.accounts;
  auto written = accounts.create_or_update_repository(repository.ns, repository.name, owner);
  if (!written.ok()) return written.error();
  return accounts.set_images(repository.ns, repository.name, images);
}

// PUT /v1/repositories/{...}/images: merges the pushed checksums; exactly 204, which Docker
// clients require (5.2 I6). The spec lists no 404: an unknown repository is created, as the
// PUT of the repository would have done, so a client that skipped that step still ends with the
// list it sent.
http::Reply put_repository_images(IndexState& state, http::Context& ctx,
                                  const http::Request& request) {
  RepositoryName repository = repository_name(request);
  std::vector<accounts::ImageEntry> entries = image_entries(ctx.json_body);
  if (auto stored = store_images(state, repository, *ctx.user, entries); !stored.ok()) {
    return http::error_reply(ctx.operation, stored.error());
  }
  http::Reply reply;
  reply.status = 204;
  return reply;
}

// GET /v1/repositories/{...}/images: the list, with a read token and endpoints when asked (5.2
// I7). Credentials are optional for public repositories; Basic, when sent, must name an active
// account. `Authorization: Token ...` is the registry asking whether a token is good for this
// repository (4.3 step 7): 200 if it is, whatever its access, 401 otherwise.
http::Reply get_repository_images(IndexState& state, http::Context& ctx,
                                  const http::Request& request) {
  RepositoryName repository = repository_name(request);
  accounts::Accounts& accounts = *state.services.accounts;
  auto found = accounts.repository(repository.ns, repository.name);
  if (!found.ok()) {
    if (found.error().code != ErrorCode::kNotFound) {
      return http::error_reply(ctx.operation, found.error());
    }
    return refuse(ctx, Condition::kRepositoryNotFound);
  }
  if (!may_read(*found, ctx)) return refuse(ctx, Condition::kRepositoryNotFound);

  auto images = accounts.images(repository.ns, repository.name);
  if (!images.ok()) return http::error_reply(ctx.operation, images.error());
  http::Reply reply = http::Reply::json(200, image_list_body(*images));
  add_token_headers(state, request, repository, auth::Access::kRead, reply);
  return reply;
}

}  // namespace drydock::simulator::index
