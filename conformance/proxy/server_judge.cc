#include "drydock/proxy/server_judge.h"

#include <set>

#include "drydock/conformance/check.h"
#include "drydock/conformance/redact.h"
#include "drydock/judge/judge.h"
#include "drydock/simulator/http/headers.h"

namespace drydock::proxy {
namespace {

using simulator::http::iequals;

// Every condition `operation` names: those its responses list and those a profile's variants add.
std::set<std::string, std::less<>> conditions_of(const spec::Operation& operation) {
  std::set<std::string, std::less<>> out;
  for (const spec::Response& response : operation.responses) {
    out.insert(response.conditions.begin(), response.conditions.end());
  }
  for (const auto& [profile, variant] : operation.variants) {
    for (const auto& [condition, unused] : variant.conditions) out.insert(condition);
  }
  return out;
}

}  // namespace

ServerJudge::ServerJudge(const spec::Spec& spec, spec::Profile profile, bool strict,
                         std::size_t kept)
    : spec_(spec), profile_(profile), strict_(strict), kept_(kept) {
  for (const spec::Operation& operation : spec_.operations()) {
    const auto conditions = conditions_of(operation);
    conditions_[operation.id].assign(conditions.begin(), conditions.end());
  }
}

ServerJudge::Problem ServerJudge::problem(const spec::Operation& operation,
                                          const ObservedExchange& exchange) const {
  Problem found = problem_at(operation, exchange, false);
  if (!found.message.empty() || !strict_) return found;
  found = problem_at(operation, exchange, true);
  if (!found.message.empty()) found.level = spec::Level::kShould;
  return found;
}

ServerJudge::Problem ServerJudge::problem_at(const spec::Operation& operation,
                                             const ObservedExchange& e, bool strict) const {
  if (e.status == 0) return {"the server sent no reply", operation.level};
  conformance::Response response;
  response.status = e.status;
  for (const auto& [name, value] : e.reply_headers) response.headers.add(name, value);
  response.body = e.reply_body.value_or("");
  response.body_size = response.body.size();
  // A JSON body too large to read whole streamed past: its status and headers are judged.
  const bool body_unread =
      !e.reply_body &&
      find_header(e.reply_headers, "Content-Type").value_or("").find("json") != std::string::npos;

  // A token is issued to a request that asks for one (protocol-notes 5.2 I4, I7).
  std::vector<std::string> unasked;
  const auto asked = find_header(e.request_headers, "X-Docker-Token");
  if (!asked || !iequals(*asked, "true")) unasked.push_back("X-Docker-Token");

  Problem first;
  bool listed = false;
  bool only_may = true;
  auto conditions = conditions_.find(operation.id);
  if (conditions == conditions_.end()) return {"an operation of another spec", operation.level};
  for (const std::string& condition : conditions->second) {
    const spec::Expectation expected = operation.expectation(condition, profile_);
    if (!expected.accepts(e.status)) continue;
    listed = true;
    if (expected.level != spec::Level::kMay) only_may = false;
    conformance::Verdict verdict =
        conformance::judge(operation, condition, profile_, strict, response, unasked);
    if (verdict.outcome == conformance::Outcome::kPass) return {};
    if (body_unread && verdict.message.starts_with("the body")) return {};
    if (first.message.empty()) first = {condition + ": " + verdict.message, expected.level};
  }
  if (!listed) {
    return {"status " + std::to_string(e.status) + " is not an answer " + operation.id +
                " lists for any condition under profile " + std::string(spec::to_string(profile_)),
            operation.level};
  }
  if (only_may) return {};  // a server need not do what a MAY allows, nor do it fully
  return first;
}

void ServerJudge::observe(const spec::Operation& operation, const ObservedExchange& exchange) {
  Problem found = problem(operation, exchange);
  std::lock_guard lock(mutex_);
  Tally& tally = tallies_[operation.id];
  ++tally.seen;
  if (found.message.empty()) return;
  ++tally.failed;
  tally.level = spec::stronger(tally.level, found.level);
  if (tally.kept.size() < kept_) tally.kept.emplace_back(exchange, std::move(found.message));
}

void ServerJudge::observe_problem(const spec::Operation& operation,
                                  const ObservedExchange& exchange, std::string problem) {
  std::lock_guard lock(mutex_);
  Tally& tally = tallies_[operation.id];
  ++tally.failed;
  tally.level = spec::Level::kMust;
  if (tally.kept.size() < kept_) tally.kept.emplace_back(exchange, std::move(problem));
}

std::vector<conformance::CheckResult> ServerJudge::results(
    const std::vector<spec::Side>& sides) const {
  std::vector<conformance::CheckResult> out;
  conformance::Redactor redactor;
  std::lock_guard lock(mutex_);
  for (const spec::Operation& operation : spec_.operations()) {
    if (std::find(sides.begin(), sides.end(), operation.side) == sides.end()) continue;
    conformance::CheckResult result;
    result.id = spec::check_id(operation, kObservedCondition);
    result.title = "Every " + operation.method + " " + operation.path + " reply seen";
    result.requirement = "answers as " + operation.id +
                         " lists: a status some condition names, with its required headers, "
                         "Content-Type and body schema";
    result.source = operation.source;
    result.level = operation.level;
    result.profile = profile_;
    result.acceptable = {result.requirement + (strict_ ? " (SHOULD headers too)" : "")};
    result.hint =
        "compare the reply with the operation in the spec (drydock spec show " + operation.id + ")";
    auto it = tallies_.find(operation.id);
    if (it == tallies_.end() || it->second.seen == 0) {
      result.outcome = conformance::Outcome::kSkip;
      result.message = "never seen: no client request reached it";
      out.push_back(std::move(result));
      continue;
    }
    const Tally& tally = it->second;
    result.outcome = tally.failed > 0 ? conformance::Outcome::kFail : conformance::Outcome::kPass;
    if (tally.failed > 0) result.level = tally.level;
    result.observed = std::to_string(tally.failed) + " of " + std::to_string(tally.seen) +
                      " replies seen broke it";
    if (!tally.kept.empty()) result.message = redactor.text(tally.kept.front().second);
    for (const auto& [exchange, problem] : tally.kept) {
      conformance::Exchange shown = judge::report_exchange(exchange, result.id);
      redactor.redact(shown);
      result.exchanges.push_back(std::move(shown));
    }
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace drydock::proxy
