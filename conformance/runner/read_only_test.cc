// Read-only checking against the in-process simulator, with a repository pushed over the API
// first: a clean read-only run passes every read check without sending a single write, and each
// simulator fault that breaks reads is caught by the read check that should catch it.

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/runner.h"
#include "drydock/conformance/sample_repository.h"
#include "drydock/simulator/simulator.h"

namespace drydock::conformance {
namespace {

const std::vector<Check>& read_checks() {
  static const std::vector<Check> checks = make_read_only_catalogue(spec::Spec::embedded());
  return checks;
}

const CheckResult* result_of(const RunReport& report, const std::string& id) {
  for (const CheckResult& r : report.results) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string describe(const RunReport& report) {
  std::string out = report.fatal;
  for (const CheckResult& r : report.results) {
    out += "\n" + r.id + " [" + std::string(to_string(r.outcome)) + "] " + r.message + " | " +
           r.observed;
  }
  return out;
}

// A simulator honouring X-Drydock-Fault (index and registry apart, or a standalone registry),
// with a sample repository pushed to it, and read-only options naming that repository.
class ReadOnlyRun : public ::testing::Test {
 protected:
  void start(bool standalone) {
    simulator::Options sim_options;
    sim_options.password_iterations = 1;
    if (standalone) {
      sim_options.listen = "127.0.0.1:0";
      sim_options.standalone = true;
    } else {
      sim_options.index_listen = "127.0.0.1:0";
      sim_options.registry_listen = "127.0.0.1:0";
    }
    sim_options.memory = true;
    sim_options.faults = true;
    Result<simulator::BoundAddresses> bound = sim_.start(sim_options);
    ASSERT_TRUE(bound.ok()) << bound.error().message;
    if (!standalone) options_.index_url = bound->index_url;
    options_.registry_url = bound->registry_url;
    options_.jobs = 2;
    options_.strict = true;  // the SHOULD-level answers too (X-Docker-Size on GET json)
    options_.deadline = std::chrono::seconds(120);  // sanitizer builds on shared cores are slow
    Result<SampleRepository> pushed = push_sample_repository(spec::Spec::embedded(), options_);
    ASSERT_TRUE(pushed.ok()) << pushed.error().message;
    options_.read_only = true;
    options_.repository = pushed->repository;
  }
  void SetUp() override { start(/*standalone=*/false); }

  RunReport run() {
    Result<Selection> selection = select_checks(read_checks(), {}, {});
    EXPECT_TRUE(selection.ok());
    return run_checks(spec::Spec::embedded(), selection->checks, options_, Baseline{}, {});
  }

  simulator::Simulator sim_{spec::Spec::embedded()};
  RunOptions options_;
};

TEST_F(ReadOnlyRun, CleanRunPassesEveryReadCheckWithoutWriting) {
  RunReport report = run();
  ASSERT_TRUE(report.fatal.empty()) << report.fatal;
  EXPECT_EQ(report.results.size(), read_checks().size());
  for (const CheckResult& r : report.results) {
    EXPECT_EQ(r.outcome, Outcome::kPass) << r.id << ": " << r.message << " | " << r.observed;
  }
  EXPECT_EQ(exit_code(report), 0);
  ASSERT_FALSE(report.transcript.empty());
  for (const Exchange& e : report.transcript) {
    EXPECT_TRUE(e.request.method == "GET") << e.request.method << " " << e.request.url;
  }
  EXPECT_TRUE(report.not_cleaned.empty());
}

TEST_F(ReadOnlyRun, TagThatIsNotThereFailsTheTagsCheck) {
  options_.repository = options_.repository.substr(0, options_.repository.rfind(':')) + ":nope";
  RunReport report = run();
  const CheckResult* tags = result_of(report, "read-only/registry/tags");
  ASSERT_NE(tags, nullptr) << describe(report);
  EXPECT_EQ(tags->outcome, Outcome::kFail) << describe(report);
  EXPECT_EQ(exit_code(report), 1);
}

class StandaloneReadOnlyRun : public ReadOnlyRun {
 protected:
  void SetUp() override { start(/*standalone=*/true); }
};

TEST_F(StandaloneReadOnlyRun, IndexChecksSkipAndTheRestPass) {
  RunReport report = run();
  ASSERT_TRUE(report.fatal.empty()) << report.fatal;
  for (const CheckResult& r : report.results) {
    bool needs_index =
        r.id == "read-only/index/repository-images" || r.id == "read-only/registry/token-required";
    EXPECT_EQ(r.outcome, needs_index ? Outcome::kSkip : Outcome::kPass) << describe(report);
  }
}

// A simulator fault that breaks reads, and the read check that must catch it.
struct ReadFault {
  const char* fault;
  const char* caught_by;
};

void PrintTo(const ReadFault& f, std::ostream* out) {
  *out << f.fault;
}

class ReadFaultIsCaught : public ReadOnlyRun, public ::testing::WithParamInterface<ReadFault> {};

TEST_P(ReadFaultIsCaught, ByItsReadCheck) {
  options_.inject_fault = GetParam().fault;
  RunReport report = run();
  ASSERT_TRUE(report.fatal.empty()) << report.fatal;
  const CheckResult* r = result_of(report, GetParam().caught_by);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->outcome, Outcome::kFail) << describe(report);
  EXPECT_EQ(exit_code(report), 1) << describe(report);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, ReadFaultIsCaught,
    ::testing::Values(ReadFault{"layer-corrupted", "read-only/registry/layer"},
                      ReadFault{"layer-truncated", "read-only/registry/layer"},
                      ReadFault{"ancestry-wrong-order", "read-only/registry/ancestry"},
                      ReadFault{"json-no-size-header", "read-only/registry/image-json"},
                      ReadFault{"range-wrong-bytes", "read-only/registry/layer-range"},
                      ReadFault{"tags-wrong-shape", "read-only/registry/tags"},
                      ReadFault{"token-unchecked", "read-only/registry/token-required"},
                      ReadFault{"index-no-token", "read-only/index/repository-images"}),
    [](const ::testing::TestParamInfo<ReadFault>& param) {
      std::string name = param.param.fault;
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace drydock::conformance
