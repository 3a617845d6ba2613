#include "core/listen_address.h"

#include <charconv>

namespace drydock::simulator {

Result<ListenAddress> parse_listen_address(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Error::invalid("listen address '" + std::string(text) + "': " + std::string(why) +
                          " (expected HOST:PORT, e.g. 127.0.0.1:5000)");
  };
  ListenAddress address;
  std::string_view port;
  if (text.starts_with('[')) {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return bad("unclosed '['");
    address.host = std::string(text.substr(1, close - 1));
    if (close + 1 >= text.size() || text[close + 1] != ':') return bad("no port");
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad("no port");
    address.host = std::string(text.substr(0, colon));
    if (address.host.find(':') != std::string::npos) return bad("put an IPv6 host in brackets");
    port = text.substr(colon + 1);
  }
  if (address.host.empty()) return bad("no host");
  if (port.empty()) return bad("no port");
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), address.port);
  if (ec != std::errc() || end != port.data() + port.size() || address.port < 0 ||
      address.port > 65535) {
    return bad("the port must be a number from 0 to 65535");
  }
  return address;
}

std::string dial_address(const ListenAddress& address, int bound_port) {
  std::string host = address.host;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return host + ":" + std::to_string(bound_port);
}

}  // namespace drydock::simulator
