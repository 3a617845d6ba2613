#include <gtest/gtest.h>

#include <set>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

TEST(HtmlReport, IsSelfContained) {
  for (const Report& report : {testing::sample_report(), testing::failing_report()}) {
    std::string html = render_html(report);
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    for (const char* external : {"src=", "<script", "<link", "@import", "url("}) {
      EXPECT_EQ(html.find(external), std::string::npos) << external;
    }
    for (const std::string& href : testing::attribute_values(html, "href")) {
      EXPECT_TRUE(href.starts_with("#")) << href;  // links stay within the page
    }
    EXPECT_NE(html.find("<style>"), std::string::npos);
  }
}

TEST(HtmlReport, EveryLinkResolvesToAnAnchor) {
  std::string html = render_html(testing::failing_report());
  std::vector<std::string> id_list = testing::attribute_values(html, "id");
  std::set<std::string> ids(id_list.begin(), id_list.end());
  EXPECT_EQ(ids.size(), id_list.size()) << "an id is used twice";
  std::vector<std::string> hrefs = testing::attribute_values(html, "href");
  EXPECT_GE(hrefs.size(), 10u);
  for (const std::string& href : hrefs) {
    EXPECT_TRUE(ids.contains(href.substr(1))) << href;
  }
  // Every check has an anchor, failed or not.
  for (const CheckResult& r : testing::failing_report().results) {
    EXPECT_TRUE(ids.contains("check-" + r.id)) << r.id;
  }
}

TEST(HtmlReport, FeaturesThenFailuresByCauseThenEveryCheck) {
  std::string html = render_html(testing::failing_report());
  std::size_t counts = html.find("2 pass</span>");
  std::size_t features = html.find("<section id=\"features\">");
  std::size_t failures = html.find("<section id=\"failures\">");
  std::size_t all = html.find("<section id=\"all\">");
  ASSERT_NE(counts, std::string::npos);
  ASSERT_NE(features, std::string::npos);
  ASSERT_NE(failures, std::string::npos);
  ASSERT_NE(all, std::string::npos);
  EXPECT_LT(counts, features);
  EXPECT_LT(features, failures);
  EXPECT_LT(failures, all);
  // The failures section holds the failed, blocked and errored checks' anchors; the table links.
  std::size_t push = html.find("id=\"check-index/repositories/put-user-repository/ok\"");
  std::size_t blocked = html.find("id=\"check-flows/pullUserRepository\"");
  std::size_t error = html.find("id=\"check-index/search/search-repositories/ok\"");
  for (std::size_t at : {push, blocked, error}) {
    EXPECT_GT(at, failures);
    EXPECT_LT(at, all);
  }
  EXPECT_GT(html.find("id=\"check-registry/ping/ping/ok\""), all);
}

TEST(HtmlReport, MatrixRowsSayTheirStatusAndLinkWhatBreaksThem) {
  std::string html = render_html(testing::failing_report());
  EXPECT_NE(html.find("<tr><td>push</td><td><span class=\"broken\">broken</span></td><td>1 "
                      "broken</td><td><a "
                      "href=\"#check-index/repositories/put-user-repository/ok\">"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td>ranges</td><td><span class=\"not-supported\">not supported</span>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>library</td><td><span class=\"not-checked\">not checked</span>"),
            std::string::npos);
}

TEST(HtmlReport, IdenticalCausesCollapseIntoOne) {
  std::string html = render_html(testing::failing_report());
  EXPECT_NE(html.find("the layer&#39;s bytes differ from the pushed layer from offset 0 (6656 "
                      "bytes received, sha256:aaaa"),
            std::string::npos);
  EXPECT_NE(html.find("<small>(2 checks)</small>"), std::string::npos);
  EXPECT_NE(html.find("<small>(3 checks)</small>"), std::string::npos);
  EXPECT_NE(html.find("id=\"cause-3\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"cause-4\""), std::string::npos);
  // A blocked check stands under the cause, linked to the step that blocks it.
  EXPECT_NE(html.find("<span class=\"blocked\">blocked</span> flows/pullUserRepository <small>by "
                      "<a href=\"#check-index/repositories/put-user-repository/ok\">"
                      "index/repositories/put-user-repository/ok</a>: the reply has no "
                      "X-Docker-Token header</small>"),
            std::string::npos)
      << html;
  // Each cause shows its reproduction, credentials as variables.
  EXPECT_NE(html.find("-u &quot;$DRYDOCK_USER:$DRYDOCK_PASSWORD&quot;"), std::string::npos);
  EXPECT_NE(html.find("-H &quot;Authorization: Token $DRYDOCK_TOKEN&quot;"), std::string::npos);
}

TEST(HtmlReport, FiltersByOutcomeWithoutScripts) {
  std::string html = render_html(testing::failing_report());
  for (const char* outcome : {"fail", "blocked", "error", "pass", "skip", "disabled"}) {
    std::string name(outcome);
    EXPECT_NE(html.find("<input type=\"radio\" name=\"outcome\" id=\"show-" + name + "\">"),
              std::string::npos)
        << name;
    EXPECT_NE(html.find("#all:has(#show-" + name + ":checked) tr[data-outcome]:not([data-outcome=" +
                        name + "]){display:none}"),
              std::string::npos)
        << name;
    EXPECT_NE(html.find("#all:has(#show-" + name +
                        ":checked) .area:not(:has(tr[data-outcome=" + name + "])){display:none}"),
              std::string::npos)
        << name;
  }
  EXPECT_NE(html.find("<tr data-outcome=\"pass\" id=\"check-registry/ping/ping/ok\">"),
            std::string::npos);
}

TEST(HtmlReport, AFatalRunIsOneErrorNotATable) {
  Report fatal;
  fatal.summary.fatal = "http://r.test/v1/_ping answered 404";
  std::string html = render_html(fatal);
  EXPECT_NE(html.find("<p class=\"banner\" id=\"fatal\">No check ran: http://r.test/v1/_ping "
                      "answered 404</p>"),
            std::string::npos);
  EXPECT_EQ(html.find("<table>"), std::string::npos);
}

TEST(HtmlReport, AnInterruptedRunIsMarked) {
  Report report = testing::failing_report();
  report.summary.interrupted = true;
  report.info.planned = 303;
  EXPECT_NE(render_html(report).find("Interrupted: the run was stopped by a signal. These are the "
                                     "results so far (11 of 303 checks)."),
            std::string::npos);
  EXPECT_EQ(render_html(testing::failing_report()).find("Interrupted"), std::string::npos);
}

TEST(HtmlReport, SummaryComesFirstThenATablePerArea) {
  std::string html = render_html(testing::sample_report());
  std::size_t counts = html.find("1 pass</span>");
  std::size_t index = html.find("<div class=\"area\"><h3>index</h3>");
  std::size_t registry = html.find("<h3>registry</h3>");
  ASSERT_NE(counts, std::string::npos);
  ASSERT_NE(index, std::string::npos);
  ASSERT_NE(registry, std::string::npos);
  EXPECT_LT(counts, index);
  EXPECT_LT(index, registry);
}

TEST(HtmlReport, FailuresExpandToTheirDetails) {
  std::string html = render_html(testing::sample_report());
  EXPECT_NE(html.find("<details open><summary><span class=\"fail\">fail</span> "
                      "registry/images/put-layer/missing-json</summary>"),
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
