#include "catalogue.h"

#include <set>

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
