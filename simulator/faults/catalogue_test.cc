#include "catalogue.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace drydock::simulator::faults {
namespace {

TEST(FaultCatalogue, NamesAreUnique) {
  std::set<std::string> seen;
  for (const auto& entry : fault_catalogue()) {
    EXPECT_TRUE(seen.insert(entry.name).second) << "duplicate fault name " << entry.name;
  }
}

TEST(FaultCatalogue, EveryFaultSaysWhatItBreaks) {
  for (const auto& entry : fault_catalogue()) {
    EXPECT_FALSE(entry.name.empty());
    EXPECT_FALSE(entry.breaks.empty()) << entry.name;
  }
}

TEST(FaultCatalogue, EveryFaultNamesTheChecksThatProveIt) {
  // Those that catch it, or those that survive it: never neither, never both. That they do fail
  // or pass is proven in conformance/runner/suite_simulator_test.cc.
  for (const auto& entry : fault_catalogue()) {
    EXPECT_NE(entry.catches.empty(), entry.survives.empty()) << entry.name;
  }
}

// README.md's table is made from the catalogue; regenerate it from this test's message.
TEST(FaultCatalogue, ReadmeTableIsCurrent) {
  const char* root = std::getenv("DRYDOCK_SOURCE_DIR");  // set by CTest
  if (root == nullptr) GTEST_SKIP() << "DRYDOCK_SOURCE_DIR is not set";
  std::ifstream file(std::string(root) + "/README.md");
  ASSERT_TRUE(file) << "cannot read README.md";
  std::stringstream text;
  text << file.rdbuf();
  const std::string readme = text.str();
  const std::string expected = markdown_table();
  const auto start = readme.find(expected.substr(0, expected.find('\n') + 1));
  ASSERT_NE(start, std::string::npos) << "README.md has no fault table; it should be:\n"
                                      << expected;
  auto end = readme.find("\n\n", start);
  end = end == std::string::npos ? readme.size() : end + 1;
  EXPECT_EQ(readme.substr(start, end - start), expected)
      << "README.md's fault table is stale; it should be:\n"
      << expected;
}

TEST(FaultCatalogue, KeepsEveryFault) {
  // 17 index, 29 registry, 7 server-level faults: a fault may move seams, not go away.
  std::map<FaultSide, int> count;
  for (const auto& entry : fault_catalogue()) ++count[entry.side];
  EXPECT_EQ(count[FaultSide::kIndex], 17);
  EXPECT_EQ(count[FaultSide::kRegistry], 29);
  EXPECT_EQ(count[FaultSide::kServer], 7);
}

TEST(FaultCatalogue, DerivesTheChecksOfWhatItWaives) {
  const CatalogueEntry* entry = find_fault("json-parent-unchecked");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->catches,
            std::vector<std::string>{"registry/images/put-image-json/parent-missing"});
  EXPECT_EQ(check_id_of("putUserRepositoryTag", "image-not-found"),
            "registry/tags/put-user-repository-tag/image-not-found");
  // That every derived ID is a check of `drydock check --list` is proven in
  // conformance/runner/suite_simulator_test.cc (FaultIsCaught).
}

TEST(FaultCatalogue, HoldsEverySide) {
  std::set<FaultSide> sides;
  for (const auto& entry : fault_catalogue()) sides.insert(entry.side);
  EXPECT_EQ(sides,
            (std::set<FaultSide>{FaultSide::kIndex, FaultSide::kRegistry, FaultSide::kServer}));
}

TEST(FaultCatalogue, FindsFaultsByName) {
  for (const Fault& fault : fault_table()) {
    const CatalogueEntry* entry = find_fault(fault.name);
    ASSERT_NE(entry, nullptr) << fault.name;
    EXPECT_EQ(entry->side, fault.side);
  }
  EXPECT_EQ(find_fault("no-such-fault"), nullptr);
}

}  // namespace
}  // namespace drydock::simulator::faults
