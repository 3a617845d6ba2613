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
#include "json_writer.h"
#include "text.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;
using report::JsonWriter;

// The members of each object below come in the order of their names: results.json printed them
// from std::map-ordered trees, and keeps that layout.

void write_exchange(JsonWriter& w, const Exchange& e) {
  const bool request_text = report::is_text(e.request.body);
  const bool response_text = report::is_text(e.response.body);
  w.begin_object();
  if (!e.error.empty()) w.member("error", e.error);
  w.member("label", e.label);
  w.name("request").begin_object();
  {
    w.name("body").begin_object();
    if (!request_text) w.member("encoding", "base64");
    w.member("size", e.request.body_size);
    w.member("streamed", e.request.streamed);
    w.member("text", request_text ? e.request.body : report::base64(e.request.body));
    w.member("truncated", false);
    w.end_object();
    w.name("headers");
    report::write_headers(w, e.request.headers);
    w.member("method", e.request.method);
    w.member("url", e.request.url);
  }
  w.end_object();
  if (e.response.status != 0) {
    w.name("response").begin_object();
    w.name("body").begin_object();
    if (!response_text) w.member("encoding", "base64");
    w.member("size", e.response.body_size);
    w.member("text", response_text ? e.response.body : report::base64(e.response.body));
    w.member("truncated", e.response.body_truncated);
    w.end_object();
    w.name("headers");
    report::write_headers(w, e.response.headers);
    w.member("http_version", e.response.http_version);
    w.member("reason", e.response.reason);
    w.member("status", e.response.status);
    w.end_object();
  }
  w.member("started_at", report::iso8601(e.started_at));
  w.name("timings").begin_object();
  w.member("connect_ms", e.timings.connect_ms);
  w.member("dns_ms", e.timings.dns_ms);
  w.member("receive_ms", e.timings.receive_ms);
  w.member("send_ms", e.timings.send_ms);
  w.member("tls_ms", e.timings.tls_ms);
  w.member("total_ms", e.timings.total_ms);
  w.member("wait_ms", e.timings.wait_ms);
  w.end_object();
  w.end_object();
}

json curl_json(const Exchange& e) {
  report::CurlCommand c = report::curl_command(e);
  return {{"command", c.command}, {"notes", c.notes}};
}

void write_result(JsonWriter& w, const CheckResult& r) {
  w.begin_object();
  w.member("acceptable", r.acceptable);
  if (r.baselined) {
    w.name("baseline").begin_object();
    w.member("reason", r.baseline_reason);
    w.end_object();
  }
  if (!r.blocked_by.empty()) w.member("blocked_by", r.blocked_by);
  if (r.outcome == Outcome::kFail || r.outcome == Outcome::kError) {
    if (const Exchange* e = report::failing_exchange(r)) w.member("curl", curl_json(*e));
  }
  w.member("duration_ms", r.duration_ms);
  w.name("exchanges").begin_array();
  for (const Exchange& e : r.exchanges) write_exchange(w, e);
  w.end_array();
  w.member("feature", report::feature_name(report::feature_of(r.id)));
  w.member("hint", r.hint);
  w.member("id", r.id);
  w.member("level", spec::to_string(r.level));
  w.member("message", r.message);
  w.member("observed", r.observed);
  w.member("outcome", to_string(r.outcome));
  w.member("profile", spec::to_string(r.profile));
  w.member("requirement", r.requirement);
  w.name("source").begin_object();
  w.member("document", r.source.document);
  w.member("section", r.source.section);
  w.end_object();
  w.member("title", r.title);
  w.end_object();
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

void render_json(const Report& report, const TextSink& sink) {
  const RunInfo& info = report.info;
  JsonWriter w(sink);
  w.begin_object();
  w.name("tool").begin_object();
  w.member("name", "drydock");
  w.member("version", info.tool_version);
  w.end_object();
  w.member("spec_version", info.spec_version);
  w.name("run").begin_object();
  w.member("started_at", report::iso8601(info.started_at));
  w.member("index_url", info.index_url);
  w.member("registry_url", info.registry_url);
  w.member("profile", spec::to_string(info.profile));
  w.member("strict", info.strict);
  w.member("planned", info.planned);
  w.member("config", info.config);
  w.end_object();
  w.member("summary", summary_json(report.summary));
  w.member("features", features_json(report.results));
  w.member("causes", causes_json(report.results));
  w.name("results").begin_array();
  for (const CheckResult& r : report.results) {
    write_result(w, r);
    w.flush_piece();
  }
  w.end_array();
  w.end_object();
  w.raw("\n");
  w.finish();
}

std::string render_json(const Report& report) {
  std::string text;
  render_json(report, [&text](std::string_view piece) { text.append(piece); });
  return text;
}

}  // namespace drydock::conformance
