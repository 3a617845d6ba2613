// report.html: one self-contained page (inline CSS, no scripts, no external references). The
// summary comes first, then a table per area; each failed or broken check expands (<details>) to
// its requirement, acceptable outcomes, observed answer, hint and redacted exchanges.

#include <cstdio>
#include <map>

#include "drydock/conformance/reporter.h"
#include "text.h"

namespace drydock::conformance {
namespace {

using report::markup_escape;

constexpr std::string_view kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;
text-align:left;vertical-align:top}
.pass{color:#176f2c}.fail{color:#b3261e;font-weight:bold}.error{color:#8a4b00;font-weight:bold}
.skip,.disabled{color:#777}
pre{background:#f6f6f6;padding:.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
dl{margin:.4em 0}dt{font-weight:bold}dd{margin:0 0 .4em 1.5em}
.counts span{margin-right:1.5em}
)";

std::string cell(std::string_view text) {
  return "<td>" + markup_escape(text) + "</td>";
}

std::string definition(std::string_view term, std::string_view value) {
  if (value.empty()) return "";
  return "<dt>" + markup_escape(term) + "</dt><dd>" + markup_escape(value) + "</dd>";
}

std::string details(const CheckResult& r) {
  std::string out = "<details><summary>" + markup_escape(r.id) + "</summary><dl>";
  out += definition("Sends", r.title);
  out += definition("Requirement", std::string(report::level_name(r.level)) + ": " + r.requirement);
  out += definition("Source", report::source_text(r.source));
  if (!r.acceptable.empty()) {
    out += "<dt>Acceptable</dt><dd><ul>";
    for (const std::string& a : r.acceptable) out += "<li>" + markup_escape(a) + "</li>";
    out += "</ul></dd>";
  }
  out += definition("Observed", r.observed);
  out += definition("Hint", r.hint);
  out += definition("Message", r.message);
  if (r.baselined) out += definition("Baseline", r.baseline_reason);
  out += "</dl>";
  for (const Exchange& e : r.exchanges) {
    out += "<pre>" + markup_escape(report::exchange_text(e)) + "</pre>";
  }
  return out + "</details>";
}

std::string row(const CheckResult& r) {
  std::string outcome(to_string(r.outcome));
  bool expandable = r.outcome == Outcome::kFail || r.outcome == Outcome::kError;
  char duration[32];
  std::snprintf(duration, sizeof(duration), "%.0f ms", r.duration_ms);
  std::string out = "<tr><td class=\"" + outcome + "\">" + outcome +
                    (r.baselined ? " (baseline)" : "") + "</td><td>";
  out += expandable ? details(r) : markup_escape(r.id);
  if (!expandable && !r.message.empty())
    out += "<br><small>" + markup_escape(r.message) + "</small>";
  out += "</td>" + cell(r.title) + cell(report::level_name(r.level)) + cell(duration) + "</tr>\n";
  return out;
}

std::string summary(const Report& report) {
  const RunInfo& info = report.info;
  const Summary& s = report.summary;
  std::string out = "<p>drydock " + markup_escape(info.tool_version) + ", spec " +
                    markup_escape(info.spec_version) + ", profile " +
                    markup_escape(report::profile_name(info.profile)) +
                    (info.strict ? " (strict)" : "") + ", started " +
                    markup_escape(report::iso8601(info.started_at)) + "</p>\n<ul>";
  if (!info.index_url.empty()) out += "<li>index: " + markup_escape(info.index_url) + "</li>";
  if (!info.registry_url.empty()) {
    out += "<li>registry: " + markup_escape(info.registry_url) + "</li>";
  }
  out += "</ul>\n<p class=\"counts\">";
  for (Outcome o : {Outcome::kPass, Outcome::kFail, Outcome::kBlocked, Outcome::kError,
                    Outcome::kSkip, Outcome::kDisabled}) {
    std::string name(to_string(o));
    out += "<span class=\"" + name + "\">" + std::to_string(s.count(o)) + " " + name + "</span>";
  }
  char timing[64];
  std::snprintf(timing, sizeof(timing), "%zu requests, %.1f s", s.requests, s.total_ms / 1000.0);
  out += "<span>" + std::string(timing) + "</span></p>\n";
  if (!s.notes.empty()) {
    out += "<ul class=\"notes\">";
    for (const std::string& note : s.notes) out += "<li>" + markup_escape(note) + "</li>";
    out += "</ul>\n";
  }
  return out;
}

}  // namespace

std::string render_html(const Report& report) {
  std::map<std::string, std::vector<const CheckResult*>> areas;
  for (const CheckResult& r : report.results) areas[r.area()].push_back(&r);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>drydock conformance report</title>\n<style>" +
      std::string(kStyle) + "</style>\n</head>\n<body>\n<h1>drydock conformance report</h1>\n";
  out += summary(report);
  out += "<details><summary>Configuration</summary><pre>" +
         markup_escape(
             report.info.config.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) +
         "</pre></details>\n";
  for (const auto& [area, results] : areas) {
    out += "<h2>" + markup_escape(area) +
           "</h2>\n<table>\n"
           "<tr><th>Outcome</th><th>Check</th><th>Sends</th><th>Level</th><th>Time</th></tr>\n";
    for (const CheckResult* r : results) out += row(*r);
    out += "</table>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace drydock::conformance
