#include "core/handler_coverage.h"

#include <string>
#include <vector>

namespace drydock::simulator {

Result<void> require_every_handler(const http::Router& router, std::string_view side) {
  std::vector<std::string> missing = router.unhandled();
  if (missing.empty()) return {};
  std::string list;
  for (const auto& id : missing) list += (list.empty() ? "" : ", ") + id;
  return Error::internal(std::string(side) + ": no handler for " + list);
}

}  // namespace drydock::simulator
