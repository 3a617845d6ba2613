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

std::string Raised::name() const {
  std::string out(spec::to_string(condition));
  if (!case_name.empty()) out += "/" + case_name;
  return out;
}

std::optional<Raised> parse_raised(std::string_view name) {
  const size_t slash = name.find('/');
  std::optional<spec::Condition> condition = spec::parse_condition(name.substr(0, slash));
  if (!condition) return std::nullopt;
  if (slash == std::string_view::npos) return Raised(*condition);
  return Raised(*condition, name.substr(slash + 1));
}

Checked<Raised> raised_from(const Context& context, std::string_view name) {
  if (std::optional<Raised> raised = parse_raised(name)) return *raised;
  return refuse(context, spec::Condition::kInternalError,
                "condition '" + std::string(name) + "' is not in the vocabulary");
}

Reply refuse(const Context& context, const Raised& raised, std::string_view message,
             std::optional<std::string_view> challenge) {
  Reply reply = error_reply(context.operation, spec::to_string(raised.condition), message);
  if (reply.status == 401) {
    const bool index =
        context.operation != nullptr && context.operation->side == spec::Side::kIndex;
    reply.headers.set("WWW-Authenticate",
                      std::string(challenge.value_or(index ? kBasicChallenge : kTokenChallenge)));
  }
  return reply;
}

Reply refuse(const Context& context, const Error& error) {
  return refuse(context, condition_of(error.code), error.message);
}

namespace {

bool waived(const Context& context, const Raised& raised) {
  return context.waives && context.waives(raised.name());
}

}  // namespace

std::optional<Reply> gate(const Context& context, const Raised& raised, std::string_view message,
                          std::optional<std::string_view> challenge) {
  if (waived(context, raised)) return std::nullopt;
  return refuse(context, raised, message, challenge);
}

std::optional<Reply> gate(const Context& context, const Raised& raised, Reply refusal) {
  if (waived(context, raised)) return std::nullopt;
  return refusal;
}

}  // namespace drydock::simulator::http
