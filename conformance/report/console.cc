#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "causes.h"
#include "curl_command.h"
#include "drydock/conformance/reporter.h"
#include "feature_matrix.h"
#include "text.h"

namespace drydock::conformance {
namespace {

std::string_view label(Outcome outcome) {
  switch (outcome) {
    case Outcome::kDisabled:
      return "DISABLED";
    case Outcome::kSkip:
      return "SKIP    ";
    case Outcome::kPass:
      return "PASS    ";
    case Outcome::kBlocked:
      return "BLOCKED ";
    case Outcome::kFail:
      return "FAIL    ";
    case Outcome::kError:
      return "ERROR   ";
  }
  return "?";
}

// ANSI SGR sequences: the outcome's colour, and the reset.
std::string_view colour_of(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "\x1b[32m";  // green
    case Outcome::kFail:
      return "\x1b[1;31m";  // bold red
    case Outcome::kError:
      return "\x1b[1;35m";  // bold magenta
    case Outcome::kBlocked:
      return "\x1b[33m";  // yellow
    case Outcome::kSkip:
    case Outcome::kDisabled:
      return "\x1b[2m";  // dim
  }
  return "";
}
constexpr std::string_view kReset = "\x1b[0m";

std::string_view colour_of(report::FeatureStatus status) {
  switch (status) {
    case report::FeatureStatus::kSupported:
      return colour_of(Outcome::kPass);
    case report::FeatureStatus::kBroken:
      return colour_of(Outcome::kFail);
    case report::FeatureStatus::kNotSupported:
      return colour_of(Outcome::kBlocked);
    case report::FeatureStatus::kNotChecked:
      return colour_of(Outcome::kSkip);
  }
  return "";
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// The first kListedIds of `ids`, and how many more: a summary line stays readable when one cause
// blocks hundreds of checks (the reports list them all).
constexpr std::size_t kListedIds = 4;
std::string some_of(const std::vector<std::string>& ids) {
  if (ids.size() <= kListedIds) return join(ids, ", ");
  std::vector<std::string> first(ids.begin(), ids.begin() + kListedIds);
  return join(first, ", ") + " and " + std::to_string(ids.size() - kListedIds) + " more";
}

// Indents every line of `text` by `prefix`.
std::string indent(std::string_view text, std::string_view prefix) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    out.append(prefix).append(text.substr(pos, end - pos)).push_back('\n');
    pos = end + 1;
  }
  return out;
}

std::string details(const CheckResult& r) {
  std::string out;
  auto line = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) out += "    " + std::string(name) + ": " + value + "\n";
  };
  line("sends", r.title);
  line("requirement",
       r.requirement.empty() ? "" : std::string(spec::to_string(r.level)) + ": " + r.requirement);
  line("source", r.source.to_string());
  line("acceptable", join(r.acceptable, " | "));
  line("observed", r.observed);
  line("hint", r.hint);
  line("message", r.message);
  if (!r.exchanges.empty()) {
    out += "    last exchange:\n" + indent(report::exchange_text(r.exchanges.back()), "      ");
  }
  return out;
}

// "  push       broken: flows/pushUserRepository, ..." for every feature.
std::string feature_lines(const std::vector<CheckResult>& results, bool colour) {
  std::string out = "features:\n";
  for (const report::FeatureRow& row : report::feature_matrix(results)) {
    std::string name(report::feature_name(row.feature));
    std::string status(report::status_name(row.status));
    if (colour) status = std::string(colour_of(row.status)) + status + std::string(kReset);
    out += "  " + name + std::string(12 - name.size(), ' ') + status;
    if (row.status == report::FeatureStatus::kBroken) {
      out += ": " + some_of(row.broken_checks);
    } else if (row.status == report::FeatureStatus::kNotSupported) {
      out += ": " + row.not_supported_example;
    }
    out += "\n";
  }
  return out;
}

std::vector<std::string> ids_of(const std::vector<const CheckResult*>& results) {
  std::vector<std::string> out;
  for (const CheckResult* r : results) out.push_back(r->id);
  return out;
}

