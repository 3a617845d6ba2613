// Setup over the API (check.h): creating repositories on the index, pushing images to the
// registry, obtaining tokens. The push follows protocol-notes 6.2: index PUT with
// X-Docker-Token: true, then per image JSON, layer, checksum with the write token, the tag, and
// the index image list.

#include <string>

#include <nlohmann/json.hpp>

#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/check.h"
#include "run_environment.h"

namespace drydock::conformance {

namespace {

// Returns the ID of the operation `user_form` names, a user repository operation, in the form of
// `repo` (its library twin for a library repository).
std::string repo_op(const spec::Spec& spec, const Repository& repo, std::string_view user_form) {
  return spec.find(user_form, repo.library)->id;
}

// Returns the token an index answer carries: X-Docker-Token, else WWW-Authenticate "Token ...".
std::string token_of(const Response& response) {
  std::string token = response.headers.get("X-Docker-Token").value_or("");
  if (token.empty()) {
    std::string challenge = response.headers.get("WWW-Authenticate").value_or("");
    if (challenge.rfind("Token ", 0) == 0) token = challenge;
  }
  if (token.rfind("Token ", 0) == 0) token = token.substr(6);  // protocol-notes 10.3
  return token;
}

std::string image_list(const fixtures::ImageChain& chain) {
  nlohmann::json list = nlohmann::json::array();
  for (const fixtures::Image& image : chain.images) list.push_back({{"id", image.id}});
  list.back()["Tag"] = "latest";
  return list.dump();
}

// The registry at `base` as Docker 1.x named it in X-Docker-Endpoints: "https://host/v1/".
std::string registry_endpoint_url(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/v1/";
}

}  // namespace

Result<Response> CheckContext::send_checked(const Call& call, std::initializer_list<int> statuses,
                                            std::string_view condition) {
  Result<Response> response = send(call);
  if (!response.ok()) return Error::io(call.operation_id + ": " + response.error().message);
  for (int status : statuses) {
    if (response->status == status) return response;
  }
  // This check cannot go on; the check of that operation itself reports what was wrong.
  failed_step_ = spec::check_id(*spec().find(call.operation_id), condition);
  std::string body = response->body.substr(0, 160);
  return Error::invalid(call.operation_id + " answered " + std::to_string(response->status) +
                        (body.empty() ? "" : " " + body));
}

Result<void> CheckContext::create(Repository& repo) {
  if (repo.created) return {};
  if (!has_index()) {
    repo.created = true;
    track(repo);
    return {};
  }
  Result<void> announced = announce(repo);
  if (!announced.ok()) return announced;
  repo.created = true;
  track(repo);
  return {};
}

// The push's first step (protocol-notes 6.2): PUT the repository on the index with its image
// list and X-Docker-Token: true, which answers with a write token. Sent again, it is how a client
// obtains a new write token.
Result<void> CheckContext::announce(Repository& repo) {
  const Account& owner = repo.library ? admin() : user();
  Call call{repo_op(spec(), repo, "putUserRepository"),
            repo.path_params(),
            {},
            image_list(repo.images),
            {}};
  call.headers.set("Authorization", owner.basic_auth());
  call.headers.set("X-Docker-Token", "true");
  Result<Response> response = send_checked(call, {200, 201});
  if (!response.ok()) return response.error();
  std::string token = token_of(*response);
  if (token.empty()) {
    failed_step_ = spec::check_id(*spec().find(call.operation_id), "ok");
    return Error::invalid(call.operation_id + " answered without a token");
  }
  repo.tokens["write"] = token;
  return {};
}

Result<std::string> CheckContext::token(Repository& repo, std::string_view access) {
  if (!has_index()) return std::string();
  auto it = repo.tokens.find(std::string(access));
  // Under the single-use policy a token is good for its first request only: a later one needs a
  // new token (the registry's session, kept by send_request(), still answers for the old one).
  const bool spent = it != repo.tokens.end() && spent_.count(it->second) != 0;
  if (it != repo.tokens.end() && !spent) return it->second;
  Result<void> created = create(repo);
  if (!created.ok()) return created.error();
  if (access == "write") {
    if (spent) {
      if (Result<void> again = announce(repo); !again.ok()) return again.error();
    }
    return repo.tokens["write"];
  }
  const Account& owner = repo.library ? admin() : user();
  Call call{access == "read" ? repo_op(spec(), repo, "getUserRepositoryImages")
                             : repo_op(spec(), repo, "deleteUserRepository"),
            repo.path_params(),
            {},
            {},
            {}};
  call.headers.set("Authorization", owner.basic_auth());
  call.headers.set("X-Docker-Token", "true");
  const std::string_view condition = access == "read" ? "ok" : "accepted";
  Result<Response> response = send_checked(call, {200, 202}, condition);
  if (!response.ok()) return response.error();
  std::string token = token_of(*response);
  if (token.empty()) {
    failed_step_ = spec::check_id(*spec().find(call.operation_id), condition);
    return Error::invalid(call.operation_id + " answered without a token");
  }
  repo.tokens[std::string(access)] = token;
  return token;
}

Result<std::string> CheckContext::registry_auth(Repository& repo, std::string_view access) {
  Result<std::string> t = token(repo, access);
  if (!t.ok()) return t.error();
  return t->empty() ? std::string() : "Token " + *t;
}

Result<void> CheckContext::upload(Repository& repo, const fixtures::Image& image, bool layer,
                                  bool checksum) {
  Result<std::string> auth = registry_auth(repo, "write");
  if (!auth.ok()) return auth.error();
  Headers headers;
  if (!auth->empty()) headers.set("Authorization", *auth);
  Call json{"putImageJson", {{"image_id", image.id}}, headers, image.json, {}};
  if (Result<Response> r = send_checked(json, {200}); !r.ok()) return r.error();
  if (!layer) return {};
  Call put_layer{"putImageLayer", {{"image_id", image.id}}, headers, image.layer, {}};
  if (Result<Response> r = send_checked(put_layer, {200}); !r.ok()) return r.error();
  if (!checksum) return {};
  Call sum{"putImageChecksum", {{"image_id", image.id}}, headers, {}, {}};
  sum.headers.set("X-Docker-Checksum-Payload", image.payload_checksum);
  sum.headers.set("X-Docker-Checksum", image.tarsum);
  if (Result<Response> r = send_checked(sum, {200}); !r.ok()) return r.error();
  return {};
}

Result<void> CheckContext::push(Repository& repo) {
  if (repo.pushed) return {};
  if (Result<void> created = create(repo); !created.ok()) return created;
  for (const fixtures::Image& image : repo.images.images) {
    if (Result<void> r = upload(repo, image, true, true); !r.ok()) return r;
  }
  Result<std::string> auth = registry_auth(repo, "write");
  if (!auth.ok()) return auth.error();
  std::map<std::string, std::string> params = repo.path_params();
  params["tag"] = "latest";
  Call tag{repo_op(spec(), repo, "putUserRepositoryTag"),
           params,
           {},
           "\"" + repo.images.top().id + "\"",
           {}};
  if (!auth->empty()) tag.headers.set("Authorization", *auth);
  if (Result<Response> r = send_checked(tag, {200, 201}); !r.ok()) return r.error();
  if (has_index()) {
    if (Result<Response> r = send_checked(final_put(repo), {204, 200}); !r.ok()) return r.error();
  }
  repo.pushed = true;
  return {};
}

// The push's last step (protocol-notes 5.2 I6): the index's image list, as Docker 1.x sent it
// (`[]`, the registry written to named as a URL).
Call CheckContext::final_put(const Repository& repo) const {
  const Account& owner = repo.library ? admin() : user();
  Call images{repo_op(spec(), repo, "putUserRepositoryImages"), repo.path_params(), {}, "[]", {}};
  images.headers.set("Authorization", owner.basic_auth());
  images.headers.set("X-Docker-Token", "true");
  images.headers.set("X-Docker-Endpoints", registry_endpoint_url(options().registry_target()));
  return images;
}

void CheckContext::finish_pushes() {
  if (!has_index() || deliberate()) return;
  for (const auto& repo : repositories_) {
    if (repo->created && (!repo->pushed || repo->written_since_push)) {
      (void)send(final_put(*repo));  // not judged
    }
  }
}

}  // namespace drydock::conformance
