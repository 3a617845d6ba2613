// results.json: the run info (versions, redacted configuration), the summary, and every result
// with its exchanges. Bodies that are not text are base64 with "encoding": "base64".

#include <nlohmann/json.hpp>

#include "drydock/conformance/reporter.h"
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

json result_json(const CheckResult& r) {
  json exchanges = json::array();
  for (const Exchange& e : r.exchanges) exchanges.push_back(exchange_json(e));
  json out = {{"id", r.id},
              {"title", r.title},
              {"requirement", r.requirement},
              {"source", {{"document", r.source.document}, {"section", r.source.section}}},
              {"level", report::level_name(r.level)},
              {"profile", report::profile_name(r.profile)},
              {"outcome", to_string(r.outcome)},
              {"acceptable", r.acceptable},
              {"observed", r.observed},
              {"hint", r.hint},
              {"message", r.message},
              {"duration_ms", r.duration_ms},
              {"exchanges", exchanges}};
  if (r.baselined) out["baseline"] = {{"reason", r.baseline_reason}};
  if (!r.blocked_by.empty()) out["blocked_by"] = r.blocked_by;
  return out;
}

json summary_json(const Summary& s) {
  json counts = json::object();
  for (int i = 0; i < kOutcomeCount; ++i) {
    counts[std::string(to_string(static_cast<Outcome>(i)))] = s.counts[static_cast<std::size_t>(i)];
  }
  json out = {
      {"counts", counts},         {"total", s.total()},     {"overall", to_string(s.overall())},
      {"baselined", s.baselined}, {"requests", s.requests}, {"total_ms", s.total_ms}};
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
  json out = {{"tool", {{"name", "drydock"}, {"version", info.tool_version}}},
              {"spec_version", info.spec_version},
              {"run",
               {{"started_at", report::iso8601(info.started_at)},
                {"index_url", info.index_url},
                {"registry_url", info.registry_url},
                {"profile", report::profile_name(info.profile)},
                {"strict", info.strict},
                {"config", info.config}}},
              {"summary", summary_json(report.summary)},
              {"results", results}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace drydock::conformance
