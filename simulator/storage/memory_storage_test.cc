#include "drydock/simulator/storage/memory_storage.h"

#include "drydock/simulator/storage/storage_wrapper.h"
#include "storage_suite.h"

namespace drydock::storage {
namespace {

std::unique_ptr<Storage> make_memory(const std::filesystem::path&) {
  return std::make_unique<MemoryStorage>();
}

// A wrapper must behave exactly as what it wraps.
std::unique_ptr<Storage> make_wrapped_memory(const std::filesystem::path&) {
  return std::make_unique<StorageWrapper>(std::make_shared<MemoryStorage>());
}

INSTANTIATE_TEST_SUITE_P(Memory, StorageSuite,
                         ::testing::Values(StorageBackend{"Memory", &make_memory},
                                           StorageBackend{"WrappedMemory", &make_wrapped_memory}),
                         StorageBackendName());

}  // namespace
}  // namespace drydock::storage
