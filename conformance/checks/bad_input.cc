// The bad-input provocations: for each condition of spec/README.md the runner can raise, how to
// turn an operation's good request into one that raises it (derive.h). Conditions raised
// elsewhere (inactive-account and token-expired from the accounts and key the run is given,
// token-spent by a workflow) or not at all (spec/conditions.json says why) have none here.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "derive.h"
#include "drydock/spec/schema.h"

namespace drydock::conformance::checks {

namespace {

// A Provocation from its parts in declaration order (derive.h), `variant` last.
Provocation provocation(std::string condition, std::string sends, std::string hint,
                        std::vector<std::string> needs,
                        std::function<bool(const spec::Operation&)> applies, Apply apply,
                        Verify verify, std::string variant = {}) {
  Provocation p;
  p.condition = std::move(condition);
  p.sends = std::move(sends);
  p.hint = std::move(hint);
  p.needs = std::move(needs);
  p.applies = std::move(applies);
  p.apply = std::move(apply);
  p.verify = std::move(verify);
  p.variant = std::move(variant);
  return p;
}

bool has_security(const spec::Operation& op, spec::Security s) {
  for (spec::Security x : op.security) {
    if (x == s) return true;
  }
  return false;
}

// Returns whether the target is one combined server and another side's operation has the same
// method and path (the repository DELETE): only the Authorization scheme tells them apart.
bool shared_with_other_side(const CheckContext& ctx, const spec::Operation& op) {
  if (ctx.options().index_url != ctx.options().registry_target()) return false;
  for (const spec::Operation& other : ctx.spec().operations()) {
    if (other.side != op.side && other.method == op.method && other.path == op.path) return true;
  }
  return false;
}

bool json_body(const spec::Operation& op) {
  return op.request_schema != nullptr;
}

bool token_op(const spec::Operation& op) {
  return has_security(op, spec::Security::kToken);
}

// Returns a path parameter of `op` whose invalid condition is `condition`, or null.
const spec::Parameter* path_param_for(const spec::Operation& op, std::string_view condition) {
  for (const spec::Parameter& p : op.parameters) {
    if (p.in == "path" && p.invalid_condition == condition) return &p;
  }
  return nullptr;
}

// Returns a value `param`'s schema rejects.
std::string invalid_value(const spec::Parameter& param) {
  for (const char* candidate : {"-INVALID-", "X", "not an id", "..."}) {
    if (param.schema == nullptr || !param.schema->accepts(nlohmann::json(candidate))) {
      return candidate;
    }
  }
  return "-INVALID-";
}

Provocation invalid_path(std::string condition) {
  Provocation p;
  p.condition = condition;
  p.sends = "with an invalid " + condition.substr(8);
  p.hint = "Validate " + condition.substr(8) + " against its pattern and answer the spec's error.";
  p.applies = [condition](const spec::Operation& op) {
    return path_param_for(op, condition) != nullptr;
  };
  p.apply = [condition](CheckContext&, const spec::Operation& op, Scene&, Call& call) {
    const spec::Parameter* param = path_param_for(op, condition);
    call.path[param->name] = invalid_value(*param);
    return Result<void>();
  };
  return p;
}

Result<void> set_token(CheckContext& ctx, Repository& repo, std::string_view access, Call& call) {
  Result<std::string> auth = ctx.registry_auth(repo, access);
  if (!auth.ok()) return auth.error();
  call.headers.set("Authorization", *auth);
  return {};
}

// The image a check about image state works on: a fresh repository, created, with the base
// image uploaded as far as asked.
Result<void> staged_image(CheckContext& ctx, const spec::Operation& op, Call& call, bool layer,
                          bool checksum) {
  Repository& repo = ctx.new_repository();
  if (Result<void> r = ctx.create(repo); !r.ok()) return r;
  if (Result<void> r = ctx.upload(repo, repo.images.base(), layer, checksum); !r.ok()) return r;
  return aim_at_image(ctx, op, repo, repo.images.base(), call);
}

std::vector<Provocation> body_and_auth() {
  std::vector<Provocation> out;
  out.push_back(provocation(
      "malformed-json", "with a body that is not JSON",
      "Parse the body and answer 400 when it is not JSON.", {}, json_body,
      [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
        call.body = "{not json";
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "invalid-body", "with a JSON body that fails the request schema",
      "Validate the body against the request schema and answer the spec's error.", {}, json_body,
      [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
        for (const char* candidate : {"42", "[42]", "{}", "\"\""}) {
          if (!op.request_schema->accepts(nlohmann::json::parse(candidate))) {
            call.body = candidate;
            return Result<void>();
          }
        }
        ctx.skip("no simple body fails the request schema");
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "missing-auth", "with no Authorization header",
      "Answer 401 with WWW-Authenticate when credentials are missing.", {}, nullptr,
      [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
        if (op.side == spec::Side::kRegistry && !ctx.has_index()) {
          ctx.skip("a standalone registry needs no token");
        }
        if (op.side == spec::Side::kRegistry && shared_with_other_side(ctx, op)) {
          ctx.skip(
              "on a combined server, a request without credentials cannot name "
              "its side (spec/README.md, Operations)");
        }
        call.headers.remove("Authorization");
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "bad-credentials", "with Basic credentials whose password is wrong",
      "Check Basic credentials against the account and answer 401 when they differ.",
      {std::string(kNeedsAccounts)},
      [](const spec::Operation& op) { return has_security(op, spec::Security::kBasic); },
      [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
        Account wrong = ctx.user();
        wrong.password += "-wrong";
        call.headers.set("Authorization", wrong.basic_auth());
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "inactive-account", "with the Basic credentials of an account that is not active",
      "Answer 403 for an account whose e-mail was never confirmed (hub-api-v1.md).",
      {std::string(kNeedsInactive)},
      [](const spec::Operation& op) { return has_security(op, spec::Security::kBasic); },
      [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
        // Its own namespace: only the account's state can refuse it.
        if (call.path.count("namespace") != 0) {
          call.path["namespace"] = ctx.options().inactive.username;
        }
        call.headers.set("Authorization", ctx.options().inactive.basic_auth());
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "permission-denied", "with the credentials of an account that may not do it",
      "Refuse (403) an account acting in a namespace it does not own.",
      {std::string(kNeedsAccounts)},
      [](const spec::Operation& op) { return has_security(op, spec::Security::kBasic); },
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        const bool library = scene.repo != nullptr && scene.repo->library;
        const Account& other = library ? ctx.user() : ctx.user2();
        if (other.empty()) ctx.skip("no second account");
        call.headers.set("Authorization", other.basic_auth());
        (void)op;
        return Result<void>();
      },
      nullptr));
  return out;
}

// Returns `token` with one character of its signature changed: the last of the signature=
// field, or of the whole value when it has none. The shape stays right, so only a server that
// compares the signature can tell.
std::string with_signature_changed(std::string token) {
  std::size_t at = token.find("signature=");
  std::size_t end = at == std::string::npos ? token.size() : token.find(',', at);
  if (end == std::string::npos) end = token.size();
  if (end == 0) return token + "0";
  char& c = token[end - 1];
  c = c == '0' ? '1' : '0';
  return token;
}

// Returns `token` with its `field` ("repository", quoted, or "access") set to `value`, or nullopt
// when it has no such field.
std::optional<std::string> with_field(std::string token, std::string_view field,
                                      const std::string& value) {
  std::size_t at = token.find(std::string(field) + "=");
  if (at == std::string::npos) return std::nullopt;
  std::size_t start = at + field.size() + 1;
  bool quoted = start < token.size() && token[start] == '"';
  std::size_t end = quoted ? token.find('"', start + 1) + 1 : token.find(',', start);
  if (end == std::string::npos || end == 0) end = token.size();
  token.replace(start, end - start, quoted ? "\"" + value + "\"" : value);
  return token;
}

// Sets `token`, reworked by `edit`, as the call's Token; skips the check when the token has no
// such part to edit.
Result<void> send_edited(CheckContext& ctx, Call& call, Result<std::string> token,
                         const std::function<std::optional<std::string>(std::string)>& edit) {
  if (!token.ok()) return token.error();
  std::optional<std::string> edited = edit(*token);
  if (!edited) {
    ctx.skip("the server's tokens have no such field to edit: " + *token);
    return {};
  }
  call.headers.set("Authorization", "Token " + *edited);
  return {};
}

Result<void> no_repository(CheckContext& ctx) {
  ctx.skip("no repository to ask a token for");
  return {};
}

std::string other_access(const spec::Operation& op) {
  return op.access.value_or("read") == "read" ? "write" : "read";
}

std::vector<Provocation> tokens() {
  const std::vector<std::string> index{std::string(kNeedsIndex)};
  std::vector<Provocation> out;
  out.push_back(provocation(
      "invalid-token", "with a forged token", "Refuse (401) a token it did not issue.", index,
      token_op,
      [](CheckContext&, const spec::Operation& op, Scene& scene, Call& call) {
        std::string repo = scene.repo != nullptr ? scene.repo->path() : "x/y";
        call.headers.set("Authorization", "Token signature=forged0000,repository=\"" + repo +
                                              "\",access=" + op.access.value_or("read"));
        return Result<void>();
      },
      nullptr));
  // Tokens of the right shape, each changed in one place: only a server that verifies the
  // signature over repository and access refuses them all.
  out.push_back(provocation(
      "invalid-token", "with its own token, one signature character changed",
      "Compare the whole signature of a token (an HMAC over repository, access and "
      "expiry), not only its shape.",
      index, token_op,
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        if (scene.repo == nullptr) return no_repository(ctx);
        return send_edited(ctx, call, ctx.token(*scene.repo, op.access.value_or("read")),
                           [](std::string t) { return std::optional(with_signature_changed(t)); });
      },
      nullptr, "signature-changed"));
  out.push_back(provocation(
      "invalid-token", "with another repository's token, its repository edited to this one",
      "Sign the token's repository, and refuse a token whose repository was edited.", index,
      token_op,
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        if (scene.repo == nullptr) return no_repository(ctx);
        Repository& other = ctx.new_repository(scene.repo->library);
        if (Result<void> r = ctx.create(other); !r.ok()) return r;
        std::string path = scene.repo->path();
        return send_edited(ctx, call, ctx.token(other, op.access.value_or("read")),
                           [path](std::string t) { return with_field(t, "repository", path); });
      },
      nullptr, "repository-edited"));
  out.push_back(provocation(
      "invalid-token", "with a token of another access, its access edited to this one",
      "Sign the token's access, and refuse a token whose access was edited.", index, token_op,
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        if (scene.repo == nullptr) return no_repository(ctx);
        std::string access = op.access.value_or("read");
        return send_edited(ctx, call, ctx.token(*scene.repo, other_access(op)),
                           [access](std::string t) { return with_field(t, "access", access); });
      },
      nullptr, "access-edited"));
  // At the boundary: a token that expired a second ago, signed with the target's own key.
  out.push_back(provocation(
      "token-expired", "with its own token, expired a second ago",
      "Refuse (401) a token from the moment its expiry passes.",
      {std::string(kNeedsIndex), std::string(kNeedsMinting)}, token_op,
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        if (scene.repo == nullptr) return no_repository(ctx);
        std::optional<std::string> token = ctx.options().mint_token(
            scene.repo->path(), op.access.value_or("read"), -std::chrono::seconds(1));
        if (!token) return Result<void>(Error::invalid("could not mint a token"));
        call.headers.set("Authorization", "Token " + *token);
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "token-wrong-repository", "with a token for another repository",
      "Check that the token's repository is the one in the URL (protocol-notes 4.3).", index,
      token_op,
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        Repository& other = ctx.new_repository(scene.repo != nullptr && scene.repo->library);
        return set_token(ctx, other, op.access.value_or("read"), call);
      },
      nullptr));
  out.push_back(provocation(
      "token-wrong-access", "with a token whose access does not allow the method",
      "Check the token's access against the method: read GET, write PUT, delete "
      "DELETE (protocol-notes 4.3).",
      index, token_op,
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        if (scene.repo == nullptr) {
          ctx.skip("no repository to ask a token for");
          return Result<void>();
        }
        return set_token(ctx, *scene.repo, other_access(op), call);
      },
      nullptr));
  return out;
}

std::vector<Provocation> objects() {
  std::vector<Provocation> out;
  out.push_back(provocation(
      "repository-not-found", "for a repository that does not exist",
      "Answer 404 for a repository nobody created.", {},
      [](const spec::Operation& op) { return op.parameter("repository") != nullptr; },
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        Repository& missing = ctx.new_repository(scene.repo != nullptr && scene.repo->library);
        for (auto& [name, value] : missing.path_params()) call.path[name] = value;
        if (op.side == spec::Side::kRegistry && ctx.has_index()) {
          // Token mode: the index knows it (so a token exists), the registry not.
          return set_token(ctx, missing, op.access.value_or("read"), call);
        }
        if (op.side == spec::Side::kIndex && token_op(op)) {
          ctx.skip("a token for a repository the index lacks cannot be had");
        }
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "image-not-found", "for an image nobody pushed", "Answer 404 for an unknown image id.", {},
      nullptr,
      [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
        if (op.parameter("image_id") != nullptr) {
          call.path["image_id"] = unknown_image_id(ctx);
        } else {
          call.body = "\"" + unknown_image_id(ctx) + "\"";  // a tag PUT
        }
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "tag-not-found", "for a tag that does not exist", "Answer 404 for an unknown tag.", {},
      [](const spec::Operation& op) { return op.parameter("tag") != nullptr; },
      [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
        call.path["tag"] = "dd-missing";
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "image-in-progress", "for an image whose checksum was never sent",
      "Refuse (400) reads of an image until PUT checksum succeeded (protocol-notes 7).", {},
      nullptr,
      [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
        return staged_image(ctx, op, call, false, false);
      },
      nullptr));
  out.push_back(provocation(
      "layer-missing", "for an image whose layer was never uploaded",
      "Refuse (400) a checksum for an image without a layer.", {}, nullptr,
      [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
        return staged_image(ctx, op, call, false, false);
      },
      nullptr));
  out.push_back(provocation(
      "image-exists", "again for an image already complete",
      "Answer 409 when a complete image is written again.", {}, nullptr,
      [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
        return staged_image(ctx, op, call, true, true);
      },
      nullptr));
  out.push_back(provocation(
      "parent-missing", "with JSON naming a parent the registry lacks",
      "Refuse (400) image JSON whose parent was never pushed.", {}, nullptr,
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        return aim_at_image(ctx, op, *scene.repo, scene.repo->images.top(), call);
      },
      nullptr));
  out.push_back(provocation(
      "image-not-in-repository",
      "for an image another repository lists, with this repository's token",
      "In token mode, refuse an upload of an image the index did not list for the "
      "token's repository: json, layer and checksum alike.",
      {std::string(kNeedsIndex)}, nullptr,
      [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
        // Another repository's unfinished image, uploaded up to this step: a write
        // token for this one must not let its layer or checksum in (protocol-notes R4).
        Repository& owner = ctx.new_repository();
        if (Result<void> r = ctx.create(owner); !r.ok()) return r;
        const fixtures::Image& image = owner.images.base();
        if (op.id != "putImageJson") {
          bool layer = op.id == "putImageChecksum";
          if (Result<void> r = ctx.upload(owner, image, layer, false); !r.ok()) return r;
        }
        return aim_at_image(ctx, op, *scene.repo, image, call);
      },
      nullptr));
  return out;
}

std::vector<Provocation> headers() {
  std::vector<Provocation> out;
  out.push_back(provocation(
      "checksum-header-missing", "without X-Docker-Checksum-Payload",
      "Answer 412 when PUT checksum lacks X-Docker-Checksum-Payload.", {}, nullptr,
      [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
        call.headers.remove("X-Docker-Checksum-Payload");
        call.headers.remove("X-Docker-Checksum");
        return Result<void>();
      },
      nullptr));
  out.push_back(provocation(
      "checksum-mismatch", "with a checksum that does not match",
      "Compute sha256 over JSON, newline and layer, and refuse (400) a mismatch.", {}, nullptr,
      [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
        call.headers.set("X-Docker-Checksum-Payload", "sha256:" + std::string(64, '0'));
        call.headers.remove("X-Docker-Checksum");  // else the tarsum may match
        return Result<void>();
      },
      nullptr));
  Provocation range;
  range.condition = "partial-content";
  range.sends = "with Range: bytes=0-9";
  range.hint = "Answer 206 with Content-Range and exactly the bytes asked for.";
  range.apply = [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
    call.headers.set("Range", "bytes=0-9");
    return Result<void>();
  };
  range.verify = [](CheckContext& ctx, const Scene& scene, const Call&, const Response& response) {
    if (scene.repo == nullptr) return;
    const std::string want = scene.repo->images.top().layer.substr(0, 10);
    if (response.body != want) {
      ctx.fail("the 206 body is not bytes 0-9 of the layer (" +
               std::to_string(response.body.size()) + " bytes, differing)");
    }
  };
  range.ignorable = true;
  out.push_back(std::move(range));
  Provocation past_end;
  past_end.condition = "range-not-satisfiable";
  past_end.sends = "with Range: bytes=SIZE- (the first byte past the end)";
  past_end.hint = "Answer 416 for a Range that starts at or past the end of the layer.";
  past_end.apply = [](CheckContext& ctx, const spec::Operation&, Scene& scene, Call& call) {
    if (scene.repo == nullptr) return no_repository(ctx);
    // The boundary: one byte further than the last, which an off-by-one server serves.
    call.headers.set("Range",
                     "bytes=" + std::to_string(scene.repo->images.top().layer.size()) + "-");
    return Result<void>();
  };
  past_end.ignorable = true;
  out.push_back(std::move(past_end));
  Provocation since;
  since.condition = "not-modified";
  since.sends = "with If-Modified-Since";
  since.hint = "Answer 304 to If-Modified-Since (protocol-notes 10.19).";
  since.apply = [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
    call.headers.set("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT");
    return Result<void>();
  };
  since.ignorable = true;
  out.push_back(std::move(since));
  out.push_back(provocation(
      "invalid-query", "with a query parameter out of range",
      "Validate paging parameters and answer 400 when out of range.", {}, nullptr,
      [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
        call.query = "q=drydock&n=0";
        return Result<void>();
      },
      nullptr));
  return out;
}

}  // namespace

std::vector<Provocation> provocations() {
  std::vector<Provocation> out;
  for (const char* c : {"invalid-image_id", "invalid-namespace", "invalid-repository",
                        "invalid-tag", "invalid-username"}) {
    out.push_back(invalid_path(c));
  }
  for (auto* group : {&body_and_auth, &tokens, &objects, &headers}) {
    for (Provocation& p : group()) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace drydock::conformance::checks
