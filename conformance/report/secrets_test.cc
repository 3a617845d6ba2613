// Every output, every format: the known password, token signature and Basic credential of the
// sample never appear, whatever redaction path they went through.

#include <gtest/gtest.h>

#include <sstream>

#include "sample_report.h"
#include "text.h"

namespace drydock::conformance {
namespace {

std::vector<std::pair<std::string, std::string>> every_output() {
  Report report = testing::sample_report();
  std::vector<std::pair<std::string, std::string>> outputs;
  for (ReportFormat format : all_report_formats()) {
    outputs.emplace_back(std::string(file_name(format)), render(format, report));
  }
  std::ostringstream console_out;
  ConsoleReporter console(console_out);
  console.begin(report.info);
  for (const CheckResult& r : report.results) console.record(r);
  console.end(report.summary);
  outputs.emplace_back("console", console_out.str());
  return outputs;
}

TEST(Secrets, NeverAppearInAnyOutput) {
  for (const auto& [name, text] : every_output()) {
    for (std::string_view secret :
         {testing::kPassword, testing::kTokenSignature, testing::kBasicCredential}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << name;
      EXPECT_EQ(text.find(report::base64(secret)), std::string::npos) << secret << " in " << name;
    }
    EXPECT_NE(text.find("redacted"), std::string::npos) << name;
  }
}

TEST(Secrets, RedactionKeepsWhatIsNotSecret) {
  std::string har = render_har(testing::sample_report());
  EXPECT_NE(har.find(R"(Token signature=<redacted>,repository=\"ns/x\",access=write)"),
            std::string::npos);
  EXPECT_NE(har.find(R"(\"password\":\"<redacted>\")"), std::string::npos);
}

}  // namespace
}  // namespace drydock::conformance
