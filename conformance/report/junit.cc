// junit.xml: one <testsuite> per area ("index", "registry"), one <testcase> per check, in the
// dialect common CI readers (Jenkins, GitLab, GitHub test reporters) accept. A run that could not
// start, or was interrupted, adds a suite "run" with one testcase in error saying so, so that a CI
// reader shows it as what it is rather than as a short green run.

#include <cstdio>
#include <map>

#include "drydock/conformance/reporter.h"
#include "text.h"

namespace drydock::conformance {
namespace {

using report::markup_escape;

std::string seconds(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.3f", ms / 1000.0);
  return buffer;
}

// "registry/images/put-layer/missing-json" -> {"registry.images.put-layer", "missing-json"}.
std::pair<std::string, std::string> class_and_name(const std::string& id) {
  std::size_t slash = id.rfind('/');
  if (slash == std::string::npos) return {id, id};
  std::string classname = id.substr(0, slash);
  for (char& c : classname) {
    if (c == '/') c = '.';
  }
  return {classname, id.substr(slash + 1)};
}

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + markup_escape(value) + "\"";
}

std::string failure_text(const CheckResult& r) {
  std::string out;
  auto line = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) out += std::string(name) + ": " + value + "\n";
  };
  line("sends", r.title);
  line("requirement", r.requirement);
  line("level", std::string(spec::to_string(r.level)));
  line("source", r.source.to_string());
  for (const std::string& a : r.acceptable) line("acceptable", a);
  line("observed", r.observed);
  line("hint", r.hint);
  line("message", r.message);
  return out;
}

std::string testcase(const CheckResult& r) {
  auto [classname, name] = class_and_name(r.id);
  std::string out = "    <testcase" + attribute("classname", classname) + attribute("name", name) +
                    attribute("time", seconds(r.duration_ms)) + ">\n";
  std::string message = r.message.empty() ? r.requirement : r.message;
  switch (r.outcome) {
    case Outcome::kFail:
      out += "      <failure" + attribute("message", message) +
             attribute("type", spec::to_string(r.level)) + ">" + markup_escape(failure_text(r)) +
             "</failure>\n";
      break;
    case Outcome::kError:
      out += "      <error" + attribute("message", message) + attribute("type", "error") + ">" +
             markup_escape(failure_text(r)) + "</error>\n";
      break;
    case Outcome::kBlocked:
    case Outcome::kSkip:
    case Outcome::kDisabled:
      out += "      <skipped" +
             attribute("message", std::string(to_string(r.outcome)) +
                                      (r.message.empty() ? "" : ": " + r.message)) +
             "/>\n";
      break;
    case Outcome::kPass:
      break;
  }
  if (r.baselined || !r.exchanges.empty()) {
    std::string transcript = r.baselined ? "baseline: " + r.baseline_reason + "\n\n" : "";
    for (const Exchange& e : r.exchanges) transcript += report::exchange_text(e) + "\n";
    out += "      <system-out>" + markup_escape(transcript) + "</system-out>\n";
  }
  return out + "    </testcase>\n";
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double ms = 0;
  void add(const CheckResult& r) {
    ++tests;
    failures += r.outcome == Outcome::kFail;
    errors += r.outcome == Outcome::kError;
    skipped += r.outcome == Outcome::kSkip || r.outcome == Outcome::kDisabled ||
               r.outcome == Outcome::kBlocked;
    ms += r.duration_ms;
  }
  std::string attributes() const {
    return attribute("tests", std::to_string(tests)) +
           attribute("failures", std::to_string(failures)) +
           attribute("errors", std::to_string(errors)) +
           attribute("skipped", std::to_string(skipped)) + attribute("time", seconds(ms));
  }
};

// The testcase that says the run did not complete, or "" when it did.
std::string run_testcase(const Summary& s) {
  std::string message;
  if (!s.fatal.empty()) {
    message = "no check ran: " + s.fatal;
  } else if (s.interrupted) {
    message = "interrupted by a signal: the results are those so far";
  } else {
    return "";
  }
  return "    <testcase classname=\"run\" name=\"run\" time=\"0.000\">\n      <error" +
         attribute("message", message) +
         attribute("type", s.fatal.empty() ? "interrupted" : "fatal") + "/>\n    </testcase>\n";
}

}  // namespace

std::string render_junit(const Report& report) {
  std::map<std::string, std::vector<const CheckResult*>> areas;
  Counts all;
  for (const CheckResult& r : report.results) {
    areas[r.area()].push_back(&r);
    all.add(r);
  }
  const std::string run = run_testcase(report.summary);
  if (!run.empty()) {
    ++all.tests;
    ++all.errors;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" +
                    attribute("name", "drydock") + all.attributes() + ">\n";
  std::string timestamp = report::iso8601(report.info.started_at);
  for (const auto& [area, results] : areas) {
    Counts counts;
    std::string cases;
    for (const CheckResult* r : results) {
      counts.add(*r);
      cases += testcase(*r);
    }
    out += "  <testsuite" + attribute("name", area) + counts.attributes() +
           attribute("timestamp", timestamp) + ">\n";
    out += "    <properties>\n";
    out += "      <property name=\"profile\"" +
           attribute("value", spec::to_string(report.info.profile)) + "/>\n";
    out += "      <property name=\"tool_version\"" + attribute("value", report.info.tool_version) +
           "/>\n";
    out += "      <property name=\"spec_version\"" + attribute("value", report.info.spec_version) +
           "/>\n";
    out += "    </properties>\n" + cases + "  </testsuite>\n";
  }
  if (!run.empty()) {
    out +=
        "  <testsuite name=\"run\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" "
        "time=\"0.000\"" +
        attribute("timestamp", timestamp) + ">\n" + run + "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace drydock::conformance
