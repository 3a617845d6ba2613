#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

namespace {
constexpr std::string_view kReservedTop = ".drydock-tmp";  // backends' temporary files
}  // namespace

Result<void> validate_key(std::string_view key) {
  if (key.empty()) return Error::invalid("storage key is empty");
  if (key.find('\0') != std::string_view::npos) return Error::invalid("storage key holds a NUL");
  if (key.front() == '/') return Error::invalid("storage key is absolute: " + std::string(key));
  bool first = true;
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    std::string_view part = key.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") {
      return Error::invalid("storage key has an empty, \".\" or \"..\" component: " +
                            std::string(key));
    }
    if (first && part == kReservedTop) {
      return Error::invalid("storage key uses a reserved name: " + std::string(key));
    }
    first = false;
    start = end + 1;
  }
  return {};
}

}  // namespace drydock::storage
