#include "json_writer.h"

#include <charconv>

namespace drydock::conformance::report {

JsonWriter::JsonWriter(const TextSink& sink) : sink_(sink) {
  out_.reserve(kPieceBytes + kPieceBytes / 4);
}

void JsonWriter::flush() {
  if (out_.empty()) return;
  sink_(out_);
  out_.clear();
}

JsonWriter& JsonWriter::name(std::string_view member) {
  separate();
  escaped(member);
  out_.append(": ");
  after_name_ = true;
  return *this;
}

void JsonWriter::value(std::string_view text) {
  before_value();
  escaped(text);
}

void JsonWriter::value(bool b) {
  before_value();
  out_.append(b ? "true" : "false");
}

void JsonWriter::value(std::int64_t number) {
  before_value();
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof(digits), number).ptr;
  out_.append(digits, end);
}

void JsonWriter::value(std::uint64_t number) {
  before_value();
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof(digits), number).ptr;
  out_.append(digits, end);
}

void JsonWriter::value(double number) {
  before_value();
  // nlohmann's own shortest round-trip form ("0.5", "12.0", "1e+21"; null for NaN).
  out_.append(nlohmann::json(number).dump());
}

void JsonWriter::value(const std::vector<std::string>& texts) {
  begin_array();
  for (const std::string& text : texts) value(text);
  end_array();
}

void JsonWriter::value(const nlohmann::json& t) {
  tree(t);
}

void JsonWriter::value(const nlohmann::ordered_json& t) {
  tree(t);
}

template <typename Tree>
void JsonWriter::tree(const Tree& t) {
  before_value();
  std::string text = t.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  // A dump starts at depth 0: its lines after the first move in to this depth. A newline in a
  // dump is always layout (strings carry "\n" escaped).
  const std::size_t depth = 2 * empty_.size();
  std::size_t from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    out_.append(text, from, nl + 1 - from);
    out_.append(depth, ' ');
    from = nl + 1;
  }
  out_.append(text, from, std::string::npos);
}

void JsonWriter::open(char bracket) {
  before_value();
  out_.push_back(bracket);
  empty_.push_back(true);
}

void JsonWriter::close(char bracket) {
  const bool was_empty = empty_.back();
  empty_.pop_back();
  if (!was_empty) {
    out_.push_back('\n');
    indent();
  }
  out_.push_back(bracket);
}

void JsonWriter::before_value() {
  if (after_name_) {
    after_name_ = false;
    return;
  }
  if (!empty_.empty()) separate();
}

void JsonWriter::separate() {
  out_.append(empty_.back() ? "\n" : ",\n");
  empty_.back() = false;
  indent();
}

void JsonWriter::indent() {
  out_.append(2 * empty_.size(), ' ');
}

void JsonWriter::escaped(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_.push_back('"');
  std::size_t from = 0;  // the start of the run of bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Not ASCII: nlohmann's own escaping, which also replaces invalid UTF-8, for the rest.
      out_.append(text, from, i - from);
      std::string rest = nlohmann::json(std::string(text.substr(i)))
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      out_.append(rest, 1, std::string::npos);  // with its closing quote, without its opening one
      return;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(text, from, i - from);
    from = i + 1;
    switch (c) {
      case '"':
        out_.append("\\\"");
        break;
      case '\\':
        out_.append("\\\\");
        break;
      case '\b':
        out_.append("\\b");
        break;
      case '\t':
        out_.append("\\t");
        break;
      case '\n':
        out_.append("\\n");
        break;
      case '\f':
        out_.append("\\f");
        break;
      case '\r':
        out_.append("\\r");
        break;
      default:
        out_.append("\\u00");
        out_.push_back(kHex[c >> 4]);
        out_.push_back(kHex[c & 0xF]);
        break;
    }
  }
  out_.append(text, from, std::string::npos);
  out_.push_back('"');
}

void write_headers(JsonWriter& w, const Headers& headers) {
  w.begin_array();
  for (const Header& h : headers) {
    w.begin_object();
    w.member("name", h.name);
    w.member("value", h.value);
    w.end_object();
  }
  w.end_array();
}

}  // namespace drydock::conformance::report
