// transcript.har: every exchange of the run as HAR 1.2
// (http://www.softwareishard.com/blog/har-12-spec/), readable by browser dev tools and HAR viewers.
// An entry's comment names the check that sent it.

#include "drydock/conformance/reporter.h"
#include "json_writer.h"
#include "text.h"

namespace drydock::conformance {
namespace {

using report::JsonWriter;

// The members of each object below come in the order of their names (uppercase before
// lowercase): the HAR printed them from std::map-ordered trees, and keeps that layout.

void write_query_string(JsonWriter& w, const std::string& url) {
  w.begin_array();
  std::size_t q = url.find('?');
  std::string_view query =
      q == std::string::npos ? std::string_view() : std::string_view(url).substr(q + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    w.begin_object();
    w.member("name", pair.substr(0, eq));
    w.member("value", eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    w.end_object();
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  w.end_array();
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

void write_request(JsonWriter& w, const Exchange& e) {
  w.begin_object();
  w.member("bodySize", e.request.body_size);
  w.name("cookies").begin_array();
  w.end_array();
  w.name("headers");
  report::write_headers(w, e.request.headers);
  w.member("headersSize", -1);
  w.member("httpVersion", http_version(e.response.http_version));
  w.member("method", e.request.method);
  if (e.request.body_size > 0 || !e.request.body.empty()) {
    w.name("postData").begin_object();
    w.member("mimeType", mime_type(e.request.headers));
    if (e.request.streamed || report::is_text(e.request.body)) {
      w.member("text", e.request.body);
    } else {
      w.member("text", "<" + std::to_string(e.request.body_size) + " bytes of binary data>");
    }
    w.end_object();
  }
  w.name("queryString");
  write_query_string(w, e.request.url);
  w.member("url", e.request.url);
  w.end_object();
}

void write_response(JsonWriter& w, const Exchange& e) {
  const bool text = report::is_text(e.response.body);
  w.begin_object();
  if (!e.error.empty()) w.member("_error", e.error);  // custom fields start with '_'
  w.member("bodySize", e.response.body_size);
  w.name("content").begin_object();
  if (e.response.body_truncated) {
    w.member("comment", "first " + std::to_string(e.response.body.size()) + " of " +
                            std::to_string(e.response.body_size) +
                            " bytes kept; the whole body's " + e.response.body_sha256);
  }
  if (!text) w.member("encoding", "base64");
  w.member("mimeType", mime_type(e.response.headers));
  w.member("size", e.response.body_size);
  w.member("text", text ? e.response.body : report::base64(e.response.body));
  w.end_object();
  w.name("cookies").begin_array();
  w.end_array();
  w.name("headers");
  report::write_headers(w, e.response.headers);
  w.member("headersSize", -1);
  w.member("httpVersion", http_version(e.response.http_version));
  w.member("redirectURL", e.response.headers.get("Location").value_or(""));
  w.member("status", e.response.status);
  w.member("statusText", e.response.reason);
  w.end_object();
}

// One entry; its comment names the check that sent it (`comment`, when empty: none).
void write_entry(JsonWriter& w, const Exchange& e, std::string_view comment) {
  w.begin_object();
  w.name("cache").begin_object();
  w.end_object();
  if (!comment.empty()) w.member("comment", comment);
  w.name("request");
  write_request(w, e);
  w.name("response");
  write_response(w, e);
  w.member("startedDateTime", report::iso8601(e.started_at));
  w.member("time", non_negative(e.timings.total_ms));
  w.name("timings").begin_object();
  w.member("blocked", -1);
  w.member("connect", e.timings.connect_ms);
  w.member("dns", e.timings.dns_ms);
  w.member("receive", non_negative(e.timings.receive_ms));
  w.member("send", non_negative(e.timings.send_ms));
  w.member("ssl", e.timings.tls_ms);
  w.member("wait", non_negative(e.timings.wait_ms));
  w.end_object();
  w.end_object();
}

}  // namespace

void render_har(const Report& report, const TextSink& sink) {
  JsonWriter w(sink);
  w.begin_object();
  w.name("log").begin_object();
  // An unfinished run says so where HAR viewers show it: the log's comment.
  if (!report.summary.fatal.empty()) {
    w.member("comment", "no check ran: " + report.summary.fatal);
  } else if (report.summary.interrupted) {
    w.member("comment", "interrupted by a signal: the exchanges so far");
  }
  w.name("creator").begin_object();
  w.member("name", "drydock");
  w.member("version", report.info.tool_version);
  w.end_object();
  w.name("entries").begin_array();
  if (!report.transcript.empty()) {
    for (const Exchange& e : report.transcript) {
      write_entry(w, e, e.label);
      w.flush_piece();
    }
  } else {
    for (const CheckResult& r : report.results) {
      for (const Exchange& e : r.exchanges) {
        write_entry(w, e, r.id);
        w.flush_piece();
      }
    }
  }
  w.end_array();
  w.member("version", "1.2");
  w.end_object();
  w.end_object();
  w.raw("\n");
  w.finish();
}

std::string render_har(const Report& report) {
  std::string text;
  render_har(report, [&text](std::string_view piece) { text.append(piece); });
  return text;
}

}  // namespace drydock::conformance
