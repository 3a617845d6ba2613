#pragma once
// The server side of `drydock proxy`: every reply a real server sent to a real client, judged with
// the conformance runner's verifier (conformance::judge) against the operation the request
// matched. The proxy cannot know which condition the server faced, so a reply is held to the
// conditions whose expectations list its status: it passes when it meets one of them (its
// required headers, Content-Type and body schema), fails when it meets none, and fails when no
// condition of the operation lists its status at all. A status only a MAY expectation lists is
// never a failure. One result per operation (`<side>/<tag>/<operation>/observed`), with up to
// `kept` offending exchanges, redacted.
//
// Thread safety: every member may be called from many threads.

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "drydock/common/observed_exchange.h"
#include "drydock/conformance/check_result.h"
#include "drydock/spec/spec.h"

namespace drydock::proxy {

// The condition every server-side result of the proxy is named by.
inline constexpr std::string_view kObservedCondition = "observed";

class ServerJudge {
 public:
  // REQUIRES: `spec` outlives the judge.
  // `strict`: headers a SHOULD requires are enforced too (drydock check --strict).
  ServerJudge(const spec::Spec& spec, spec::Profile profile, bool strict = false,
              std::size_t kept = 5);

  // Judges the reply in `exchange` (status, headers as the server sent them, the body when it was
  // read whole: reply_body) as an answer of `operation`.
  void observe(const spec::Operation& operation, const ObservedExchange& exchange);
  // Counts a problem found after the reply's head was judged (its body, as it streamed past), as
  // a MUST of `operation` broken by `exchange`, already counted as seen.
  void observe_problem(const spec::Operation& operation, const ObservedExchange& exchange,
                       std::string problem);

  // One result per operation of `sides` in spec order: pass, fail (with exchanges), or skip
  // (never seen).
  std::vector<conformance::CheckResult> results(const std::vector<spec::Side>& sides) const;

  struct Problem {
    std::string message;  // empty: the reply is acceptable (a MAY status included)
    spec::Level level = spec::Level::kMust;  // how strongly what it breaks is required
  };
  // Returns the problem with `exchange` as an answer of `operation`: what observe() counts. A
  // reply that fails only with `strict` breaks a SHOULD.
  Problem problem(const spec::Operation& operation, const ObservedExchange& exchange) const;

 private:
  struct Tally {
    std::size_t seen = 0;
    std::size_t failed = 0;
    spec::Level level = spec::Level::kMay;  // the strongest level broken
    std::vector<std::pair<ObservedExchange, std::string>> kept;
  };

  // The problem under `strict` (see problem()).
  Problem problem_at(const spec::Operation& operation, const ObservedExchange& exchange,
                     bool strict) const;

  const spec::Spec& spec_;
  spec::Profile profile_;
  bool strict_;
  std::size_t kept_;
  // Every condition each operation names (its responses' and its variants'), by operation id.
  std::map<std::string, std::vector<std::string>> conditions_;
  mutable std::mutex mutex_;
  std::map<std::string, Tally> tallies_;  // by operation id; guarded by mutex_
};

}  // namespace drydock::proxy
