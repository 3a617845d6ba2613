#include "faults.h"

#include <algorithm>
#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "drydock/common/base64.h"
#include "drydock/simulator/auth/basic_auth.h"

namespace drydock::simulator::faults {
namespace {

using http::Context;
using http::Reply;
using http::Request;
using storage::Breakage;

constexpr size_t kEndlessChunk = 16 * 1024;  // bytes per write of an endless body
constexpr int kLargestSearchPage = 100;      // n's upper bound on GET /v1/search

// The token conditions of the spec's vocabulary (services.h TokenDecision).
constexpr std::string_view kTokenConditions[] = {"missing-auth",       "invalid-token",
                                                 "token-expired",      "token-wrong-repository",
                                                 "token-wrong-access", "token-spent"};

std::vector<Waiver> everywhere(std::initializer_list<std::string_view> conditions) {
  std::vector<Waiver> waivers;
  for (std::string_view condition : conditions) waivers.push_back({"*", condition});
  return waivers;
}

std::vector<Waiver> token_conditions_of(std::initializer_list<std::string_view> operations) {
  std::vector<Waiver> waivers;
  for (std::string_view operation : operations) {
    for (std::string_view condition : kTokenConditions) waivers.push_back({operation, condition});
  }
  return waivers;
}

bool is_json(const Reply& reply) {
  auto type = reply.headers.get("Content-Type");
  return type && type->find("json") != std::string::npos;
}

// The reply's JSON body, when it has one that parses.
std::optional<nlohmann::json> json_of(const Reply& reply) {
  if (reply.is_stream()) return std::nullopt;
  auto parsed = nlohmann::json::parse(reply.text(), nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

void set_json(Reply& reply, const nlohmann::json& value) {
  reply.body = value.dump();
}

// --- request transforms ---

void drop_checksums(Context& context, Request&) {
  if (!context.json_body || !context.json_body->is_array()) return;
  for (auto& entry : *context.json_body) {
    if (entry.is_object()) entry.erase("checksum");
  }
}

void largest_search_page(Context&, Request& request) {
  request.query.erase("n");
  request.query.emplace("n", std::to_string(kLargestSearchPage));
}

// The password read as what follows the last colon of user:password.
void password_after_last_colon(Context&, Request& request) {
  auto header = request.headers.get("Authorization");
  auto credentials = header ? auth::parse_basic_authorization(*header) : std::nullopt;
  if (!credentials) return;
  auto colon = credentials->password.rfind(':');
  if (colon == std::string::npos) return;
  request.headers.set(
      "Authorization",
      "Basic " + base64_encode(credentials->user + ":" + credentials->password.substr(colon + 1)));
}

// Range: bytes=A-B read as bytes=A+1-B+1 (an open end stays open): the storage is read one byte
// ahead, for ranged reads only. shift_content_range_back() then states the range asked for.
void range_one_byte_ahead(Context&, Request& request) {
  auto range = request.headers.get("Range");
  if (!range || !range->starts_with("bytes=")) return;
  std::string spec = range->substr(6);
  auto dash = spec.find('-');
  if (dash == std::string::npos || dash == 0) return;
  auto shifted = [](const std::string& digits) -> std::optional<std::string> {
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    return std::to_string(std::stoull(digits) + 1);
  };
  auto first = shifted(spec.substr(0, dash));
  std::string last_text = spec.substr(dash + 1);
  auto last = last_text.empty() ? std::optional<std::string>("") : shifted(last_text);
  if (!first || !last) return;
  request.headers.set("Range", "bytes=" + *first + "-" + *last);
}

void drop_if_modified_since(Context&, Request& request) {
  request.headers.remove("If-Modified-Since");
}

// --- reply transforms ---

// Content-Range "[bytes ]A-B/SIZE" of a range read one byte ahead, stated as the range asked for.
void shift_content_range_back(Reply& reply) {
  auto header = reply.headers.get("Content-Range");
  if (reply.status != 206 || !header) return;
  std::string value = *header;
  std::string unit = value.starts_with("bytes ") ? "bytes " : "";
  std::string rest = value.substr(unit.size());
  auto dash = rest.find('-');
  auto slash = rest.find('/');
  if (dash == std::string::npos || slash == std::string::npos || slash < dash) return;
  auto back = [](const std::string& digits) -> std::optional<std::string> {
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string::npos || digits == "0") {
      return std::nullopt;
    }
    return std::to_string(std::stoull(digits) - 1);
  };
  auto first = back(rest.substr(0, dash));
  auto last = back(rest.substr(dash + 1, slash - dash - 1));
  if (!first || !last) return;
  reply.headers.set("Content-Range", unit + *first + "-" + *last + rest.substr(slash));
}

void drop_endpoints(Reply& reply) {
  reply.headers.remove("X-Docker-Endpoints");
}

void drop_issued_token(Reply& reply) {
  reply.headers.remove("X-Docker-Token");
  auto challenge = reply.headers.get("WWW-Authenticate");
  if (challenge && challenge->starts_with("Token ")) reply.headers.remove("WWW-Authenticate");
}

void access_always(Reply& reply) {
  if (reply.status == 200) set_json(reply, nlohmann::json{{"access", true}});
}

void no_content_as_ok(Reply& reply) {
  if (reply.status == 204) reply.status = 200;
}

void drop_num_results(Reply& reply) {
  auto body = json_of(reply);
  if (reply.status != 200 || !body || !body->is_object()) return;
  body->erase("num_results");
  set_json(reply, *body);
}

void not_found_as_empty_list(Reply& reply) {
  if (reply.status == 404) reply = Reply::json(200, nlohmann::json::array());
}

void not_found_as_empty_object(Reply& reply) {
  if (reply.status == 404) reply = Reply::json(200, nlohmann::json::object());
}

void drop_checksum_headers(Reply& reply) {
  reply.headers.remove("X-Docker-Checksum-Payload");
  reply.headers.remove("X-Docker-Checksum");
}

void drop_size_header(Reply& reply) {
  reply.headers.remove("X-Docker-Size");
}

void base_first(Reply& reply) {
  auto body = json_of(reply);
  if (reply.status != 200 || !body || !body->is_array()) return;
  std::reverse(body->begin(), body->end());
  set_json(reply, *body);
}

// The Hub index's list form of the tags: [{"name", "layer"}].
void tags_as_list(Reply& reply) {
  auto body = json_of(reply);
  if (reply.status != 200 || !body || !body->is_object()) return;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [name, id] : body->items()) list.push_back({{"name", name}, {"layer", id}});
  set_json(reply, list);
}

std::string html_page(int status) {
  std::string code = std::to_string(status);
  return "<!DOCTYPE html>\n<html><head><title>" + code + "</title></head><body><h1>" + code +
         "</h1><p>The server could not answer this request.</p></body></html>\n";
}

void error_as_html(Reply& reply) {
  if (reply.status < 400) return;
  reply.body = html_page(reply.status);
  reply.headers.set("Content-Type", "text/html; charset=utf-8");
}

void json_as_text(Reply& reply) {
  if (is_json(reply)) reply.headers.set("Content-Type", "text/plain; charset=utf-8");
}

void hang(Reply& reply) {
  reply = Reply::fault(http::ConnectionAction::kHang);
}
void reset(Reply& reply) {
  reply = Reply::fault(http::ConnectionAction::kReset);
}
void garbage(Reply& reply) {
  reply = Reply::fault(http::ConnectionAction::kGarbage);
}

// Streams `prefix` (the reply's own body, when it had one) and then filler forever; stops only
// when the client goes away.
http::BodyProvider endless_provider(std::string prefix) {
  return [prefix = std::move(prefix), filler = std::string(kEndlessChunk, ' ')](uint64_t offset,
                                                                                http::Sink& sink) {
    if (offset < prefix.size()) {
      size_t at = static_cast<size_t>(offset);
      return sink.write(prefix.data() + at, std::min(kEndlessChunk, prefix.size() - at));
    }
    return sink.write(filler.data(), filler.size());
  };
}

void endless(Reply& reply) {
  std::string prefix = reply.is_stream() ? std::string() : reply.text();
  reply.headers.remove("Content-Length");
  reply.body = http::StreamBody{std::nullopt, endless_provider(std::move(prefix))};
}

// clang-format off
// THE table. Order: index, registry, server; the README's table follows it.
const std::vector<Fault> kTable = {
    // --- index ---
    {.name = "register-duplicate-accepted", .side = FaultSide::kIndex, .seam = Seam::kSuppress,
     .breaks = "POST /v1/users/ answers 201 \"User Created\" for an existing username or email",
     .waives = {{"registerUser", "user-exists"}},
     .catches = {"flows/registerAndLogin"}},
    {.name = "login-any-password", .side = FaultSide::kIndex, .seam = Seam::kSuppress,
     .breaks = "GET /v1/users/ answers 200 for a known user with a wrong password",
     .waives = {{"loginUser", "bad-credentials"}},
     .catches = {"flows/registerAndLogin"}},
    {.name = "index-no-endpoints", .side = FaultSide::kIndex, .seam = Seam::kReply,
     .breaks = "token-issuing index replies omit X-Docker-Endpoints",
     .reply = drop_endpoints,
     .catches = {"index/repositories/put-user-repository/ok", "flows/pushUserRepository"}},
    {.name = "index-no-token", .side = FaultSide::kIndex, .seam = Seam::kReply,
     .breaks = "index replies omit X-Docker-Token and the WWW-Authenticate token even when asked",
     .reply = drop_issued_token,
     .catches = {"flows/pushUserRepository", "index/repositories/put-user-repository/ok"}},
    {.name = "images-put-wrong-status", .side = FaultSide::kIndex, .seam = Seam::kReply,
     .breaks = "PUT /v1/repositories/.../images answers 200 instead of 204",
     .on = {"putUserRepositoryImages", "putLibraryRepositoryImages"},
     .reply = no_content_as_ok,
     .catches = {"index/images/put-user-repository-images/ok", "flows/pushUserRepository"}},
    {.name = "images-checksums-dropped", .side = FaultSide::kIndex, .seam = Seam::kRequest,
     .breaks = "PUT /v1/repositories/.../images keeps the ids but drops the checksums it was sent",
     .on = {"putUserRepositoryImages", "putLibraryRepositoryImages"},
     .request = drop_checksums,
     .catches = {"index/images/put-user-repository-images/ok/read-back"}},
    {.name = "layer-access-always", .side = FaultSide::kIndex, .seam = Seam::kReply,
     .breaks = "GET .../layer/{id}/access answers {\"access\": true} for an image the repository "
               "lacks",
     .on = {"getUserRepositoryLayerAccess"},
     .reply = access_always,
     .catches = {"index/authorization/get-user-repository-layer-access/image-not-found"}},
    {.name = "library-without-admin", .side = FaultSide::kIndex, .seam = Seam::kSuppress,
     .breaks = "a non-admin account may create and push library repositories",
     .waives = {{"putLibraryRepository", "permission-denied"}},
     .also_waives = {{"putLibraryRepositoryImages", "permission-denied"},
                     {"deleteLibraryRepository", "permission-denied"}},
     .catches = {"flows/pushLibraryRepository"}},
    {.name = "search-ignores-n", .side = FaultSide::kIndex, .seam = Seam::kRequest,
     .breaks = "GET /v1/search answers pages of 100 results (the largest), whatever n asks for",
     .on = {"searchRepositories"},
     .request = largest_search_page,
     .catches = {"flows/searchRepositories"}},
    {.name = "search-wrong-shape", .side = FaultSide::kIndex, .seam = Seam::kReply,
     .breaks = "GET /v1/search drops num_results from its body",
     .on = {"searchRepositories"},
     .reply = drop_num_results,
     .catches = {"index/search/search-repositories/ok", "flows/searchRepositories"}},
    {.name = "images-unknown-200", .side = FaultSide::kIndex, .seam = Seam::kReply,
     .breaks = "GET /v1/repositories/.../images of an unknown repository answers 200 []",
     .on = {"getUserRepositoryImages", "getLibraryRepositoryImages"},
     .reply = not_found_as_empty_list,
     .catches = {"flows/deleteUserRepository"}},
    {.name = "index-token-unchecked", .side = FaultSide::kIndex, .seam = Seam::kSuppress,
     .breaks = "the token callback GET /v1/repositories/.../images accepts any Token, even forged",
     .waives = {{"getUserRepositoryImages", "invalid-token"}},
     .also_waives = token_conditions_of({"getUserRepositoryImages", "getLibraryRepositoryImages"}),
     .catches = {"flows/tokenForged"}},
    {.name = "inactive-accepted", .side = FaultSide::kIndex, .seam = Seam::kSuppress,
     .breaks = "an account that is not active logs in and writes like an active one",
     .waives = {{"loginUser", "inactive-account"}, {"putUserRepository", "inactive-account"}},
     .also_waives = everywhere({"inactive-account"})},
    {.name = "basic-last-colon", .side = FaultSide::kIndex, .seam = Seam::kRequest,
     .breaks = "Basic credentials are split at the last colon, so a password with a colon fails",
     .request = password_after_last_colon,
     .catches = {"index/users/login-user/ok/colon-in-password"}},
    {.name = "registration-unchecked", .side = FaultSide::kIndex, .seam = Seam::kSuppress,
     .breaks = "POST /v1/users/ accepts the reserved username library and an e-mail without a "
               "domain",
     .waives = {{"registerUser", "invalid-body/invalid-email"},
                {"registerUser", "invalid-body/reserved-username"}}},
    // The index's database (SQLite, or PostgreSQL shared by several nodes) fails or is slow
    // under the index. A failing one is caught by the 500s it causes; a slow one only delays.
    {.name = "database-failing", .side = FaultSide::kIndex, .seam = Seam::kDatabase,
     .breaks = "every call to the index's database fails, as on a server that went away: the "
               "index answers 500 (JSON)",
     .database = accounts::DatabaseBreakage::kFailing,
     .catches = {"index/users/login-user/ok", "index/repositories/put-user-repository/ok",
                 "index/search/search-repositories/ok"}},
    {.name = "database-slow", .side = FaultSide::kIndex, .seam = Seam::kDatabase,
     .breaks = "every call to the index's database takes 50 ms longer",
     .database = accounts::DatabaseBreakage::kSlow,
     .survives = {"flows/registerAndLogin", "flows/pushUserRepository", "flows/tokenScopePerRepository",
                  "index/search/search-repositories/ok"}},
    // --- registry ---
    {.name = "token-unchecked", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "every registry token check passes, even without Authorization",
     .waives = {{"getImageJson", "missing-auth"}},
     .also_waives = everywhere({"missing-auth", "invalid-token", "token-expired",
                                "token-wrong-repository", "token-wrong-access", "token-spent"}),
     .catches = {"flows/tokenForged"}},
    {.name = "token-scope-unchecked", .side = FaultSide::kRegistry, .seam = Seam::kToken,
     .breaks = "a token for another repository is accepted",
     .leniency = {.any_repository = true},
     .catches = {"registry/tags/get-user-repository-tags/token-wrong-repository",
                 "flows/tokenScopePerRepository"}},
    {.name = "token-access-unchecked", .side = FaultSide::kRegistry, .seam = Seam::kToken,
     .breaks = "a token whose access does not allow the method is accepted",
     .leniency = {.any_access = true},
     .catches = {"registry/images/put-image-json/token-wrong-access",
                 "flows/tokenAccessPerMethod"}},
    // The index honours it too (on its token callback): a registry on its own listener asks the
    // index to judge its tokens, forwarding the fault with the question.
    {.name = "token-expiry-unchecked", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "an expired token is accepted",
     .also_waives = [] {
       auto waivers = everywhere({"token-expired"});
       for (std::string_view op : {"getUserRepositoryImages", "getLibraryRepositoryImages",
                                   "putUserRepositoryAuth", "putLibraryRepositoryAuth",
                                   "getUserRepositoryLayerAccess"}) {
         waivers.push_back({op, "token-expired"});
       }
       return waivers;
     }(),
     .catches = {"flows/tokenExpiry"}},
    {.name = "token-signature-unchecked", .side = FaultSide::kRegistry, .seam = Seam::kToken,
     .breaks = "a token of the right shape is accepted whatever its signature (edited fields "
               "included)",
     .leniency = {.skip_signature = true},
     .catches = {"registry/images/get-image-json/invalid-token/signature-changed",
                 "registry/tags/get-user-repository-tags/invalid-token/repository-edited",
                 "registry/images/put-image-json/invalid-token/access-edited"}},
    {.name = "token-expiry-grace", .side = FaultSide::kRegistry, .seam = Seam::kToken,
     .breaks = "a token is accepted until a minute after its expiry",
     .leniency = {.expiry_grace = std::chrono::seconds(60)},
     .catches = {"registry/images/get-image-json/token-expired",
                 "registry/tags/put-user-repository-tag/token-expired"}},
    {.name = "image-list-unchecked", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "json, layer and checksum uploads of an image the token's repository does not list "
               "are accepted",
     .waives = {{"putImageJson", "image-not-in-repository"},
                {"putImageLayer", "image-not-in-repository"},
                {"putImageChecksum", "image-not-in-repository"}}},
    {.name = "json-overwrite-allowed", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "PUT json of a complete image answers 200 instead of 409",
     .waives = {{"putImageJson", "image-exists"}}},
    {.name = "json-id-unchecked", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "PUT json whose body id differs from the URL's is accepted",
     .waives = {{"putImageJson", "invalid-body/id-mismatch"}}},
    {.name = "not-modified-ignored", .side = FaultSide::kRegistry, .seam = Seam::kRequest,
     .breaks = "GET json, layer and ancestry ignore If-Modified-Since (docker-registry answered "
               "304)",
     .on = {"getImageJson", "getImageLayer", "getImageAncestry"},
     .request = drop_if_modified_since,
     .catches = {"registry/images/get-image-json/not-modified",
                 "registry/images/get-image-layer/not-modified"},
     .profile = "docker-registry"},  // protocol-notes 2: 304 to any value
    {.name = "json-no-checksum-header", .side = FaultSide::kRegistry, .seam = Seam::kReply,
     .breaks = "GET json sends no checksum header",
     .on = {"getImageJson"},
     .reply = drop_checksum_headers,
     .catches = {"registry/images/get-image-json/ok"},
     .profile = "docker-registry"},  // 0.9+: X-Docker-Checksum-Payload
    {.name = "json-parent-unchecked", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "PUT json naming a missing parent is accepted",
     .waives = {{"putImageJson", "parent-missing"}}},
    // 400 for an unfinished image (R7-R9); the documents' 404 also fits a layer never sent.
    {.name = "in-progress-readable", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "json, layer and ancestry of an unfinished image answer 200",
     .waives = {{"getImageAncestry", "image-in-progress"},
                {"getImageJson", "image-in-progress"},
                {"getImageLayer", "image-in-progress"}},
     .profile = "docker-registry"},
    {.name = "checksum-unverified", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "PUT checksum accepts a checksum that does not match",
     .waives = {{"putImageChecksum", "checksum-mismatch"}}},
    {.name = "checksum-header-optional", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "PUT checksum without X-Docker-Checksum-Payload answers 200 instead of 412",
     .waives = {{"putImageChecksum", "checksum-header-missing"}}},
    {.name = "layer-truncated", .side = FaultSide::kRegistry, .seam = Seam::kStorage,
     .breaks = "GET layer sends only the first half of the bytes (the stored size reads half)",
     .breakage = Breakage::kLayerHalved,
     .catches = {"registry/images/get-image-layer/ok", "flows/pullUserRepository"}},
    {.name = "layer-corrupted", .side = FaultSide::kRegistry, .seam = Seam::kStorage,
     .breaks = "GET layer sends the layer with its first byte flipped",
     .breakage = Breakage::kLayerFirstByteFlipped,
     .catches = {"registry/images/get-image-layer/ok",
                 "registry/images/get-image-layer/partial-content"}},
    {.name = "range-wrong-bytes", .side = FaultSide::kRegistry, .seam = Seam::kRequest,
     .breaks = "GET layer reads a Range one byte ahead: 206 with the bytes one past those asked for",
     .on = {"getImageLayer"},
     .request = range_one_byte_ahead,
     .reply = shift_content_range_back,
     .catches = {"registry/images/get-image-layer/partial-content"}},
    {.name = "range-off-by-one", .side = FaultSide::kRegistry, .seam = Seam::kStorage,
     .breaks = "GET layer takes the layer for one byte longer: bytes=SIZE- answers 206",
     .breakage = Breakage::kLayerOneByteLonger,
     .catches = {"registry/images/get-image-layer/range-not-satisfiable"}},
    {.name = "ancestry-wrong-order", .side = FaultSide::kRegistry, .seam = Seam::kReply,
     .breaks = "GET ancestry lists the base first",
     .on = {"getImageAncestry"},
     .reply = base_first,
     .catches = {"registry/images/get-image-ancestry/ok", "flows/pullUserRepository"}},
    {.name = "tags-wrong-shape", .side = FaultSide::kRegistry, .seam = Seam::kReply,
     .breaks = "GET tags answers a list of {name, layer} instead of a map",
     .on = {"getUserRepositoryTags", "getLibraryRepositoryTags"},
     .reply = tags_as_list,
     .catches = {"registry/tags/get-user-repository-tags/ok", "flows/pullUserRepository"}},
    {.name = "tag-delete-noop", .side = FaultSide::kRegistry, .seam = Seam::kStorage,
     .breaks = "DELETE tag answers 200 but keeps the tag",
     .breakage = Breakage::kTagRemoveKept,
     .catches = {"flows/tagLifecycle"}},
    {.name = "tag-unknown-image-accepted", .side = FaultSide::kRegistry, .seam = Seam::kSuppress,
     .breaks = "PUT tag naming an unknown image answers 200",
     .waives = {{"putUserRepositoryTag", "image-not-found"}},
     .also_waives = {{"putLibraryRepositoryTag", "image-not-found"}}},
    {.name = "unknown-image-200", .side = FaultSide::kRegistry, .seam = Seam::kReply,
     .breaks = "GET json of an unknown image answers 200 {}",
     .on = {"getImageJson"},
     .reply = not_found_as_empty_object,
     .catches = {"registry/images/get-image-json/image-not-found"}},
    {.name = "json-no-size-header", .side = FaultSide::kRegistry, .seam = Seam::kReply,
     .breaks = "GET json omits X-Docker-Size",
     .on = {"getImageJson"},
     .reply = drop_size_header,
     .catches = {"registry/images/get-image-json/ok"}},
    // The object store (--storage: S3, Swift) fails under the registry, which survives: a JSON 500,
    // nothing half-written, the next request as before. The checks catch the 500.
    {.name = "store-failing", .side = FaultSide::kRegistry, .seam = Seam::kStorage,
     .breaks = "the object store answers 503 to every call: the registry answers 500 (JSON)",
     .breakage = Breakage::kStoreFailing,
     .catches = {"registry/images/put-image-json/ok"}},
    {.name = "store-upload-dropped", .side = FaultSide::kRegistry, .seam = Seam::kStorage,
     .breaks = "the object store's connection drops mid-upload of a layer: PUT layer answers 500 "
               "and stores nothing",
     .breakage = Breakage::kStoreUploadDropped,
     .catches = {"registry/images/put-image-layer/ok"}},
    {.name = "store-download-dropped", .side = FaultSide::kRegistry, .seam = Seam::kStorage,
     .breaks = "the object store's connection drops as a layer's download starts: GET layer "
               "answers 500",
     .breakage = Breakage::kStoreDownloadDropped,
     .catches = {"registry/images/get-image-layer/ok"}},
    // A slow store is survived: every answer comes later, none comes wrong.
    {.name = "store-slow", .side = FaultSide::kRegistry, .seam = Seam::kStorage,
     .breaks = "every object-store call takes 20 ms longer (a reader's first byte, a writer's "
               "commit too)",
     .breakage = Breakage::kStoreSlow,
     .survives = {"flows/pushUserRepository", "flows/pullUserRepository",
                  "registry/images/get-image-layer/partial-content",
                  "registry/images/put-image-checksum/checksum-mismatch"}},
    // --- server: the HTTP exchange itself, any operation of either side ---
    {.name = "error-html", .side = FaultSide::kServer, .seam = Seam::kReply,
     .breaks = "error replies (4xx, 5xx) come back as a text/html page, not JSON",
     .reply = error_as_html,
     .catches = {"registry/images/get-image-json/image-not-found",
                 "index/users/login-user/bad-credentials",
                 "index/search/search-repositories/invalid-query"}},
    {.name = "content-type-wrong", .side = FaultSide::kServer, .seam = Seam::kReply,
     .breaks = "JSON replies say Content-Type: text/plain",
     .reply = json_as_text,
     .catches = {"registry/tags/get-user-repository-tags/ok",
                 "index/search/search-repositories/ok"}},
    {.name = "conn-hang", .side = FaultSide::kServer, .seam = Seam::kConnection,
     .breaks = "the server answers nothing and holds the connection open",
     .reply = hang,
     .catches = {"registry/ping/ping/ok", "flows/pullUserRepository"}},
    {.name = "conn-reset", .side = FaultSide::kServer, .seam = Seam::kConnection,
     .breaks = "the server resets the connection instead of answering",
     .reply = reset,
     .catches = {"registry/ping/ping/ok", "flows/pullUserRepository"}},
    {.name = "conn-garbage", .side = FaultSide::kServer, .seam = Seam::kConnection,
     .breaks = "the server answers with bytes that are not HTTP, then closes",
     .reply = garbage,
     .catches = {"registry/ping/ping/ok", "flows/pullUserRepository"}},
    {.name = "body-endless", .side = FaultSide::kServer, .seam = Seam::kConnection,
     .breaks = "the reply body never ends (an endless chunked stream)",
     .reply = endless,
     .catches = {"registry/ping/ping/ok", "flows/pullUserRepository"}},
    // RequestValidator skips the schema when Context::fault names it (http::kFaultBodyUnchecked).
    {.name = http::kFaultBodyUnchecked, .side = FaultSide::kServer, .seam = Seam::kValidation,
     .breaks = "JSON bodies go unchecked against the request schema: a 4-character password "
               "registers",
     .catches = {"index/users/register-user/invalid-body/short-password"}},
};
// clang-format on

bool on_side(const Fault& fault, const spec::Operation& operation) {
  switch (fault.side) {
    case FaultSide::kIndex:
      return operation.side == spec::Side::kIndex;
    case FaultSide::kRegistry:
      return operation.side == spec::Side::kRegistry;
    case FaultSide::kServer:
      return true;
  }
  return false;
}

bool applies_to(const Fault& fault, const spec::Operation& operation) {
  if (fault.on.empty()) return on_side(fault, operation);
  return std::find(fault.on.begin(), fault.on.end(), operation.id) != fault.on.end();
}

bool matches(const Waiver& waiver, const Fault& fault, const spec::Operation& operation,
             std::string_view condition) {
  if (waiver.condition != condition) return false;
  return waiver.operation == "*" ? on_side(fault, operation) : waiver.operation == operation.id;
}

const Fault* fault_of(const Context& context) {
  return context.fault && context.operation != nullptr ? find_row(*context.fault) : nullptr;
}

// Keeps the storage breakage active while a streamed body is produced (after the handler).
void keep_breakage_while_streaming(Breakage breakage, Reply& reply) {
  if (!reply.is_stream()) return;
  auto& stream = std::get<http::StreamBody>(reply.body);
  stream.provider = [breakage, inner = std::move(stream.provider)](uint64_t offset,
                                                                   http::Sink& sink) {
    storage::FaultyStorage::Activation active(breakage);
    return inner(offset, sink);
  };
}

}  // namespace

std::string_view side_name(FaultSide side) {
  switch (side) {
    case FaultSide::kIndex:
      return "index";
    case FaultSide::kRegistry:
      return "registry";
    case FaultSide::kServer:
      return "server";
  }
  return "server";
}

std::string_view seam_name(Seam seam) {
  switch (seam) {
    case Seam::kSuppress:
      return "suppress";
    case Seam::kToken:
      return "token";
    case Seam::kRequest:
      return "request";
    case Seam::kReply:
      return "reply";
    case Seam::kStorage:
      return "storage";
    case Seam::kDatabase:
      return "database";
    case Seam::kConnection:
      return "connection";
    case Seam::kValidation:
      return "validation";
  }
  return "reply";
}

const std::vector<Fault>& fault_table() {
  return kTable;
}

const Fault* find_row(std::string_view name) {
  for (const Fault& fault : kTable) {
    if (fault.name == name) return &fault;
  }
  return nullptr;
}

bool waives(const Fault& fault, const spec::Operation& operation, std::string_view condition) {
  auto match = [&](const Waiver& waiver) { return matches(waiver, fault, operation, condition); };
  return std::any_of(fault.waives.begin(), fault.waives.end(), match) ||
         std::any_of(fault.also_waives.begin(), fault.also_waives.end(), match);
}

void install(http::RouterOptions& options) {
  options.before_handler = [](Context& context, Request& request) -> std::shared_ptr<void> {
    const Fault* fault = fault_of(context);
    if (fault == nullptr) return nullptr;
    if (!fault->waives.empty() || !fault->also_waives.empty()) {
      context.waives = [fault, operation = context.operation](std::string_view condition) {
        return waives(*fault, *operation, condition);
      };
    }
    context.token_leniency = fault->leniency;
    if (fault->request != nullptr && applies_to(*fault, *context.operation)) {
      fault->request(context, request);
    }
    if (fault->breakage != Breakage::kNone) {
      return std::make_shared<storage::FaultyStorage::Activation>(fault->breakage);
    }
    if (fault->database != accounts::DatabaseBreakage::kNone) {
      return std::make_shared<accounts::DatabaseBreakageActivation>(fault->database);
    }
    return nullptr;
  };
  options.after_handler = [](const Context& context, Reply& reply) {
    const Fault* fault = fault_of(context);
    if (fault == nullptr || fault->side == FaultSide::kServer) return;
    if (fault->reply != nullptr && applies_to(*fault, *context.operation)) fault->reply(reply);
    if (fault->breakage != Breakage::kNone) keep_breakage_while_streaming(fault->breakage, reply);
  };
  options.after_dispatch = [](const Context& context, Reply& reply) {
    const Fault* fault = fault_of(context);
    if (fault != nullptr && fault->side == FaultSide::kServer && fault->reply != nullptr) {
      fault->reply(reply);
    }
  };
}

std::shared_ptr<storage::Storage> faulty(std::shared_ptr<storage::Storage> storage) {
  return std::make_shared<storage::FaultyStorage>(std::move(storage));
}

}  // namespace drydock::simulator::faults
