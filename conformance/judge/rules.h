#pragma once
// The client rules as rows of one table (rules()). Internal to drydock_judge: judge.cc feeds the
// rows each exchange, then learn() (state.h) keeps what it taught.
//
// A MAY row is a Docker 1.x habit no source requires: broken, it is reported as a difference
// (a skip), never as a failure (judge.cc).
//
// A row's `judge` looks at one exchange against the state learned from the exchanges before it
// and says whether the rule applies and, if so, what (if anything) the client broke. A row's
// `at_end` judges what is only known when a session ends (a push never finished).

#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/observed_exchange.h"
#include "drydock/spec/spec.h"
#include "state.h"

namespace drydock::judge {

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
  bool needs_token_ttl = false;  // judged only when the token TTL is known (JudgeOptions)
};

// Every rule, in report order.
const std::vector<Rule>& rules();

}  // namespace drydock::judge
