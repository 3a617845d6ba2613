#pragma once
// What the judge knows of its clients and of the registry, learned exchange by exchange
// (learn()), and one exchange as the rules see it (Seen). Internal to drydock_judge.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/common/observed_exchange.h"
#include "drydock/spec/spec.h"

namespace drydock::judge {

// A token the index sent in X-Docker-Token.
struct TokenGrant {
  std::string client;      // the client it was sent to
  std::string repository;  // "namespace/name", from the URL it answered
  std::string access;      // "read", "write" or "delete", from the operation that issued it
  std::string issued_by;   // that operation's operationId
  std::vector<std::string> endpoints;  // the reply's X-Docker-Endpoints, split; empty: none sent
  bool spent = false;                  // a registry accepted it once (what single-use spends)
  // When the request that got it arrived: no later than the index minted it, so a use past
  // issued_at + TTL is past the token's expiry whatever the index's clock said.
  std::chrono::system_clock::time_point issued_at;
};

// What the registry holds of an image, as this judge saw it PUT.
struct ImageRecord {
  std::optional<std::string> json;  // the bytes of the last PUT json the registry accepted
  bool layer = false;               // a layer was accepted since that JSON
  std::string payload;    // "sha256:<hex>" of the JSON, "\n" and the layer as sent, when known
  bool complete = false;  // its checksum was accepted
};

struct PushRecord {
  ObservedExchange announce;  // the PUT …/ that opened it
  std::optional<ObservedExchange> last_write;
  bool finished = false;  // a final PUT …/images was accepted after the last write
  // The last request labelled X-Drydock-Check on this push (its repository's URL or token): a
  // push that stages deliberate bad input may stop before its final PUT, and its end is then
  // reported against that request, as deliberate.
  std::optional<ObservedExchange> deliberate;
  // Ids whose JSON this push sent, in the order first sent, and the parent each JSON named.
  std::vector<std::string> json_sent;
  std::map<std::string, std::string> parents;
};

struct Registration {
  std::string username;
  std::string password;
  // The registration was labelled X-Drydock-Check: it exists to provoke the 400, and what the
  // client does next is not held against it (only a login that falls back is counted).
  bool deliberate = false;
  // It was answered 401 (registration protected), not 400 "Username or email already exists".
  bool after_401 = false;
};

struct ClientRecord {
  std::map<std::string, PushRecord> pushes;  // by repository
  std::set<std::string> ancestry_listed;     // ids an ancestry reply named to this client
  std::set<std::string> json_fetched;        // ids whose GET json answered 200
  // Ids this client has reason to know: named by a tags or tag reply, an index image list or an
  // ancestry reply, or sent by itself (a repository PUT's list, a PUT json).
  std::set<std::string> learned_ids;
  // Ancestry replies by the image asked about: the list (the image first, the base last) and
  // when it came (JudgeState::exchanges).
  std::map<std::string, std::pair<std::vector<std::string>, std::size_t>> ancestries;
  std::map<std::string, std::size_t> read_at;  // id -> when its json or layer was last read
  // Repository -> whether this client's last GET …/images of it asked for a token.
  std::map<std::string, bool> asked_token;
  std::map<std::string, std::string> sessions;  // repository -> "session=<value>" last set
  // A registration answered 400 "Username or email already exists": the client's next index
  // request should log in with those credentials.
  std::optional<Registration> pending_login;
};

// One exchange, with what the rules need derived once.
struct Seen {
  const ObservedExchange& exchange;
  const spec::Operation* operation = nullptr;  // null: no operation matched
  std::string client;
  std::string repository;             // from the URL ("library/name" for a bare name), or ""
  std::optional<std::string> token;   // the text after "Token " (one repeat tolerated)
  const TokenGrant* grant = nullptr;  // the grant of `token`, when the index issued it

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> reply_header(std::string_view name) const;
  bool succeeded() const { return exchange.status >= 200 && exchange.status < 300; }
  bool is(std::string_view operation_id) const;
  bool on_registry() const {
    return operation != nullptr && operation->side == spec::Side::kRegistry;
  }
  std::string image_id() const;  // the image_id path parameter, or ""
};

// What one rule saw so far.
struct Tally {
  std::size_t exercised = 0;
  std::size_t broken = 0;
  std::vector<std::pair<ObservedExchange, std::string>> kept;  // offending exchange, problem
  std::size_t deliberate = 0;  // broken by requests labelled X-Drydock-Check
  std::set<std::string> deliberate_checks;
};

struct JudgeState {
  std::map<std::string, TokenGrant> tokens;   // by token text
  std::map<std::string, ImageRecord> images;  // by image id
  std::map<std::string, ClientRecord> clients;
  std::vector<Tally> tallies;                     // one per rule
  std::size_t exchanges = 0;                      // every client exchange judged
  std::optional<std::chrono::seconds> token_ttl;  // JudgeOptions::token_ttl
};

// Derives `seen`'s fields from its exchange and the state.
Seen see(const ObservedExchange& exchange, const spec::Spec& spec, const JudgeState& state);
// Whether `seen` is the registry asking the index about a token, not a client: a Token callback,
// or the simulator's own registry by its User-Agent (kRegistryCallAgent).
bool is_token_callback(const Seen& seen);
// Learns from `seen` (after every rule judged it).
void learn(const Seen& seen, JudgeState& state);

// --- What an exchange is (helpers of the rules and of learn()) ---

bool iequals(std::string_view a, std::string_view b);
// Whether `text` is `word` (any case) followed by a space and more: "Token abc".
bool starts_with_word(std::string_view text, std::string_view word);
// Splits a comma-separated header value, trimming spaces; empty items are dropped.
std::vector<std::string> split_list(std::string_view text);
bool is_registry_write(const Seen& s);  // PUT json, layer, checksum or tag
bool is_announce(const Seen& s);        // PUT /v1/repositories/<repo>/ on the index
bool is_final_put(const Seen& s);       // PUT /v1/repositories/<repo>/images
bool is_tag_put(const Seen& s);
bool is_labelled(const Seen& s);  // carries X-Drydock-Check: deliberate bad input
bool takes_token(const Seen& s);  // a registry operation secured by a token
// Whether a registry read is a pull's, not a push's lookup (GET json with the push's write
// token, protocol-notes 4.3).
bool is_pull_read(const Seen& s);
const ClientRecord* client_of(const Seen& s, const JudgeState& state);  // null: never seen
const ImageRecord* image_of(const std::string& id, const JudgeState& state);
// The image id a tag PUT names (its body is the JSON string "<id>"), or "".
std::string tagged_id(const Seen& s);
bool is_tags_read(const Seen& s);    // GET …/tags or …/tags/<tag> on the registry
bool is_images_read(const Seen& s);  // GET /v1/repositories/<repo>/images on the index
bool is_image_read(const Seen& s);   // GET /v1/images/<id>/{ancestry,json,layer}
// The parent an image's JSON names, as the push `push` sent it or as the registry accepted it;
// "" when none is known.
std::string parent_of(const std::string& id, const PushRecord* push, const JudgeState& state);
std::optional<nlohmann::json> reply_json(const ObservedExchange& e);

}  // namespace drydock::judge
