// report.html: one self-contained page (inline CSS, no scripts, no external references; every
// link is to an anchor of the page). Top down:
//   - the run (versions, targets), a banner when it was interrupted or could not start, the counts;
//   - the feature matrix, linking each broken row to the checks that break it;
//   - the failures, by cause (id="failures"): each cause once (id="cause-N"), then each of its
//     checks (id="check-<ID>", the first unfolded) with requirement, acceptable outcomes, observed
//     answer, hint, a curl command reproducing it and the redacted exchanges; then the checks it
//     blocks;
//   - every check (id="all"), a table per area, filtered by outcome with radio buttons (CSS only);
//     a failed check's row links to its details above, any other row is its own anchor.

#include <cstdio>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "causes.h"
#include "curl_command.h"
#include "drydock/conformance/reporter.h"
#include "feature_matrix.h"
#include "text.h"

namespace drydock::conformance {
namespace {

using report::markup_escape;

constexpr Outcome kOutcomes[] = {Outcome::kFail, Outcome::kBlocked, Outcome::kError,
                                 Outcome::kPass, Outcome::kSkip,    Outcome::kDisabled};
constexpr std::size_t kLinksPerFeature = 8;  // broken checks linked from a matrix row

constexpr std::string_view kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:90em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:2px solid #ddd}
h3{font-size:1.05em;margin:.2em 0}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;
text-align:left;vertical-align:top}
.pass,.supported{color:#176f2c}.fail,.broken{color:#b3261e;font-weight:bold}
.error{color:#8a4b00;font-weight:bold}.blocked,.not-supported{color:#8a6d00}
.skip,.disabled,.not-checked{color:#777}
.banner{padding:.6em 1em;border:2px solid #b3261e;background:#fdecea;font-weight:bold}
.cause{border-left:4px solid #b3261e;padding:.2em 1em;margin:1em 0}
.cause.blocked-only{border-color:#8a6d00}
.check{margin:.6em 0}
pre{background:#f6f6f6;padding:.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
dl{margin:.4em 0}dt{font-weight:bold}dd{margin:0 0 .4em 1.5em}
.counts span{margin-right:1.5em}
.filter label{margin-right:1em}
)";

std::string anchor(std::string_view check_id) {
  return "check-" + std::string(check_id);
}

std::string link(std::string_view check_id) {
  return "<a href=\"#" + markup_escape(anchor(check_id)) + "\">" + markup_escape(check_id) + "</a>";
}

std::string css_class(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == ' ') c = '-';
  }
  return out;
}

std::string span(std::string_view css, std::string_view text) {
  return "<span class=\"" + css_class(css) + "\">" + markup_escape(text) + "</span>";
}

std::string cell(std::string_view text) {
  return "<td>" + markup_escape(text) + "</td>";
}

std::string definition(std::string_view term, std::string_view value) {
  if (value.empty()) return "";
  return "<dt>" + markup_escape(term) + "</dt><dd>" + markup_escape(value) + "</dd>";
}

std::string curl_block(const CheckResult& r) {
  const Exchange* e = report::failing_exchange(r);
  if (e == nullptr) return "";
  return "<pre class=\"curl\">" + markup_escape(report::curl_command(*e).text()) + "</pre>";
}

// A failed or errored check: everything that says why, folded unless `open`.
std::string failure(const CheckResult& r, bool open) {
  std::string out = "<div class=\"check\" id=\"" + markup_escape(anchor(r.id)) + "\"><details" +
                    (open ? " open" : "") + "><summary>" +
                    span(to_string(r.outcome), to_string(r.outcome)) + " " + markup_escape(r.id) +
                    (r.baselined ? " (baseline)" : "") + "</summary><dl>";
  out += definition("Sends", r.title);
  out += definition("Requirement", std::string(spec::to_string(r.level)) + ": " + r.requirement);
  out += definition("Source", r.source.to_string());
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
  if (const Exchange* e = report::failing_exchange(r)) {
    out += "<p>Reproduce:</p><pre class=\"curl\">" +
           markup_escape(report::curl_command(*e).text()) + "</pre>";
  }
  for (const Exchange& e : r.exchanges) {
    out += "<pre>" + markup_escape(report::exchange_text(e)) + "</pre>";
  }
  return out + "</details></div>\n";
}

// A blocked check: the step that blocks it, linked when the page has it.
std::string blocked(const CheckResult& r, const std::set<std::string_view>& ids) {
  std::string by = ids.contains(r.blocked_by) ? link(r.blocked_by) : markup_escape(r.blocked_by);
  std::string_view why = r.message;  // "blocked by <ID>: <why>": the ID is the link
  if (std::string prefix = "blocked by " + r.blocked_by + ": "; why.starts_with(prefix)) {
    why.remove_prefix(prefix.size());
  }
  return "<div class=\"check\" id=\"" + markup_escape(anchor(r.id)) + "\">" +
         span("blocked", "blocked") + " " + markup_escape(r.id) + " <small>by " + by + ": " +
         markup_escape(why) + "</small></div>\n";
}

std::string run_info(const Report& report) {
  const RunInfo& info = report.info;
  const Summary& s = report.summary;
  std::string out = "<p>drydock " + markup_escape(info.tool_version) + ", spec " +
                    markup_escape(info.spec_version) + ", profile " +
                    markup_escape(spec::to_string(info.profile)) +
                    (info.strict ? " (strict)" : "") + ", started " +
                    markup_escape(report::iso8601(info.started_at)) + "</p>\n<ul>";
  if (!info.index_url.empty()) out += "<li>index: " + markup_escape(info.index_url) + "</li>";
  if (!info.registry_url.empty()) {
    out += "<li>registry: " + markup_escape(info.registry_url) + "</li>";
  }
  out += "</ul>\n";
  if (!s.fatal.empty()) {
    out += "<p class=\"banner\" id=\"fatal\">No check ran: " + markup_escape(s.fatal) + "</p>\n";
  } else if (s.interrupted) {
    out +=
        "<p class=\"banner\" id=\"interrupted\">Interrupted: the run was stopped by a signal. "
        "These are the results so far (" +
        std::to_string(report.results.size()) + " of " + std::to_string(info.planned) +
        " checks).</p>\n";
  }
  out += "<p class=\"counts\">";
  for (Outcome o : kOutcomes) {
    out += "<span class=\"" + std::string(to_string(o)) + "\">" + std::to_string(s.count(o)) + " " +
           std::string(to_string(o)) + "</span>";
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

std::string features(const std::vector<CheckResult>& results) {
  std::string out =
      "<section id=\"features\"><h2>Features</h2>\n<table>\n<tr><th>Feature</th><th>Status</th>"
      "<th>Checks</th><th>Where</th></tr>\n";
  for (const report::FeatureRow& row : report::feature_matrix(results)) {
    std::string status(report::status_name(row.status));
    std::string where;
    for (std::size_t i = 0; i < row.broken_checks.size() && i < kLinksPerFeature; ++i) {
      where += (i > 0 ? ", " : "") + link(row.broken_checks[i]);
    }
    if (row.broken_checks.size() > kLinksPerFeature) {
      where += " and " + std::to_string(row.broken_checks.size() - kLinksPerFeature) + " more";
    }
    if (row.status == report::FeatureStatus::kNotSupported) where = link(row.not_supported_example);
    std::string counts;
    for (auto [n, what] : {std::pair{row.passed, "passed"},
                           {row.not_supported, "not supported"},
                           {row.broken, "broken"},
                           {row.other, "other"}}) {
      if (n > 0) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    }
    out += "<tr><td>" + markup_escape(report::feature_name(row.feature)) + "</td><td>" +
           span(status, status) + "</td>" + cell(counts) + "<td>" + where + "</td></tr>\n";
  }
  return out + "</table></section>\n";
}

std::string failures(const std::vector<CheckResult>& results) {
  std::vector<report::Cause> causes = report::group_by_cause(results);
  std::set<std::string_view> ids;
  for (const CheckResult& r : results) ids.insert(r.id);
  std::string out = "<section id=\"failures\"><h2>Failures, by cause</h2>\n";
  if (causes.empty())
    return out + "<p>None: no check failed, was blocked or ended in error.</p></section>\n";
  int number = 0;
  for (const report::Cause& cause : causes) {
    std::string outcome(to_string(cause.outcome));
    out += "<div class=\"cause" + std::string(cause.failures.empty() ? " blocked-only" : "") +
           "\" id=\"cause-" + std::to_string(++number) + "\"><h3>" + span(outcome, outcome) + " " +
           markup_escape(cause.message) + " <small>(" + std::to_string(cause.size()) +
           (cause.size() == 1 ? " check" : " checks") + ")</small></h3>\n";
    if (!cause.blocked_by.empty()) {
      std::string by =
          ids.contains(cause.blocked_by) ? link(cause.blocked_by) : markup_escape(cause.blocked_by);
      out += "<p>Blocked by " + by + ", which this run did not report.</p>\n";
    }
    if (cause.failures.empty() && report::failing_exchange(cause.example()) != nullptr) {
      out += "<p>Reproduce (" + link(cause.example().id) + "):</p>" + curl_block(cause.example());
    }
    for (std::size_t i = 0; i < cause.failures.size(); ++i) {
      out += failure(*cause.failures[i], i == 0);
    }
    for (const CheckResult* r : cause.blocked) out += blocked(*r, ids);
    out += "</div>\n";
  }
  return out + "</section>\n";
}

bool has_details_above(const CheckResult& r) {
  return r.outcome == Outcome::kFail || r.outcome == Outcome::kError ||
         r.outcome == Outcome::kBlocked;
}

std::string row(const CheckResult& r) {
  std::string outcome(to_string(r.outcome));
  char duration[32];
  std::snprintf(duration, sizeof(duration), "%.0f ms", r.duration_ms);
  std::string out = "<tr data-outcome=\"" + outcome + "\"";
  if (!has_details_above(r)) out += " id=\"" + markup_escape(anchor(r.id)) + "\"";
  out += "><td class=\"" + outcome + "\">" + outcome + (r.baselined ? " (baseline)" : "") +
         "</td><td>";
  out += has_details_above(r) ? link(r.id) : markup_escape(r.id);
  if (r.outcome != Outcome::kFail && r.outcome != Outcome::kError && !r.message.empty()) {
    out += "<br><small>" + markup_escape(r.message) + "</small>";
  }
  out += "</td>" + cell(r.title) + cell(spec::to_string(r.level)) + cell(duration) + "</tr>\n";
  return out;
}

// Radio buttons, then rules hiding every row but the chosen outcome's, and every area without
// one: a filter without scripts.
std::string filter(const Summary& s) {
  std::string out =
      "<div class=\"filter\" id=\"filter\">Show: <input type=\"radio\" "
      "name=\"outcome\" id=\"show-all\" checked><label for=\"show-all\">all</label>";
  for (Outcome o : kOutcomes) {
    std::string name(to_string(o));
    out += "<input type=\"radio\" name=\"outcome\" id=\"show-" + name + "\"><label for=\"show-" +
           name + "\">" + name + " (" + std::to_string(s.count(o)) + ")</label>";
  }
  return out + "</div>\n";
}

std::string filter_style() {
  std::string out;
  for (Outcome o : kOutcomes) {
    std::string name(to_string(o));
    out += "#all:has(#show-" + name + ":checked) tr[data-outcome]:not([data-outcome=" + name +
           "]){display:none}\n";
    out += "#all:has(#show-" + name + ":checked) .area:not(:has(tr[data-outcome=" + name +
           "])){display:none}\n";
  }
  return out;
}

std::string all_checks(const Report& report) {
  std::map<std::string, std::vector<const CheckResult*>> areas;
  for (const CheckResult& r : report.results) areas[r.area()].push_back(&r);
  std::string out = "<section id=\"all\"><h2>All checks</h2>\n" + filter(report.summary);
  for (const auto& [area, results] : areas) {
    out += "<div class=\"area\"><h3>" + markup_escape(area) +
           "</h3>\n<table>\n"
           "<tr><th>Outcome</th><th>Check</th><th>Sends</th><th>Level</th><th>Time</th></tr>\n";
    for (const CheckResult* r : results) out += row(*r);
    out += "</table></div>\n";
  }
  return out + "</section>\n";
}

}  // namespace

std::string render_html(const Report& report) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>drydock conformance report</title>\n<style>" +
      std::string(kStyle) + filter_style() +
      "</style>\n</head>\n<body>\n<h1>drydock conformance report</h1>\n";
  out += run_info(report);
  if (report.summary.fatal.empty()) {
    out += features(report.results);
    out += failures(report.results);
    out += all_checks(report);
  }
  out += "<details><summary>Configuration</summary><pre>" +
         markup_escape(
             report.info.config.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) +
         "</pre></details>\n";
  return out + "</body>\n</html>\n";
}

}  // namespace drydock::conformance
