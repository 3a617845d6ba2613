#pragma once
// The client rules as rows of one table (rules()), and the state they read. Internal to
// drydock_judge: judge.cc feeds the rows, learn() keeps the state.
//
// A row's `judge` looks at one exchange against the state learned from the exchanges before it
// and says whether the rule applies and, if so, what (if anything) the client broke. A row's
// `at_end` judges what is only known when a session ends (a push never finished).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/observed_exchange.h"
#include "drydock/judge/judge.h"
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
};

struct Registration {
  std::string username;
  std::string password;
};

struct ClientRecord {
  std::map<std::string, PushRecord> pushes;     // by repository
  std::set<std::string> ancestry_listed;        // ids an ancestry reply named to this client
  std::set<std::string> json_fetched;           // ids whose GET json answered 200
  std::map<std::string, std::string> sessions;  // repository -> "session=<value>" last set
  // A registration answered 400 "Username or email already exists": the client's next index
  // request should log in with those credentials.
  std::optional<Registration> pending_login;
};

struct JudgeState;

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

struct Verdict {
  bool applies = false;
  std::string problem;  // empty: the rule held
};

// A verdict of a whole session: the exchange it points at.
struct EndVerdict {
  ObservedExchange exchange;
  std::string problem;  // empty: the rule held
};

struct Rule {
  std::string_view id;
  spec::Level docs;              // the level under --profile docs
  spec::Level docker_registry;   // and under docker-registry
  std::string_view document;     // the source: "protocol-notes.md"
  std::string_view section;      // "6.2"
  std::string_view title;        // what the rule watches, one line
  std::string_view requirement;  // what the client must or should do
  std::string_view hint;         // what to change in the client
  bool token_mode = false;       // only with tokens (not against a standalone registry)
  bool single_use = false;       // only under the single-use token policy
  Verdict (*judge)(const Seen&, const JudgeState&) = nullptr;
  void (*at_end)(const JudgeState&, std::vector<EndVerdict>&) = nullptr;
};

// Every rule, in report order.
const std::vector<Rule>& rules();

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
  std::vector<Tally> tallies;  // one per rule
  std::size_t exchanges = 0;   // every client exchange judged
};

// Derives `seen`'s fields from its exchange and the state.
Seen see(const ObservedExchange& exchange, const spec::Spec& spec, const JudgeState& state);
// Whether `seen` is the registry asking the index about a token, not a client.
bool is_token_callback(const Seen& seen);
// Learns from `seen` (after every rule judged it).
void learn(const Seen& seen, JudgeState& state);

}  // namespace drydock::judge
