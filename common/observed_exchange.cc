#include "drydock/common/observed_exchange.h"

#include <algorithm>
#include <cctype>

namespace drydock {

std::optional<std::string> find_header(const HeaderFields& fields, std::string_view name) {
  auto same = [&](std::string_view key) {
    return std::equal(key.begin(), key.end(), name.begin(), name.end(), [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) ==
             std::tolower(static_cast<unsigned char>(y));
    });
  };
  for (const auto& [key, value] : fields) {
    if (same(key)) return value;
  }
  return std::nullopt;
}

}  // namespace drydock
