#include <gtest/gtest.h>

#include <vector>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

// A minimal well-formedness check: tags nest, entities are known, no raw control characters.
::testing::AssertionResult well_formed(const std::string& xml) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    auto c = static_cast<unsigned char>(xml[i]);
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      return ::testing::AssertionFailure() << "control character at " << i;
    }
    if (c == '&') {
      std::size_t semi = xml.find(';', i);
      std::string entity = xml.substr(i, semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" &&
          entity != "&#39;") {
        return ::testing::AssertionFailure() << "bad entity " << entity;
      }
    }
    if (c != '<') continue;
    std::size_t close = xml.find('>', i);
    std::string tag = xml.substr(i + 1, close - i - 1);
    if (tag.find('<') != std::string::npos) return ::testing::AssertionFailure() << "raw < in tag";
    if (tag.starts_with("?")) continue;
    if (tag.starts_with("/")) {
      if (open.empty() || open.back() != tag.substr(1)) {
        return ::testing::AssertionFailure() << "mismatched </" << tag.substr(1) << ">";
      }
      open.pop_back();
    } else if (!tag.ends_with("/")) {
      open.push_back(tag.substr(0, tag.find_first_of(" \n")));
    }
    i = close;
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "unclosed <" << open.back() << ">";
  return ::testing::AssertionSuccess();
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

TEST(JUnitReport, IsWellFormedWithTotals) {
  std::string xml = render_junit(testing::sample_report());
  EXPECT_TRUE(well_formed(xml)) << xml;
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  EXPECT_NE(xml.find("<testsuites name=\"drydock\" tests=\"6\" failures=\"2\" errors=\"1\" "
                     "skipped=\"2\""),
            std::string::npos)
      << xml;
}

TEST(JUnitReport, OneSuitePerArea) {
  std::string xml = render_junit(testing::sample_report());
  EXPECT_EQ(count(xml, "<testsuite "), 2u);
  EXPECT_NE(xml.find("<testsuite name=\"index\" tests=\"2\" failures=\"0\" errors=\"1\" "
                     "skipped=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"registry\" tests=\"4\" failures=\"2\" errors=\"0\" "
                     "skipped=\"1\""),
            std::string::npos);
  EXPECT_EQ(count(xml, "<testcase "), 6u);
}

TEST(JUnitReport, TestcasesNamedFromTheCheckId) {
  std::string xml = render_junit(testing::sample_report());
  EXPECT_NE(xml.find("<testcase classname=\"registry.images.put-layer\" name=\"missing-json\" "
                     "time=\"0.013\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"registry\" name=\"registry\""), std::string::npos);
}

TEST(JUnitReport, OutcomesMapToElements) {
  std::string xml = render_junit(testing::sample_report());
  EXPECT_EQ(count(xml, "<failure "), 2u);
  EXPECT_NE(xml.find("type=\"MUST\""), std::string::npos);
  EXPECT_EQ(count(xml, "<error "), 1u);
  EXPECT_EQ(count(xml, "<skipped "), 2u);
  EXPECT_NE(xml.find("<skipped message=\"skip: search is not supported\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<system-out>"), std::string::npos);
}

TEST(JUnitReport, EscapesMarkupAndControlCharacters) {
  std::string xml = render_junit(testing::sample_report());
  EXPECT_NE(xml.find("message=\"expected &lt;200&gt; &amp; got &quot;500&quot; &#39;x&#39; \\x01 "
                     "end\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(JUnitReport, AnInterruptedRunIsAnErrorOfItsOwn) {
  Report report = testing::sample_report();
  report.summary.interrupted = true;
  std::string xml = render_junit(report);
  EXPECT_TRUE(well_formed(xml)) << xml;
  EXPECT_NE(xml.find("<testsuites name=\"drydock\" tests=\"7\" failures=\"2\" errors=\"2\" "),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<error message=\"interrupted by a signal: the results are those so far\" "
                     "type=\"interrupted\"/>"),
            std::string::npos);
  EXPECT_EQ(render_junit(testing::sample_report()).find("name=\"run\""), std::string::npos);
}

TEST(JUnitReport, AFatalRunIsOneError) {
  Report fatal;
  fatal.summary.fatal = "http://r.test/v1/_ping answered 404";
  std::string xml = render_junit(fatal);
  EXPECT_TRUE(well_formed(xml)) << xml;
  EXPECT_EQ(count(xml, "<testcase "), 1u);
  EXPECT_NE(xml.find("<error message=\"no check ran: http://r.test/v1/_ping answered 404\" "
                     "type=\"fatal\"/>"),
            std::string::npos)
      << xml;
}

}  // namespace
}  // namespace drydock::conformance
