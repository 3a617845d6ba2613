// CheckContext: sending requests for operations, the verifier's bookkeeping, and fresh
// repositories (check.h). The setup steps over the API live in setup.cc.

#include <algorithm>
#include <cstdio>
#include <string>

#include "drydock/conformance/check.h"
#include "drydock/conformance/transcript.h"
#include "drydock/fixtures/users.h"
#include "run_environment.h"

namespace drydock::conformance {

namespace {

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string encode_segment(std::string_view value) {
  std::string out;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    }
  }
  return out;
}

std::string expand_path(const std::string& templ,
                        const std::map<std::string, std::string>& params) {
  std::string out;
  std::size_t i = 0;
  while (i < templ.size()) {
    if (templ[i] != '{') {
      out += templ[i++];
      continue;
    }
    std::size_t close = templ.find('}', i);
    std::string name = templ.substr(i + 1, close - i - 1);
    auto it = params.find(name);
    out += it == params.end() ? "{" + name + "}" : encode_segment(it->second);
    i = close + 1;
  }
  return out;
}

// Severity inside one check: a skip outweighs a pass (the check could not judge everything).
int rank(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return 0;
    case Outcome::kSkip:
    case Outcome::kDisabled:
      return 1;
    case Outcome::kBlocked:
      return 2;
    case Outcome::kFail:
      return 3;
    case Outcome::kError:
      return 4;
  }
  return 4;
}

}  // namespace

std::map<std::string, std::string> Repository::path_params() const {
  if (library) return {{"repository", name}};
  return {{"namespace", namespace_name}, {"repository", name}};
}

CheckContext::CheckContext(RunEnvironment& env, const Check& check)
    : env_(env), check_(check), transcript_(std::make_shared<Transcript>(env.redactor())) {}

CheckContext::~CheckContext() = default;

const spec::Spec& CheckContext::spec() const {
  return env_.spec();
}
const RunOptions& CheckContext::options() const {
  return env_.options();
}
const Account& CheckContext::user() const {
  return env_.options().user;
}
const Account& CheckContext::user2() const {
  return env_.options().user2;
}
const Account& CheckContext::admin() const {
  return env_.options().admin;
}
HttpClient& CheckContext::client() {
  return env_.client();
}

bool CheckContext::deliberate() const {
  const std::vector<int>& statuses = check_.under(profile()).statuses;
  return !statuses.empty() &&
         std::all_of(statuses.begin(), statuses.end(), [](int status) { return status >= 400; });
}

std::string CheckContext::unique_name(std::string_view prefix) const {
  return std::string(prefix) + "-" + fixtures::unique_suffix();
}

Result<Response> CheckContext::send(const Call& call) {
  if (env_.spec().find(call.operation_id) == nullptr) {
    return Error::internal("no operation " + call.operation_id + " in the spec");
  }
  return send_request(request_for(call));
}

Result<Response> CheckContext::send_streamed(const Call& call, BodySource source,
                                             std::uint64_t size, BodySink sink) {
  if (env_.spec().find(call.operation_id) == nullptr) {
    return Error::internal("no operation " + call.operation_id + " in the spec");
  }
  Request request = request_for(call);
  request.body_source = std::move(source);
  request.body_size = size;
  request.response_sink = std::move(sink);
  return send_request(std::move(request));
}

// Under the single-use policy a token is good once, and the registry then keeps a cookie session
// for it (protocol-notes 4.5): as Docker 1.x clients did, a request that carries one of this
// check's tokens carries the session that token started, and keeps the one an answer sets. A
// request with any other Authorization (a forged or edited token) carries no session.
Result<Response> CheckContext::send_request(Request request) {
  std::string* session = nullptr;
  if (options().token_policy == "single-use") {
    auto authorization = request.headers.get("Authorization");
    for (auto& repo : repositories_) {
      for (auto& [access, token] : repo->tokens) {
        if (!authorization || *authorization != "Token " + token) continue;
        session = &repo->sessions[access];
        spent_.insert(token);
      }
    }
  }
  if (request.method == "PUT") {
    auto authorization = request.headers.get("Authorization");
    for (auto& repo : repositories_) {
      auto write = repo->tokens.find("write");
      if (repo->pushed && authorization && write != repo->tokens.end() &&
          *authorization == "Token " + write->second) {
        repo->written_since_push = true;  // finish_pushes() ends the push again
      }
    }
  }
  if (session != nullptr && !session->empty() && !request.headers.contains("Cookie")) {
    request.headers.set("Cookie", *session);
  }
  Result<Response> response = env_.client().send(request);
  if (session != nullptr && response.ok()) {
    for (const std::string& cookie : response->headers.get_all("Set-Cookie")) {
      *session = cookie.substr(0, cookie.find(';'));  // name=value, without its attributes
    }
  }
  return response;
}

