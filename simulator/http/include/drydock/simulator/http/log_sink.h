#pragma once
// Where the HTTP layer writes its log lines (access log, response-check violations, exceptions).

#include <functional>
#include <string_view>

namespace drydock::simulator::http {

// Receives one line, without a trailing newline. May be called from several threads at once.
using LogSink = std::function<void(std::string_view line)>;

}  // namespace drydock::simulator::http
