#pragma once
// The check model. A Check is a declaration (ID, what it sends, what the spec requires, source,
// level, hint, the capabilities it needs) plus a few lines of code that send requests through a
// CheckContext and judge each answer with the one verifier, CheckContext::expect(). Expectations
// are never written in a check: expect() reads them from the spec (responses_for(condition,
// profile), header_required, body_schema), so a check names an operation and a condition only.
//
// A CheckContext belongs to one check run on one thread. It sends requests for operations (the
// URL from the operation's path template and side), keeps the check's transcript, and sets up
// state over the API: accounts are the run's, repositories are fresh per check and cleaned up by
// the runner.

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/conformance/http_client.h"
#include "drydock/conformance/options.h"
#include "drydock/conformance/outcome.h"
#include "drydock/fixtures/images.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance {

// Capabilities a check may need (Check::needs). A check whose needs the target lacks is skipped.
inline constexpr std::string_view kNeedsIndex = "index";        // an index is checked
inline constexpr std::string_view kNeedsRegistry = "registry";  // a registry is checked
inline constexpr std::string_view kNeedsAccounts = "accounts";  // a user was given or registered
inline constexpr std::string_view kNeedsAdmin = "admin";        // admin credentials are known
inline constexpr std::string_view kNeedsInactive = "inactive-account";  // an unactivated account
inline constexpr std::string_view kNeedsSingleUse = "single-use";       // single-use token policy
// The runner holds the target's signing key (RunOptions::mint_token): the embedded simulator.
inline constexpr std::string_view kNeedsMinting = "token-minting";
// --large-layer SIZE was given; without it the check is disabled (not selected), not skipped.
inline constexpr std::string_view kNeedsLargeLayer = "large-layer";

// The judgement of one or more answers: the worst seen, with what was acceptable and observed.
struct Verdict {
  Outcome outcome = Outcome::kPass;
  std::vector<std::string> acceptable;  // "401 with WWW-Authenticate", "200, body matching schema"
  std::string observed;                 // "200, body {...}"
  std::string message;                  // why: the first problem found, or a skip/error reason
};

// The one verifier. Judges `response` (or the transport failure in it) as the answer of
// `operation` to a request provoking `condition`, under `profile`, against
// operation.expectation(condition, profile):
//   - the status must be one of the expectation's responses; otherwise the answer fails, unless
//     the expectation is MAY-level: a server that does not do what a MAY allows has not failed,
//     and the answer is a skip ("not supported");
//   - every header required for that status and profile (MUST ones; SHOULD ones when `strict`);
//   - the Content-Type, when the response entry names one and the body is not empty;
//   - the body against body_schema(status, profile).
// A transport failure is kError. A condition the operation does not list is kError (a bug).
// `unasked`: headers the request did not ask for, which a reply may then leave out although the
// spec requires them of an answer to a request that asks (X-Docker-Token without
// `X-Docker-Token: true`, protocol-notes 5.2 I4 and I7); a check's requests always ask.
Verdict judge(const spec::Operation& operation, std::string_view condition, spec::Profile profile,
              bool strict, const Result<Response>& response,
              const std::vector<std::string>& unasked = {});

// One request for an operation, before it is sent.
struct Call {
  std::string operation_id;
  std::map<std::string, std::string> path;  // path parameters, by name, not yet encoded
  Headers headers;
  std::string body;
  std::string query;  // without '?': "q=busybox&n=10"
};

// A repository a check works on: fresh names, the images for it, the tokens obtained for it.
struct Repository {
  std::string namespace_name;  // the account's username, or "library"
  std::string name;
  bool library = false;
  fixtures::ImageChain images;
  std::map<std::string, std::string> tokens;  // access ("read", "write", "delete") -> token
  // Single-use policy: access -> the Cookie the registry's session for that token needs.
  std::map<std::string, std::string> sessions;
  bool created = false;             // the index has it
  bool pushed = false;              // images, tag "latest" and the index list are in
  bool written_since_push = false;  // a PUT with its write token came after the push ended

  std::string path() const { return namespace_name + "/" + name; }
  // Returns the path parameters of this repository: {"namespace", "repository"} (library: only
  // "repository").
  std::map<std::string, std::string> path_params() const;
};

class RunEnvironment;  // the run's shared state (runner-private)
struct Check;

class CheckContext {
 public:
  // REQUIRES: `env` and `check` outlive the context.
  CheckContext(RunEnvironment& env, const Check& check);
  ~CheckContext();
  CheckContext(const CheckContext&) = delete;
  CheckContext& operator=(const CheckContext&) = delete;

  const spec::Spec& spec() const;
  const RunOptions& options() const;
  spec::Profile profile() const { return options().profile; }
  bool strict() const { return options().strict; }
  bool has_index() const { return options().has_index(); }
  const Account& user() const;   // the run's account
  const Account& user2() const;  // a second account (permission checks)
  const Account& admin() const;  // may be empty
  HttpClient& client();

  // Whether this check provokes a refusal (every status it accepts under the profile is 4xx or
  // 5xx): then every request it sends, setup included, is deliberate bad input or stages it, and
  // carries kCheckHeader when RunOptions::label_deliberate.
  bool deliberate() const;

  // Returns a name unique to this run: "<prefix>-<8 hex digits>", valid as a repository name.
  std::string unique_name(std::string_view prefix) const;

