#include <cstdio>

#include "drydock/conformance/reporter.h"
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

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
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
  line("requirement", r.requirement.empty()
                          ? ""
                          : std::string(report::level_name(r.level)) + ": " + r.requirement);
  line("source", report::source_text(r.source));
  line("acceptable", join(r.acceptable, " | "));
  line("observed", r.observed);
  line("hint", r.hint);
  line("message", r.message);
  if (!r.exchanges.empty()) {
    out += "    last exchange:\n" + indent(report::exchange_text(r.exchanges.back()), "      ");
  }
  return out;
}

}  // namespace

void ConsoleReporter::begin(const RunInfo& info) {
  std::lock_guard lock(mutex_);
  out_ << "drydock " << info.tool_version << " (spec " << info.spec_version << "), profile "
       << report::profile_name(info.profile) << (info.strict ? ", strict" : "") << "\n";
  if (!info.index_url.empty()) out_ << "index:    " << info.index_url << "\n";
  if (!info.registry_url.empty()) out_ << "registry: " << info.registry_url << "\n";
  out_.flush();
}

void ConsoleReporter::record(const CheckResult& result) {
  char duration[32];
  std::snprintf(duration, sizeof(duration), " (%.0f ms)", result.duration_ms);
  std::string text = std::string(label(result.outcome)) + " " + result.id + duration;
  if (result.baselined) text += " [baseline: " + result.baseline_reason + "]";
  text += "\n";
  if (result.outcome == Outcome::kFail || result.outcome == Outcome::kError) {
    text += details(result);
  } else if ((result.outcome == Outcome::kSkip || result.outcome == Outcome::kBlocked) &&
             !result.message.empty()) {
    text += "    " + result.message + "\n";
  }
  std::lock_guard lock(mutex_);
  out_ << text;
  out_.flush();
}

void ConsoleReporter::end(const Summary& summary) {
  std::lock_guard lock(mutex_);
  if (!summary.fatal.empty()) out_ << "ERROR    no check ran: " << summary.fatal << "\n";
  if (summary.interrupted) {
    out_ << "INTERRUPTED: the run was stopped by a signal; these are the results so far\n";
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
