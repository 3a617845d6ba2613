// Recipes for the index's user operations (tag "users"): register, log in, update.

#include <nlohmann/json.hpp>

#include "../derive.h"

namespace drydock::conformance::checks {

namespace {

std::string registration(const Account& account) {
  return nlohmann::json{
      {"username", account.username}, {"password", account.password}, {"email", account.email}}
      .dump();
}

}  // namespace

std::vector<Recipe> index_user_recipes() {
  Recipe login;
  login.operation_id = "loginUser";
  login.stage = Stage::kNothing;
  login.needs = {std::string(kNeedsAccounts)};
  login.hint = "Answer GET /v1/users/ with valid Basic credentials 200 (how clients log in).";

  Recipe reg;
  reg.operation_id = "registerUser";
  reg.good_condition = "created";
  reg.stage = Stage::kNothing;
  reg.hint = "Create the account and answer 201.";
  reg.finish = [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
    std::string suffix = ctx.unique_name("dd");
    Account fresh{"dd_" + suffix.substr(3), "pw-" + suffix,
                  "dd_" + suffix.substr(3) + "@example.com"};
    call.body = registration(fresh);
    return Result<void>();
  };
  reg.special["user-exists"] = [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
    if (ctx.user().empty()) ctx.skip("no account to register again");
    call.body = registration(ctx.user());
    return Result<void>();
  };

  Recipe update;
  update.operation_id = "updateUser";
  update.stage = Stage::kNothing;
  update.needs = {std::string(kNeedsAccounts)};
  update.hint = "Let an account update its own e-mail address and answer 204.";
  update.finish = [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
    call.path["username"] = ctx.user().username;
    call.body = nlohmann::json{{"email", ctx.unique_name("dd") + "@example.com"}}.dump();
    return Result<void>();
  };
  return {login, reg, update};
}

}  // namespace drydock::conformance::checks
