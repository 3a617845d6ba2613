#pragma once
// FaultyStorage breaks some calls of the Storage it wraps on purpose: the simulator's storage
// faults (simulator/faults/faults.h). Which breakage applies is chosen per request, on the thread
// that serves it (FaultyStorage::Activation), so one wrapped storage serves every request and
// breaks only those that asked. A Reader keeps the breakage active when it was opened.

#include <chrono>
#include <memory>

#include "drydock/simulator/storage/storage_wrapper.h"

namespace drydock::storage {

enum class Breakage {
  kNone,
  kLayerHalved,            // stat of an image layer reports half its size
  kLayerOneByteLonger,     // stat of an image layer reports one byte more than it holds
  kLayerFirstByteFlipped,  // an image layer reads with its first byte inverted
  kTagRemoveKept,          // removing a tag succeeds and keeps it
  // The object store itself (S3, Swift) fails, as the object-store backends report it:
  kStoreFailing,          // every call fails as on a store answering 503
  kStoreUploadDropped,    // a layer's upload loses its connection before it is complete
  kStoreDownloadDropped,  // a layer's download loses its connection before its first byte
  kStoreSlow,             // every call, a reader's first read and a writer's commit wait
                          // kSlowStoreDelay first, then work as before (a slow store)
};

// How long each call to a slow store (Breakage::kStoreSlow) waits.
inline constexpr std::chrono::milliseconds kSlowStoreDelay{20};

class FaultyStorage : public StorageWrapper {
 public:
  using StorageWrapper::StorageWrapper;

  // Makes `breakage` the calling thread's until destroyed; the previous one comes back then.
  class Activation {
   public:
    explicit Activation(Breakage breakage);
    ~Activation();
    Activation(const Activation&) = delete;
    Activation& operator=(const Activation&) = delete;

   private:
    Breakage previous_;
  };
  // The calling thread's breakage.
  static Breakage active();

  Result<std::unique_ptr<Reader>> read(std::string_view key, uint64_t offset) override;
  Result<Stat> stat(std::string_view key) override;
  Result<void> remove(std::string_view key) override;
  Result<std::string> get(std::string_view key) override;
  Result<void> put(std::string_view key, std::string_view value) override;
  Result<std::unique_ptr<Writer>> write(std::string_view key) override;
  Result<std::vector<std::string>> list(std::string_view prefix) override;
  Result<bool> exists(std::string_view key) override;
};

}  // namespace drydock::storage
