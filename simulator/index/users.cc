// Users (protocol-notes 5.2 I1-I3): register, log in, update.

#include <string>

#include <nlohmann/json.hpp>

#include "authentication.h"
#include "drydock/simulator/auth/basic_auth.h"
#include "drydock/simulator/http/error_reply.h"
#include "index_handlers.h"

namespace drydock::simulator::index {
namespace {

// design.md "Where real clients read exact bodies": Docker 1.x clients compare this exact JSON
// string, then fall back to logging in (protocol-notes 5.2 I1, 6.1). The real body wins over
// the {"error": ...} form here, and only here.
constexpr std::string_view kUserExists = "Username or email already exists";

// Namespaces that no account may take: `library` holds the official repositories.
constexpr std::string_view kReservedNames[] = {"library"};

// A plausible e-mail address: one '@', a non-empty local part, a dotted domain, no spaces or
// control characters. The Hub confirmed addresses by mail; a simulator can only judge the form.
bool valid_email(std::string_view email) {
  auto at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
    return false;
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  }
  std::string_view domain = email.substr(at + 1);
  auto dot = domain.find('.');
  return dot != std::string_view::npos && dot != 0 && domain.back() != '.';
}

std::optional<std::string> string_field(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The request schema (UserRegistration) has run: the fields are there, the username matches
// ^[a-z0-9_]{4,30}$ and the password has 5 characters or more. What the schema cannot say is
// checked here: the condition with its case, and the message.
struct Problem {
  http::Raised condition;
  std::string message;
};
std::optional<Problem> registration_problem(std::string_view username, std::string_view email) {
  for (std::string_view reserved : kReservedNames) {
    if (username == reserved) {
      return Problem{{Condition::kInvalidBody, "reserved-username"},
                     "/username: " + std::string(reserved) + " is reserved"};
    }
  }
  if (!valid_email(email)) {
    return Problem{{Condition::kInvalidBody, "invalid-email"},
                   "/email: not a valid e-mail address"};
  }
  return std::nullopt;
}

}  // namespace

// POST /v1/users/: 201 "User Created"; 400 for a bad field; 400 with the exact JSON string
// "Username or email already exists" for a taken username or email.
http::Reply register_user(IndexState& state, http::Context& ctx, const http::Request&) {
  if (!ctx.json_body || !ctx.json_body->is_object()) return refuse(ctx, Condition::kInvalidBody);
  const nlohmann::json& body = *ctx.json_body;
  std::string username = string_field(body, "username").value_or("");
  std::string email = string_field(body, "email").value_or("");
  std::string password = string_field(body, "password").value_or("");
  if (auto problem = registration_problem(username, email)) {
    if (auto refused = gate(ctx, problem->condition, problem->message)) return std::move(*refused);
  }
  auto created = state.services.accounts->create_user(username, email, password,
                                                      state.services.options->auto_activate);
  if (!created.ok()) {
    if (created.error().code != ErrorCode::kConflict) {
      return http::error_reply(ctx.operation, created.error());
    }
    auto refused =
        gate(ctx, Condition::kUserExists, http::Reply::json(400, nlohmann::json(kUserExists)));
    if (refused) return std::move(*refused);
  }
  return http::Reply::json(201, nlohmann::json("User Created"));
}

// GET /v1/users/: 200 "OK" for good credentials of an active account (protocol-notes 5.2 I2; the
// guard, Guard::kBasic, checked them).
http::Reply login_user(IndexState&, http::Context&, const http::Request&) {
  return http::Reply::json(200, nlohmann::json("OK"));
}

// PUT /v1/users/{username}/: adds an e-mail address and/or changes the password; 204. A user
// updates their own account; an admin any account (404 for an unknown one). Another user's
// account answers 403 whether it exists or not.
http::Reply update_user(IndexState& state, http::Context& ctx, const http::Request& request) {
  const std::string& target = request.path_params.at("username");
  if (target != ctx.user && !ctx.admin) {
    return refuse(ctx, Condition::kPermissionDenied, "Access Denied: not your account");
  }
  if (!ctx.json_body || !ctx.json_body->is_object()) return refuse(ctx, Condition::kInvalidBody);
  accounts::UserUpdate update;
  update.email = string_field(*ctx.json_body, "email");
  update.password = string_field(*ctx.json_body, "password");
  if (update.email && !valid_email(*update.email)) {
    return refuse(ctx, Condition::kInvalidBody, "/email: not a valid e-mail address");
  }
  auto updated = state.services.accounts->update_user(target, update);
  if (!updated.ok()) {
    switch (updated.error().code) {
      case ErrorCode::kNotFound:
        return refuse(ctx, Condition::kUserNotFound);
      case ErrorCode::kConflict:
        return refuse(ctx, Condition::kInvalidBody, "/email: belongs to another account");
      default:
        return http::error_reply(ctx.operation, updated.error());
    }
  }
  http::Reply reply;
  reply.status = 204;
  return reply;
}

}  // namespace drydock::simulator::index
