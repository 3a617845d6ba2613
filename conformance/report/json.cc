// results.json: the run info (versions, redacted configuration), the summary, the feature matrix
// ("features"), the failures grouped by cause ("causes", each with a curl command reproducing
// it), and every result with its exchanges. Bodies that are not text are base64 with
// "encoding": "base64". Members keep this order, so the file reads top down like the other
// reports.

#include <nlohmann/json.hpp>

#include "causes.h"
#include "curl_command.h"
#include "drydock/conformance/reporter.h"
#include "feature_matrix.h"
#include "text.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

json headers_json(const Headers& headers) {
  json out = json::array();
  for (const Header& h : headers) out.push_back({{"name", h.name}, {"value", h.value}});
  return out;
}

json body_json(std::string_view body, std::uint64_t size, bool truncated) {
  json out = {{"size", size}, {"truncated", truncated}};
  if (report::is_text(body)) {
    out["text"] = body;
  } else {
    out["text"] = report::base64(body);
    out["encoding"] = "base64";
  }
  return out;
}

json exchange_json(const Exchange& e) {
  json request = {{"method", e.request.method},
                  {"url", e.request.url},
                  {"headers", headers_json(e.request.headers)},
                  {"body", body_json(e.request.body, e.request.body_size, false)}};
  request["body"]["streamed"] = e.request.streamed;
  json out = {{"label", e.label},
              {"started_at", report::iso8601(e.started_at)},
              {"request", request},
              {"timings",
               {{"dns_ms", e.timings.dns_ms},
                {"connect_ms", e.timings.connect_ms},
                {"tls_ms", e.timings.tls_ms},
                {"send_ms", e.timings.send_ms},
                {"wait_ms", e.timings.wait_ms},
                {"receive_ms", e.timings.receive_ms},
                {"total_ms", e.timings.total_ms}}}};
  if (e.response.status != 0) {
    out["response"] = {
        {"status", e.response.status},
        {"reason", e.response.reason},
        {"http_version", e.response.http_version},
        {"headers", headers_json(e.response.headers)},
        {"body", body_json(e.response.body, e.response.body_size, e.response.body_truncated)}};
  }
  if (!e.error.empty()) out["error"] = e.error;
  return out;
}

json curl_json(const Exchange& e) {
  report::CurlCommand c = report::curl_command(e);
  return {{"command", c.command}, {"notes", c.notes}};
}

json result_json(const CheckResult& r) {
  json exchanges = json::array();
  for (const Exchange& e : r.exchanges) exchanges.push_back(exchange_json(e));
  json out = {{"id", r.id},
              {"feature", report::feature_name(report::feature_of(r.id))},
              {"title", r.title},
              {"requirement", r.requirement},
              {"source", {{"document", r.source.document}, {"section", r.source.section}}},
              {"level", spec::to_string(r.level)},
              {"profile", spec::to_string(r.profile)},
              {"outcome", to_string(r.outcome)},
              {"acceptable", r.acceptable},
              {"observed", r.observed},
              {"hint", r.hint},
              {"message", r.message},
              {"duration_ms", r.duration_ms},
              {"exchanges", exchanges}};
  if (r.baselined) out["baseline"] = {{"reason", r.baseline_reason}};
  if (!r.blocked_by.empty()) out["blocked_by"] = r.blocked_by;
  if (r.outcome == Outcome::kFail || r.outcome == Outcome::kError) {
    if (const Exchange* e = report::failing_exchange(r)) out["curl"] = curl_json(*e);
  }
  return out;
}

json features_json(const std::vector<CheckResult>& results) {
  json out = json::array();
  for (const report::FeatureRow& row : report::feature_matrix(results)) {
    json item = {{"feature", report::feature_name(row.feature)},
                 {"status", report::status_name(row.status)},
                 {"passed", row.passed},
                 {"not_supported", row.not_supported},
                 {"broken", row.broken},
                 {"other", row.other},
                 {"broken_checks", row.broken_checks}};
    if (!row.not_supported_example.empty()) {
      item["not_supported_example"] = row.not_supported_example;
    }
    out.push_back(item);
  }
  return out;
}

json ids_json(const std::vector<const CheckResult*>& results) {
  json out = json::array();
  for (const CheckResult* r : results) out.push_back(r->id);
  return out;
}

json causes_json(const std::vector<CheckResult>& results) {
  json out = json::array();
  for (const report::Cause& cause : report::group_by_cause(results)) {
    json item = {{"message", cause.message},
                 {"outcome", to_string(cause.outcome)},
                 {"count", cause.size()},
                 {"failures", ids_json(cause.failures)},
                 {"blocked", ids_json(cause.blocked)},
                 {"example", cause.example().id}};
    if (!cause.blocked_by.empty()) item["blocked_by"] = cause.blocked_by;
    if (const Exchange* e = report::failing_exchange(cause.example())) {
      item["curl"] = curl_json(*e);
    }
    out.push_back(item);
  }
  return out;
}

// "complete", "interrupted" (a signal stopped it: results so far) or "fatal" (nothing ran).
std::string_view run_status(const Summary& s) {
  if (!s.fatal.empty()) return "fatal";
  return s.interrupted ? "interrupted" : "complete";
}

json summary_json(const Summary& s) {
  json counts = json::object();
  for (int i = 0; i < kOutcomeCount; ++i) {
    counts[std::string(to_string(static_cast<Outcome>(i)))] = s.counts[static_cast<std::size_t>(i)];
  }
  json out = {{"status", run_status(s)},  {"counts", counts},
              {"total", s.total()},       {"overall", to_string(s.overall())},
              {"baselined", s.baselined}, {"requests", s.requests},
              {"total_ms", s.total_ms}};
  if (!s.fatal.empty()) out["fatal"] = s.fatal;
  out["interrupted"] = s.interrupted;
  out["notes"] = s.notes;
  return out;
}

}  // namespace

std::string render_json(const Report& report) {
  const RunInfo& info = report.info;
  json results = json::array();
  for (const CheckResult& r : report.results) results.push_back(result_json(r));
  nlohmann::ordered_json out;
  out["tool"] = {{"name", "drydock"}, {"version", info.tool_version}};
  out["spec_version"] = info.spec_version;
  out["run"] = {{"started_at", report::iso8601(info.started_at)},
                {"index_url", info.index_url},
                {"registry_url", info.registry_url},
                {"profile", spec::to_string(info.profile)},
                {"strict", info.strict},
                {"planned", info.planned},
                {"config", info.config}};
  out["summary"] = summary_json(report.summary);
  out["features"] = features_json(report.results);
  out["causes"] = causes_json(report.results);
  out["results"] = results;
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace drydock::conformance
