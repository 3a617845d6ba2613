#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <thread>

#include "drydock/conformance/reporter.h"

namespace drydock::conformance {
namespace {

struct FormatName {
  ReportFormat format;
  std::string_view option;  // as written after --format
  std::string_view file;
};

constexpr FormatName kFormats[] = {
    {ReportFormat::kJUnit, "junit", "junit.xml"},
    {ReportFormat::kJson, "json", "results.json"},
    {ReportFormat::kHtml, "html", "report.html"},
    {ReportFormat::kHar, "har", "transcript.har"},
};

}  // namespace

std::string_view file_name(ReportFormat format) {
  for (const FormatName& f : kFormats) {
    if (f.format == format) return f.file;
  }
  return "report";
}

std::vector<ReportFormat> all_report_formats() {
  std::vector<ReportFormat> all;
  for (const FormatName& f : kFormats) all.push_back(f.format);
  return all;
}

Result<std::vector<ReportFormat>> parse_report_formats(std::string_view list) {
  std::vector<ReportFormat> formats;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
    auto it = std::find_if(std::begin(kFormats), std::end(kFormats),
                           [&](const FormatName& f) { return f.option == name; });
    if (it == std::end(kFormats)) {
      return Error::invalid("unknown report format \"" + std::string(name) +
                            "\" (expected junit, json, html or har)");
    }
    if (std::find(formats.begin(), formats.end(), it->format) == formats.end()) {
      formats.push_back(it->format);
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return formats;
}

std::string render(ReportFormat format, const Report& report) {
  std::string text;
  render(format, report, [&text](std::string_view piece) { text.append(piece); });
  return text;
}

void render(ReportFormat format, const Report& report, const TextSink& sink) {
  switch (format) {
    case ReportFormat::kJUnit:
      sink(render_junit(report));
      return;
    case ReportFormat::kJson:
      render_json(report, sink);
      return;
    case ReportFormat::kHtml:
      sink(render_html(report));
      return;
    case ReportFormat::kHar:
      render_har(report, sink);
      return;
  }
}

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  return write_file_atomically(path, [contents](const TextSink& sink) { sink(contents); });
}

Result<void> write_file_atomically(const std::filesystem::path& path,
                                   const std::function<void(const TextSink&)>& produce) {
  static std::atomic<unsigned> counter{0};
  std::filesystem::path temp = path;
  temp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (out) {
      produce([&out](std::string_view piece) {
        if (out) out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      });
    }
    out.flush();
    if (!out) {
      std::string reason = std::strerror(errno);
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return Error::io("cannot write " + path.string() + ": " + reason);
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return Error::io("cannot write " + path.string() + ": " + ec.message());
  }
  return {};
}

Result<void> write_reports(const std::filesystem::path& dir,
                           const std::vector<ReportFormat>& formats, const Report& report) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error::io("cannot create report directory " + dir.string() + ": " + ec.message());
  // Each format renders and streams to its file on its own thread (a run's results.json and HAR
  // take the longest, and about as long as each other).
  std::vector<Result<void>> written(formats.size());
  std::vector<std::exception_ptr> failures(formats.size());
  auto write_one = [&](std::size_t i) {
    try {
      written[i] = write_file_atomically(dir / file_name(formats[i]), [&](const TextSink& sink) {
        render(formats[i], report, sink);
      });
    } catch (...) {
      failures[i] = std::current_exception();  // rethrown on the calling thread, as before
    }
  };
  std::vector<std::thread> writers;
  for (std::size_t i = 1; i < formats.size(); ++i) writers.emplace_back(write_one, i);
  if (!formats.empty()) write_one(0);
  for (std::thread& t : writers) t.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  for (const Result<void>& w : written) {
    if (!w.ok()) return w;  // the first failure, in the order of `formats`
  }
  return {};
}

void FileReporter::begin(const RunInfo& info) {
  std::lock_guard lock(mutex_);
  report_.info = info;
}

void FileReporter::record(const CheckResult& result) {
  std::lock_guard lock(mutex_);
  report_.results.push_back(result);
}

void FileReporter::set_transcript(std::vector<Exchange> exchanges) {
  std::lock_guard lock(mutex_);
  report_.transcript = std::move(exchanges);
}

void FileReporter::end(const Summary& summary) {
  std::lock_guard lock(mutex_);
  report_.summary = summary;
  std::stable_sort(report_.results.begin(), report_.results.end(),
                   [](const CheckResult& a, const CheckResult& b) { return a.id < b.id; });
  status_ = write_reports(dir_, formats_, report_);
}

}  // namespace drydock::conformance
