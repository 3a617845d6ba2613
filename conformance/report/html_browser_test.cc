// report.html as a browser sees it: headless Chromium renders the page of a failing run, takes a
// screenshot into the test's temporary folder, and dumps the DOM it built, on which the test
// asserts what a reader relies on: the failures come before the full table, every in-page link
// lands on an element, and the outcome filter is there.
//
// Needs Debian's chromium (scripts/install-deps.sh installs it); skips only when it is missing.
// Set DRYDOCK_KEEP_TEST_FILES=1 to keep the folder (and the screenshot) after the test.

#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

namespace fs = std::filesystem;

constexpr int kChromiumSeconds = 90;  // a bound on each browser run, sanitizers or not

// Returns the browser to use: $DRYDOCK_CHROMIUM, else /usr/bin/chromium; "" when neither exists.
std::string chromium() {
  const char* configured = std::getenv("DRYDOCK_CHROMIUM");
  std::string path =
      configured != nullptr && *configured != '\0' ? configured : "/usr/bin/chromium";
  return ::access(path.c_str(), X_OK) == 0 ? path : "";
}

struct BrowserRun {
  int status = -1;
  std::string output;  // stdout
};

// Runs headless Chromium on `page` with `action` (--dump-dom, --screenshot=...), a fresh profile
// in `dir`, and a timeout.
BrowserRun run_chromium(const std::string& browser, const fs::path& dir, const fs::path& page,
                        const std::string& action) {
  static int profiles = 0;
  fs::path profile = dir / ("profile-" + std::to_string(profiles++));
  std::string command = "timeout -k 5 " + std::to_string(kChromiumSeconds) + " " + browser +
                        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                        " --disable-background-networking --disable-component-update"
                        " --disable-sync --user-data-dir=" +
                        profile.string() + " --window-size=1280,2000 " + action + " file://" +
                        page.string() + " 2>" + (dir / "chromium.log").string();
  BrowserRun run;
  FILE* out = ::popen(command.c_str(), "r");
  if (out == nullptr) return run;
  char buffer[8192];
  while (std::size_t n = std::fread(buffer, 1, sizeof(buffer), out)) run.output.append(buffer, n);
  run.status = ::pclose(out);
  return run;
}

class HtmlInABrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    browser_ = chromium();
    if (browser_.empty()) {
      GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it; "
                      "DRYDOCK_CHROMIUM names another)";
    }
    dir_ = fs::temp_directory_path() / ("drydock-html-browser-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    page_ = dir_ / "report.html";
    std::ofstream(page_) << render_html(testing::failing_report());
  }
  void TearDown() override {
    const char* keep = std::getenv("DRYDOCK_KEEP_TEST_FILES");
    if (!dir_.empty() && (keep == nullptr || *keep == '\0')) fs::remove_all(dir_);
  }

  std::string browser_;
  fs::path dir_;
  fs::path page_;
};

TEST_F(HtmlInABrowser, RendersAScreenshot) {
  fs::path png = dir_ / "report.png";
  BrowserRun run = run_chromium(browser_, dir_, page_, "--screenshot=" + png.string());
  ASSERT_EQ(run.status, 0) << "chromium failed; see " << (dir_ / "chromium.log");
  std::ifstream in(png, std::ios::binary);
  std::string magic(8, '\0');
  in.read(magic.data(), 8);
  EXPECT_EQ(magic, "\x89PNG\r\n\x1a\n");
  EXPECT_GT(fs::file_size(png), 10'000u) << "a blank page?";
}

TEST_F(HtmlInABrowser, TheDomHasFailuresFirstResolvingLinksAndAFilter) {
  BrowserRun run = run_chromium(browser_, dir_, page_, "--dump-dom");
  ASSERT_EQ(run.status, 0) << "chromium failed; see " << (dir_ / "chromium.log");
  const std::string& dom = run.output;
  ASSERT_TRUE(dom.find("<body>") != std::string::npos) << dom;

  std::size_t features = dom.find("<section id=\"features\">");
  std::size_t failures = dom.find("<section id=\"failures\">");
  std::size_t all = dom.find("<section id=\"all\">");
  ASSERT_NE(features, std::string::npos);
  ASSERT_NE(failures, std::string::npos);
  ASSERT_NE(all, std::string::npos);
  EXPECT_LT(features, failures);
  EXPECT_LT(failures, all) << "the failures section must come before the full table";

  std::vector<std::string> ids = testing::attribute_values(dom, "id");
  std::set<std::string> known(ids.begin(), ids.end());
  std::vector<std::string> hrefs = testing::attribute_values(dom, "href");
  EXPECT_GE(hrefs.size(), 10u);
  for (const std::string& href : hrefs) {
    ASSERT_TRUE(href.starts_with("#")) << href;
    EXPECT_TRUE(known.contains(href.substr(1))) << href << " leads nowhere";
  }

  for (const char* outcome : {"fail", "blocked", "error", "pass", "skip", "disabled"}) {
    EXPECT_TRUE(known.contains("show-" + std::string(outcome))) << outcome;
  }
  EXPECT_NE(dom.find("<input type=\"radio\" name=\"outcome\" id=\"show-all\" checked=\"\">"),
            std::string::npos);
}

}  // namespace
}  // namespace drydock::conformance
