#pragma once
// ObservedExchange: one request a server answered, with its reply, as an observer beside the
// server sees it (the simulator's Options::on_exchange; the client judge reads it). Plain data,
// with no HTTP library's types, so a producer (the simulator, a proxy) and a consumer (the judge)
// share it without depending on each other. Nothing is redacted: keep it in memory, and redact
// (conformance/redact.h) before anything is written.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drydock {

// The User-Agent of the simulator's registry when it asks its own index about a token (split
// listeners): an observer sees those requests at the index, and they are no client's.
inline constexpr std::string_view kRegistryCallAgent = "drydock-registry (token check)";

// Header fields in the order sent, one entry per header line; names as sent.
using HeaderFields = std::vector<std::pair<std::string, std::string>>;

// The value of the first field named `name` (compared without case), or nullopt.
std::optional<std::string> find_header(const HeaderFields& fields, std::string_view name);

// Which operations the listener that answered serves.
enum class ListenerSide { kIndex, kRegistry, kBoth };

struct ObservedExchange {
  std::chrono::system_clock::time_point started_at;  // when the request was dispatched
  std::string remote_address;                        // the peer: "127.0.0.1"
  int remote_port = 0;
  ListenerSide listener = ListenerSide::kBoth;

  std::string method;                                      // upper case
  std::string path;                                        // percent-encoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  HeaderFields request_headers;
  std::string operation_id;                        // the matched operation; empty: none matched
  std::map<std::string, std::string> path_params;  // decoded, as matched
  // The request body of an operation that takes JSON, exactly as read (up to the server's JSON
  // limit), valid or not; nullopt when the operation takes none or nothing was read.
  std::optional<std::string> json_body;
  // Any other body read (a layer): how many bytes the handler read, whether it read to the end,
  // and the lower-case hex SHA-256 of the digest seed (RouterOptions::body_digest_seed; empty by
  // default) followed by those bytes, computed as they streamed.
  std::uint64_t body_bytes = 0;
  bool body_complete = false;
  std::string body_sha256;

  int status = 0;
  HeaderFields reply_headers;
  // The reply's body when it is JSON and not streamed; nullopt otherwise.
  std::optional<std::string> reply_body;
};

}  // namespace drydock
