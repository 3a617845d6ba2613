// Search (protocol-notes 5.2 I11, 10.15): public repositories, paged, in the documented shape
// (num_pages, num_results, results, page_size, query, page), which docker-registry's shape is a
// part of.

#include <algorithm>
#include <charconv>
#include <string>

#include <nlohmann/json.hpp>

#include "authentication.h"
#include "drydock/simulator/auth/basic_auth.h"
#include "drydock/simulator/http/error_reply.h"
#include "index_handlers.h"

namespace drydock::simulator::index {
namespace {

constexpr int kDefaultPageSize = 25;  // n when absent (5.2 I11)
constexpr int kMaxPageSize = 100;     // n's upper bound; also Accounts::search's
constexpr int kMaxPage = 1 << 24;     // pages past this are as empty as any past the last

// An integer query parameter, or `fallback` when absent or unreadable. The Router has checked n
// and page against the spec.
long long int_param(const http::Request& request, std::string_view name, long long fallback) {
  auto text = request.query_param(name);
  if (!text || text->empty()) return fallback;
  long long value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  return ec == std::errc() && ptr == end ? value : fallback;
}

// Basic credentials are optional; sent, they must be right (401). The spec lists no 403 here:
// an inactive account searches as anyone would.
std::optional<http::Reply> check_optional_basic(IndexState& state, const http::Context& ctx,
                                                const http::Request& request) {
  auto header = request.headers.get("Authorization");
  if (!header || has_token_authorization(request)) return std::nullopt;
  auto credentials = auth::parse_basic_authorization(*header);
  if (!credentials) return refuse(ctx, Condition::kBadCredentials);
  auto user = state.services.accounts->verify_password(credentials->user, credentials->password);
  if (!user.ok()) return refuse(ctx, Condition::kBadCredentials);
  return std::nullopt;
}

nlohmann::json result_entry(const accounts::Repository& repository) {
  bool official = repository.ns == "library";
  return {{"name", official ? repository.name : repository.ns + "/" + repository.name},
          {"description", repository.description},
          {"star_count", 0},
          {"is_official", official},
          {"is_trusted", false},
          {"is_automated", false}};
}

}  // namespace

// GET /v1/search?q=&n=&page=: 200 with one page of results. The Router answers 400 invalid-query
// for n outside 1..100 or page below 1 (the spec's parameter schemas).
http::Reply search_repositories(IndexState& state, http::Context& ctx,
                                const http::Request& request) {
  if (auto refusal = check_optional_basic(state, ctx, request)) return std::move(*refusal);

  // Within bounds whatever came through: n as Accounts::search serves it, page past any result.
  const int page_size = static_cast<int>(
      std::clamp<long long>(int_param(request, "n", kDefaultPageSize), 1, kMaxPageSize));
  const int page_number =
      static_cast<int>(std::clamp<long long>(int_param(request, "page", 1), 1, kMaxPage));
  const std::string query = request.query_param("q").value_or("");

  accounts::Accounts& accounts = *state.services.accounts;
  auto found = accounts.search(query, page_number, page_size);
  if (!found.ok()) return http::error_reply(ctx.operation, found.error());

  nlohmann::json results = nlohmann::json::array();
  for (const auto& repository : found->results) results.push_back(result_entry(repository));
  nlohmann::json body = {{"num_pages", (found->total + page_size - 1) / page_size},
                         {"num_results", found->total},
                         {"results", std::move(results)},
                         {"page_size", page_size},
                         {"query", query},
                         {"page", page_number}};
  return http::Reply::json(200, body);
}

}  // namespace drydock::simulator::index
