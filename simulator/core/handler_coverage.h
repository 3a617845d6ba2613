#pragma once
// The start-up rule of design.md "simulator/": a spec operation the router serves without a
// handler is a start error, so a missing handler is found at start, not by the first client.

#include <string_view>

#include "drydock/common/result.h"
#include "drydock/simulator/http/router.h"

namespace drydock::simulator {

// Returns an Error naming `router`'s served operations without a handler, prefixed by `side`
// ("registry: no handler for getImageJson, putImageJson"), or success when there are none.
Result<void> require_every_handler(const http::Router& router, std::string_view side);

}  // namespace drydock::simulator
