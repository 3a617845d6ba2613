#include "drydock/simulator/http/handler_kit.h"

#include "drydock/simulator/http/error_reply.h"

namespace drydock::simulator::http {

RepositoryName repository_name(const Request& request) {
  RepositoryName out;
  auto ns = request.path_params.find("namespace");
  out.ns = ns != request.path_params.end() ? ns->second : "library";
  auto name = request.path_params.find("repository");
  if (name != request.path_params.end()) out.name = name->second;
  return out;
}

std::vector<std::string> operation_ids(std::string_view operation_id, Forms forms) {
  std::vector<std::string> ids{std::string(operation_id)};
  if (forms == Forms::kUserAndLibrary) {
    std::string twin(operation_id);
    if (auto at = twin.find("User"); at != std::string::npos) twin.replace(at, 4, "Library");
    ids.push_back(std::move(twin));
  }
  return ids;
}

Reply refuse(const Context& context, std::string_view condition, std::string_view message,
             std::optional<std::string_view> challenge) {
  Reply reply = error_reply(context.operation, condition.substr(0, condition.find('/')), message);
  if (reply.status == 401) {
    const bool index =
        context.operation != nullptr && context.operation->side == spec::Side::kIndex;
    reply.headers.set("WWW-Authenticate",
                      std::string(challenge.value_or(index ? kBasicChallenge : kTokenChallenge)));
  }
  return reply;
}

Reply refuse(const Context& context, const Error& error) {
  return refuse(context, condition_for(error.code), error.message);
}

namespace {

bool waived(const Context& context, std::string_view condition) {
  return context.waives && context.waives(condition);
}

}  // namespace

std::optional<Reply> gate(const Context& context, std::string_view condition,
                          std::string_view message, std::optional<std::string_view> challenge) {
  if (waived(context, condition)) return std::nullopt;
  return refuse(context, condition, message, challenge);
}

std::optional<Reply> gate(const Context& context, std::string_view condition, Reply refusal) {
  if (waived(context, condition)) return std::nullopt;
  return refusal;
}

}  // namespace drydock::simulator::http