Request CheckContext::request_for(const Call& call) const {
  const spec::Operation* op = env_.spec().find(call.operation_id);  // REQUIRES: non-null
  Request request;
  request.method = op->method;
  request.url = env_.url(op->side, expand_path(op->path, call.path));
  if (!call.query.empty()) request.url += "?" + call.query;
  request.headers = call.headers;
  if (!call.body.empty() && !request.headers.contains("Content-Type") &&
      !op->request_content_type.empty()) {
    request.headers.set("Content-Type", op->request_content_type);
  }
  if (options().label_deliberate && deliberate() && !request.headers.contains(kCheckHeader)) {
    request.headers.set(kCheckHeader, check_.id);
  }
  request.body = call.body;
  request.label = check_.id;
  request.transcript = transcript_.get();
  return request;
}

bool CheckContext::expect(const Result<Response>& response, std::string_view operation_id,
                          std::string_view condition) {
  const spec::Operation* op = env_.spec().find(operation_id);
  if (op == nullptr) {
    error("no operation " + std::string(operation_id) + " in the spec");
    return false;
  }
  Verdict v = judge(*op, condition, profile(), strict(), response);
  const bool passed = v.outcome == Outcome::kPass;
  const bool first = verdict_.observed.empty() && verdict_.message.empty();
  if (first ? rank(v.outcome) >= rank(verdict_.outcome)
            : rank(v.outcome) > rank(verdict_.outcome)) {
    verdict_ = std::move(v);
  }
  return passed;
}

void CheckContext::settle(Outcome outcome, std::string reason) {
  if (rank(outcome) > rank(verdict_.outcome)) {
    verdict_.outcome = outcome;
    verdict_.message = std::move(reason);
  }
}

void CheckContext::skip(std::string reason) {
  settle(Outcome::kSkip, std::move(reason));
}

void CheckContext::fail(std::string reason) {
  settle(Outcome::kFail, std::move(reason));
}

void CheckContext::error(std::string reason) {
  settle(Outcome::kError, std::move(reason));
}

bool CheckContext::ok(const Result<void>& step) {
  if (step.ok()) return true;
  if (step.error().code == ErrorCode::kIo) {
    error("setup: " + step.error().message);
  } else if (!failed_step_.empty() && failed_step_ != check_.id) {
    blocked_by_ = failed_step_;
    settle(Outcome::kBlocked, "blocked by " + failed_step_ + ": " + step.error().message);
  } else {
    fail("setup: " + step.error().message);
  }
  return false;
}

Repository& CheckContext::new_repository(bool library) {
  auto repo = std::make_unique<Repository>();
  repo->library = library;
  repo->namespace_name = library ? "library" : user().empty() ? "drydock" : user().username;
  repo->name = unique_name("dd");
  repo->images = fixtures::make_image_chain(repo->name, 2);
  repositories_.push_back(std::move(repo));
  return *repositories_.back();
}

void CheckContext::track(const Repository& repo) {
  env_.created(repo);
}

void CheckContext::conclude(Verdict verdict, std::vector<Exchange> exchanges) {
  if (verdict_.observed.empty() || rank(verdict.outcome) > rank(verdict_.outcome)) {
    verdict_ = std::move(verdict);
  }
  for (Exchange& e : exchanges) extra_exchanges_.push_back(std::move(e));
}

std::vector<Exchange> CheckContext::exchanges() const {
  std::vector<Exchange> all = transcript_->exchanges();
  all.insert(all.end(), extra_exchanges_.begin(), extra_exchanges_.end());
  return all;
}

}  // namespace drydock::conformance
