#pragma once
// SwiftStorage: a Storage in an OpenStack Swift container (Rackspace Cloud Files is Swift), over
// Swift's HTTP API with v1 authentication (tempauth, swauth, Cloud Files): X-Auth-User and
// X-Auth-Key give a token and the account's storage URL; a token that expires (401) is renewed
// once per request. The object "a/b" is "PREFIX/a/b" in the container. Large objects are Static
// Large Objects: segments in the container "<container>_segments" as they stream in, published by
// the manifest PUT at commit(), deleted on cancel(): see object_store_storage.h for what that
// guarantees. Segments are named per upload, so replacing or removing a large object deletes its
// segments itself, once the new object (or the removal) is in: a Reader still streaming the old
// one may then fail with kIo (it never reads other bytes), the one exception to the Storage rule
// that a Reader keeps its object. Reads are ranged GETs streamed in bounded memory. Thread-safe.

#include <cstddef>
#include <memory>
#include <string>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

struct SwiftOptions {
  std::string auth_url;  // v1 authentication: "http://127.0.0.1:8080/auth/v1.0"
  std::string user;      // "account:user" for tempauth
  std::string key;
  std::string container;
  std::string prefix;          // "" for the top of the container; no leading or trailing '/'
  size_t part_size = 8 << 20;  // bytes held per Writer; Swift wants segments of at least 1 MiB
};

// Authenticates and opens the storage, creating the container (and its segments container) if
// they do not exist. kUnauthorized if the credentials are refused, kIo if nothing answers.
Result<std::unique_ptr<Storage>> open_swift_storage(const SwiftOptions& options);

}  // namespace drydock::storage
