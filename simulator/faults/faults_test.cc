#include "faults.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "drydock/simulator/http/handler_kit.h"

namespace drydock::simulator::faults {
namespace {

bool is_server_fault(std::string_view name) {
  const Fault* fault = find_row(name);
  return fault != nullptr && fault->side == FaultSide::kServer;
}

// Applies the reply transform of server fault `name`; false when it is no such fault.
bool apply_server_fault(std::string_view name, http::Reply& reply) {
  const Fault* fault = find_row(name);
  if (!is_server_fault(name) || fault->reply == nullptr) return false;
  fault->reply(reply);
  return true;
}

// Collects what a streamed body writes, up to a limit.
class CollectingSink : public http::Sink {
 public:
  explicit CollectingSink(size_t limit) : limit_(limit) {}
  bool write(const char* data, size_t n) override {
    bytes.append(data, n);
    return bytes.size() < limit_;
  }
  void done() override { finished = true; }

  std::string bytes;
  bool finished = false;

 private:
  size_t limit_;
};

TEST(ServerFaults, ErrorHtmlTurnsAnErrorIntoAnHtmlPage) {
  http::Reply reply = http::Reply::json(404, {{"error", "Image not found"}});
  ASSERT_TRUE(apply_server_fault("error-html", reply));
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.headers.get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(reply.text().find("<html>"), std::string::npos);
}

TEST(ServerFaults, ErrorHtmlLeavesSuccessAlone) {
  http::Reply reply = http::Reply::json(200, true);
  ASSERT_TRUE(apply_server_fault("error-html", reply));
  EXPECT_EQ(reply.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(reply.text(), "true");
}

TEST(ServerFaults, ContentTypeWrongRelabelsJson) {
  http::Reply reply = http::Reply::json(200, true);
  ASSERT_TRUE(apply_server_fault("content-type-wrong", reply));
  EXPECT_EQ(reply.headers.get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(reply.text(), "true");
}

TEST(ServerFaults, ConnectionFaultsAskTheServerToBreakTheConnection) {
  const std::pair<const char*, http::ConnectionAction> cases[] = {
      {"conn-hang", http::ConnectionAction::kHang},
      {"conn-reset", http::ConnectionAction::kReset},
      {"conn-garbage", http::ConnectionAction::kGarbage}};
  for (const auto& [name, action] : cases) {
    http::Reply reply = http::Reply::json(200, true);
    ASSERT_TRUE(apply_server_fault(name, reply)) << name;
    EXPECT_EQ(reply.action, action) << name;
  }
}

TEST(ServerFaults, BodyEndlessStreamsTheBodyThenNeverStops) {
  http::Reply reply = http::Reply::json(200, {{"a", 1}});
  ASSERT_TRUE(apply_server_fault("body-endless", reply));
  ASSERT_TRUE(reply.is_stream());
  const auto& stream = std::get<http::StreamBody>(reply.body);
  EXPECT_FALSE(stream.length.has_value());
  CollectingSink sink(1 << 20);
  while (stream.provider(sink.bytes.size(), sink)) {
  }
  EXPECT_TRUE(sink.bytes.starts_with(R"({"a":1})"));
  EXPECT_GE(sink.bytes.size(), size_t{1} << 20);
  EXPECT_FALSE(sink.finished);
}

TEST(ServerFaults, OtherNamesAreNotServerFaults) {
  http::Reply reply = http::Reply::json(200, true);
  EXPECT_FALSE(apply_server_fault("layer-truncated", reply));
  EXPECT_EQ(reply.text(), "true");
  EXPECT_FALSE(is_server_fault("layer-truncated"));
  EXPECT_TRUE(is_server_fault("conn-reset"));
}

TEST(FaultTable, EveryRowIsAppliedAtItsSeam) {
  for (const Fault& fault : fault_table()) {
    const bool waives = !fault.waives.empty() || !fault.also_waives.empty();
    EXPECT_EQ(waives, fault.seam == Seam::kSuppress) << fault.name;
    const bool lenient = fault.leniency.any_repository || fault.leniency.any_access ||
                         fault.leniency.skip_signature || fault.leniency.expiry_grace.count() > 0;
    EXPECT_EQ(lenient, fault.seam == Seam::kToken) << fault.name;
    EXPECT_EQ(fault.request != nullptr, fault.seam == Seam::kRequest) << fault.name;
    // A request rewrite may restore in the reply what it changed (range-wrong-bytes states the
    // range the client asked for); every reply and connection row has a reply transform.
    if (fault.seam == Seam::kReply || fault.seam == Seam::kConnection) {
      EXPECT_NE(fault.reply, nullptr) << fault.name;
    } else if (fault.seam != Seam::kRequest) {
      EXPECT_EQ(fault.reply, nullptr) << fault.name;
    }
    EXPECT_EQ(fault.breakage != storage::Breakage::kNone, fault.seam == Seam::kStorage)
        << fault.name;
  }
}

TEST(FaultTable, NamesEveryOperationItWaivesOrRewrites) {
  const spec::Spec& spec = spec::Spec::embedded();
  for (const Fault& fault : fault_table()) {
    for (const auto* list : {&fault.waives, &fault.also_waives}) {
      for (const Waiver& waiver : *list) {
        if (waiver.operation != "*") {
          EXPECT_NE(spec.find(waiver.operation), nullptr) << fault.name << ": " << waiver.operation;
        }
      }
    }
    for (std::string_view operation : fault.on) {
      EXPECT_NE(spec.find(operation), nullptr) << fault.name << ": " << operation;
    }
  }
}

// Waivers are data: each names a condition of the vocabulary (and maybe a case), as the gate
// raises it (http::Raised::name()).
TEST(FaultTable, EveryWaiverNamesAConditionOfTheVocabulary) {
  for (const Fault& fault : fault_table()) {
    for (const auto* list : {&fault.waives, &fault.also_waives}) {
      for (const Waiver& waiver : *list) {
        std::optional<http::Raised> raised = http::parse_raised(waiver.condition);
        ASSERT_TRUE(raised.has_value()) << fault.name << ": " << waiver.condition;
        EXPECT_EQ(raised->name(), waiver.condition) << fault.name;
      }
    }
  }
}

TEST(FaultTable, WaivesOnlyWhatItNames) {
  const spec::Spec& spec = spec::Spec::embedded();
  const Fault* fault = find_row("json-id-unchecked");
  ASSERT_NE(fault, nullptr);
  EXPECT_TRUE(waives(*fault, *spec.find("putImageJson"), "invalid-body/id-mismatch"));
  EXPECT_FALSE(waives(*fault, *spec.find("putImageJson"), "invalid-body/missing-id"));
  EXPECT_FALSE(waives(*fault, *spec.find("putImageChecksum"), "invalid-body/id-mismatch"));
  // "*" is every operation of the fault's side.
  const Fault* inactive = find_row("inactive-accepted");
  ASSERT_NE(inactive, nullptr);
  EXPECT_TRUE(waives(*inactive, *spec.find("putUserRepositoryImages"), "inactive-account"));
  EXPECT_FALSE(waives(*inactive, *spec.find("putImageJson"), "inactive-account"));
}

}  // namespace
}  // namespace drydock::simulator::faults
