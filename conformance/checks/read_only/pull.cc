// A pull inside one read check (pull.h).

#include "pull.h"

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"

namespace drydock::conformance::checks {

Result<ReadTarget> parse_read_target(const std::string& text) {
  ReadTarget target;
  std::string path = text;
  std::size_t colon = text.rfind(':');
  if (colon != std::string::npos && text.find('/', colon) == std::string::npos) {
    target.tag = text.substr(colon + 1);
    path = text.substr(0, colon);
    if (target.tag.empty()) return Error::invalid("--repository " + text + ": empty tag");
  }
  std::size_t slash = path.find('/');
  if (slash == std::string::npos) {
    target.namespace_name = "library";
    target.name = path;
  } else {
    target.namespace_name = path.substr(0, slash);
    target.name = path.substr(slash + 1);
  }
  if (target.namespace_name.empty() || target.name.empty() ||
      target.name.find('/') != std::string::npos) {
    return Error::invalid("--repository wants NS/NAME or NS/NAME:TAG, not " + text);
  }
  target.library = target.namespace_name == "library";
  return target;
}

Pull::Pull(CheckContext& ctx) : ctx_(ctx) {
  target_ = parse_read_target(ctx.options().repository).value_or(ReadTarget{});
  repo_ = &ctx.new_repository(target_.library);
  repo_->namespace_name = target_.namespace_name;
  repo_->name = target_.name;
  repo_->images = {};
  repo_->created = true;  // it is the target's: never announced, never cleaned up
  repo_->pushed = true;
}

std::string Pull::operation(const std::string& suffix) const {
  return std::string("get") + (target_.library ? "Library" : "User") + "Repository" + suffix;
}

std::map<std::string, std::string> Pull::path() const {
  return repo_->path_params();
}

bool Pull::authorize(bool require_endpoints) {
  const Account& user = ctx_.user();
  if (!ctx_.has_index()) {
    if (!user.empty()) authorization_ = user.basic_auth();
    return true;
  }
  Call call{operation("Images"), path(), {}, {}, {}};
  call.headers.set("X-Docker-Token", "true");
  if (!user.empty()) call.headers.set("Authorization", user.basic_auth());
  Result<Response> answer = ctx_.send(call);
  if (!ctx_.expect(answer, call.operation_id, "ok")) return false;
  std::string token = answer->headers.get("X-Docker-Token").value_or("");
  if (token.rfind("Token ", 0) == 0) token = token.substr(6);  // protocol-notes 10.3
  if (token.empty()) {
    ctx_.fail("the index answered X-Docker-Token: true without a token (protocol-notes 6.3)");
    return false;
  }
  if (require_endpoints && answer->headers.get("X-Docker-Endpoints").value_or("").empty()) {
    ctx_.fail(
        "the index answered X-Docker-Token: true without X-Docker-Endpoints "
        "(protocol-notes 6.3)");
  }
  repo_->tokens["read"] = token;
  authorization_ = "Token " + token;
  return true;
}

Result<Response> Pull::send(Call call) {
  if (!authorization_.empty()) call.headers.set("Authorization", authorization_);
  return ctx_.send(call);
}

Result<Response> Pull::send_streamed(Call call, BodySink sink) {
  if (!authorization_.empty()) call.headers.set("Authorization", authorization_);
  return ctx_.send_streamed(call, nullptr, 0, std::move(sink));
}

std::optional<std::map<std::string, std::string>> Pull::tags() {
  Call call{operation("Tags"), path(), {}, {}, {}};
  Result<Response> answer = send(call);
  if (!ctx_.expect(answer, call.operation_id, "ok")) return std::nullopt;
  Result<nlohmann::json> body = parse_json(answer->body);
  if (!body.ok() || !body->is_object()) {
    ctx_.fail("the tags are not a JSON object of tag to image id");
    return std::nullopt;
  }
  std::map<std::string, std::string> tags;
  for (auto& [tag, id] : body->items()) {
    if (id.is_string()) tags[tag] = id.get<std::string>();
  }
  return tags;
}

std::optional<std::string> Pull::tagged_image() {
  if (!target_.tag.empty()) {
    Call call{operation("Tag"), path(), {}, {}, {}};
    call.path["tag"] = target_.tag;
    Result<Response> answer = send(call);
    if (!ctx_.expect(answer, call.operation_id, "ok")) return std::nullopt;
    Result<nlohmann::json> id = parse_json(answer->body);
    if (!id.ok() || !id->is_string()) {
      ctx_.fail("GET tags/" + target_.tag + " answered no image id (a JSON string)");
      return std::nullopt;
    }
    return id->get<std::string>();
  }
  std::optional<std::map<std::string, std::string>> all = tags();
  if (!all) return std::nullopt;
  if (all->empty()) {
    ctx_.skip("the repository has no tag to read");
    return std::nullopt;
  }
  auto latest = all->find("latest");
  return latest != all->end() ? latest->second : all->begin()->second;
}

std::optional<std::vector<std::string>> Pull::ancestry(const std::string& id) {
  Call call{"getImageAncestry", {{"image_id", id}}, {}, {}, {}};
  Result<Response> answer = send(call);
  if (!ctx_.expect(answer, call.operation_id, "ok")) return std::nullopt;
  Result<nlohmann::json> body = parse_json(answer->body);
  std::vector<std::string> ids;
  if (body.ok() && body->is_array()) {
    for (const nlohmann::json& item : *body) {
      if (item.is_string()) ids.push_back(item.get<std::string>());
    }
  }
  if (ids.empty() || (body.ok() && ids.size() != body->size())) {
    ctx_.fail("the ancestry of " + id + " is not a JSON array of image ids");
    return std::nullopt;
  }
  return ids;
}

std::optional<std::string> Pull::start() {
  if (!authorize()) return std::nullopt;
  return tagged_image();
}

std::optional<std::vector<std::string>> Pull::images() {
  std::optional<std::string> top = start();
  if (!top) return std::nullopt;
  return ancestry(*top);
}

std::optional<Response> Pull::image_json(const std::string& id) {
  Call call{"getImageJson", {{"image_id", id}}, {}, {}, {}};
  Result<Response> answer = send(call);
  if (!ctx_.expect(answer, call.operation_id, "ok")) return std::nullopt;
  return *answer;
}

void Pull::each_image(
    const std::function<bool(const std::string& id, const Response& json)>& visit) {
  std::optional<std::vector<std::string>> ids = images();
  if (!ids) return;
  for (const std::string& id : *ids) {
    std::optional<Response> json = image_json(id);
    if (!json || !visit(id, *json)) return;
  }
}

std::string stated_payload_checksum(const Response& json_answer) {
  for (const char* name : {"X-Docker-Checksum-Payload", "X-Docker-Payload-Checksum"}) {
    std::string value = json_answer.headers.get(name).value_or("");
    if (!value.empty()) return value;
  }
  std::string legacy = json_answer.headers.get("X-Docker-Checksum").value_or("");
  return legacy.rfind("sha256:", 0) == 0 ? legacy : "";
}

}  // namespace drydock::conformance::checks
