#include "sample_report.h"

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

}  // namespace drydock::conformance::testing
