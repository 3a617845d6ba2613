#pragma once
// Reporters: where results go. A run calls begin() once, record() for every check (from any
// thread, in any order), and end() once. The console reporter prints as results arrive; the file
// reports (junit.xml, results.json, report.html, transcript.har) are rendered from a whole Report
// and written atomically, so a report on disk is always complete.
//
// Everything handed to a reporter is already redacted (see Transcript); reporters only escape.

#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/conformance/check_result.h"

namespace drydock::conformance {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void begin(const RunInfo& info) = 0;
  // Thread-safe.
  virtual void record(const CheckResult& result) = 0;
  virtual void end(const Summary& summary) = 0;
};

// Everything a file report shows.
struct Report {
  RunInfo info;
  std::vector<CheckResult> results;  // rendered in this order
  Summary summary;
  // Every exchange of the run, for the HAR (setup and cleanup too). When empty, the HAR lists the
  // exchanges of the results.
  std::vector<Exchange> transcript;
};

enum class ReportFormat { kJUnit, kJson, kHtml, kHar };

// Returns the file name of `format`: "junit.xml", "results.json", "report.html", "transcript.har".
std::string_view file_name(ReportFormat format);
// Parses a --format list: "junit,json,html,har" (any subset, any order). Unknown names are an
// Error.
Result<std::vector<ReportFormat>> parse_report_formats(std::string_view list);
std::vector<ReportFormat> all_report_formats();

// Receives a rendered report a piece at a time, in order.
using TextSink = std::function<void(std::string_view piece)>;

std::string render_junit(const Report& report);
std::string render_json(const Report& report);
std::string render_html(const Report& report);
std::string render_har(const Report& report);
std::string render(ReportFormat format, const Report& report);
// The same text, handed to `sink` as it is rendered: the JSON and the HAR of a whole run are
// never held whole.
void render_json(const Report& report, const TextSink& sink);
void render_har(const Report& report, const TextSink& sink);
void render(ReportFormat format, const Report& report, const TextSink& sink);

// Writes `contents` to `path` through a temporary file in the same directory and a rename, so
// `path` is either absent, the old file or the whole new one. Returns an Error naming the path.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents);
// The same, with the contents that `produce` hands to the sink it is given, piece by piece.
Result<void> write_file_atomically(const std::filesystem::path& path,
                                   const std::function<void(const TextSink&)>& produce);

// Creates `dir` (and parents) and writes one file per format into it, atomically. Writes every
// format it can; returns the first Error (naming the path) if any failed.
Result<void> write_reports(const std::filesystem::path& dir,
                           const std::vector<ReportFormat>& formats, const Report& report);

// Prints a progress line per check as it is recorded ("[12/303] PASS     <id> (3 ms)", N being
// RunInfo::planned), the details of each failure and error (requirement, acceptable outcomes,
// observed, hint, message), and at the end a summary: the feature matrix, the failures grouped by
// cause with a curl command reproducing each cause, and two lines of counts:
//   "N errors, N blocked, N disabled, ..."
//   "N passed, N failed, N skipped"     <- always the last line: CI reads it
// With colour, outcomes and feature statuses are coloured with ANSI escapes; nothing else is.
class ConsoleReporter final : public Reporter {
 public:
  // Colours when `out` is std::cout and console_colour(STDOUT_FILENO) says so.
  // REQUIRES: `out` outlives the reporter.
  explicit ConsoleReporter(std::ostream& out);
  ConsoleReporter(std::ostream& out, bool colour) : out_(out), colour_(colour) {}
  void begin(const RunInfo& info) override;
  void record(const CheckResult& result) override;
  void end(const Summary& summary) override;

 private:
  std::mutex mutex_;
  std::ostream& out_;  // guarded by mutex_
  const bool colour_;
  std::size_t planned_ = 0;           // guarded by mutex_
  std::vector<CheckResult> results_;  // guarded by mutex_: for the summary's matrix and causes
};

// Returns whether console output to `fd` should be coloured: `fd` is a terminal and NO_COLOR is
// unset or empty (https://no-color.org).
bool console_colour(int fd);

// Collects results and, at end(), writes the file reports into `dir` (write_reports). Results are
// sorted by check ID so reports are stable whatever order parallel checks finished in.
class FileReporter final : public Reporter {
 public:
  FileReporter(std::filesystem::path dir, std::vector<ReportFormat> formats)
      : dir_(std::move(dir)), formats_(std::move(formats)) {}
  void begin(const RunInfo& info) override;
  void record(const CheckResult& result) override;
  void end(const Summary& summary) override;

  // Sets the run-wide transcript for the HAR. Call before end().
  void set_transcript(std::vector<Exchange> exchanges);
  // Returns the outcome of writing the files. REQUIRES: end() was called.
  const Result<void>& status() const { return status_; }

 private:
  std::filesystem::path dir_;
  std::vector<ReportFormat> formats_;
  std::mutex mutex_;
  Report report_;  // guarded by mutex_
  Result<void> status_ = Error::internal("reports not written yet: end() was not called");
};

}  // namespace drydock::conformance
