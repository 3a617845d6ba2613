#include "drydock/simulator/http/request.h"

#include <algorithm>
#include <cstring>

namespace drydock::simulator::http {

Result<std::string> Body::read_all(size_t limit) {
  constexpr size_t kPiece = 16 * 1024;  // per read(): small JSON bodies need no more
  std::string data;
  char buffer[kPiece];
  while (true) {
    size_t want = std::min(kPiece, limit + 1 - data.size());
    size_t got = read(buffer, want);
    if (got == 0) break;
    data.append(buffer, got);
    if (data.size() > limit) {
      return Error{ErrorCode::kPayloadTooLarge,
                   "request body is larger than " + std::to_string(limit) + " bytes"};
    }
  }
  if (auto error = read_error()) return *error;
  return data;
}

size_t StringBody::read(char* out, size_t n) {
  size_t count = std::min(n, data_.size() - offset_);
  std::memcpy(out, data_.data() + offset_, count);
  offset_ += count;
  return count;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

}  // namespace drydock::simulator::http
