#include "judged_run.h"

#include <pthread.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "exit_codes.h"

namespace drydock::cli {

sigset_t block_stop_signals(bool reports_on_demand) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  if (reports_on_demand) sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int wait_for_signal(const sigset_t& signals) {
  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  return received;
}

Result<void> writable_directory(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Error::io(dir + ": " + error.message());
  const auto probe = std::filesystem::path(dir) / ".drydock-judge-probe";
  if (auto written = conformance::write_file_atomically(probe, ""); !written) {
    return Error::io(dir + " is not writable: " + written.error().message);
  }
  std::filesystem::remove(probe, error);
  return {};
}

int write_verdicts(const conformance::Report& report, const std::string& dir,
                   std::string_view command, std::string_view summary) {
  if (auto written = conformance::write_reports(dir, conformance::all_report_formats(), report);
      !written) {
    std::cerr << command << ": " << written.error().message << "\n";
    return kExitError;
  }
  std::cerr << command << ": " << summary << "; reports in " << dir << "\n";
  return report.summary.count(conformance::Outcome::kFail) > 0 ? kExitCheckFailed : kExitOk;
}

std::string count_outcomes(const conformance::Report& report,
                           std::initializer_list<std::string_view> prefixes,
                           std::string_view noun) {
  size_t passed = 0, failed = 0, skipped = 0;
  for (const auto& result : report.results) {
    if (std::none_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view prefix) { return result.id.starts_with(prefix); })) {
      continue;
    }
    passed += result.outcome == conformance::Outcome::kPass;
    failed += result.outcome == conformance::Outcome::kFail;
    skipped += result.outcome == conformance::Outcome::kSkip;
  }
  return std::to_string(passed) + " " + std::string(noun) + " passed, " + std::to_string(failed) +
         " failed, " + std::to_string(skipped) + " skipped";
}

}  // namespace drydock::cli
