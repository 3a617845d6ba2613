// Selecting checks by ID prefix, and the baseline of known failures (runner.h).

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "drydock/common/base64.h"
#include "drydock/conformance/runner.h"

namespace drydock::conformance {

namespace {

bool starts_with_any(const std::string& id, const std::vector<std::string>& prefixes) {
  for (const std::string& p : prefixes) {
    if (!p.empty() && id.rfind(p, 0) == 0) return true;
  }
  return false;
}

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

Result<Baseline> parse_json_baseline(const nlohmann::json& doc) {
  Baseline baseline;
  if (doc.is_object()) {
    for (auto& [id, reason] : doc.items()) {
      baseline.reasons[id] = reason.is_string() ? reason.get<std::string>() : reason.dump();
      baseline.origins[id] = "baseline entry";
    }
    return baseline;
  }
  if (!doc.is_array()) return Error::parse("baseline: expected a JSON object or array");
  for (const nlohmann::json& entry : doc) {
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string()) {
      return Error::parse("baseline: every array entry needs a string \"id\"");
    }
    baseline.reasons[entry["id"].get<std::string>()] = entry.value("reason", std::string());
    baseline.origins[entry["id"].get<std::string>()] = "baseline entry";
  }
  return baseline;
}

}  // namespace

std::string Account::basic_auth() const {
  return "Basic " + base64_encode(username + ":" + password);
}

nlohmann::json RunOptions::redacted_json() const {
  auto account = [](const Account& a) -> nlohmann::json {
    if (a.empty()) return nullptr;
    return {{"username", a.username}, {"password", "<redacted>"}};
  };
  return {{"index", index_url},
          {"registry", registry_url},
          {"user", account(user)},
          {"user2", account(user2)},
          {"admin", account(admin)},
          {"inactive", account(inactive)},
          {"profile", std::string(spec::to_string(profile))},
          {"strict", strict},
          {"only", only},
          {"skip", skip},
          {"timeout_ms", timeout.count()},
          {"deadline_ms", deadline.count()},
          {"jobs", jobs},
          {"cacert", cacert},
          {"insecure", insecure},
          {"cert", client_cert},
          {"key", client_key.empty() ? "" : "<redacted path>"},
          {"token_policy", token_policy},
          {"large_layer", large_layer},
          {"mints_tokens", static_cast<bool>(mint_token)},
          {"inject_fault", inject_fault},
          {"read_only", read_only},
          {"clean_up", clean_up},
          {"repository", repository}};
}

Result<Selection> select_checks(const std::vector<Check>& checks,
                                const std::vector<std::string>& only,
                                const std::vector<std::string>& skip) {
  Selection selection;
  for (const Check& check : checks) {
    if (!only.empty() && !starts_with_any(check.id, only)) continue;
    if (starts_with_any(check.id, skip)) continue;
    selection.checks.push_back(&check);
  }
  if (selection.checks.empty()) return Error::invalid("the selection matched no check");
  return selection;
}

Result<Baseline> parse_baseline(std::string_view text) {
  std::string body = trim(std::string(text));
  if (!body.empty() && (body.front() == '{' || body.front() == '[')) {
    nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) return Error::parse("baseline: malformed JSON");
    return parse_json_baseline(doc);
  }
  Baseline baseline;
  std::istringstream lines{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::size_t space = line.find_first_of(" \t");
    std::string id = line.substr(0, space);
    std::string reason = space == std::string::npos ? "" : trim(line.substr(space));
    if (id.find('/') == std::string::npos) {
      return Error::parse("baseline line " + std::to_string(number) + ": \"" + id +
                          "\" is not a check ID");
    }
    baseline.reasons[id] = reason;
    baseline.origins[id] = "baseline line " + std::to_string(number);
  }
  return baseline;
}

Result<Baseline> load_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::io("cannot read baseline " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_baseline(buffer.str());
}

void apply_baseline(const Baseline& baseline, CheckResult& result) {
  auto it = baseline.reasons.find(result.id);
  if (it == baseline.reasons.end()) return;
  result.baselined = true;
  result.baseline_reason = it->second;
  if (result.outcome == Outcome::kPass) {
    result.message = "baselined but passed: remove it from the baseline";
  } else if (result.outcome == Outcome::kFail) {
    result.message = "baselined failure (" + it->second + ")" +
                     (result.message.empty() ? "" : ": " + result.message);
  }
}

std::vector<std::string> unknown_entries(const Baseline& baseline,
                                         const std::vector<Check>& catalogue) {
  std::set<std::string> known;
  for (const Check& check : catalogue) known.insert(check.id);
  std::vector<std::string> warnings;
  for (const auto& [id, reason] : baseline.reasons) {
    if (known.count(id) != 0) continue;
    auto origin = baseline.origins.find(id);
    warnings.push_back((origin == baseline.origins.end() ? "baseline" : origin->second) + ": \"" +
                       id + "\" names no check");
  }
  return warnings;
}

std::vector<std::string> baseline_notes(const Baseline& baseline,
                                        const std::vector<CheckResult>& results) {
  std::vector<std::string> notes = baseline.warnings;
  for (const CheckResult& r : results) {
    if (!r.baselined || r.outcome != Outcome::kPass) continue;
    auto origin = baseline.origins.find(r.id);
    notes.push_back((origin == baseline.origins.end() ? "baseline" : origin->second) + ": " + r.id +
                    " passes: remove it from the baseline");
  }
  return notes;
}

}  // namespace drydock::conformance
