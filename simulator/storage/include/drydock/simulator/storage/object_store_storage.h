#pragma once
// The Storage that S3Storage and SwiftStorage share: the Storage tree built on a flat object store
// (simulator/storage/object_store.h). A key is the object's name under the store's prefix;
// directories are name prefixes, so a directory exists exactly while an object lives beneath it.
//
// Writers hold at most one part (ObjectStore::part_size()) in memory: a small object is stored
// with one PUT at commit(); a larger one is uploaded part by part as it streams in and published
// by completing the upload at commit(). Until then nothing is visible on any node, and an
// upload that never completes (a cancel, a destroyed Writer, a crash) never becomes visible.
//
// That a key is not both an object and a directory is checked before each publish, with one
// request per ancestor and one listing; two processes publishing "a" and "a/b" at the same moment
// can both succeed. Thread-safe.

#include <memory>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

class ObjectStore;

// Returns the Storage over `store`.
std::unique_ptr<Storage> make_object_store_storage(std::unique_ptr<ObjectStore> store);

}  // namespace drydock::storage
