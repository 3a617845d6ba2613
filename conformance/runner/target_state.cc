// Probing targets, providing accounts and cleaning up (target_state.h).

#include "target_state.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/fixtures/users.h"

namespace drydock::conformance {

namespace {

Request request_for(std::string method, std::string url, Headers headers, std::string body,
                    std::string label) {
  Request request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.headers = std::move(headers);
  request.body = std::move(body);
  request.label = std::move(label);
  return request;
}

Result<Account> register_account(RunEnvironment& env, const std::string& seed) {
  Account account;
  account.username = "dd_" + fixtures::unique_suffix() + seed;
  account.password = "pw-" + fixtures::unique_suffix() + fixtures::unique_suffix();
  account.email = account.username + "@example.com";
  env.redactor()->add_secret(account.password);
  Headers headers{{"Content-Type", "application/json"}};
  std::string body = nlohmann::json{
      {"username", account.username},
      {"password", account.password},
      {"email",
       account.email}}.dump();
  Result<Response> r = env.client().send(
      request_for("POST", env.url(spec::Side::kIndex, "/v1/users/"), headers, body, "setup"));
  if (!r.ok()) return r.error();
  if (r->status != 201 && r->status != 200) {
    return Error::invalid("POST /v1/users/ answered " + std::to_string(r->status));
  }
  return account;
}

// Whether `r` is what a v1 server answers to GET /v1/_ping (protocol-notes 5.1 R1: 200 with
// `true`, `{}` or `""`) or to a search: a success whose body is empty or JSON.
bool speaks_v1(const Response& r) {
  if (r.status < 200 || r.status > 299) return false;
  if (r.body.empty()) return true;
  return parse_json(r.body).ok();
}

// "404 text/html: <!DOCTYPE HTML>..." for a person to recognize the server.
std::string describe_answer(const Response& r) {
  std::string text = std::to_string(r.status);
  if (auto type = r.headers.get("Content-Type")) text += " " + *type;
  std::string body = r.body.substr(0, 80);
  for (char& c : body) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (!body.empty()) text += ": " + body + (r.body.size() > 80 ? "..." : "");
  return text;
}

std::string token_from(const Response& r) {
  std::string token = r.headers.get("X-Docker-Token").value_or("");
  if (token.rfind("Token ", 0) == 0) token = token.substr(6);
  return token;
}

// Returns an empty string when `repo` is gone, or why not.
std::string delete_repository(RunEnvironment& env, const Repository& repo) {
  std::string path = "/v1/repositories/" + (repo.library ? repo.name : repo.path()) + "/";
  if (!env.options().has_index()) {
    Result<Response> r = env.client().send(
        request_for("DELETE", env.url(spec::Side::kRegistry, path), {}, {}, "cleanup"));
    if (!r.ok()) return r.error().message;
    return r->status == 200 || r->status == 404 ? ""
                                                : "registry answered " + std::to_string(r->status);
  }
  const Account& owner = repo.library ? env.options().admin : env.options().user;
  std::string endpoints;
  for (int round = 0; round < 2; ++round) {
    // The first DELETE asks for a delete token; the final one (after the registry's) names the
    // endpoints the first answered (SPEC delete flow).
    Headers basic{{"Authorization", owner.basic_auth()}};
    if (round == 0) basic.set("X-Docker-Token", "true");
    if (round == 1) basic.set("X-Docker-Endpoints", endpoints);
    Result<Response> r = env.client().send(
        request_for("DELETE", env.url(spec::Side::kIndex, path), basic, {}, "cleanup"));
    if (!r.ok()) return r.error().message;
    if (r->status == 404 && round == 0) {
      // Gone already (a check deleted it), or a server that does not route DELETE: ask.
      Result<Response> still = env.client().send(
          request_for("GET", env.url(spec::Side::kIndex, path + "images"), basic, {}, "cleanup"));
      if (still.ok() && still->status == 200) {
        return "index DELETE answered 404, yet GET .../images still answers 200 (no DELETE here?)";
      }
      return "";
    }
    if (r->status == 200 || r->status == 404) return "";
    if (r->status != 202) return "index DELETE answered " + std::to_string(r->status);
    std::string token = token_from(*r);
    endpoints = r->headers.get("X-Docker-Endpoints").value_or("");
    Headers auth{{"Authorization", "Token " + token}};
    Result<Response> reg = env.client().send(
        request_for("DELETE", env.url(spec::Side::kRegistry, path), auth, {}, "cleanup"));
    if (!reg.ok()) return reg.error().message;
    if (reg->status != 200 && reg->status != 404) {
      return "registry DELETE answered " + std::to_string(reg->status);
    }
  }
  return "index DELETE never answered 200";
}

}  // namespace

Result<void> probe_targets(RunEnvironment& env) {
  std::vector<std::string> urls;
  if (env.options().has_index()) urls.push_back(env.options().index_url);
  const std::string& registry = env.options().registry_target();
  if (!registry.empty() && registry != env.options().index_url) urls.push_back(registry);
  for (const std::string& base : urls) {
    std::string url = base;
    while (!url.empty() && url.back() == '/') url.pop_back();
    Result<Response> r = env.client().send(request_for("GET", url + "/v1/_ping", {}, {}, "setup"));
    if (!r.ok()) return Error::io("cannot reach " + base + ": " + r.error().message);
    if (speaks_v1(*r)) continue;
    // An index need not answer the registry's ping (the Hub's index was never pinged,
    // protocol-notes 9); its search answers JSON.
    if (base == env.options().index_url) {
      Result<Response> search =
          env.client().send(request_for("GET", url + "/v1/search?q=drydock", {}, {}, "setup"));
      if (search.ok() && speaks_v1(*search)) continue;
    }
    return Error::invalid(base + " does not look like a v1 registry or index: GET " + url +
                          "/v1/_ping answered " + describe_answer(*r));
  }
  return {};
}

std::vector<std::string> provide_accounts(RunEnvironment& env) {
  std::vector<std::string> notes;
  if (!env.options().has_index()) return notes;
  RunOptions& options = env.mutable_options();
  if (options.user.empty()) {
    Result<Account> a = register_account(env, "a");
    if (a.ok()) {
      options.user = *a;
    } else {
      notes.push_back("could not register an account: " + a.error().message);
    }
  }
  if (options.user2.empty()) {
    Result<Account> b = register_account(env, "b");
    if (b.ok()) {
      options.user2 = *b;
    } else {
      notes.push_back("could not register a second account: " + b.error().message);
    }
  }
  return notes;
}

std::vector<std::string> clean_up(RunEnvironment& env) {
  const std::vector<Repository> repos = env.created_repositories();
  // Repositories are deleted independently of each other, as many at once as checks ran; the
  // list of what is left keeps the order they were created in.
  std::vector<std::string> why(repos.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < repos.size(); i = next++) {
      why[i] = delete_repository(env, repos[i]);
    }
  };
  const auto jobs = static_cast<std::size_t>(std::max(1, env.options().jobs));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < std::min(jobs, repos.size()); ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  std::vector<std::string> left;
  for (std::size_t i = 0; i < repos.size(); ++i) {
    if (!why[i].empty()) left.push_back(repos[i].path() + ": " + why[i]);
  }
  return left;
}

}  // namespace drydock::conformance
