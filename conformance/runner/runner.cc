// run_checks(): prepare, run checks in parallel under the deadline, clean up, report (runner.h).

#include "drydock/conformance/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

#include "drydock/conformance/curl_client.h"
#include "drydock/conformance/transcript.h"
#include "run_environment.h"
#include "target_state.h"

namespace drydock::conformance {

namespace {

using Clock = std::chrono::steady_clock;

// How long the cleanup may take once the checks are over (README: Exit codes).
constexpr std::chrono::seconds kCleanupTime{10};
// The largest reply body a check keeps in memory: v1 JSON replies are small, and a layer a check
// reads whole is a fixture of a few KiB (large layers stream to a sink). A server sending more
// gets an error, and the run's memory stays bounded whatever it sends.
constexpr std::size_t kMaxBodyInMemory = 8 << 20;

std::set<std::string> capabilities(const RunOptions& options) {
  std::set<std::string> caps;
  if (options.has_index()) caps.insert(std::string(kNeedsIndex));
  if (!options.registry_target().empty()) caps.insert(std::string(kNeedsRegistry));
  if (!options.user.empty()) caps.insert(std::string(kNeedsAccounts));
  if (!options.admin.empty()) caps.insert(std::string(kNeedsAdmin));
  if (!options.inactive.empty()) caps.insert(std::string(kNeedsInactive));
  if (options.token_policy == "single-use") caps.insert(std::string(kNeedsSingleUse));
  if (options.mint_token) caps.insert(std::string(kNeedsMinting));
  return caps;
}

CheckResult result_of(const Check& check, const RunOptions& options) {
  CheckResult r;
  r.id = check.id;
  r.title = check.title;
  r.requirement = check.requirement;
  r.source = check.under(options.profile).source;
  r.level = check.under(options.profile).level;
  r.profile = options.profile;
  r.hint = check.hint;
  return r;
}

// Returns why `check` is not run (outcome and message), or kPass when it should run.
std::pair<Outcome, std::string> gate(const Check& check, const RunOptions& options,
                                     const std::set<std::string>& caps) {
  if (check.under(options.profile).level == spec::Level::kShould && !options.strict) {
    return {Outcome::kDisabled, "a SHOULD-level check: run with --strict"};
  }
  for (const std::string& need : check.needs) {
    if (need == kNeedsLargeLayer && options.large_layer == 0) {
      return {Outcome::kDisabled, "runs with --large-layer SIZE"};
    }
    if (need != kNeedsLargeLayer && caps.count(need) == 0) {
      return {Outcome::kSkip, "needs " + need + ", which this target or configuration lacks"};
    }
  }
  return {Outcome::kPass, ""};
}

CheckResult run_one(RunEnvironment& env, const Check& check, Clock::time_point deadline) {
  CheckResult result = result_of(check, env.options());
  if (Clock::now() >= deadline) {
    result.outcome = Outcome::kError;
    result.message = "deadline passed";
    return result;
  }
  const auto started = Clock::now();
  CheckContext ctx(env, check);
  try {
    check.run(ctx);
    ctx.finish_pushes();
  } catch (const std::exception& e) {
    ctx.error(std::string("internal error: ") + e.what());
  }
  const Verdict& v = ctx.verdict();
  result.outcome = v.outcome;
  result.acceptable = v.acceptable;
  result.observed = env.redactor()->text(v.observed);
  result.message = env.redactor()->text(v.message);
  result.exchanges = ctx.exchanges();
  result.blocked_by = ctx.blocked_by();
  result.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  if (result.outcome == Outcome::kPass && result.exchanges.empty() && v.observed.empty()) {
    result.outcome = Outcome::kError;
    result.message = "the check judged nothing";
  }
  return result;
}

// Orders checks by their needs: fewer needs first, then by ID (stable, reproducible).
std::vector<const Check*> ordered(std::vector<const Check*> checks) {
  std::stable_sort(checks.begin(), checks.end(), [](const Check* a, const Check* b) {
    return a->needs.size() < b->needs.size();
  });
  return checks;
}

class Run {
 public:
  Run(RunEnvironment& env, const Baseline& baseline, const std::vector<Reporter*>& reporters)
      : env_(env), baseline_(baseline), reporters_(reporters) {}

  void add(CheckResult result) {
    apply_baseline(baseline_, result);
    for (Reporter* r : reporters_) r->record(result);
    std::lock_guard<std::mutex> lock(mutex_);
    results_.push_back(std::move(result));
  }

  // Runs `checks` on `jobs` threads; once `stop` is requested no further check starts (the ones in
  // flight end as their transfers are aborted).
  void execute(const std::vector<const Check*>& checks, int jobs, Clock::time_point deadline,
               const StopRequest* stop) {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      for (std::size_t i = next++; i < checks.size(); i = next++) {
        if (stop != nullptr && stop->requested()) return;
        add(run_one(env_, *checks[i], deadline));
      }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < std::max(1, jobs); ++t) threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads) t.join();
  }

  std::vector<CheckResult> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::sort(results_.begin(), results_.end(),
              [](const CheckResult& a, const CheckResult& b) { return a.id < b.id; });
    return std::move(results_);
  }

 private:
  RunEnvironment& env_;
  const Baseline& baseline_;
  const std::vector<Reporter*>& reporters_;
  std::mutex mutex_;
  std::vector<CheckResult> results_;  // guarded by mutex_
};

