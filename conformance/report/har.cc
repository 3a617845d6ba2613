// transcript.har: every exchange of the run as HAR 1.2
// (http://www.softwareishard.com/blog/har-12-spec/), readable by browser dev tools and HAR viewers.
// An entry's comment names the check that sent it.

#include <nlohmann/json.hpp>

#include "drydock/conformance/reporter.h"
#include "text.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

json name_values(const Headers& headers) {
  json out = json::array();
  for (const Header& h : headers) out.push_back({{"name", h.name}, {"value", h.value}});
  return out;
}

json query_string(const std::string& url) {
  json out = json::array();
  std::size_t q = url.find('?');
  if (q == std::string::npos) return out;
  std::string_view query = std::string_view(url).substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    out.push_back(
        {{"name", std::string(pair.substr(0, eq))},
         {"value", eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1))}});
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string mime_type(const Headers& headers) {
  return headers.get("Content-Type").value_or("");
}

std::string http_version(const std::string& version) {
  return version.empty() ? "HTTP/1.1" : version;
}

double non_negative(double ms) {
  return ms < 0 ? 0 : ms;
}

json entry(const Exchange& e) {
  json request = {{"method", e.request.method},
                  {"url", e.request.url},
                  {"httpVersion", http_version(e.response.http_version)},
                  {"cookies", json::array()},
                  {"headers", name_values(e.request.headers)},
                  {"queryString", query_string(e.request.url)},
                  {"headersSize", -1},
                  {"bodySize", e.request.body_size}};
  if (e.request.body_size > 0 || !e.request.body.empty()) {
    json post = {{"mimeType", mime_type(e.request.headers)}};
    post["text"] = e.request.streamed || report::is_text(e.request.body)
                       ? e.request.body
                       : "<" + std::to_string(e.request.body_size) + " bytes of binary data>";
    request["postData"] = post;
  }
  json content = {{"size", e.response.body_size}, {"mimeType", mime_type(e.response.headers)}};
  if (report::is_text(e.response.body)) {
    content["text"] = e.response.body;
  } else {
    content["text"] = report::base64(e.response.body);
    content["encoding"] = "base64";
  }
  if (e.response.body_truncated) {
    content["comment"] = "first " + std::to_string(e.response.body.size()) + " of " +
                         std::to_string(e.response.body_size) + " bytes kept; the whole body's " +
                         e.response.body_sha256;
  }
  json response = {{"status", e.response.status},
                   {"statusText", e.response.reason},
                   {"httpVersion", http_version(e.response.http_version)},
                   {"cookies", json::array()},
                   {"headers", name_values(e.response.headers)},
                   {"content", content},
                   {"redirectURL", e.response.headers.get("Location").value_or("")},
                   {"headersSize", -1},
                   {"bodySize", e.response.body_size}};
  if (!e.error.empty()) response["_error"] = e.error;  // custom fields start with '_'
  json timings = {{"blocked", -1},
                  {"dns", e.timings.dns_ms},
                  {"connect", e.timings.connect_ms},
                  {"ssl", e.timings.tls_ms},
                  {"send", non_negative(e.timings.send_ms)},
                  {"wait", non_negative(e.timings.wait_ms)},
                  {"receive", non_negative(e.timings.receive_ms)}};
  json out = {{"startedDateTime", report::iso8601(e.started_at)},
              {"time", non_negative(e.timings.total_ms)},
              {"request", request},
              {"response", response},
              {"cache", json::object()},
              {"timings", timings}};
  if (!e.label.empty()) out["comment"] = e.label;
  return out;
}

}  // namespace

std::string render_har(const Report& report) {
  json entries = json::array();
  if (!report.transcript.empty()) {
    for (const Exchange& e : report.transcript) entries.push_back(entry(e));
  } else {
    for (const CheckResult& r : report.results) {
      for (const Exchange& e : r.exchanges) {
        json item = entry(e);
        item["comment"] = r.id;
        entries.push_back(std::move(item));
      }
    }
  }
  json har = {{"log",
               {{"version", "1.2"},
                {"creator", {{"name", "drydock"}, {"version", report.info.tool_version}}},
                {"entries", entries}}}};
  // An unfinished run says so where HAR viewers show it: the log's comment.
  if (!report.summary.fatal.empty()) {
    har["log"]["comment"] = "no check ran: " + report.summary.fatal;
  } else if (report.summary.interrupted) {
    har["log"]["comment"] = "interrupted by a signal: the exchanges so far";
  }
  return har.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace drydock::conformance
