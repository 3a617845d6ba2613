#include "drydock/common/json_limits.h"

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace drydock {

size_t json_text_depth(std::string_view text, size_t stop_after) {
  size_t depth = 0;
  size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) deepest = depth;
        if (deepest > stop_after) return stop_after + 1;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

size_t json_value_depth(const nlohmann::json& value, size_t stop_after) {
  size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, size_t>> pending{{&value, 0}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (!node->is_structured()) continue;
    if (++depth > deepest) deepest = depth;
    if (deepest > stop_after) return stop_after + 1;
    for (const auto& child : *node) {
      if (child.is_structured()) pending.emplace_back(&child, depth);
    }
  }
  return deepest;
}

std::string json_too_deep_message(size_t max_depth) {
  return "JSON nested deeper than " + std::to_string(max_depth) + " levels (the limit)";
}

Result<nlohmann::json> parse_json(std::string_view text, size_t max_depth) {
  if (json_text_depth(text, max_depth) > max_depth) {
    return Error::invalid(json_too_deep_message(max_depth));
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // The byte offset only: the library's own text quotes the input, which may not be UTF-8.
    return Error::parse("malformed JSON at byte " + std::to_string(e.byte));
  } catch (const nlohmann::json::exception&) {
    return Error::parse("malformed JSON: a number out of range");  // 1E400 (out_of_range.406)
  }
}

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace drydock
