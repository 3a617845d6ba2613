#include <gtest/gtest.h>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

TEST(HtmlReport, IsSelfContained) {
  std::string html = render_html(testing::sample_report());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  for (const char* external : {"src=", "href=", "<script", "<link", "@import", "url("}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  EXPECT_NE(html.find("<style>"), std::string::npos);
}

TEST(HtmlReport, SummaryComesFirstThenATablePerArea) {
  std::string html = render_html(testing::sample_report());
  std::size_t counts = html.find("1 pass</span>");
  std::size_t index = html.find("<h2>index</h2>");
  std::size_t registry = html.find("<h2>registry</h2>");
  ASSERT_NE(counts, std::string::npos);
  ASSERT_NE(index, std::string::npos);
  ASSERT_NE(registry, std::string::npos);
  EXPECT_LT(counts, index);
  EXPECT_LT(index, registry);
}

TEST(HtmlReport, FailuresExpandToTheirDetails) {
  std::string html = render_html(testing::sample_report());
  EXPECT_NE(html.find("<details><summary>registry/images/put-layer/missing-json</summary>"),
            std::string::npos);
  EXPECT_NE(html.find("<li>401 with WWW-Authenticate</li>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Observed</dt><dd>500</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Hint</dt>"), std::string::npos);
  EXPECT_NE(html.find("&gt; PUT http://registry.test/v1/images/abc/layer?x=1&amp;y"),
            std::string::npos);
}

TEST(HtmlReport, EscapesEverything) {
  std::string html = render_html(testing::sample_report());
  EXPECT_NE(html.find("expected &lt;200&gt; &amp; got &quot;500&quot; &#39;x&#39; \\x01 end"),
            std::string::npos);
  EXPECT_EQ(html.find("<200>"), std::string::npos);
  EXPECT_EQ(html.find('\x01'), std::string::npos);
}

}  // namespace
}  // namespace drydock::conformance