// Each cause once: what it says, the checks it fails and blocks, and a command reproducing it.
std::string cause_lines(const std::vector<CheckResult>& results, bool colour) {
  std::vector<report::Cause> causes = report::group_by_cause(results);
  if (causes.empty()) return "";
  std::string out = "causes (" + std::to_string(causes.size()) + "):\n";
  int number = 0;
  for (const report::Cause& cause : causes) {
    std::string outcome(to_string(cause.outcome));
    if (colour) outcome = std::string(colour_of(cause.outcome)) + outcome + std::string(kReset);
    out += "  " + std::to_string(++number) + ". [" + outcome + ", " + std::to_string(cause.size()) +
           (cause.size() == 1 ? " check" : " checks") + "] " + cause.message + "\n";
    if (!cause.failures.empty()) out += "     " + some_of(ids_of(cause.failures)) + "\n";
    if (!cause.blocked_by.empty()) out += "     blocked by " + cause.blocked_by + ":\n";
    if (!cause.blocked.empty()) {
      out += "     " + std::string(cause.failures.empty() ? "" : "blocked: ") +
             some_of(ids_of(cause.blocked)) + "\n";
    }
    if (const Exchange* e = report::failing_exchange(cause.example())) {
      out += "     reproduce (" + cause.example().id + "):\n" +
             indent(report::curl_command(*e).text(), "       ");
    }
  }
  return out;
}

}  // namespace

bool console_colour(int fd) {
  const char* no_colour = std::getenv("NO_COLOR");
  return ::isatty(fd) == 1 && (no_colour == nullptr || *no_colour == '\0');
}

ConsoleReporter::ConsoleReporter(std::ostream& out)
    : out_(out), colour_(&out == &std::cout && console_colour(STDOUT_FILENO)) {}

void ConsoleReporter::begin(const RunInfo& info) {
  std::lock_guard lock(mutex_);
  planned_ = info.planned;
  out_ << "drydock " << info.tool_version << " (spec " << info.spec_version << "), profile "
       << spec::to_string(info.profile) << (info.strict ? ", strict" : "") << "\n";
  if (!info.index_url.empty()) out_ << "index:    " << info.index_url << "\n";
  if (!info.registry_url.empty()) out_ << "registry: " << info.registry_url << "\n";
  out_.flush();
}

void ConsoleReporter::record(const CheckResult& result) {
  char duration[32];
  std::snprintf(duration, sizeof(duration), " (%.0f ms)", result.duration_ms);
  std::string name(label(result.outcome));
  if (colour_) name = std::string(colour_of(result.outcome)) + name + std::string(kReset);
  std::string text = name + " " + result.id + duration;
  if (result.baselined) text += " [baseline: " + result.baseline_reason + "]";
  text += "\n";
  if (result.outcome == Outcome::kFail || result.outcome == Outcome::kError) {
    text += details(result);
  } else if ((result.outcome == Outcome::kSkip || result.outcome == Outcome::kBlocked) &&
             !result.message.empty()) {
    text += "    " + result.message + "\n";
  }
  std::lock_guard lock(mutex_);
  results_.push_back(result);
  std::string total = std::to_string(std::max(planned_, results_.size()));
  std::string done = std::to_string(results_.size());
  out_ << "[" << std::string(total.size() - done.size(), ' ') << done << "/" << total << "] "
       << text;
  out_.flush();
}

void ConsoleReporter::end(const Summary& summary) {
  std::lock_guard lock(mutex_);
  if (summary.interrupted) {
    out_ << "INTERRUPTED: the run was stopped by a signal; these are the results so far ("
         << results_.size() << " of " << planned_ << " checks)\n";
  }
  if (!summary.fatal.empty()) {
    out_ << "ERROR    no check ran: " << summary.fatal << "\n";
  } else {
    out_ << feature_lines(results_, colour_) << cause_lines(results_, colour_);
  }
  out_ << summary.count(Outcome::kError) << " errors, " << summary.count(Outcome::kBlocked)
       << " blocked, " << summary.count(Outcome::kDisabled) << " disabled";
  if (summary.baselined > 0) out_ << ", " << summary.baselined << " baselined";
  char timing[64];
  std::snprintf(timing, sizeof(timing), ", %zu requests in %.1f s", summary.requests,
                summary.total_ms / 1000.0);
  out_ << timing << "\n";
  out_ << summary.count(Outcome::kPass) << " passed, " << summary.count(Outcome::kFail)
       << " failed, " << summary.count(Outcome::kSkip) << " skipped\n";
  out_.flush();
}

}  // namespace drydock::conformance
