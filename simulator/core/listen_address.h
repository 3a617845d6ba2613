#pragma once
// Listener addresses as `drydock serve` and Options spell them: "HOST:PORT", with an IPv6 host in
// brackets ("[::1]:5000"). Port 0 asks for any free port.

#include <string>
#include <string_view>

#include "drydock/common/result.h"

namespace drydock::simulator {

struct ListenAddress {
  std::string host;  // without brackets: "127.0.0.1", "::1", "localhost"
  int port = 0;      // 0..65535
};

// Parses "HOST:PORT". Fails (kInvalidArgument, quoting `text`) on a missing host or port, a
// port that is not a number in 0..65535, or an unclosed bracket.
Result<ListenAddress> parse_listen_address(std::string_view text);

// Returns "host:port" as a client would dial it: a wildcard host ("0.0.0.0", "::", "") becomes
// the matching loopback address, and an IPv6 host gets its brackets back.
std::string dial_address(const ListenAddress& address, int bound_port);

}  // namespace drydock::simulator
