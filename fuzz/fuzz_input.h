#pragma once
// Splitting one fuzzer input into the several values a target needs, so that libFuzzer's
// mutations reach each of them: a number from the front, then text pieces separated by '\n'.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace drydock::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next `bytes` bytes (fewer at the end) as a little-endian number.
  uint64_t take_number(size_t bytes) {
    uint64_t value = 0;
    for (size_t i = 0; i < bytes && !rest_.empty(); ++i) {
      value |= uint64_t{static_cast<unsigned char>(rest_.front())} << (8 * i);
      rest_.remove_prefix(1);
    }
    return value;
  }
  // The text up to the next '\n' (which is dropped), or all that is left.
  std::string_view take_line() {
    size_t end = rest_.find('\n');
    std::string_view line = rest_.substr(0, end);
    rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
    return line;
  }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

}  // namespace drydock::fuzz
