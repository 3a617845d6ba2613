// The one verifier: a response judged against the spec's expectations for an operation, a
// condition and a profile (check.h).

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/conformance/check.h"
#include "drydock/spec/schema.h"

namespace drydock::conformance {

namespace {

constexpr std::size_t kObservedBodyChars = 200;  // body excerpt in "observed"

// Returns whether `rule` is enforced for `status` under `profile`: a required header at MUST, or
// at SHOULD when strict. A MAY header is never enforced.
bool enforced(const spec::Operation& op, int status, const spec::HeaderRule& rule,
              spec::Profile profile, bool strict) {
  if (!op.header_required(status, rule.name, profile)) return false;
  spec::Level level = op.header_level(status, rule.name, profile);
  return level == spec::Level::kMust || (level == spec::Level::kShould && strict);
}

std::string describe(const spec::Operation& op, const spec::Response& r, spec::Profile profile,
                     bool strict) {
  std::string text = std::to_string(r.status);
  std::vector<std::string> names;
  for (const spec::HeaderRule& rule : r.headers) {
    if (rule.name == "Content-Type") continue;  // shown as the media type below
    if (enforced(op, r.status, rule, profile, strict)) names.push_back(rule.name);
  }
  for (std::size_t i = 0; i < names.size(); ++i) text += (i == 0 ? " with " : ", ") + names[i];
  if (!r.content_type.empty()) text += ", " + r.content_type;
  if (op.body_schema(r.status, profile) != nullptr) text += ", body matching its schema";
  return text;
}

std::string observe(const Response& response) {
  std::string text = std::to_string(response.status);
  if (response.body.empty()) return text + ", empty body";
  // Binary bodies (a layer) are described, not printed: reports and terminals stay text.
  bool binary = std::any_of(response.body.begin(), response.body.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\n' && c != '\r' && c != '\t';
  });
  if (binary) return text + ", " + std::to_string(response.body.size()) + " bytes of binary body";
  std::string body = response.body.substr(0, kObservedBodyChars);
  std::replace(body.begin(), body.end(), '\n', ' ');
  if (response.body.size() > kObservedBodyChars) body += "...";
  return text + ", body " + body;
}

// Returns the media type of a Content-Type value, lower case, without parameters.
std::string media_type(std::string value) {
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.pop_back();
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value;
}

std::string statuses_text(const std::vector<int>& statuses) {
  std::string text;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == statuses.size() ? " or " : ", ") + std::to_string(statuses[i]);
  }
  return text;
}

// Returns the first problem of `response` against `entry`, or an empty string.
std::string problem(const spec::Operation& op, const spec::Response& entry, spec::Profile profile,
                    bool strict, const Response& response,
                    const std::vector<std::string>& unasked) {
  for (const spec::HeaderRule& rule : entry.headers) {
    if (!enforced(op, entry.status, rule, profile, strict)) continue;
    std::optional<std::string> value = response.headers.get(rule.name);
    if (!value) {
      if (rule.name == "Content-Type" && response.body.empty()) continue;
      if (std::find(unasked.begin(), unasked.end(), rule.name) != unasked.end()) continue;
      return "the required header " + rule.name + " is missing";
    }
    std::shared_ptr<const spec::Schema> schema = op.header_schema(entry.status, rule.name, profile);
    if (schema != nullptr && !schema->accepts(nlohmann::json(*value))) {
      return "the header " + rule.name + " has a value outside its schema: " + *value;
    }
  }
  // A body without a Content-Type is judged by that header's own level (enforced above; HTTP says
  // SHOULD, RFC 7231 3.1.1.5); a Content-Type that names another media type is a wrong answer.
  std::optional<std::string> content_type = response.headers.get("Content-Type");
  if (!entry.content_type.empty() && !response.body.empty() && content_type) {
    std::string got = media_type(*content_type);
    if (got != media_type(entry.content_type)) {
      return "Content-Type is \"" + got + "\", not " + entry.content_type;
    }
  }
  std::shared_ptr<const spec::Schema> schema = op.body_schema(entry.status, profile);
  if (schema == nullptr) return {};
  if (!entry.content_type.empty() && entry.content_type.find("json") == std::string::npos) {
    return {};  // a binary body (a layer): its schema describes bytes, not JSON
  }
  Result<nlohmann::json> body = parse_json(response.body);
  if (!body.ok()) {
    return body.error().code == ErrorCode::kParse ? "the body is not JSON"
                                                  : "the body is " + body.error().message;
  }
  std::vector<spec::Violation> violations = schema->validate(*body);
  if (violations.empty()) return {};
  const spec::Violation& first = violations.front();
  return "the body does not match its schema at \"" + first.pointer + "\": " + first.message;
}

}  // namespace

Verdict judge(const spec::Operation& op, std::string_view condition, spec::Profile profile,
              bool strict, const Result<Response>& response,
              const std::vector<std::string>& unasked) {
  Verdict verdict;
  const spec::Expectation expected = op.expectation(condition, profile);
  for (const spec::Response* r : expected.responses) {
    verdict.acceptable.push_back(describe(op, *r, profile, strict));
  }
  if (!response.ok()) {
    verdict.outcome = Outcome::kError;
    verdict.observed = "no response: " + response.error().message;
    verdict.message = verdict.observed;
    return verdict;
  }
  verdict.observed = observe(*response);
  if (expected.responses.empty()) {
    verdict.outcome = Outcome::kError;
    verdict.message = op.id + " lists no response for condition " + std::string(condition) +
                      " under profile " + std::string(spec::to_string(profile));
    return verdict;
  }
  const spec::Response* entry = nullptr;
  for (const spec::Response* r : expected.responses) {
    if (r->status == response->status) entry = r;
  }
  if (entry == nullptr) {
    // RFC 2119: a server that does not do what a MAY allows has not failed. It fails only when it
    // answers as if it did, and gets that wrong (below).
    if (expected.level == spec::Level::kMay) {
      verdict.outcome = Outcome::kSkip;
      verdict.message = "not supported (MAY): answered " + std::to_string(response->status) +
                        ", where " + statuses_text(expected.statuses()) + " would show support";
      return verdict;
    }
    verdict.outcome = Outcome::kFail;
    verdict.message = "status " + std::to_string(response->status) + " is not acceptable";
    return verdict;
  }
  verdict.message = problem(op, *entry, profile, strict, *response, unasked);
  verdict.outcome = verdict.message.empty() ? Outcome::kPass : Outcome::kFail;
  return verdict;
}

}  // namespace drydock::conformance
