// derive_checks(): recipes x provocations -> checks (derive.h).

#include "derive.h"

#include <algorithm>
#include <set>

#include "drydock/common/digest.h"
#include "drydock/conformance/catalogue.h"
#include "drydock/fixtures/users.h"

namespace drydock::conformance::checks {

namespace {

bool has(const std::vector<spec::Security>& list, spec::Security s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Fills in what every good request of `op` needs: a repository at the recipe's stage, the path
// parameters, and credentials. Then lets the recipe finish the call.
Result<void> prepare(CheckContext& ctx, const spec::Operation& op, const Recipe& recipe,
                     Scene& scene, Call& call) {
  call.operation_id = op.id;
  if (recipe.stage != Stage::kNothing) {
    Repository& repo = ctx.new_repository(op.library);
    scene.repo = &repo;
    if (recipe.stage == Stage::kCreated) {
      if (Result<void> r = ctx.create(repo); !r.ok()) return r;
    } else if (recipe.stage == Stage::kPushed) {
      if (Result<void> r = ctx.push(repo); !r.ok()) return r;
    } else {
      ctx.track(repo);
    }
    call.path = repo.path_params();
    if (op.parameter("tag") != nullptr) call.path["tag"] = "latest";
    if (op.parameter("image_id") != nullptr) call.path["image_id"] = repo.images.top().id;
  }
  if (op.side == spec::Side::kIndex && has(op.security, spec::Security::kBasic) &&
      !has(op.security, spec::Security::kNone)) {
    const Account& who = scene.repo != nullptr ? owner(ctx, *scene.repo) : ctx.user();
    call.headers.set("Authorization", who.basic_auth());
  } else if (has(op.security, spec::Security::kToken) && scene.repo != nullptr) {
    Result<std::string> auth = ctx.registry_auth(*scene.repo, op.access.value_or("read"));
    if (!auth.ok()) return auth.error();
    if (!auth->empty()) call.headers.set("Authorization", *auth);
  }
  if (recipe.finish) return recipe.finish(ctx, op, scene, call);
  return {};
}

// Reads what a puller reads before an image's JSON or layer (protocol-notes 6.3 step 3): its
// ancestry, and before its layer its JSON, with the credentials of `call`. A check of a good read
// then reads as a client does; deliberate checks do not bother. The answers are not judged here:
// the checks of those operations judge them.
void read_as_puller(CheckContext& ctx, const spec::Operation& op, const Call& call) {
  if ((op.id != "getImageJson" && op.id != "getImageLayer") || ctx.deliberate()) return;
  auto id = call.path.find("image_id");
  if (id == call.path.end()) return;
  Call read{"getImageAncestry", {{"image_id", id->second}}, {}, {}, {}};
  if (auto auth = call.headers.get("Authorization")) read.headers.set("Authorization", *auth);
  (void)ctx.send(read);
  if (op.id != "getImageLayer") return;
  read.operation_id = "getImageJson";
  (void)ctx.send(read);
}

std::vector<std::string> conditions_of(const spec::Operation& op) {
  std::vector<std::string> out;
  for (const spec::Response& r : op.responses) {
    for (const std::string& c : r.conditions) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  return out;
}

std::string requirement(const spec::Operation& op, std::string_view condition) {
  std::vector<const spec::Response*> rs = op.responses_for(condition, spec::Profile::kCompat);
  std::string text = "The server answers";
  for (std::size_t i = 0; i < rs.size(); ++i) {
    text += (i == 0 ? " " : " or ") + std::to_string(rs[i]->status);
  }
  if (!rs.empty() && !rs.front()->description.empty()) text += ": " + rs.front()->description;
  return text;
}

std::vector<std::string> needs_of(const spec::Operation& op, const Recipe& recipe,
                                  const std::vector<std::string>& extra) {
  std::set<std::string> needs(recipe.needs.begin(), recipe.needs.end());
  needs.insert(extra.begin(), extra.end());
  needs.insert(std::string(op.side == spec::Side::kIndex ? kNeedsIndex : kNeedsRegistry));
  if (op.side == spec::Side::kIndex && recipe.stage != Stage::kNothing) {
    needs.insert(std::string(kNeedsAccounts));
  }
  if (op.library) needs.insert(std::string(kNeedsAdmin));
  return {needs.begin(), needs.end()};
}

constexpr spec::Profile kProfiles[] = {spec::Profile::kDocs, spec::Profile::kDockerRegistry,
                                       spec::Profile::kCompat};

// The verdict on an answer to a request whose added header HTTP lets a server ignore, where the
// condition is MAY-level: the plain answer is "not supported"; another wrong answer fails.
void judge_ignorable(CheckContext& ctx, const spec::Operation& op, const Recipe& recipe,
                     const std::string& condition, const Result<Response>& response) {
  const spec::Expectation plain = op.expectation(recipe.good_condition, ctx.profile());
  if (plain.accepts(response->status)) {
    ctx.skip("not supported (MAY): the server answered " + std::to_string(response->status) +
             " as to a plain request: it ignores what this check adds, as HTTP allows");
    return;
  }
  ctx.fail("answered " + std::to_string(response->status) + ": neither " + condition +
           " nor the plain answer of a server that ignores the header");
}

Check make_check(const spec::Operation& op, const Recipe& recipe, const std::string& condition,
                 const std::string& sends, std::string hint, const std::vector<std::string>& needs,
                 Apply apply, Verify verify, bool ignorable = false) {
  Check check;
  check.id = spec::check_id(op, condition);
  check.title = op.method + " " + op.path + " " + sends;
  check.requirement = requirement(op, condition);
  for (spec::Profile profile : kProfiles) {
    spec::Expectation expected = op.expectation(condition, profile);
    ProfileCitation& citation = check.profiles[static_cast<std::size_t>(profile)];
    citation.level = expected.responses.empty() ? op.level : expected.level;
    citation.source = expected.source.document.empty() ? op.source : expected.source;
    citation.statuses = expected.statuses();
  }
  check.hint = std::move(hint);
  check.needs = needs_of(op, recipe, needs);
  check.run = [&op, recipe, condition, apply, verify, ignorable](CheckContext& ctx) {
    Scene scene;
    Call call;
    if (!ctx.ok(prepare(ctx, op, recipe, scene, call))) return;
    if (apply) {
      if (!ctx.ok(apply(ctx, op, scene, call))) return;
      if (ctx.verdict().outcome != Outcome::kPass) return;  // skipped
    }
    read_as_puller(ctx, op, call);
    Result<Response> response = ctx.send(call);
    const spec::Expectation expected = op.expectation(condition, ctx.profile());
    if (ignorable && response.ok() && expected.level == spec::Level::kMay &&
        !expected.accepts(response->status)) {
      judge_ignorable(ctx, op, recipe, condition, response);
      return;
    }
    if (ctx.expect(response, op.id, condition) && verify) verify(ctx, scene, call, *response);
  };
  return check;
}

}  // namespace

const Account& owner(const CheckContext& ctx, const Repository& repo) {
  return repo.library ? ctx.admin() : ctx.user();
}

std::vector<Recipe> user_and_library(const std::string& verb, const std::string& suffix,
                                     const Recipe& base) {
  Recipe user = base;
  user.operation_id = verb + "UserRepository" + suffix;
  Recipe library = base;
  library.operation_id = verb + "LibraryRepository" + suffix;
  return {user, library};
}

std::string unknown_image_id(const CheckContext& ctx) {
  return sha256_hex("drydock unknown image " + ctx.unique_name("x"));
}

Result<void> aim_at_image(CheckContext& ctx, const spec::Operation& op, Repository& repo,
                          const fixtures::Image& image, Call& call) {
  call.path["image_id"] = image.id;
  Result<std::string> auth = ctx.registry_auth(repo, op.access.value_or("read"));
  if (!auth.ok()) return auth.error();
  if (!auth->empty()) call.headers.set("Authorization", *auth);
  if (op.id == "putImageJson") call.body = image.json;
  if (op.id == "putImageLayer") call.body = image.layer;
  if (op.id == "putImageChecksum") {
    call.headers.set("X-Docker-Checksum-Payload", image.payload_checksum);
    call.headers.set("X-Docker-Checksum", image.tarsum);
  }
  return {};
}

std::vector<Check> derive_checks(const spec::Spec& spec, const std::vector<Recipe>& recipes,
                                 const std::vector<Provocation>& provocations) {
  std::vector<Check> checks;
  auto add = [&](const spec::Operation& op, const Recipe& recipe, const Provocation& p) {
    Check check = make_check(op, recipe, p.condition, p.sends, p.hint, p.needs, p.apply, p.verify,
                             p.ignorable);
    if (!p.variant.empty()) check.id += "/" + p.variant;
    checks.push_back(std::move(check));
  };
  for (const Recipe& recipe : recipes) {
    const spec::Operation* op = spec.find(recipe.operation_id);
    if (op == nullptr) continue;  // a recipe for an operation the spec dropped
    std::string good_hint = recipe.hint.empty()
                                ? "Answer " + op->method + " " + op->path + " for good input as " +
                                      op->source.to_string() + " says."
                                : recipe.hint;
    checks.push_back(make_check(*op, recipe, recipe.good_condition, "with good input", good_hint,
                                {}, nullptr, recipe.verify));
    for (const std::string& condition : conditions_of(*op)) {
      if (condition == recipe.good_condition) continue;
      if (auto it = recipe.special.find(condition); it != recipe.special.end()) {
        checks.push_back(make_check(*op, recipe, condition, "raising " + condition,
                                    "Answer " + condition + " as the spec says.", {}, it->second,
                                    nullptr));
        continue;
      }
      bool own = false;
      for (const Provocation& p : recipe.variants) {
        if (p.condition == condition && p.variant.empty() && !own) add(*op, recipe, p);
        own = own || (p.condition == condition && p.variant.empty());
      }
      for (const Provocation& p : provocations) {
        if (p.condition != condition || (p.applies && !p.applies(*op))) continue;
        if (!p.variant.empty() || !own) add(*op, recipe, p);
        own = own || p.variant.empty();
      }
    }
    for (const Provocation& p : recipe.variants) {
      if (p.variant.empty() || op->responses_for(p.condition, spec::Profile::kCompat).empty()) {
        continue;
      }
      add(*op, recipe, p);
    }
  }
  return checks;
}

}  // namespace drydock::conformance::checks
