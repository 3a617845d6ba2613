#pragma once
// StorageSuite: the tests every Storage backend passes, written once against the interface.
// A backend's test file instantiates it with a factory:
//
//   INSTANTIATE_TEST_SUITE_P(Memory, StorageSuite,
//                            ::testing::Values(StorageBackend{"Memory", &make_memory}));
//
// Each test gets a fresh scratch directory; the factory may keep its files there (or ignore it).
// After each test the suite checks that nothing is left behind in that directory but the
// objects the test left in the storage.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

struct StorageBackend {
  const char* name;
  std::unique_ptr<Storage> (*make)(const std::filesystem::path& scratch);
};

inline std::ostream& operator<<(std::ostream& os, const StorageBackend& backend) {
  return os << backend.name;
}

// For INSTANTIATE_TEST_SUITE_P: names each instance after its backend.
struct StorageBackendName {
  std::string operator()(const ::testing::TestParamInfo<StorageBackend>& info) const {
    return info.param.name;
  }
};

class StorageSuite : public ::testing::TestWithParam<StorageBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Storage& storage() { return *storage_; }
  const std::filesystem::path& scratch() const { return scratch_; }

  // Fixture verbs.
  void put(const std::string& key, const std::string& value);
  std::string get(const std::string& key);
  // Reads `key` from `offset` to the end in chunks of `chunk` bytes.
  std::string read_all(const std::string& key, uint64_t offset, size_t chunk = 7);
  // Regular files under the scratch directory, recursively.
  size_t files_in_scratch() const;

 private:
  std::filesystem::path scratch_;
  std::unique_ptr<Storage> storage_;
};

}  // namespace drydock::storage
