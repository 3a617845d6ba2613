#include "text.h"

#include <gtest/gtest.h>

namespace drydock::conformance::report {
namespace {

TEST(ReportText, RepairsInvalidUtf8) {
  EXPECT_EQ(valid_utf8("a\xff"
                       "b\xc3\xa9"),
            "a\xEF\xBF\xBD"
            "b\xc3\xa9");
  EXPECT_TRUE(is_text("caf\xc3\xa9\n"));
  EXPECT_FALSE(is_text(std::string("a\0b", 3)));
  EXPECT_FALSE(is_text("\xc0\xaf"));  // overlong
}

TEST(ReportText, Base64) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

TEST(ReportText, Iso8601InUtcWithMilliseconds) {
  std::chrono::system_clock::time_point t{std::chrono::milliseconds(1'700'000'000'123)};
  EXPECT_EQ(iso8601(t), "2023-11-14T22:13:20.123Z");
}

TEST(ReportText, ExchangeTextNotesBinaryAndStreamedBodies) {
  Exchange e;
  e.request = {"PUT", "http://r/x", {}, "<9 bytes streamed>", 9, true};
  e.response.status = 200;
  e.response.http_version = "HTTP/1.1";
  e.response.reason = "OK";
  e.response.body = std::string("\0\1", 2);
  e.response.body_size = 2;
  std::string text = exchange_text(e);
  EXPECT_NE(text.find("> PUT http://r/x\n>\n<9 bytes streamed>\n"), std::string::npos) << text;
  EXPECT_NE(text.find("< HTTP/1.1 200 OK\n<\n<2 bytes of binary data>\n"), std::string::npos);
}

}  // namespace
}  // namespace drydock::conformance::report