std::unique_ptr<CurlClient> make_client(const RunOptions& options, Clock::time_point deadline) {
  CurlOptions curl;
  curl.timeout = options.timeout;
  curl.connect_timeout = std::min(options.timeout, curl.connect_timeout);
  curl.stall_timeout =
      std::chrono::duration_cast<std::chrono::seconds>(options.timeout) + std::chrono::seconds(1);
  curl.cacert = options.cacert;
  curl.insecure = options.insecure;
  curl.client_cert = options.client_cert;
  curl.client_key = options.client_key;
  curl.deadline = deadline;
  curl.max_body_bytes = kMaxBodyInMemory;
  if (options.stop != nullptr) {
    curl.cancelled = [stop = options.stop] { return stop->aborting(); };
  }
  return std::make_unique<CurlClient>(curl);
}

}  // namespace

RunReport run_checks(const spec::Spec& spec, const std::vector<const Check*>& checks,
                     const RunOptions& options, const Baseline& baseline,
                     const std::vector<Reporter*>& reporters, HttpClient* client) {
  const auto started = Clock::now();
  const Clock::time_point deadline = started + options.deadline;
  std::unique_ptr<CurlClient> own_client;
  if (client == nullptr) {
    own_client = make_client(options, deadline);
    client = own_client.get();
  }
  auto redactor = std::make_shared<Redactor>();
  for (const Account* a : {&options.user, &options.user2, &options.admin, &options.inactive}) {
    redactor->add_secret(a->password);
  }
  auto transcript = std::make_shared<Transcript>(redactor);
  client->set_transcript(transcript);
  RunEnvironment env(spec, options, *client, redactor);

  RunReport report;
  report.info.tool_version = DRYDOCK_RUNNER_VERSION;
  report.info.spec_version = spec.version();
  report.info.config = options.redacted_json();
  report.info.started_at = std::chrono::system_clock::now();
  report.info.index_url = options.index_url;
  report.info.registry_url = options.registry_target();
  report.info.profile = options.profile;
  report.info.strict = options.strict;
  report.info.planned = checks.size();
  for (Reporter* r : reporters) r->begin(report.info);

  Run run(env, baseline, reporters);
  const auto stopped = [&options] { return options.stop != nullptr && options.stop->requested(); };
  if (stopped()) {
    // Stopped before the first request (while the embedded simulator started, say): nothing ran
    // and nothing needs cleaning up; the reports say it was interrupted.
  } else if (Result<void> reached = probe_targets(env); !reached.ok()) {
    // One cause, said once: no check ran, and the reports say why (unless a signal cut it short).
    if (!stopped()) report.fatal = reached.error().message;
  } else {
    // A read-only run registers nothing: it reads as the given account, or anonymously.
    std::vector<std::string> notes;
    if (!options.read_only) notes = provide_accounts(env);
    // An injected fault reaches the checks, not the probe or the accounts' registration: a fault
    // that breaks every connection is for the checks that meet it to report, not a target that
    // cannot be reached.
    if (!options.inject_fault.empty()) {
      Headers fault;
      fault.add("X-Drydock-Fault", options.inject_fault);
      client->set_fixed_headers(std::move(fault));
    }
    const std::set<std::string> caps = capabilities(env.options());
    std::vector<const Check*> runnable;
    for (const Check* check : ordered(checks)) {
      auto [outcome, why] = gate(*check, env.options(), caps);
      if (outcome == Outcome::kPass) {
        runnable.push_back(check);
        continue;
      }
      CheckResult r = result_of(*check, options);
      r.outcome = outcome;
      r.message = why;
      run.add(std::move(r));
    }
    run.execute(runnable, options.jobs, deadline, options.stop);
    if (stopped()) options.stop->abort_finished();  // the cleanup may talk again
    // The cleanup's own time: after an interrupt at once, otherwise up to the run's deadline, and
    // at least kCleanupTime either way (a run ends at most that long past its deadline).
    if (own_client) {
      const auto now = Clock::now();
      own_client->set_deadline(stopped() ? now + kCleanupTime
                                         : std::max(deadline, now + kCleanupTime));
    }
    if (options.clean_up) report.not_cleaned = clean_up(env);
    report.not_cleaned.insert(report.not_cleaned.begin(), notes.begin(), notes.end());
  }
  if (stopped()) {
    report.interrupted = true;
    report.stop_signal = options.stop->signal();
  }
  report.results = run.take();
  report.summary = Summary::of(report.results);
  report.summary.fatal = report.fatal;
  report.summary.interrupted = report.interrupted;
  report.summary.notes = baseline_notes(baseline, report.results);
  report.summary.total_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  report.transcript = transcript->take();  // every check and the cleanup are over
  for (const CheckResult& r : report.results) {
    // A blocked check stands for its blocking step's failure, selected or not.
    bool failed = r.outcome == Outcome::kFail || r.outcome == Outcome::kBlocked;
    if (failed && !r.baselined) ++report.failed_unbaselined;
  }
  for (Reporter* r : reporters) {
    if (auto* file = dynamic_cast<FileReporter*>(r)) file->set_transcript(report.transcript);
    r->end(report.summary);
  }
  client->set_transcript(nullptr);
  client->set_fixed_headers({});
  return report;
}

int exit_code(const RunReport& report) {
  if (report.interrupted) return 128 + report.stop_signal;
  if (!report.fatal.empty() || report.summary.count(Outcome::kError) > 0) return 2;
  return report.failed_unbaselined > 0 ? 1 : 0;
}

void list_checks(std::ostream& out, const std::vector<const Check*>& checks,
                 spec::Profile profile) {
  std::size_t width = 0;
  for (const Check* c : checks) width = std::max(width, c->id.size());
  for (const Check* c : checks) {
    std::string_view level = spec::to_string(c->under(profile).level);
    out << c->id << std::string(width - c->id.size() + 2, ' ') << level
        << std::string(8 - level.size(), ' ') << c->title << "\n";
  }
}

}  // namespace drydock::conformance
