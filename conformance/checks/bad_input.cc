// The bad-input provocations: for each condition of spec/README.md the runner can raise, how to
// turn an operation's good request into one that raises it (derive.h). Conditions the runner
// cannot raise on its own (inactive-account, token-expired, token-spent, user-not-found,
// checksum-empty) have no provocation; the flows cover token-spent.

#include <string>

#include <nlohmann/json.hpp>

#include "derive.h"
#include "drydock/spec/schema.h"

namespace drydock::conformance::checks {

namespace {

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
  out.push_back({"malformed-json",
                 "with a body that is not JSON",
                 "Parse the body and answer 400 when it is not JSON.",
                 {},
                 json_body,
                 [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
                   call.body = "{not json";
                   return Result<void>();
                 },
                 nullptr});
  out.push_back({"invalid-body",
                 "with a JSON body that fails the request schema",
                 "Validate the body against the request schema and answer the spec's error.",
                 {},
                 json_body,
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
                 nullptr});
  out.push_back({"missing-auth",
                 "with no Authorization header",
                 "Answer 401 with WWW-Authenticate when credentials are missing.",
                 {},
                 nullptr,
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
                 nullptr});
  out.push_back({"bad-credentials",
                 "with Basic credentials whose password is wrong",
                 "Check Basic credentials against the account and answer 401 when they differ.",
                 {std::string(kNeedsAccounts)},
                 [](const spec::Operation& op) { return has_security(op, spec::Security::kBasic); },
                 [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
                   Account wrong = ctx.user();
                   wrong.password += "-wrong";
                   call.headers.set("Authorization", wrong.basic_auth());
                   return Result<void>();
                 },
                 nullptr});
  out.push_back({"permission-denied",
                 "with the credentials of an account that may not do it",
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
                 nullptr});
  return out;
}

std::vector<Provocation> tokens() {
  const std::vector<std::string> index{std::string(kNeedsIndex)};
  std::vector<Provocation> out;
  out.push_back({"invalid-token", "with a forged token", "Refuse (401) a token it did not issue.",
                 index, token_op,
                 [](CheckContext&, const spec::Operation& op, Scene& scene, Call& call) {
                   std::string repo = scene.repo != nullptr ? scene.repo->path() : "x/y";
                   call.headers.set("Authorization", "Token signature=forged0000,repository=\"" +
                                                         repo +
                                                         "\",access=" + op.access.value_or("read"));
                   return Result<void>();
                 },
                 nullptr});
  out.push_back({"token-wrong-repository", "with a token for another repository",
                 "Check that the token's repository is the one in the URL (protocol-notes 4.3).",
                 index, token_op,
                 [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
                   Repository& other =
                       ctx.new_repository(scene.repo != nullptr && scene.repo->library);
                   return set_token(ctx, other, op.access.value_or("read"), call);
                 },
                 nullptr});
  out.push_back({"token-wrong-access", "with a token whose access does not allow the method",
                 "Check the token's access against the method: read GET, write PUT, delete "
                 "DELETE (protocol-notes 4.3).",
                 index, token_op,
                 [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
                   std::string access = op.access.value_or("read") == "read" ? "write" : "read";
                   if (scene.repo == nullptr) {
                     ctx.skip("no repository to ask a token for");
                     return Result<void>();
                   }
                   return set_token(ctx, *scene.repo, access, call);
                 },
                 nullptr});
  return out;
}

std::vector<Provocation> objects() {
  std::vector<Provocation> out;
  out.push_back({"repository-not-found",
                 "for a repository that does not exist",
                 "Answer 404 for a repository nobody created.",
                 {},
                 [](const spec::Operation& op) { return op.parameter("repository") != nullptr; },
                 [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
                   Repository& missing =
                       ctx.new_repository(scene.repo != nullptr && scene.repo->library);
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
                 nullptr});
  out.push_back({"image-not-found",
                 "for an image nobody pushed",
                 "Answer 404 for an unknown image id.",
                 {},
                 nullptr,
                 [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
                   if (op.parameter("image_id") != nullptr) {
                     call.path["image_id"] = unknown_image_id(ctx);
                   } else {
                     call.body = "\"" + unknown_image_id(ctx) + "\"";  // a tag PUT
                   }
                   return Result<void>();
                 },
                 nullptr});
  out.push_back({"tag-not-found",
                 "for a tag that does not exist",
                 "Answer 404 for an unknown tag.",
                 {},
                 [](const spec::Operation& op) { return op.parameter("tag") != nullptr; },
                 [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
                   call.path["tag"] = "dd-missing";
                   return Result<void>();
                 },
                 nullptr});
  out.push_back({"image-in-progress",
                 "for an image whose checksum was never sent",
                 "Refuse (400) reads of an image until PUT checksum succeeded (protocol-notes 7).",
                 {},
                 nullptr,
                 [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
                   return staged_image(ctx, op, call, false, false);
                 },
                 nullptr});
  out.push_back({"layer-missing",
                 "for an image whose layer was never uploaded",
                 "Refuse (400) a checksum for an image without a layer.",
                 {},
                 nullptr,
                 [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
                   return staged_image(ctx, op, call, false, false);
                 },
                 nullptr});
  out.push_back({"image-exists",
                 "again for an image already complete",
                 "Answer 409 when a complete image is written again.",
                 {},
                 nullptr,
                 [](CheckContext& ctx, const spec::Operation& op, Scene&, Call& call) {
                   return staged_image(ctx, op, call, true, true);
                 },
                 nullptr});
  out.push_back({"parent-missing",
                 "with JSON naming a parent the registry lacks",
                 "Refuse (400) image JSON whose parent was never pushed.",
                 {},
                 nullptr,
                 [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
                   return aim_at_image(ctx, op, *scene.repo, scene.repo->images.top(), call);
                 },
                 nullptr});
  out.push_back({"image-not-in-repository",
                 "for an image the repository's index list lacks",
                 "In token mode, refuse images the index did not list for the repository.",
                 {std::string(kNeedsIndex)},
                 nullptr,
                 [](CheckContext& ctx, const spec::Operation& op, Scene& scene, Call& call) {
                   fixtures::ImageChain stray = fixtures::make_image_chain(ctx.unique_name("s"), 1);
                   if (Result<void> r = aim_at_image(ctx, op, *scene.repo, stray.base(), call);
                       !r.ok()) {
                     return r;
                   }
                   return Result<void>();
                 },
                 nullptr});
  return out;
}

std::vector<Provocation> headers() {
  std::vector<Provocation> out;
  out.push_back({"checksum-header-missing",
                 "without X-Docker-Checksum-Payload",
                 "Answer 412 when PUT checksum lacks X-Docker-Checksum-Payload.",
                 {},
                 nullptr,
                 [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
                   call.headers.remove("X-Docker-Checksum-Payload");
                   call.headers.remove("X-Docker-Checksum");
                   return Result<void>();
                 },
                 nullptr});
  out.push_back({"checksum-mismatch",
                 "with a checksum that does not match",
                 "Compute sha256 over JSON, newline and layer, and refuse (400) a mismatch.",
                 {},
                 nullptr,
                 [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
                   call.headers.set("X-Docker-Checksum-Payload", "sha256:" + std::string(64, '0'));
                   call.headers.remove("X-Docker-Checksum");  // else the tarsum may match
                   return Result<void>();
                 },
                 nullptr});
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
  past_end.sends = "with a Range past the end of the layer";
  past_end.hint = "Answer 416 for a Range that starts past the end.";
  past_end.apply = [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
    call.headers.set("Range", "bytes=1000000000-1000000010");
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
  out.push_back({"invalid-query",
                 "with a query parameter out of range",
                 "Validate paging parameters and answer 400 when out of range.",
                 {},
                 nullptr,
                 [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
                   call.query = "q=drydock&n=0";
                   return Result<void>();
                 },
                 nullptr});
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
