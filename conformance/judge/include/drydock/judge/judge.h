#pragma once
// The client judge: fed every exchange a server answered (ObservedExchange, from the simulator's
// Options::on_exchange), it holds each client to the client-side rules of the v1 protocol (the
// rules table, rules.h) and reports, per rule, pass (exercised and never broken), fail (with the
// offending exchanges, redacted) or skip (never exercised, and why), as a conformance::Report that
// the four writers of `drydock check` render.
//
// A client is a peer address and its User-Agent. State is kept per client (the tokens the index
// gave it in X-Docker-Token, the session cookies the registry set, its pushes and pulls per
// repository, its last registration) and per image (what was PUT: the JSON bytes, the payload
// checksum of the layer as sent, whether the checksum was accepted). A request carrying
// X-Drydock-Check (kDeliberateHeader) is deliberate: what it breaks is listed, never held against
// the client.
//
// Thread safety: every member may be called from many threads (the simulator's).

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drydock/common/observed_exchange.h"
#include "drydock/conformance/headers.h"
#include "drydock/conformance/reporter.h"
#include "drydock/spec/spec.h"

namespace drydock::judge {

// The request header that labels a request as deliberate: the runner's, where it is set.
inline constexpr std::string_view kDeliberateHeader = conformance::kCheckHeader;

struct JudgeOptions {
  // The profile whose levels apply (a rule may be SHOULD under docs and MUST under
  // docker-registry); kCompat holds the client to the weaker of the two.
  spec::Profile profile = spec::Profile::kDockerRegistry;
  bool token_mode = true;   // false: a standalone registry (no tokens: token rules are skipped)
  bool single_use = false;  // the registry's token policy is single-use (cookie rules apply)
  std::size_t kept_exchanges = 5;  // offending exchanges kept per rule (the rest are counted)
  // The lifetime of the tokens the index issues (serve --token-ttl); nullopt: unknown, and the
  // rule on expired tokens is skipped.
  std::optional<std::chrono::seconds> token_ttl = std::nullopt;
};

struct JudgeState;

class Judge {
 public:
  // REQUIRES: `spec` outlives the Judge.
  Judge(const spec::Spec& spec, JudgeOptions options);
  ~Judge();
  Judge(const Judge&) = delete;
  Judge& operator=(const Judge&) = delete;

  // Judges `exchange` against every rule, then learns from it (tokens, cookies, images, order).
  void observe(const ObservedExchange& exchange);
  // For Options::body_digest_seed: the JSON bytes of the image a layer PUT names, and "\n", as
  // this judge saw them PUT, so the layer's observed digest is its payload checksum; "" otherwise.
  std::string digest_seed(const ObservedExchange& request) const;

  // The results so far, one per rule in table order, with the rules that judge a whole session
  // (an unfinished push) judged as if the session ended now. `info` is copied into the report.
  conformance::Report report(conformance::RunInfo info) const;

 private:
  const spec::Spec& spec_;
  JudgeOptions options_;
  mutable std::mutex mutex_;
  std::unique_ptr<JudgeState> state_;  // guarded by mutex_
};

// `e` as a report's Exchange labelled `label`, its URL built from the request's Host; not yet
// redacted. A layer body is noted by its size ("<N bytes streamed>"), JSON bodies are kept.
conformance::Exchange report_exchange(const ObservedExchange& e, std::string label);

// Writes `report` into `dir` in every format (junit.xml, results.json, report.html,
// transcript.har), as `drydock check --report-dir` does.
Result<void> write_judge_reports(const std::filesystem::path& dir,
                                 const conformance::Report& report);

}  // namespace drydock::judge
