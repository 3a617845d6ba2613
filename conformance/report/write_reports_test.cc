#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "sample_report.h"

namespace drydock::conformance {
namespace {

namespace fs = std::filesystem;

class WriteReports : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("drydock-report-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST_F(WriteReports, CreatesTheDirectoryAndEveryFile) {
  Report report = testing::sample_report();
  Result<void> r = write_reports(dir_ / "nested", all_report_formats(), report);
  ASSERT_TRUE(r.ok()) << r.error().message;
  for (const char* name : {"junit.xml", "results.json", "report.html", "transcript.har"}) {
    EXPECT_FALSE(read(dir_ / "nested" / name).empty()) << name;
  }
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_ / "nested")) ++files;
  EXPECT_EQ(files, 4u);  // no temporary files left behind
}

TEST_F(WriteReports, FailureNamesThePath) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "not a directory";
  Result<void> r = write_reports(dir_ / "file" / "reports", all_report_formats(), Report{});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find((dir_ / "file" / "reports").string()), std::string::npos);
}

TEST_F(WriteReports, ReplacesAnOldFileWhole) {
  fs::create_directories(dir_);
  ASSERT_TRUE(write_file_atomically(dir_ / "a", "old old old").ok());
  ASSERT_TRUE(write_file_atomically(dir_ / "a", "new").ok());
  EXPECT_EQ(read(dir_ / "a"), "new");
}

TEST(ReportFormats, ParsesAList) {
  Result<std::vector<ReportFormat>> formats = parse_report_formats("har,junit,har");
  ASSERT_TRUE(formats.ok());
  EXPECT_EQ(*formats, (std::vector<ReportFormat>{ReportFormat::kHar, ReportFormat::kJUnit}));
  Result<std::vector<ReportFormat>> bad = parse_report_formats("junit,pdf");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("pdf"), std::string::npos);
}

TEST_F(WriteReports, FileReporterSortsAndWritesAtEnd) {
  Report sample = testing::sample_report();
  FileReporter reporter(dir_, {ReportFormat::kJson});
  reporter.begin(sample.info);
  for (auto it = sample.results.rbegin(); it != sample.results.rend(); ++it) reporter.record(*it);
  reporter.end(sample.summary);
  ASSERT_TRUE(reporter.status().ok()) << reporter.status().error().message;
  std::string results = read(dir_ / "results.json");
  EXPECT_LT(results.find("\"index/search/paging\""), results.find("\"registry/ping/ok\""));
}

}  // namespace
}  // namespace drydock::conformance
