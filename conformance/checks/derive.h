#pragma once
// How the catalogue is derived from the spec (private to checks/). Two tables meet here:
//   - a Recipe per operation: the setup it needs and its good request;
//   - a Provocation per condition: how to turn a good request into one that raises it.
// derive_checks() crosses them: for every operation, its good-input check and one check per
// condition it lists that a provocation (or the recipe itself) can raise. The expectations are
// always the spec's (CheckContext::expect).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "drydock/conformance/check.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance::checks {

// What a recipe set up, for provocations to build on.
struct Scene {
  Repository* repo = nullptr;  // the repository the good request is about, if any
};

// Changes `call` (and sets up more state) so that it raises a condition. Returns an Error when a
// setup step failed; a provocation that cannot apply calls ctx.skip() and returns success.
using Apply = std::function<Result<void>(CheckContext&, const spec::Operation&, Scene&, Call&)>;

// Checks what came back beyond what the spec can say: the bytes, the order, the values the runner
// itself sent earlier. Runs only when the answer already passed CheckContext::expect(); calls
// ctx.fail() on a difference.
using Verify =
    std::function<void(CheckContext&, const Scene&, const Call&, const Response& response)>;

// What state the good request needs.
enum class Stage {
  kNothing,  // no repository
  kFresh,    // fresh repository names, nothing created
  kCreated,  // the repository exists on the index (a write token), nothing pushed
  kPushed,   // two images pushed, tagged "latest", listed on the index
};

struct Provocation;

struct Recipe {
  std::string operation_id;
  std::string good_condition = "ok";  // "created", "accepted" where good input gets that
  Stage stage = Stage::kPushed;
  std::vector<std::string> needs;  // beyond what the operation's side implies
  std::string hint;                // for the good-input check
  // Completes the good call after the generic part (path parameters, auth) is filled in.
  Apply finish;
  // Conditions this operation raises in its own way (e.g. "ok" of a two-call delete).
  std::map<std::string, Apply> special;
  // Checks the content of the good answer (the layer's bytes, the ancestry's order).
  Verify verify;
  // Provocations of this operation alone: with a `variant` name, further checks (a password with
  // a colon, a body whose id differs from the URL's); without, the condition's own check, in
  // place of the shared provocation.
  std::vector<Provocation> variants;
};

struct Provocation {
  std::string condition;
  std::string sends;  // appended to the title: "with no Authorization header"
  std::string hint;
  std::vector<std::string> needs;
  // Returns whether it can apply to `op` at all (decided when the catalogue is built).
  std::function<bool(const spec::Operation&)> applies;
  Apply apply;
  // Checks the content of the answer (the bytes of a range).
  Verify verify;
  // What it adds is a request header HTTP lets a server ignore (Range, If-Modified-Since). Where
  // the condition is MAY-level, the answer a plain request gets means "not supported" (a skip),
  // and any other answer outside the condition's is a server that claims the feature and gets it
  // wrong (a failure), not one that lacks it.
  bool ignorable = false;
  // Empty: the condition's own check, "<operation>/<condition>". Otherwise a further way to
  // raise it, checked as "<operation>/<condition>/<variant>" ("invalid-token/signature-changed").
  std::string variant;
};

// Per-area recipe tables (checks/index/*.cc, checks/registry/*.cc).
std::vector<Recipe> index_user_recipes();
std::vector<Recipe> index_repository_recipes();
std::vector<Recipe> index_image_recipes();
std::vector<Recipe> index_authorization_recipes();
std::vector<Recipe> index_search_recipes();
std::vector<Recipe> registry_image_recipes();
std::vector<Recipe> registry_tag_recipes();
std::vector<Recipe> registry_repository_recipes();
std::vector<Recipe> registry_ping_recipes();
// The bad-input provocations (bad_input.cc).
std::vector<Provocation> provocations();
// The large-layer round trip (registry/large_layer.cc).
std::vector<Check> large_layer_checks();
// The Arazzo workflow checks (flows.cc).
std::vector<Check> flow_checks(const spec::Spec& spec);

// Crosses recipes and provocations into checks (derive.cc): per operation, the good-input check;
// per condition it lists, the first provocation without a variant that applies, and every one with
// a variant that applies; then the recipe's own variants.
std::vector<Check> derive_checks(const spec::Spec& spec, const std::vector<Recipe>& recipes,
                                 const std::vector<Provocation>& provocations);

// Helpers shared by the tables.
// Returns the account that owns `repo` on the index (admin for library repositories).
const Account& owner(const CheckContext& ctx, const Repository& repo);
// Points `call` at `image` of `repo`: the image_id, the write token, and the body or checksum
// headers `op` sends for it.
Result<void> aim_at_image(CheckContext& ctx, const spec::Operation& op, Repository& repo,
                          const fixtures::Image& image, Call& call);
// Returns `base` twice, as "<verb>UserRepository<suffix>" and "<verb>LibraryRepository<suffix>"
// (the library one needs an admin).
std::vector<Recipe> user_and_library(const std::string& verb, const std::string& suffix,
                                     const Recipe& base);
// Returns an image id nobody pushed (64 hex digits).
std::string unknown_image_id(const CheckContext& ctx);

}  // namespace drydock::conformance::checks
