#include "rules.h"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "drydock/common/base64.h"
#include "drydock/common/json_limits.h"
#include "drydock/spec/schema.h"

namespace drydock::judge {
namespace {

using spec::Level;

Verdict not_applicable() {
  return {};
}
Verdict held() {
  return {true, ""};
}
Verdict broken(std::string problem) {
  return {true, std::move(problem)};
}
Verdict held_if(bool ok, std::string problem) {
  return ok ? held() : broken(std::move(problem));
}

// --- request shape ---

Verdict known_operation(const Seen& s, const JudgeState&) {
  const auto& e = s.exchange;
  // Docker 1.6+ asks GET /v2/ first (protocol-notes 9). And 1.x pings every non-official host
  // it talks to, an index as well as a registry (protocol-notes 6.2 step 0, 9): on a listener
  // that serves only the index, GET /v1/_ping matches no operation of that side, yet is no fault.
  const bool get = e.method == "GET" || e.method == "HEAD";
  const bool v2_probe = get && (e.path == "/v2/" || e.path == "/v2");
  const bool ping = get && (e.path == "/v1/_ping" || e.path == "/_ping");
  return held_if(s.operation != nullptr || v2_probe || ping,
                 e.method + " " + e.path + " is no operation of the v1 API");
}

// Whether `id` is an image id as a client must send it (protocol-notes 3).
bool is_image_id(const std::string& id) {
  static const std::regex kId("^[a-f0-9]{64}$");
  return std::regex_match(id, kId);
}

Verdict image_id_param(const Seen& s, const JudgeState&) {
  auto it = s.exchange.path_params.find("image_id");
  if (it == s.exchange.path_params.end()) return not_applicable();
  return held_if(is_image_id(it->second),
                 "image id \"" + it->second + "\" is not 64 lower-case hex digits");
}

Verdict name_params(const Seen& s, const JudgeState&) {
  if (s.operation == nullptr) return not_applicable();
  bool applies = false;
  for (const auto& [name, value] : s.exchange.path_params) {
    if (name == "image_id") continue;
    const spec::Parameter* parameter = s.operation->parameter(name);
    if (parameter == nullptr) continue;
    applies = true;
    if (auto problem = parameter->problem_with(value)) return broken(*problem);
  }
  return applies ? held() : not_applicable();
}

Verdict json_body(const Seen& s, const JudgeState&) {
  const spec::Operation* op = s.operation;
  if (op == nullptr || op->request_schema == nullptr || !s.exchange.json_body) {
    if (op != nullptr && op->request_schema != nullptr && op->request_body_required &&
        op->request_content_type.find("json") != std::string::npos) {
      return broken("no request body (the operation takes JSON)");
    }
    return not_applicable();
  }
  auto value = parse_json(*s.exchange.json_body);
  if (!value.ok()) return broken("the body is not JSON: " + value.error().message);
  auto violations = op->request_schema->validate(*value);
  if (violations.empty()) return held();
  const auto& first = violations.front();
  return broken("the body fails the request schema at " +
                (first.pointer.empty() ? std::string("the root") : first.pointer) + ": " +
                first.message);
}

Verdict basic_auth(const Seen& s, const JudgeState&) {
  const spec::Operation* op = s.operation;
  if (op == nullptr || op->side != spec::Side::kIndex || op->security.empty())
    return not_applicable();
  for (spec::Security security : op->security) {
    if (security != spec::Security::kBasic) return not_applicable();  // optional or a token
  }
  auto authorization = s.header("Authorization");
  if (!authorization) return broken("no Authorization header");
  if (!starts_with_word(*authorization, "Basic")) return broken("Authorization is not Basic");
  auto decoded = base64_decode(std::string_view(*authorization).substr(6));
  return held_if(decoded && decoded->find(':') != std::string::npos,
                 "the Basic credentials are not base64 of USER:PASSWORD");
}

Verdict query_params(const Seen& s, const JudgeState&) {
  if (s.operation == nullptr) return not_applicable();
  bool applies = false;
  for (const spec::Parameter& parameter : s.operation->parameters) {
    if (parameter.in != "query") continue;
    applies = true;
    auto given = std::find_if(s.exchange.query.begin(), s.exchange.query.end(),
                              [&](const auto& field) { return field.first == parameter.name; });
    if (given == s.exchange.query.end()) {
      if (parameter.required) return broken("query parameter " + parameter.name + " is missing");
      continue;
    }
    if (auto problem = parameter.problem_with(given->second)) return broken(*problem);
  }
  return applies ? held() : not_applicable();
}

Verdict json_content_type(const Seen& s, const JudgeState&) {
  if (s.operation == nullptr || s.operation->request_schema == nullptr || !s.exchange.json_body) {
    return not_applicable();
  }
  auto type = s.header("Content-Type");
  return held_if(!type || type->empty() || type->find("json") != std::string::npos,
                 "a JSON body sent as Content-Type " + type.value_or(""));
}

// --- tokens ---

Verdict no_basic_to_registry(const Seen& s, const JudgeState&) {
  if (!takes_token(s)) return not_applicable();
  auto authorization = s.header("Authorization");
  return held_if(!authorization || !starts_with_word(*authorization, "Basic"),
                 "Basic credentials sent to the registry (they belong to the index)");
}

Verdict registry_token(const Seen& s, const JudgeState& state) {
  if (!takes_token(s)) return not_applicable();
  if (s.token) return held();
  // Under single-use, a request may carry the session cookie alone.
  if (const ClientRecord* client = client_of(s, state)) {
    auto cookie = s.header("Cookie");
    for (const auto& [repository, session] : client->sessions) {
      if (cookie && cookie->find(session) != std::string::npos) return held();
    }
  }
  auto authorization = s.header("Authorization");
  return broken(authorization ? "Authorization is not a Token" : "no Authorization: Token header");
}

Verdict token_issued(const Seen& s, const JudgeState&) {
  if (!takes_token(s) || !s.token) return not_applicable();
  if (s.grant == nullptr) return broken("the token is not one the index issued (X-Docker-Token)");
  return held_if(s.grant->client == s.client,
                 "the token was issued to another client (" + s.grant->client + ")");
}

Verdict token_repository(const Seen& s, const JudgeState&) {
  if (!takes_token(s) || s.grant == nullptr || s.repository.empty()) return not_applicable();
  return held_if(s.grant->repository == s.repository,
                 "a token for " + s.grant->repository + " used on " + s.repository);
}

Verdict token_access(const Seen& s, const JudgeState&) {
  if (!takes_token(s) || s.grant == nullptr) return not_applicable();
  const std::string& method = s.exchange.method;
  std::string needed = method == "GET" || method == "HEAD" ? "read"
                       : method == "DELETE"                ? "delete"
                                                           : "write";
  // The 1.x push looks its images up with the write token (protocol-notes 4.3): a MAY finding.
  if (s.is("getImageJson") && s.grant->access == "write") return held();
  return held_if(s.grant->access == needed,
                 "a " + s.grant->access + " token used for " + method + " (needs " + needed + ")");
}

// The session cookie ("session=<value>") the registry last set for this client and the
// repository of its token, or "".
std::string session_of(const Seen& s, const JudgeState& state) {
  const ClientRecord* client = client_of(s, state);
  if (client == nullptr || s.grant == nullptr) return {};
  auto it = client->sessions.find(s.grant->repository);
  return it == client->sessions.end() ? std::string() : it->second;
}

bool carries(const Seen& s, const std::string& session) {
  auto cookie = s.header("Cookie");
  return !session.empty() && cookie && cookie->find(session) != std::string::npos;
}

Verdict single_use_cookie(const Seen& s, const JudgeState& state) {
  if (!takes_token(s) || s.grant == nullptr || !s.grant->spent) return not_applicable();
  const std::string session = session_of(s, state);
  if (session.empty()) return broken("the single-use token was spent and no session was set");
  return held_if(carries(s, session), s.header("Cookie")
                                          ? "the Cookie is not the session the registry last set"
                                          : "a spent single-use token without the session Cookie");
}

Verdict token_expired(const Seen& s, const JudgeState& state) {
  if (!takes_token(s) || s.grant == nullptr || !state.token_ttl) return not_applicable();
  // Under single-use, a spent token may ride along with the session cookie that now carries
  // the grant: its expiry is then not what the registry goes by.
  if (s.grant->spent && carries(s, session_of(s, state))) return not_applicable();
  const auto expiry = s.grant->issued_at + *state.token_ttl;
  const auto late =
      std::chrono::duration_cast<std::chrono::milliseconds>(s.exchange.started_at - expiry);
  return held_if(s.exchange.started_at <= expiry,
                 "a token used " + std::to_string(late.count()) + " ms after it expired (TTL " +
                     std::to_string(state.token_ttl->count()) + " s)");
}

Verdict endpoints_followed(const Seen& s, const JudgeState&) {
  if (!takes_token(s) || s.grant == nullptr || s.grant->endpoints.empty()) return not_applicable();
  auto host = s.header("Host").value_or("");
  for (const std::string& endpoint : s.grant->endpoints) {
    std::string_view bare = endpoint;
    if (auto scheme = bare.find("://"); scheme != std::string_view::npos)
      bare.remove_prefix(scheme + 3);
    if (auto slash = bare.find('/'); slash != std::string_view::npos) bare = bare.substr(0, slash);
    if (iequals(bare, host)) return held();
  }
  return broken("sent to " + host + ", not to an endpoint the index named in X-Docker-Endpoints");
}

// --- push ---

Verdict announce_token_header(const Seen& s, const JudgeState&) {
  if (!is_announce(s)) return not_applicable();
  auto value = s.header("X-Docker-Token");
  return held_if(value && iequals(*value, "true"),
                 "the repository PUT does not ask for a token (X-Docker-Token: true)");
}

Verdict announce_first(const Seen& s, const JudgeState&) {
  if (!is_registry_write(s)) return not_applicable();
  const bool announced =
      s.grant != nullptr && s.grant->client == s.client && s.grant->access == "write" &&
      (s.grant->issued_by == "putUserRepository" || s.grant->issued_by == "putLibraryRepository");
  return held_if(announced,
                 "a registry write without the write token of this client's repository PUT");
}

Verdict json_id_matches(const Seen& s, const JudgeState&) {
  if (!s.is("putImageJson") || !s.exchange.json_body) return not_applicable();
  auto value = parse_json(*s.exchange.json_body);
  if (!value.ok() || !value->is_object() || !value->contains("id") || !(*value)["id"].is_string()) {
    return not_applicable();  // json-body says what is wrong
  }
  return held_if((*value)["id"] == s.image_id(), "the JSON's id is not the URL's image id");
}

Verdict image_announced(const Seen& s, const JudgeState& state) {
  const bool upload = s.is("putImageJson") || s.is("putImageLayer") || s.is("putImageChecksum");
  if (!upload || s.grant == nullptr || s.grant->access != "write") return not_applicable();
  const ClientRecord* client = client_of(s, state);
  if (client == nullptr) return not_applicable();
  auto push = client->pushes.find(s.grant->repository);
  if (push == client->pushes.end() || !push->second.announce.json_body) return not_applicable();
  auto listed = parse_json(*push->second.announce.json_body);
  if (!listed.ok() || !listed->is_array()) return not_applicable();  // json-body says why
  for (const auto& entry : *listed) {
    if (entry.is_object() && entry.value("id", "") == s.image_id()) return held();
  }
  return broken("image " + s.image_id() + " is not in the repository PUT's list");
}

Verdict parent_first(const Seen& s, const JudgeState& state) {
  if (!s.is("putImageJson") || !s.exchange.json_body) return not_applicable();
  auto value = parse_json(*s.exchange.json_body);
  if (!value.ok() || !value->is_object() || !value->contains("parent") ||
      !(*value)["parent"].is_string()) {
    return not_applicable();
  }
  const std::string parent = (*value)["parent"].get<std::string>();
  const ImageRecord* image = image_of(parent, state);
  // A parent stored before this judge started: the registry's acceptance tells.
  return held_if((image != nullptr && image->json) || s.succeeded(),
                 "the JSON names parent " + parent + ", whose JSON was not sent first");
}

Verdict no_rewrite_complete(const Seen& s, const JudgeState& state) {
  if (!s.is("putImageLayer")) return not_applicable();
  const ImageRecord* image = image_of(s.image_id(), state);
  return held_if(image == nullptr || !image->complete,
                 "the layer of " + s.image_id() + " sent again after its checksum was accepted");
}

Verdict json_before_layer(const Seen& s, const JudgeState& state) {
  if (!s.is("putImageLayer")) return not_applicable();
  const ImageRecord* image = image_of(s.image_id(), state);
  // An image stored before this judge started: the registry's acceptance tells.
  return held_if((image != nullptr && image->json) || s.succeeded(),
                 "the layer was sent before the image's JSON was accepted");
}

Verdict layer_before_checksum(const Seen& s, const JudgeState& state) {
  if (!s.is("putImageChecksum")) return not_applicable();
  const ImageRecord* image = image_of(s.image_id(), state);
  if (image == nullptr || !image->json) {
    return held_if(s.succeeded(), "the checksum was sent before the image's JSON and layer");
  }
  return held_if(image->layer, "the checksum was sent before the image's layer was accepted");
}

Verdict checksum_headers(const Seen& s, const JudgeState&) {
  if (!s.is("putImageChecksum")) return not_applicable();
  auto payload = s.header("X-Docker-Checksum-Payload");
  return held_if(payload && !payload->empty(), "no X-Docker-Checksum-Payload header");
}

Verdict checksum_value(const Seen& s, const JudgeState& state) {
  if (!s.is("putImageChecksum")) return not_applicable();
  auto payload = s.header("X-Docker-Checksum-Payload");
  const ImageRecord* image = image_of(s.image_id(), state);
  if (!payload || payload->empty() || image == nullptr || image->payload.empty()) {
    return not_applicable();
  }
  return held_if(*payload == image->payload, "X-Docker-Checksum-Payload " + *payload +
                                                 " is not sha256(JSON + \"\\n\" + layer) of the "
                                                 "bytes sent: " +
                                                 image->payload);
}

Verdict tag_image(const Seen& s, const JudgeState& state) {
  if (!is_tag_put(s)) return not_applicable();
  std::string id = tagged_id(s);
  if (id.empty()) return not_applicable();  // json-body says why
  const ImageRecord* image = image_of(id, state);
  return held_if((image != nullptr && image->json) || s.succeeded(),
                 "the tag names image " + id + ", whose JSON was never sent");
}

Verdict tag_after_checksum(const Seen& s, const JudgeState& state) {
  if (!is_tag_put(s)) return not_applicable();
  std::string id = tagged_id(s);
  const ImageRecord* image = image_of(id, state);
  if (id.empty() || image == nullptr || !image->json) return not_applicable();
  return held_if(image->complete, "image " + id + " was tagged before its checksum was accepted");
}

// Whether `ancestor` is `id` or one of its ancestors, as far as the parents known go.
bool descends_from(std::string id, const std::string& ancestor, const PushRecord* push,
                   const JudgeState& state) {
  for (int depth = 0; depth < 1000 && !id.empty(); ++depth) {  // a cycle ends the walk
    if (id == ancestor) return true;
    id = parent_of(id, push, state);
  }
  return false;
}

Verdict push_base_first(const Seen& s, const JudgeState& state) {
  if (!s.is("putImageJson") || s.grant == nullptr || s.grant->access != "write")
    return not_applicable();
  const ClientRecord* client = client_of(s, state);
  if (client == nullptr) return not_applicable();
  auto push = client->pushes.find(s.grant->repository);
  if (push == client->pushes.end()) return not_applicable();
  const auto& sent = push->second.json_sent;
  const std::string id = s.image_id();
  if (std::find(sent.begin(), sent.end(), id) != sent.end()) return not_applicable();  // again
  for (const std::string& earlier : sent) {
    if (descends_from(earlier, id, &push->second, state)) {
      return broken("the JSON of " + id + " was sent after that of its descendant " + earlier);
    }
  }
  return held();
}

Verdict final_put_headers(const Seen& s, const JudgeState&) {
  if (!is_final_put(s)) return not_applicable();
  auto endpoints = s.header("X-Docker-Endpoints");
  return held_if(endpoints && !split_list(*endpoints).empty(),
                 "the final PUT …/images names no X-Docker-Endpoints");
}

Verdict final_put_body(const Seen& s, const JudgeState& state) {
  if (!is_final_put(s) || !s.exchange.json_body) return not_applicable();
  auto body = parse_json(*s.exchange.json_body);
  if (!body.ok() || !body->is_array()) return not_applicable();  // json-body says why
  for (const auto& entry : *body) {
    if (!entry.is_object() || !entry.contains("checksum") || !entry["checksum"].is_string() ||
        !entry.contains("id") || !entry["id"].is_string()) {
      continue;
    }
    const std::string id = entry["id"].get<std::string>();
    const ImageRecord* image = image_of(id, state);
    if (image == nullptr || !image->complete || image->payload.empty()) continue;  // unknown
    if (entry["checksum"] != image->payload) {
      return broken("the list gives " + id + " the checksum " +
                    entry["checksum"].get<std::string>() + ", not the accepted " + image->payload);
    }
  }
  return held();
}

Verdict final_put(const Seen& s, const JudgeState& state) {
  if (!is_final_put(s)) return not_applicable();
  const ClientRecord* client = client_of(s, state);
  return held_if(client != nullptr && client->pushes.contains(s.repository),
                 "a final PUT …/images without a repository PUT opening the push");
}

void open_pushes(const JudgeState& state, std::vector<EndVerdict>& out) {
  for (const auto& [name, client] : state.clients) {
    for (const auto& [repository, push] : client.pushes) {
      if (!push.last_write) continue;  // nothing was uploaded: nothing to finish
      // An unfinished push that labelled requests touched is reported against the last of
      // them, so the judge counts it as deliberate.
      const ObservedExchange& last = push.deliberate ? *push.deliberate : *push.last_write;
      out.push_back({push.finished ? push.announce : last,
                     push.finished ? std::string()
                                   : "the push of " + repository +
                                         " never ended with PUT …/images after its last write"});
    }
  }
}

// --- pull ---

Verdict images_first(const Seen& s, const JudgeState&) {
  if (!is_tags_read(s)) return not_applicable();
  return held_if(s.grant != nullptr && (s.grant->issued_by == "getUserRepositoryImages" ||
                                        s.grant->issued_by == "getLibraryRepositoryImages"),
                 "tags read without the token of a GET …/images");
}

Verdict ask_token(const Seen& s, const JudgeState& state) {
  if (!is_tags_read(s)) return not_applicable();
  // Read with the token of a GET …/images of this repository: that GET asked for it.
  if (s.grant != nullptr && s.grant->repository == s.repository &&
      (s.grant->issued_by == "getUserRepositoryImages" ||
       s.grant->issued_by == "getLibraryRepositoryImages")) {
    return held();
  }
  const ClientRecord* client = client_of(s, state);
  if (client == nullptr) return not_applicable();
  auto asked = client->asked_token.find(s.repository);
  if (asked == client->asked_token.end()) return not_applicable();  // images-first says why
  return held_if(asked->second, "the registry read of " + s.repository +
                                    " follows a GET …/images that did not send "
                                    "X-Docker-Token: true");
}

Verdict ids_learned(const Seen& s, const JudgeState& state) {
  if (!is_image_read(s)) return not_applicable();
  if (!is_image_id(s.image_id())) return not_applicable();  // path-params says why
  const ClientRecord* client = client_of(s, state);
  return held_if(client != nullptr && client->learned_ids.contains(s.image_id()),
                 "image " + s.image_id() +
                     " read, though no reply named it to this client and it did not push it");
}

Verdict pull_base_first(const Seen& s, const JudgeState& state) {
  if (!(s.is("getImageJson") || s.is("getImageLayer")) || !is_pull_read(s)) return not_applicable();
  const ClientRecord* client = client_of(s, state);
  if (client == nullptr) return not_applicable();
  const std::string id = s.image_id();
  bool listed = false;
  for (const auto& [top, ancestry] : client->ancestries) {
    const auto& [list, at] = ancestry;
    auto self = std::find(list.begin(), list.end(), id);
    if (self == list.end()) continue;
    listed = true;
    for (auto descendant = list.begin(); descendant != self; ++descendant) {
      auto read = client->read_at.find(*descendant);
      if (read != client->read_at.end() && read->second > at) {
        return broken("image " + id + " read after its descendant " + *descendant +
                      " (the ancestry from the base up)");
      }
    }
  }
  return listed ? held() : not_applicable();  // ancestry-first says why
}

Verdict ancestry_first(const Seen& s, const JudgeState& state) {
  if (!(s.is("getImageJson") || s.is("getImageLayer")) || !is_pull_read(s)) return not_applicable();
  const ClientRecord* client = client_of(s, state);
  return held_if(client != nullptr && client->ancestry_listed.contains(s.image_id()),
                 "image " + s.image_id() + " read before an ancestry reply named it");
}

Verdict pull_json_before_layer(const Seen& s, const JudgeState& state) {
  if (!s.is("getImageLayer") || !is_pull_read(s)) return not_applicable();
  const ClientRecord* client = client_of(s, state);
  return held_if(client != nullptr && client->json_fetched.contains(s.image_id()),
                 "layer of " + s.image_id() + " read before its JSON");
}

// --- login ---

// After a registration refused with 400 "already exists" (after_401 false) or 401 (true).
Verdict login_fallback(const Seen& s, const JudgeState& state, bool after_401) {
  const ClientRecord* client = client_of(s, state);
  if (client == nullptr || !client->pending_login ||
      client->pending_login->after_401 != after_401 || s.operation == nullptr ||
      s.operation->side != spec::Side::kIndex) {
    return not_applicable();
  }
  const Registration& posted = *client->pending_login;
  std::optional<std::string> pair;
  if (auto authorization = s.header("Authorization").value_or("");
      s.is("loginUser") && starts_with_word(authorization, "Basic")) {
    pair = base64_decode(std::string_view(authorization).substr(6));
  }
  const bool fell_back = pair && *pair == posted.username + ":" + posted.password;
  if (posted.deliberate && !fell_back) return not_applicable();  // a provocation's aftermath
  if (!s.is("loginUser")) {
    return broken(std::string("after ") +
                  (after_401 ? "401" : "400 \"Username or email already exists\"") +
                  " to POST /v1/users/ the next index request is not GET /v1/users/");
  }
  return held_if(fell_back, "the login does not use the username and password just POSTed");
}
Verdict login_fallback_exists(const Seen& s, const JudgeState& state) {
  return login_fallback(s, state, false);
}
Verdict login_fallback_401(const Seen& s, const JudgeState& state) {
  return login_fallback(s, state, true);
}

Verdict no_auth_on_register(const Seen& s, const JudgeState&) {
  if (!s.is("registerUser")) return not_applicable();
  return held_if(!s.header("Authorization"), "the registration carries an Authorization header");
}

constexpr std::string_view kPN = "protocol-notes.md";
constexpr Level kMust = Level::kMust;
constexpr Level kShould = Level::kShould;
constexpr Level kMay = Level::kMay;

}  // namespace

const std::vector<Rule>& rules() {
  static const std::vector<Rule> kRules = {
      {"client/request/known-operation", kShould, kShould, kPN, "9",
       "Every request is an operation of the v1 API (or the GET /v2/ probe)",
       "The client requests only operations of the v1 API",
       "Check the method and path against the spec (drydock spec); a trailing slash is optional",
       false, false, known_operation, nullptr},
      {"client/request/path-params", kMust, kMust, kPN, "3", "Image ids in paths",
       "An image id is 64 lower-case hex digits",
       "Send image ids as the registry gave them: 64 lower-case hex digits", false, false,
       image_id_param, nullptr},
      {"client/request/names", kShould, kShould, kPN, "3",
       "Namespaces, repositories, tags and usernames in paths",
       "Names in paths match the spec's patterns",
       "Validate names before sending (spec/README \"Names\")", false, false, name_params, nullptr},
      {"client/request/query", kShould, kShould, "registry-api-v1.md", "Search", "Query parameters",
       "Query parameters are present where required and within the spec's bounds",
       "Send q, and n from 1 to 100 and page from 1 when given", false, false, query_params,
       nullptr},
      {"client/request/json-content-type", kShould, kShould, kPN, "5.3",
       "The media type of JSON bodies", "A JSON body is sent as application/json (or untyped)",
       "Send Content-Type: application/json with JSON bodies", false, false, json_content_type,
       nullptr},
      {"client/request/json-body", kMust, kMust, kPN, "5.1 R4, R15", "JSON request bodies",
       "A JSON body parses and the operation's request schema accepts it",
       "Serialise the body as the spec's request schema says (a tag body is the JSON string "
       "\"<id>\")",
       false, false, json_body, nullptr},
      {"client/request/basic-auth", kMust, kMust, kPN, "4.1", "Basic credentials to the index",
       "Index operations secured by Basic carry Authorization: Basic",
       "Send Authorization: Basic base64(user:password) to the index", false, false, basic_auth,
       nullptr},
      {"client/request/registry-token", kMust, kMust, kPN, "4.3", "A token on registry requests",
       "Registry requests carry Authorization: Token <the index's X-Docker-Token>",
       "Send Authorization: Token followed by the X-Docker-Token the index answered", true, false,
       registry_token, nullptr},
      {"client/request/no-basic-to-registry", kShould, kShould, kPN, "4.1",
       "No Basic credentials to the registry",
       "Registry requests carry the index's token, never the account's password",
       "Send Authorization: Token to the registry; Basic goes to the index only", true, false,
       no_basic_to_registry, nullptr},
      {"client/request/token-issued", kMust, kMust, kPN, "4.2", "Tokens the index issued",
       "The registry token is one the index sent this client",
       "Use the X-Docker-Token value exactly as the index sent it", true, false, token_issued,
       nullptr},
      {"client/request/token-repository", kMust, kMust, kPN, "4.3", "A token per repository",
       "The token's repository is the repository of the URL",
       "Ask the index for a token per repository", true, false, token_repository, nullptr},
      {"client/request/token-access", kMust, kMust, kPN, "4.3", "Token access per method",
       "GET and HEAD use a read token, PUT a write token, DELETE a delete token",
       "Push with the token of PUT …/, pull with the token of GET …/images", true, false,
       token_access, nullptr},
      {"client/request/token-expired", kShould, kShould, kPN, "4.5", "Tokens within their lifetime",
       "A token is not used after it expired (issued + the index's token TTL)",
       "Ask the index for a new token (PUT …/ or GET …/images again) when one may have expired",
       true, false, token_expired, nullptr, /*needs_token_ttl=*/true},
      {"client/request/single-use-cookie", kMust, kMust, kPN, "4.5",
       "The session cookie under single-use tokens",
       "Once a single-use token is spent, the client echoes the session cookie the registry set",
       "Keep a cookie jar: send back the last Set-Cookie of the registry", true, true,
       single_use_cookie, nullptr},
      {"client/request/endpoints", kShould, kShould, kPN, "5.2 I7", "X-Docker-Endpoints followed",
       "Registry requests go to an endpoint the index named in X-Docker-Endpoints",
       "Send registry requests to the hosts X-Docker-Endpoints names", true, false,
       endpoints_followed, nullptr},
      {"client/push/announce-token-header", kShould, kShould, kPN, "4.2",
       "A token asked for on the repository PUT", "PUT …/ carries X-Docker-Token: true",
       "Send X-Docker-Token: true with the repository PUT", false, false, announce_token_header,
       nullptr},
      {"client/push/announce-first", kMust, kMust, kPN, "6.2",
       "The repository PUT before registry writes",
       "Registry writes use the write token of this client's PUT …/ for the repository",
       "PUT /v1/repositories/<ns>/<name>/ with X-Docker-Token: true first; use its token", true,
       false, announce_first, nullptr},
      {"client/push/json-id-matches", kMust, kMust, kPN, "5.1 R4", "The image JSON's id",
       "The id in a PUT json body is the URL's image id", "PUT each image's JSON under its own id",
       false, false, json_id_matches, nullptr},
      {"client/push/image-announced", kShould, kShould, kPN, "5.1 R4, 6.2", "Images announced",
       "Every image uploaded is listed in the repository PUT's body",
       "List every image id of the push in the body of PUT …/", true, false, image_announced,
       nullptr},
      {"client/push/parent-first", kMust, kMust, kPN, "5.1 R4, 6.2", "Parents before children",
       "An image's JSON is sent after its parent's", "Upload the images base first", false, false,
       parent_first, nullptr},
      {"client/push/base-first", kMay, kMay, kPN, "6.2", "Images sent base first",
       "Each image's JSON is first sent after its ancestors' (as Docker 1.x did)",
       "Upload the images in ancestry order, the base first", true, false, push_base_first,
       nullptr},
      {"client/push/no-rewrite-complete", kMust, kMust, kPN, "5.1 R5, 6.2",
       "No layer for a complete image",
       "The layer of an image whose checksum was accepted is not sent again",
       "Skip an image the registry says exists (409 \"Image already exists\" on PUT json)", false,
       false, no_rewrite_complete, nullptr},
      {"client/push/json-before-layer", kMust, kMust, kPN, "6.2",
       "An image's JSON before its layer", "PUT layer only after the image's PUT json was accepted",
       "Upload each image as json, then layer, then checksum", false, false, json_before_layer,
       nullptr},
      {"client/push/layer-before-checksum", kMust, kMust, kPN, "6.2",
       "An image's layer before its checksum",
       "PUT checksum only after the layer was accepted (since the last PUT json)",
       "Upload each image as json, then layer, then checksum", false, false, layer_before_checksum,
       nullptr},
      {"client/push/checksum-headers", kMust, kMust, kPN, "5.1 R6", "The checksum headers",
       "PUT checksum carries a non-empty X-Docker-Checksum-Payload",
       "Send X-Docker-Checksum-Payload (and X-Docker-Checksum, as 1.x did)", false, false,
       checksum_headers, nullptr},
      {"client/push/checksum-value", kMust, kMust, kPN, "7", "The payload checksum's value",
       "X-Docker-Checksum-Payload is sha256(JSON bytes as PUT + \"\\n\" + layer bytes as PUT)",
       "Hash the JSON exactly as sent, a newline, then the layer exactly as sent", false, false,
       checksum_value, nullptr},
      {"client/push/tag-image", kMust, kMust, kPN, "5.1 R15", "Tags of images sent",
       "A tag names an image whose JSON was sent", "Tag only images you pushed", false, false,
       tag_image, nullptr},
      {"client/push/tag-after-checksum", kShould, kShould, kPN, "6.2",
       "Tags after the image is complete", "A tag names an image whose checksum was accepted",
       "Tag an image after its checksum", false, false, tag_after_checksum, nullptr},
      {"client/push/final-put", kShould, kShould, kPN, "6.2", "The final image list",
       "A push ends with PUT …/images after its last registry write",
       "Finish every push with PUT /v1/repositories/<ns>/<name>/images", true, false, final_put,
       open_pushes},
      {"client/push/final-put-headers", kMay, kShould, kPN, "5.2 I6",
       "The registries named on the final PUT",
       "The final PUT …/images names the registries written to in X-Docker-Endpoints",
       "Send X-Docker-Endpoints (the registry endpoints used) with PUT …/images", false, false,
       final_put_headers, nullptr},
      {"client/push/final-put-body", kMay, kMay, kPN, "5.2 I6, 10.9", "The final image list",
       "An entry of the final PUT …/images list gives the payload checksum the registry accepted "
       "(Docker 1.x sent [])",
       "Send [] or each image's accepted X-Docker-Checksum-Payload", false, false, final_put_body,
       nullptr},
      {"client/pull/ask-token", kShould, kShould, kPN, "6.3", "A token asked for on GET …/images",
       "GET …/images carries X-Docker-Token: true when registry reads of the repository follow",
       "Send X-Docker-Token: true with GET /v1/repositories/<ns>/<name>/images", true, false,
       ask_token, nullptr},
      {"client/pull/images-first", kShould, kShould, kPN, "6.3", "The image list before the tags",
       "Tags are read with the read token of this client's GET …/images",
       "Pull with GET /v1/repositories/<ns>/<name>/images (X-Docker-Token: true) first", true,
       false, images_first, nullptr},
      {"client/pull/ids-learned", kShould, kShould, kPN, "6.3", "Image ids the client learned",
       "Ancestry, json and layer are read only of ids a reply named to this client (tags, the "
       "image list, ancestry) or that it pushed",
       "Read the ids the tags and ancestry replies give; do not guess ids", false, false,
       ids_learned, nullptr},
      {"client/pull/ancestry-first", kShould, kShould, kPN, "6.3",
       "Ancestry before an image's json and layer",
       "An image's json and layer are read after an ancestry reply named it",
       "GET /v1/images/<id>/ancestry of the tagged image first", false, false, ancestry_first,
       nullptr},
      {"client/pull/json-before-layer", kShould, kShould, kPN, "6.3",
       "An image's json before its layer",
       "GET layer only after GET json of the image answered 200",
       "Read each image's JSON (X-Docker-Size) before its layer", false, false,
       pull_json_before_layer, nullptr},
      {"client/pull/base-first", kMay, kMay, kPN, "6.3", "Images read base first",
       "An image's json and layer are read before its descendants' (the ancestry from the base "
       "up, as Docker 1.x did)",
       "Walk the ancestry list from its end (the base) to its start", false, false, pull_base_first,
       nullptr},
      {"client/login/fallback-exists", kShould, kShould, kPN, "5.2 I1",
       "The login after \"already exists\"",
       "After 400 \"Username or email already exists\" the client logs in with GET /v1/users/ "
       "and the credentials it POSTed",
       "On that 400, GET /v1/users/ with Basic of the same username and password", false, false,
       login_fallback_exists, nullptr},
      {"client/login/fallback-401", kShould, kShould, kPN, "5.2 I1", "The login after a 401",
       "After 401 to POST /v1/users/ the client logs in with GET /v1/users/ and the credentials "
       "it POSTed",
       "On that 401, GET /v1/users/ with Basic of the same username and password", false, false,
       login_fallback_401, nullptr},
      {"client/login/no-auth-on-register", kMay, kMay, kPN, "5.2 I1",
       "No credentials on the registration",
       "POST /v1/users/ carries no Authorization header (as Docker 1.x did)",
       "Register without Authorization; credentials go to GET /v1/users/", false, false,
       no_auth_on_register, nullptr},
  };
  return kRules;
}

}  // namespace drydock::judge
