#include "state.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/judge/judge.h"

namespace drydock::judge {

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool starts_with_word(std::string_view text, std::string_view word) {
  return text.size() > word.size() && iequals(text.substr(0, word.size()), word) &&
         text[word.size()] == ' ';
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

bool is_registry_write(const Seen& s) {
  return s.is("putImageJson") || s.is("putImageLayer") || s.is("putImageChecksum") ||
         s.is("putUserRepositoryTag") || s.is("putLibraryRepositoryTag");
}
bool is_announce(const Seen& s) {
  return s.is("putUserRepository") || s.is("putLibraryRepository");
}
bool is_final_put(const Seen& s) {
  return s.is("putUserRepositoryImages") || s.is("putLibraryRepositoryImages");
}
bool is_tag_put(const Seen& s) {
  return s.is("putUserRepositoryTag") || s.is("putLibraryRepositoryTag");
}
bool takes_token(const Seen& s) {
  if (!s.on_registry()) return false;
  const auto& security = s.operation->security;
  return std::find(security.begin(), security.end(), spec::Security::kToken) != security.end();
}
bool is_pull_read(const Seen& s) {
  return !(s.grant != nullptr && s.grant->access != "read");
}
bool is_labelled(const Seen& s) {
  return s.header(kDeliberateHeader).has_value();
}
const ClientRecord* client_of(const Seen& s, const JudgeState& state) {
  auto it = state.clients.find(s.client);
  return it == state.clients.end() ? nullptr : &it->second;
}
const ImageRecord* image_of(const std::string& id, const JudgeState& state) {
  auto it = state.images.find(id);
  return it == state.images.end() ? nullptr : &it->second;
}
std::string tagged_id(const Seen& s) {
  if (!s.exchange.json_body) return {};
  auto value = parse_json(*s.exchange.json_body);
  return value.ok() && value->is_string() ? value->get<std::string>() : std::string();
}
bool is_tags_read(const Seen& s) {
  return s.is("getUserRepositoryTags") || s.is("getLibraryRepositoryTags") ||
         s.is("getUserRepositoryTag") || s.is("getLibraryRepositoryTag");
}
bool is_images_read(const Seen& s) {
  return s.is("getUserRepositoryImages") || s.is("getLibraryRepositoryImages");
}
bool is_image_read(const Seen& s) {
  return s.is("getImageAncestry") || s.is("getImageJson") || s.is("getImageLayer");
}

namespace {

// The `parent` a JSON text names, or "".
std::string parent_in(const std::string& json) {
  auto value = parse_json(json);
  if (!value.ok() || !value->is_object()) return {};
  auto parent = value->find("parent");
  return parent != value->end() && parent->is_string() ? parent->get<std::string>() : "";
}

// Learns the image ids `s` told or showed its client (client/pull/ids-learned).
void learn_ids(const Seen& s, ClientRecord& client) {
  const ObservedExchange& e = s.exchange;
  auto add = [&](const nlohmann::json& id) {
    if (id.is_string()) client.learned_ids.insert(id.get<std::string>());
  };
  auto add_listed = [&](const nlohmann::json& list) {  // [{"id": ...}, ...]
    if (!list.is_array()) return;
    for (const auto& entry : list) {
      if (entry.is_object() && entry.contains("id")) add(entry["id"]);
    }
  };
  if (s.is("putImageJson")) client.learned_ids.insert(s.image_id());
  if (is_announce(s) && e.json_body) {
    if (auto body = parse_json(*e.json_body); body.ok()) add_listed(*body);
  }
  if (!s.succeeded()) return;
  auto reply = reply_json(e);
  if (!reply) return;
  if (is_images_read(s)) add_listed(*reply);
  if (s.is("getImageAncestry") && reply->is_array()) {
    for (const auto& id : *reply) add(id);
  }
  if (s.is("getUserRepositoryTags") || s.is("getLibraryRepositoryTags")) {
    if (reply->is_object()) {
      for (const auto& [tag, id] : reply->items()) add(id);
    }
  }
  if (s.is("getUserRepositoryTag") || s.is("getLibraryRepositoryTag")) add(*reply);
}

}  // namespace

std::string parent_of(const std::string& id, const PushRecord* push, const JudgeState& state) {
  if (push != nullptr) {
    if (auto it = push->parents.find(id); it != push->parents.end()) return it->second;
  }
  const ImageRecord* image = image_of(id, state);
  return image != nullptr && image->json ? parent_in(*image->json) : "";
}

std::optional<nlohmann::json> reply_json(const ObservedExchange& e) {
  if (!e.reply_body) return std::nullopt;
  auto value = parse_json(*e.reply_body);
  if (!value.ok()) return std::nullopt;
  return std::move(value).value();
}

std::optional<std::string> Seen::header(std::string_view name) const {
  return find_header(exchange.request_headers, name);
}
std::optional<std::string> Seen::reply_header(std::string_view name) const {
  return find_header(exchange.reply_headers, name);
}
bool Seen::is(std::string_view operation_id) const {
  return operation != nullptr && operation->id == operation_id;
}
std::string Seen::image_id() const {
  auto it = exchange.path_params.find("image_id");
  return it == exchange.path_params.end() ? std::string() : it->second;
}

Seen see(const ObservedExchange& exchange, const spec::Spec& spec, const JudgeState& state) {
  Seen s{exchange, nullptr, {}, {}, std::nullopt, nullptr};
  if (!exchange.operation_id.empty()) s.operation = spec.find(exchange.operation_id);
  s.client = exchange.remote_address + " " +
             find_header(exchange.request_headers, "User-Agent").value_or("(no User-Agent)");
  auto repository = exchange.path_params.find("repository");
  if (repository != exchange.path_params.end()) {
    auto ns = exchange.path_params.find("namespace");
    s.repository = (ns == exchange.path_params.end() ? std::string("library") : ns->second) + "/" +
                   repository->second;
  }
  auto authorization = s.header("Authorization");
  // "Token" alone: 1.3-1.6 clients with no token (protocol-notes 10.4), trimmed by the server.
  if (authorization && iequals(*authorization, "Token")) {
    s.token = "";
  } else if (authorization && starts_with_word(*authorization, "Token")) {
    std::string token = authorization->substr(6);
    if (starts_with_word(token, "Token")) token = token.substr(6);  // protocol-notes 10.3
    auto grant = state.tokens.find(token);
    if (grant != state.tokens.end()) s.grant = &grant->second;
    s.token = std::move(token);
  }
  return s;
}

bool is_token_callback(const Seen& s) {
  if (find_header(s.exchange.request_headers, "User-Agent") == kRegistryCallAgent) return true;
  return s.operation != nullptr && s.operation->side == spec::Side::kIndex && s.token.has_value();
}

void learn(const Seen& s, JudgeState& state) {
  const ObservedExchange& e = s.exchange;
  ClientRecord& client = state.clients[s.client];
  if (s.operation != nullptr && s.operation->side == spec::Side::kIndex) {
    client.pending_login.reset();
  }
  // Tokens the index issued.
  if (auto token = s.reply_header("X-Docker-Token"); token && s.succeeded() && !s.on_registry()) {
    std::string value = starts_with_word(*token, "Token") ? token->substr(6) : *token;
    TokenGrant grant;
    grant.client = s.client;
    grant.repository = s.repository;
    grant.access = is_announce(s) ? "write" : e.method == "DELETE" ? "delete" : "read";
    grant.issued_by = s.operation != nullptr ? s.operation->id : "";
    if (auto endpoints = s.reply_header("X-Docker-Endpoints"))
      grant.endpoints = split_list(*endpoints);
    grant.issued_at = e.started_at;
    state.tokens[value] = std::move(grant);
  }
  if (is_announce(s) && s.succeeded())
    client.pushes[s.repository] = PushRecord{e, {}, false, {}, {}, {}};
  if (is_labelled(s)) {
    for (const std::string* repository :
         {&s.repository, s.grant != nullptr ? &s.grant->repository : nullptr}) {
      if (repository == nullptr) continue;
      if (auto push = client.pushes.find(*repository); push != client.pushes.end()) {
        push->second.deliberate = e;
      }
    }
  }
  if (is_final_put(s) && s.succeeded()) {
    if (auto push = client.pushes.find(s.repository); push != client.pushes.end()) {
      push->second.finished = true;
    }
  }
  if (is_registry_write(s) && s.succeeded() && s.grant != nullptr && s.grant->access == "write") {
    if (auto push = client.pushes.find(s.grant->repository); push != client.pushes.end()) {
      push->second.last_write = e;
      push->second.finished = false;
    }
  }
  // Sessions and spent tokens.
  if (s.on_registry()) {
    for (const auto& [name, value] : e.reply_headers) {
      if (!iequals(name, "Set-Cookie")) continue;
      std::string pair = value.substr(0, value.find(';'));
      if (pair.rfind("session=", 0) == 0 && s.grant != nullptr) {
        client.sessions[s.grant->repository] = pair;
      }
    }
    if (s.succeeded() && s.token) {
      if (auto grant = state.tokens.find(*s.token); grant != state.tokens.end()) {
        grant->second.spent = true;
      }
    }
  }
  // Images.
  const std::string id = s.image_id();
  if (s.is("putImageJson") && s.succeeded() && e.json_body) {
    state.images[id] = ImageRecord{*e.json_body, false, "", false};
  }
  if (s.is("putImageLayer") && s.succeeded()) {
    ImageRecord& image = state.images[id];
    image.layer = true;
    image.payload = image.json && e.body_complete ? "sha256:" + e.body_sha256 : "";
  }
  if (s.is("putImageChecksum") && s.succeeded()) state.images[id].complete = true;
  // The order of the push's uploads (what its write token says it belongs to).
  if (s.is("putImageJson") && s.grant != nullptr && s.grant->access == "write") {
    auto push = client.pushes.find(s.grant->repository);
    if (push != client.pushes.end() &&
        std::find(push->second.json_sent.begin(), push->second.json_sent.end(), id) ==
            push->second.json_sent.end()) {
      push->second.json_sent.push_back(id);
      if (e.json_body) push->second.parents[id] = parent_in(*e.json_body);
    }
  }
  // Pulls.
  if (s.is("getImageAncestry") && s.succeeded()) {
    if (auto ids = reply_json(e); ids && ids->is_array()) {
      std::vector<std::string> list;
      for (const auto& listed : *ids) {
        if (!listed.is_string()) continue;
        client.ancestry_listed.insert(listed.get<std::string>());
        list.push_back(listed.get<std::string>());
      }
      client.ancestries[id] = {std::move(list), state.exchanges};
    }
  }
  if (s.is("getImageJson") && s.succeeded()) client.json_fetched.insert(id);
  if ((s.is("getImageJson") || s.is("getImageLayer")) && s.succeeded()) {
    client.read_at[id] = state.exchanges;
  }
  if (is_images_read(s)) {
    auto asked = s.header("X-Docker-Token");
    client.asked_token[s.repository] = asked && iequals(*asked, "true");
  }
  learn_ids(s, client);
  // Registration.
  if (s.is("registerUser") && e.status == 400 && e.json_body) {
    auto error = reply_json(e);
    auto body = parse_json(*e.json_body);
    const std::string_view kExists = "Username or email already exists";
    const bool exists = error && (*error == kExists ||
                                  (error->is_object() && error->value("error", "") == kExists));
    if (exists && body.ok() && body->is_object()) {
      client.pending_login = Registration{body->value("username", ""), body->value("password", ""),
                                          is_labelled(s), false};
    }
  }
  if (s.is("registerUser") && e.status == 401 && e.json_body) {
    auto body = parse_json(*e.json_body);
    if (body.ok() && body->is_object()) {
      client.pending_login = Registration{body->value("username", ""), body->value("password", ""),
                                          is_labelled(s), true};
    }
  }
}

}  // namespace drydock::judge
