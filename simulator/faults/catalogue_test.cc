#include "catalogue.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "server_faults.h"

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

TEST(FaultCatalogue, EveryFaultNamesTheChecksThatCatchIt) {
  // That those checks do fail is proven in conformance/runner/suite_simulator_test.cc.
  for (const auto& entry : fault_catalogue()) {
    EXPECT_FALSE(entry.catches.empty()) << entry.name;
  }
}

TEST(FaultCatalogue, ReadmeListsEveryFaultWithItsChecks) {
  const char* root = std::getenv("DRYDOCK_SOURCE_DIR");  // set by CTest
  if (root == nullptr) GTEST_SKIP() << "DRYDOCK_SOURCE_DIR is not set";
  std::ifstream file(std::string(root) + "/README.md");
  ASSERT_TRUE(file) << "cannot read README.md";
  std::stringstream text;
  text << file.rdbuf();
  std::string readme = text.str();
  for (const auto& entry : fault_catalogue()) {
    std::string row_start = "| `" + entry.name + "` |";
    auto row = readme.find(row_start);
    ASSERT_NE(row, std::string::npos) << "README.md has no row for " << entry.name;
    std::string line = readme.substr(row, readme.find('\n', row) - row);
    for (const std::string& id : entry.catches) {
      EXPECT_NE(line.find("`" + id + "`"), std::string::npos)
          << "README.md's row for " << entry.name << " does not name " << id;
    }
  }
}

TEST(FaultCatalogue, HoldsEverySide) {
  std::set<FaultSide> sides;
  for (const auto& entry : fault_catalogue()) sides.insert(entry.side);
  EXPECT_EQ(sides,
            (std::set<FaultSide>{FaultSide::kIndex, FaultSide::kRegistry, FaultSide::kServer}));
}

TEST(FaultCatalogue, FindsServerFaultsByName) {
  for (const auto& fault : server_fault_names()) {
    const CatalogueEntry* entry = find_fault(fault.name);
    ASSERT_NE(entry, nullptr) << fault.name;
    EXPECT_EQ(entry->side, FaultSide::kServer);
  }
  EXPECT_EQ(find_fault("no-such-fault"), nullptr);
}

}  // namespace
}  // namespace drydock::simulator::faults
