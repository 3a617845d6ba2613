#pragma once
// JsonWriter: writes JSON text straight into a string, laid out exactly as nlohmann::json's
// dump(2, ' ', false, error_handler_t::replace) lays out the same value: two-space indents,
// "name": value, {} and [] when empty, invalid UTF-8 replaced by U+FFFD. The reports of a whole
// run hold thousands of exchanges; a tree of them costs several times the text it prints, so the
// big reports write as they go, and build trees only for their small parts (value()).
//
// Members come out in the order they are written: to print what a nlohmann::json object (a
// std::map) prints, write its members in the order of their names.
//
// The text goes to a TextSink a piece at a time: a report of a whole run (tens of MB) is never
// held whole, and a file report streams to its file.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/conformance/reporter.h"

namespace drydock::conformance::report {

class JsonWriter {
 public:
  // REQUIRES: `sink` outlives the writer.
  explicit JsonWriter(const TextSink& sink);
  // Hands what is left to the sink (finish()).
  ~JsonWriter() { finish(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  // Hands the text so far to the sink once there is a piece's worth of it (kPieceBytes). Call it
  // between the large parts of a document: a piece may be cut anywhere.
  void flush_piece() {
    if (out_.size() >= kPieceBytes) flush();
  }
  // Hands the rest of the text to the sink.
  void finish() { flush(); }

  // An object or an array, as a value (in an array, or after name()).
  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // Starts a member of the current object: a value or a begin_*() follows.
  JsonWriter& name(std::string_view member);

  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::string& text) { value(std::string_view(text)); }
  void value(bool b);
  void value(int number) { value(static_cast<std::int64_t>(number)); }
  void value(unsigned number) { value(static_cast<std::uint64_t>(number)); }
  void value(std::int64_t number);
  void value(std::uint64_t number);
  void value(double number);
  void value(const std::vector<std::string>& texts);
  // Any tree, as its own dump(2) would print it at this depth.
  void value(const nlohmann::json& tree);
  void value(const nlohmann::ordered_json& tree);

  // Appends `text` as it is: the newline after a document.
  void raw(std::string_view text) { out_.append(text); }

  // name(member) then value(v).
  template <typename T>
  void member(std::string_view member, const T& v) {
    name(member);
    value(v);
  }

 private:
  void open(char bracket);
  void close(char bracket);
  // Writes what comes before a value: the separator and indent in an array, nothing after name().
  void before_value();
  void separate();
  void indent();
  void escaped(std::string_view text);
  template <typename Tree>
  void tree(const Tree& t);

  static constexpr std::size_t kPieceBytes = 256 * 1024;  // the text held before the sink gets it

  void flush();

  const TextSink& sink_;
  std::string out_;
  std::vector<bool> empty_;  // per open object or array: nothing written in it yet
  bool after_name_ = false;
};

// Writes `headers` as an array of {"name": ..., "value": ...} objects: results.json and the
// HAR both lay headers out so.
void write_headers(JsonWriter& w, const Headers& headers);

}  // namespace drydock::conformance::report
