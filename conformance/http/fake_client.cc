#include "drydock/conformance/fake_client.h"

#include <algorithm>

namespace drydock::conformance {
namespace {

bool url_matches(std::string_view pattern, std::string_view url) {
  if (!pattern.empty() && pattern.back() == '*') {
    return url.starts_with(pattern.substr(0, pattern.size() - 1));
  }
  return pattern == url;
}

}  // namespace

FakeClient& FakeClient::on(std::string method, std::string url, Response response, bool repeat) {
  std::lock_guard lock(mutex_);
  canned_.push_back({std::move(method), std::move(url), std::move(response), repeat, false});
  return *this;
}

FakeClient& FakeClient::fail(std::string method, std::string url, std::string error, bool repeat) {
  std::lock_guard lock(mutex_);
  canned_.push_back(
      {std::move(method), std::move(url), Error::io(std::move(error)), repeat, false});
  return *this;
}

std::vector<Request> FakeClient::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

Result<Response> FakeClient::perform(const Request& request, Exchange& record) {
  std::lock_guard lock(mutex_);
  requests_.push_back(request);
  auto it = std::find_if(canned_.begin(), canned_.end(), [&](const Canned& c) {
    return (c.repeat || !c.used) && (c.method == "*" || c.method == request.method) &&
           url_matches(c.url, request.url);
  });
  if (it == canned_.end()) {
    record.error = "no canned response for " + request.method + " " + request.url;
    return Error::io(record.error);
  }
  it->used = true;
  if (request.body_source) {  // drain the body as a server would
    char buffer[4096];
    for (;;) {
      Result<std::size_t> n = request.body_source(buffer);
      if (!n.ok()) {
        record.error = n.error().message;
        return n.error();
      }
      if (*n == 0) break;
      record.request.body_size += *n;
    }
  }
  if (!it->answer.ok()) {
    record.error = it->answer.error().message;
    return it->answer.error();
  }
  Response response = it->answer.value();
  response.body_size = response.body.size();
  record.response.status = response.status;
  record.response.reason = response.reason;
  record.response.http_version = response.http_version;
  record.response.headers = response.headers;
  record.response.body_size = response.body.size();
  record.response.body = response.body.substr(0, kKeptBodyBytes);
  record.response.body_truncated = response.body.size() > kKeptBodyBytes;
  if (request.response_sink) {
    record.response.body.clear();
    if (!request.response_sink(response.body)) {
      record.error = "the response sink aborted the transfer";
      return Error::io(record.error);
    }
    response.body.clear();
  }
  return response;
}

Response json_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.http_version = "HTTP/1.1";
  response.headers.add("Content-Type", "application/json");
  response.body = std::move(body);
  response.body_size = response.body.size();
  return response;
}

}  // namespace drydock::conformance
