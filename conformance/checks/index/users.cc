// Recipes for the index's user operations (tag "users"): register, log in, update.

#include <functional>

#include <nlohmann/json.hpp>

#include "../derive.h"

namespace drydock::conformance::checks {

namespace {

std::string registration(const Account& account) {
  return nlohmann::json{
      {"username", account.username}, {"password", account.password}, {"email", account.email}}
      .dump();
}

// A fresh account nobody registered: "dd_<8 hex>", with a password and e-mail of its own.
Account fresh_account(CheckContext& ctx) {
  std::string suffix = ctx.unique_name("dd").substr(3);
  return {"dd_" + suffix, "pw-" + suffix, "dd_" + suffix + "@example.com"};
}

// A registration that breaks one documented rule (hub-api-v1.md, User Register), everything else
// valid: the index answers 400.
Provocation refused_registration(std::string variant, std::string sends,
                                 std::function<void(Account&)> spoil) {
  Provocation p;
  p.condition = "invalid-body";
  p.variant = std::move(variant);
  p.sends = std::move(sends);
  p.hint =
      "Hold registrations to the documented rules and answer 400 (hub-api-v1.md, User "
      "Register).";
  p.apply = [spoil](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
    Account account = fresh_account(ctx);
    spoil(account);
    call.body = registration(account);
    return Result<void>();
  };
  return p;
}

// Logs in with an account whose password holds a colon: Basic splits user and password at the
// first colon (RFC 7617), and the documents set no rule against one.
Result<void> colon_password(CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
  Account account = fresh_account(ctx);
  account.password = "pa:ss:" + account.password;
  Result<Response> created = ctx.send({"registerUser", {}, {}, registration(account), {}});
  if (!created.ok()) return Error::io(created.error().message);
  if (created->status != 201) {
    return Error::invalid("setup: registerUser answered " + std::to_string(created->status));
  }
  call.headers.set("Authorization", account.basic_auth());
  return {};
}

}  // namespace

std::vector<Recipe> index_user_recipes() {
  Recipe login;
  login.operation_id = "loginUser";
  login.stage = Stage::kNothing;
  login.needs = {std::string(kNeedsAccounts)};
  login.hint = "Answer GET /v1/users/ with valid Basic credentials 200 (how clients log in).";
  Provocation colon;
  colon.condition = "ok";
  colon.variant = "colon-in-password";
  colon.sends = "for an account whose password contains colons";
  colon.hint =
      "Split Basic credentials at the first colon only (RFC 7617): the password may hold "
      "more.";
  colon.apply = colon_password;
  login.variants.push_back(colon);

  Recipe reg;
  reg.operation_id = "registerUser";
  reg.good_condition = "created";
  reg.stage = Stage::kNothing;
  reg.hint = "Create the account and answer 201.";
  reg.finish = [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
    call.body = registration(fresh_account(ctx));
    return Result<void>();
  };
  reg.special["user-exists"] = [](CheckContext& ctx, const spec::Operation&, Scene&, Call& call) {
    if (ctx.user().empty()) ctx.skip("no account to register again");
    call.body = registration(ctx.user());
    return Result<void>();
  };
  reg.variants.push_back(refused_registration(
      "short-password", "with a password of 4 characters (the documents' minimum is 5)",
      [](Account& a) { a.password = "abcd"; }));
  reg.variants.push_back(
      refused_registration("invalid-email", "with an e-mail address that has no domain",
                           [](Account& a) { a.email = a.username + "-at-nowhere"; }));
  // library is the namespace of one-component names, whose repositories only admins may create
  // (hub-api-v1.md, Library Repository; protocol-notes 3): no account may take its name.
  reg.variants.push_back(refused_registration("reserved-username", "with the username library",
                                              [](Account& a) { a.username = "library"; }));

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
