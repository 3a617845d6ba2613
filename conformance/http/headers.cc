#include "drydock/conformance/headers.h"

#include <algorithm>

namespace drydock::conformance {

bool equals_ignore_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

void Headers::set(std::string_view name, std::string value) {
  remove(name);
  fields_.push_back({std::string(name), std::move(value)});
}

void Headers::remove(std::string_view name) {
  std::erase_if(fields_, [&](const Header& h) { return equals_ignore_case(h.name, name); });
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const Header& h : fields_) {
    if (equals_ignore_case(h.name, name)) return h.value;
  }
  return std::nullopt;
}

std::vector<std::string> Headers::get_all(std::string_view name) const {
  std::vector<std::string> values;
  for (const Header& h : fields_) {
    if (equals_ignore_case(h.name, name)) values.push_back(h.value);
  }
  return values;
}

}  // namespace drydock::conformance
