#include "drydock/judge/judge.h"

#include <algorithm>

#include "drydock/conformance/redact.h"
#include "rules.h"

namespace drydock::judge {
namespace {

spec::Level level_of(const Rule& rule, spec::Profile profile) {
  switch (profile) {
    case spec::Profile::kDocs:
      return rule.docs;
    case spec::Profile::kDockerRegistry:
      return rule.docker_registry;
    case spec::Profile::kCompat:
      break;
  }
  return spec::weaker(rule.docs, rule.docker_registry);
}

// Why a rule was not judged at all under `options`, or "".
std::string not_judged_because(const Rule& rule, const JudgeOptions& options) {
  if (rule.token_mode && !options.token_mode) return "the registry is standalone: no tokens";
  if (rule.single_use && !options.single_use) {
    return "the token policy is reusable (serve --token-policy single-use judges it)";
  }
  if (rule.needs_token_ttl && !options.token_ttl) return "the token TTL is unknown";
  return {};
}

std::string target_of(const ObservedExchange& e) {
  std::string target = e.path;
  for (size_t i = 0; i < e.query.size(); ++i) {
    target += (i == 0 ? "?" : "&") + e.query[i].first + "=" + e.query[i].second;
  }
  return target;
}

void count(Tally& tally, const ObservedExchange& exchange, const std::string& problem,
           std::size_t keep) {
  ++tally.exercised;
  if (problem.empty()) return;
  if (auto label = find_header(exchange.request_headers, kDeliberateHeader)) {
    ++tally.deliberate;
    tally.deliberate_checks.insert(*label);
    return;
  }
  ++tally.broken;
  if (tally.kept.size() < keep) tally.kept.emplace_back(exchange, problem);
}

conformance::CheckResult result_of(const Rule& rule, const Tally& tally,
                                   const JudgeOptions& options, conformance::Redactor& redactor) {
  conformance::CheckResult result;
  result.id = std::string(rule.id);
  result.title = std::string(rule.title);
  result.requirement = std::string(rule.requirement);
  result.source = spec::Source{std::string(rule.document), std::string(rule.section)};
  result.level = level_of(rule, options.profile);
  result.profile = options.profile;
  result.hint = std::string(rule.hint);
  result.acceptable = {std::string(rule.requirement)};
  if (std::string why = not_judged_because(rule, options); !why.empty()) {
    result.outcome = conformance::Outcome::kSkip;
    result.message = why;
    return result;
  }
  if (tally.exercised == 0) {
    result.outcome = conformance::Outcome::kSkip;
    result.message = "never exercised: no request it applies to";
    return result;
  }
  result.outcome = tally.broken > 0 ? conformance::Outcome::kFail : conformance::Outcome::kPass;
  result.observed = std::to_string(tally.broken) + " of " + std::to_string(tally.exercised) +
                    " requests it applies to broke it";
  if (!tally.kept.empty()) result.message = redactor.text(tally.kept.front().second);
  // RFC 2119: a client that does not do what a MAY describes has not failed. It is told how it
  // differs from Docker 1.x, as the runner tells a server that does not support a MAY.
  if (result.level == spec::Level::kMay && tally.broken > 0) {
    result.outcome = conformance::Outcome::kSkip;
    result.message = "differs from Docker 1.x (MAY): " + result.message;
  }
  if (tally.deliberate > 0) {
    std::string checks;
    for (const auto& check : tally.deliberate_checks)
      checks += (checks.empty() ? "" : ", ") + check;
    result.message += std::string(result.message.empty() ? "" : "; ") +
                      std::to_string(tally.deliberate) + " deliberate (X-Drydock-Check: " + checks +
                      ") not held against the client";
  }
  for (const auto& [exchange, problem] : tally.kept) {
    conformance::Exchange shown = report_exchange(exchange, std::string(rule.id));
    redactor.redact(shown);
    result.exchanges.push_back(std::move(shown));
  }
  return result;
}

}  // namespace

conformance::Exchange report_exchange(const ObservedExchange& e, std::string label) {
  conformance::Exchange out;
  out.label = std::move(label);
  out.started_at = e.started_at;
  std::string host = "unknown-host";
  for (const auto& [name, value] : e.request_headers) {
    out.request.headers.add(name, value);
    if (name == "Host" || name == "host" || name == "HOST") host = value;
  }
  out.request.method = e.method;
  out.request.url = "http://" + host + target_of(e);
  if (e.json_body) {
    out.request.body = e.json_body->substr(0, conformance::kKeptBodyBytes);
    out.request.body_size = e.json_body->size();
  } else if (e.body_bytes > 0) {
    out.request.streamed = true;
    out.request.body_size = e.body_bytes;
    out.request.body = "<" + std::to_string(e.body_bytes) + " bytes streamed>";
  }
  out.response.status = e.status;
  out.response.http_version = "HTTP/1.1";
  for (const auto& [name, value] : e.reply_headers) out.response.headers.add(name, value);
  if (e.reply_body) {
    out.response.body_size = e.reply_body->size();
    out.response.body = e.reply_body->substr(0, conformance::kKeptBodyBytes);
    out.response.body_truncated = out.response.body.size() < e.reply_body->size();
  }
  return out;
}

Judge::Judge(const spec::Spec& spec, JudgeOptions options)
    : spec_(spec), options_(options), state_(std::make_unique<JudgeState>()) {
  state_->tallies.resize(rules().size());
  state_->token_ttl = options_.token_ttl;
}

Judge::~Judge() = default;

void Judge::observe(const ObservedExchange& exchange) {
  std::lock_guard lock(mutex_);
  Seen seen = see(exchange, spec_, *state_);
  if (is_token_callback(seen)) return;  // the registry asking the index: not a client
  ++state_->exchanges;
  const auto& table = rules();
  for (size_t i = 0; i < table.size(); ++i) {
    const Rule& rule = table[i];
    if (rule.judge == nullptr || !not_judged_because(rule, options_).empty()) continue;
    Verdict verdict = rule.judge(seen, *state_);
    if (verdict.applies)
      count(state_->tallies[i], exchange, verdict.problem, options_.kept_exchanges);
  }
  learn(seen, *state_);
}

std::string Judge::digest_seed(const ObservedExchange& request) const {
  if (request.operation_id != "putImageLayer") return {};
  auto id = request.path_params.find("image_id");
  if (id == request.path_params.end()) return {};
  std::lock_guard lock(mutex_);
  auto image = state_->images.find(id->second);
  if (image == state_->images.end() || !image->second.json) return {};
  return *image->second.json + "\n";
}

conformance::Report Judge::report(conformance::RunInfo info) const {
  conformance::Report report;
  report.info = std::move(info);
  report.info.profile = options_.profile;
  conformance::Redactor redactor;
  std::lock_guard lock(mutex_);
  const auto& table = rules();
  for (size_t i = 0; i < table.size(); ++i) {
    const Rule& rule = table[i];
    Tally tally = state_->tallies[i];
    if (rule.at_end != nullptr && not_judged_because(rule, options_).empty()) {
      std::vector<EndVerdict> verdicts;
      rule.at_end(*state_, verdicts);
      for (const EndVerdict& verdict : verdicts) {
        count(tally, verdict.exchange, verdict.problem, options_.kept_exchanges);
      }
    }
    report.results.push_back(result_of(rule, tally, options_, redactor));
  }
  report.info.planned = report.results.size();
  report.summary = conformance::Summary::of(report.results);
  report.summary.requests = state_->exchanges;  // judged, not only those kept in the report
  return report;
}

Result<void> write_judge_reports(const std::filesystem::path& dir,
                                 const conformance::Report& report) {
  return conformance::write_reports(dir, conformance::all_report_formats(), report);
}

}  // namespace drydock::judge