  // Sends `call` to the side of its operation (index or registry URL), the path built from the
  // operation's template. Records the exchange in this check's transcript.
  Result<Response> send(const Call& call);
  // The same, with the request body streamed from `source` (`size` bytes: Content-Length) and,
  // when `sink` is set, the response body streamed to it instead of kept: a large layer never
  // sits in memory.
  Result<Response> send_streamed(const Call& call, BodySource source, std::uint64_t size,
                                 BodySink sink);

  // The verifier: judges `response` with judge() and folds the verdict into this check's (the
  // worst one wins). Returns whether that answer passed.
  bool expect(const Result<Response>& response, std::string_view operation_id,
              std::string_view condition);
  // Ends the check early with this outcome (the worst one still wins).
  void skip(std::string reason);
  void fail(std::string reason);
  void error(std::string reason);
  // Records a failed setup step: a transport failure is an error; a step whose answer the
  // runner could not use (a setup operation refused, or answered without a token) blocks this
  // check, named by the check of that operation, which carries the failure itself; anything
  // else is a failure of this check.
  // Returns false, so that `if (!ctx.ok(step)) return;` reads naturally.
  bool ok(const Result<void>& step);
  // The check ID a blocked verdict names (empty unless blocked).
  const std::string& blocked_by() const { return blocked_by_; }
  const Verdict& verdict() const { return verdict_; }

  // Setup over the API. Each new repository is registered with the runner for cleanup.
  // Returns a fresh repository (names and a 2-image chain; nothing sent yet).
  Repository& new_repository(bool library = false);
  // Creates `repo` on the index (PUT with X-Docker-Token: true), keeping its write token. Without
  // an index, only marks it created.
  Result<void> create(Repository& repo);
  // Pushes every image of `repo` (json, layer, checksum), tags the top "latest" and records the
  // images on the index. Creates the repository first if needed.
  Result<void> push(Repository& repo);
  // Uploads one image of `repo`: its JSON, and then (if asked) its layer and checksum.
  Result<void> upload(Repository& repo, const fixtures::Image& image, bool layer, bool checksum);
  // Ends the pushes this check opened and left unfinished (created and not pushed, or written
  // to since) as a client does, with the final PUT …/images (protocol-notes 6.2 step 3), unless the
  // check is deliberate(). The runner calls it after the check ran; the answers are not judged.
  void finish_pushes();
  // The PUT …/images that ends the push of `repo` as Docker 1.x sent it (`[]`, the registry
  // written to named in X-Docker-Endpoints).
  Call final_put(const Repository& repo) const;
  // Registers `repo` for cleanup at the end of the run (create() does it; call it before
  // creating a repository by other means).
  void track(const Repository& repo);
  // Returns a token for `repo` with `access` ("read", "write" or "delete"), asking the index for
  // it if it has none. Without an index returns an empty string.
  Result<std::string> token(Repository& repo, std::string_view access);
  // Returns the Authorization header for a registry request on `repo` with `access`, or an empty
  // string without an index.
  Result<std::string> registry_auth(Repository& repo, std::string_view access);

  // Folds a verdict reached elsewhere (a workflow run) into this check's, with its exchanges.
  void conclude(Verdict verdict, std::vector<Exchange> exchanges);
  // Every exchange this check made, redacted.
  std::vector<Exchange> exchanges() const;

 private:
  Request request_for(const Call& call) const;
  Result<Response> send_request(Request request);
  Result<void> announce(Repository& repo);
  // Sends a setup step and returns its answer when its status is one of `statuses`; otherwise
  // an Error, after noting the step (its operation and `condition`) for ok() to name.
  Result<Response> send_checked(const Call& call, std::initializer_list<int> statuses,
                                std::string_view condition = "ok");
  void settle(Outcome outcome, std::string reason);

  RunEnvironment& env_;
  const Check& check_;
  std::shared_ptr<Transcript> transcript_;
  Verdict verdict_;
  std::vector<std::unique_ptr<Repository>> repositories_;
  std::vector<Exchange> extra_exchanges_;
  std::string failed_step_;      // the check ID of the last setup step that failed
  std::set<std::string> spent_;  // single-use policy: tokens this check has sent once
  std::string blocked_by_;
};

// What a check holds a server to under one profile.
struct ProfileCitation {
  spec::Level level = spec::Level::kMust;
  spec::Source source;
  std::vector<int> statuses;  // the acceptable statuses of a derived check; empty for workflows
};

struct Check {
  std::string id;           // "registry/images/put-image-layer/image-not-found"
  std::string title;        // what it sends: "PUT /v1/images/{image_id}/layer for an unknown image"
  std::string requirement;  // what the spec requires
  // Per profile, indexed by spec::Profile (docs, docker-registry, compat): the level, source and
  // acceptable statuses. A MUST check fails in every profile; a SHOULD check only with --strict;
  // a MAY check never fails for not doing what it allows.
  std::array<ProfileCitation, 3> profiles;
  std::string hint;                // what to change in the server
  std::vector<std::string> needs;  // capabilities, see kNeeds*
  std::function<void(CheckContext&)> run;

  const ProfileCitation& under(spec::Profile profile) const {
    return profiles[static_cast<std::size_t>(profile)];
  }
  // Cites the same level and source under every profile.
  void cite(spec::Level level, const spec::Source& source) {
    for (ProfileCitation& p : profiles) p = {level, source, {}};
  }
};

}  // namespace drydock::conformance
