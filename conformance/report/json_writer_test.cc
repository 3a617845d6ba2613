#include "json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace drydock::conformance::report {
namespace {

using nlohmann::json;

// Collects what a writer hands its sink.
struct Collected {
  std::string text;
  TextSink sink = [this](std::string_view piece) { text.append(piece); };
};

// What nlohmann's dump(2) prints for `tree`, the layout the writer keeps.
std::string dumped(const json& tree) {
  return tree.dump(2, ' ', false, json::error_handler_t::replace);
}

TEST(JsonWriter, LaysOutObjectsAndArraysAsDumpDoes) {
  Collected out;
  JsonWriter w(out.sink);
  w.begin_object();
  w.member("a", 1);
  w.name("empty_array").begin_array();
  w.end_array();
  w.name("empty_object").begin_object();
  w.end_object();
  w.name("list").begin_array();
  w.value("x");
  w.begin_object();
  w.member("deep", true);
  w.end_object();
  w.begin_array();
  w.end_array();
  w.end_array();
  w.end_object();
  w.finish();
  EXPECT_EQ(out.text, dumped(json::parse(R"({"a": 1, "empty_array": [], "empty_object": {},
                                          "list": ["x", {"deep": true}, []]})")));
}

TEST(JsonWriter, EscapesStringsAsDumpDoes) {
  const std::string nasty[] = {
      "",
      "plain",
      "quote \" backslash \\ slash /",
      std::string("controls \b\f\n\r\t \x01\x1f\x7f and a NUL: ") + '\0' + ".",
      "caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x90\xB3",
      "invalid \xFF\xFE, cut \xE2\x82, overlong \xC0\xAF, surrogate \xED\xA0\x80 \"end\"",
  };
  for (const std::string& s : nasty) {
    Collected out;
    {
      JsonWriter w(out.sink);
      w.value(s);
    }
    EXPECT_EQ(out.text, dumped(json(s))) << s;
  }
}

TEST(JsonWriter, PrintsNumbersAsDumpDoes) {
  Collected out;
  JsonWriter w(out.sink);
  w.begin_array();
  w.value(-1);
  w.value(std::uint64_t{18446744073709551615ULL});
  w.value(std::int64_t{-9223372036854775807LL});
  for (double d : {-1.0, 0.0, 0.5, 12.0, 1.234, 0.1 + 0.2, 1e21, 1e-7}) w.value(d);
  w.value(std::nan(""));
  w.value(false);
  w.end_array();
  w.finish();
  json expected = {-1,
                   18446744073709551615ULL,
                   -9223372036854775807LL,
                   -1.0,
                   0.0,
                   0.5,
                   12.0,
                   1.234,
                   0.1 + 0.2,
                   1e21,
                   1e-7,
                   std::nan(""),
                   false};
  EXPECT_EQ(out.text, dumped(expected));
}

TEST(JsonWriter, IndentsATreeWrittenInsideIt) {
  json config = {{"jobs", 2}, {"only", {"registry/", "index/"}}, {"nested", {{"k", "v\nw"}}}};
  Collected out;
  JsonWriter w(out.sink);
  w.begin_object();
  w.name("run").begin_object();
  w.member("config", config);
  w.member("empty", json::object());
  w.end_object();
  w.end_object();
  w.finish();
  EXPECT_EQ(out.text, dumped({{"run", {{"config", config}, {"empty", json::object()}}}}));
}

TEST(JsonWriter, HandsTheTextOverInPiecesBetweenParts) {
  Collected out;
  std::size_t pieces = 0;
  TextSink counting = [&](std::string_view piece) {
    ++pieces;
    out.text.append(piece);
  };
  json expected = json::array();
  {
    JsonWriter w(counting);
    w.begin_array();
    for (int i = 0; i < 20000; ++i) {
      std::string item = "item " + std::to_string(i) + std::string(40, 'x');
      w.value(item);
      expected.push_back(item);
      w.flush_piece();
    }
    w.end_array();
  }  // the destructor hands over the rest
  EXPECT_GT(pieces, 1u);
  EXPECT_EQ(out.text, dumped(expected));
}

}  // namespace
}  // namespace drydock::conformance::report
