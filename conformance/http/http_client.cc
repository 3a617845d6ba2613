#include "drydock/conformance/http_client.h"

#include "drydock/conformance/transcript.h"

namespace drydock::conformance {

std::string streamed_body_note(std::uint64_t size) {
  return "<" + std::to_string(size) + " bytes streamed>";
}

Result<Response> HttpClient::send(const Request& request) {
  if (fixed_headers_.empty()) return send_as_is(request);
  Request with = request;
  for (const Header& h : fixed_headers_) {
    if (!with.headers.contains(h.name)) with.headers.add(h.name, h.value);
  }
  return send_as_is(with);
}

Result<Response> HttpClient::send_as_is(const Request& request) {
  Exchange record;
  record.label = request.label;
  record.started_at = std::chrono::system_clock::now();
  record.request.method = request.method;
  record.request.url = request.url;
  record.request.headers = request.headers;
  record.request.streamed = static_cast<bool>(request.body_source);
  if (!record.request.streamed) {
    record.request.body = request.body;
    record.request.body_size = request.body.size();
  }
  Result<Response> result = perform(request, record);
  if (record.request.streamed) record.request.body = streamed_body_note(record.request.body_size);
  if (!result.ok() && record.error.empty()) record.error = result.error().message;
  Transcript* check = request.transcript;
  if (check != nullptr && transcript_ != nullptr &&
      &check->redactor() == &transcript_->redactor()) {
    // The check's transcript and the run's share the run's redactor: redacted once, for both.
    transcript_->redactor().redact(record);
    check->record_redacted(record);
    transcript_->record_redacted(std::move(record));
    return result;
  }
  if (check != nullptr) check->record(record);
  if (transcript_ != nullptr) transcript_->record(std::move(record));
  return result;
}

Result<Response> HttpClient::send(std::string method, std::string url, Headers headers,
                                  std::string body) {
  Request request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.headers = std::move(headers);
  request.body = std::move(body);
  return send(request);
}

}  // namespace drydock::conformance
