#include "sample_report.h"

#include <algorithm>
#include <regex>

#include "drydock/conformance/transcript.h"

namespace drydock::conformance::testing {
namespace {

CheckResult result(std::string id, Outcome outcome) {
  CheckResult r;
  r.id = std::move(id);
  r.title = "sends something";
  r.requirement = "The server answers as documented";
  r.source = {"registry-api-v1.md", "Images > Put image layer"};
  r.outcome = outcome;
  r.duration_ms = 12.5;
  return r;
}

std::vector<Exchange> secret_exchanges() {
  auto redactor = std::make_shared<Redactor>();
  redactor->add_secret(kPassword);
  Transcript transcript(redactor);
  std::string token =
      "signature=" + std::string(kTokenSignature) + ",repository=\"ns/x\",access=write";

  Exchange login;
  login.label = "index/users/login";
  login.request = {"POST", "http://index.test/v1/users/", {}, "", 0, false};
  login.request.headers.add("Authorization", "Basic " + std::string(kBasicCredential));
  login.request.headers.add("Content-Type", "application/json");
  login.request.body = R"({"username":"bob","password":")" + std::string(kPassword) + R"("})";
  login.request.body_size = login.request.body.size();
  login.response.status = 200;
  login.response.reason = "OK";
  login.response.http_version = "HTTP/1.1";
  login.response.headers.add("X-Docker-Token", token);
  login.response.headers.add("WWW-Authenticate", "Token " + token);
  login.response.headers.add("Set-Cookie", "session=cookie-" + std::string(kTokenSignature));
  login.response.body = "welcome bob, your password is " + std::string(kPassword);
  login.response.body_size = login.response.body.size();
  login.timings.total_ms = 3.25;
  transcript.record(login);

  Exchange put;
  put.label = "registry/images/put-layer/missing-json";
  put.request = {
      "PUT", "http://registry.test/v1/images/abc/layer?x=1&y", {}, "<5 bytes streamed>", 5, true};
  put.request.headers.add("Authorization", "Token " + token);
  put.response.status = 500;
  put.response.reason = "Internal Server Error";
  put.response.http_version = "HTTP/1.1";
  put.response.headers.add("Content-Type", "application/octet-stream");
  put.response.body = std::string("\x00\xff\x01binary", 9);
  put.response.body_size = 100000;
  put.response.body_truncated = true;
  transcript.record(put);

  Exchange reset;
  reset.request = {"GET", "http://registry.test/v1/_ping", {}, "", 0, false};
  reset.error = "Recv failure: Connection reset by peer";
  transcript.record(reset);
  return transcript.exchanges();
}

}  // namespace

Report sample_report() {
  std::vector<Exchange> exchanges = secret_exchanges();
  Report report;
  report.info.tool_version = "0.1.0";
  report.info.spec_version = "index 1.0 / registry 1.0";
  report.info.config = {{"user", "bob"}, {"password", "<redacted>"}, {"jobs", 2}};
  report.info.registry_url = "http://registry.test";
  report.info.index_url = "http://index.test";

  CheckResult pass = result("registry/ping/ok", Outcome::kPass);
  pass.exchanges = {exchanges[2]};
  CheckResult fail = result("registry/images/put-layer/missing-json", Outcome::kFail);
  fail.acceptable = {"400", "401 with WWW-Authenticate"};
  fail.observed = "500";
  fail.hint = "Refuse a layer whose JSON was never PUT";
  fail.message = std::string(kNastyMessage);
  fail.exchanges = {exchanges[0], exchanges[1]};
  CheckResult error = result("index/users/login", Outcome::kError);
  error.message = "Recv failure: Connection reset by peer";
  error.exchanges = {exchanges[2]};
  CheckResult skip = result("index/search/paging", Outcome::kSkip);
  skip.message = "search is not supported";
  CheckResult disabled = result("registry/tags/delete/should", Outcome::kDisabled);
  disabled.level = spec::Level::kShould;
  CheckResult baselined = result("registry", Outcome::kFail);
  baselined.baselined = true;
  baselined.baseline_reason = "known: ticket 12";

  report.results = {pass, fail, error, skip, disabled, baselined};
  report.summary = Summary::of(report.results);
  report.summary.total_ms = 1234;
  report.transcript = exchanges;
  return report;
}

namespace {

Exchange sent(Transcript& transcript, std::string method, std::string url, int status) {
  Exchange e;
  e.request.method = std::move(method);
  e.request.url = std::move(url);
  e.response.status = status;
  e.response.reason = status == 200 ? "OK" : "";
  e.response.http_version = "HTTP/1.1";
  e.timings.total_ms = 2;
  transcript.record(e);
  return transcript.exchanges().back();
}

CheckResult layer_mismatch(std::string id, Transcript& transcript, std::string_view received) {
  CheckResult r = result(std::move(id), Outcome::kFail);
  r.title = "GET /v1/images/{image_id}/layer";
  r.observed = "200 with 6656 bytes";
  r.hint = "Serve the layer's bytes exactly as they were pushed.";
  r.message =
      "the layer's bytes differ from the pushed layer from offset 0 (6656 bytes received, "
      "sha256:" +
      std::string(received) + "; 6656 pushed, sha256:" + std::string(64, 'b') + ")";
  Exchange get = sent(transcript, "GET",
                      "http://registry.test/v1/images/" + std::string(64, 'c') + "/layer", 200);
  get.request.headers.add("Authorization",
                          "Token signature=<redacted>,repository=\"bob/dd-1a2b3c4d\",access=read");
  r.exchanges = {get};
  return r;
}

}  // namespace

Report failing_report() {
  auto redactor = std::make_shared<Redactor>();
  redactor->add_secret(kPassword);
  Transcript transcript(redactor);
  Report report;
  report.info.tool_version = "0.1.0";
  report.info.spec_version = "index 1.0 / registry 1.0";
  report.info.registry_url = "http://registry.test";
  report.info.index_url = "http://index.test";

  CheckResult ping = result("registry/ping/ping/ok", Outcome::kPass);
  CheckResult login = result("index/users/login-user/ok", Outcome::kPass);
  const std::string push_id = "index/repositories/put-user-repository/ok";
  CheckResult push = result(push_id, Outcome::kFail);
  push.title = "PUT /v1/repositories/{namespace}/{repository}/ with X-Docker-Token: true";
  push.acceptable = {"200 with X-Docker-Token", "201 with X-Docker-Token"};
  push.observed = "200 without X-Docker-Token";
  push.hint = "Issue a token when the client asks for one (X-Docker-Token: true).";
  push.message = "the reply has no X-Docker-Token header";
  Exchange put;
  put.request = {"PUT", "http://index.test/v1/repositories/bob/dd-1a2b3c4d/", {}, "", 0, false};
  put.request.headers.add("Authorization", "Basic " + std::string(kBasicCredential));
  put.request.headers.add("X-Docker-Token", "true");
  put.request.headers.add("Content-Type", "application/json");
  put.request.body = R"([{"id":"abc","Tag":"it's $HOME"}])";
  put.request.body_size = put.request.body.size();
  put.response.status = 200;
  put.response.http_version = "HTTP/1.1";
  transcript.record(put);
  push.exchanges = {transcript.exchanges().back()};

  CheckResult json = result("registry/images/get-image-json/ok", Outcome::kBlocked);
  json.blocked_by = push_id;
  json.message = "blocked by " + push_id + ": the reply has no X-Docker-Token header";
  CheckResult pull = result("flows/pullUserRepository", Outcome::kBlocked);
  pull.blocked_by = push_id;
  pull.message = json.message;

  CheckResult layer =
      layer_mismatch("registry/images/get-image-layer/ok", transcript, std::string(64, 'a'));
  CheckResult modified = layer_mismatch("registry/images/get-image-layer/not-modified", transcript,
                                        std::string(64, 'd'));

  CheckResult range = result("registry/images/get-image-layer/partial-content", Outcome::kSkip);
  range.level = spec::Level::kMay;
  range.message = "not supported (MAY): answered 200 with the whole layer";
  CheckResult search = result("index/search/search-repositories/ok", Outcome::kError);
  search.message = "Recv failure: Connection reset by peer";
  Exchange reset = sent(transcript, "GET", "http://index.test/v1/search?q=dd&n=10", 0);
  reset.error = search.message;
  search.exchanges = {reset};
  CheckResult library = result("flows/pushLibraryRepository", Outcome::kSkip);
  library.message = "needs an index administrator (--admin)";
  CheckResult tag = result("registry/tags/delete-user-repository-tag/ok", Outcome::kDisabled);
  tag.level = spec::Level::kShould;

  report.results = {ping, login, push, json, pull, layer, modified, range, search, library, tag};
  std::sort(report.results.begin(), report.results.end(),
            [](const CheckResult& a, const CheckResult& b) { return a.id < b.id; });
  report.summary = Summary::of(report.results);
  report.summary.total_ms = 2345;
  report.info.planned = report.results.size();
  return report;
}

std::vector<std::string> attribute_values(const std::string& html, const std::string& name) {
  std::vector<std::string> out;
  std::regex pattern("\\s" + name + "=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

}  // namespace drydock::conformance::testing
