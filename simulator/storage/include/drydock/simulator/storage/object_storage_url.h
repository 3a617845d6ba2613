#pragma once
// Opens an object-store Storage named by a URL, as `drydock serve --storage` takes it:
//
//   s3://BUCKET/PREFIX        S3 (or any S3 API): --storage-endpoint is the service's URL
//   swift://CONTAINER/PREFIX  OpenStack Swift: --storage-endpoint is the v1 authentication URL
//
// The prefix may be empty or hold several components. Credentials are never part of the URL:
// they come from a file of KEY=VALUE lines or, for the keys it lacks, from the environment:
// DRYDOCK_S3_ACCESS_KEY and DRYDOCK_S3_SECRET_KEY; DRYDOCK_SWIFT_USER and DRYDOCK_SWIFT_KEY.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

struct ObjectStorageUrl {
  std::string scheme;     // "s3" or "swift"
  std::string container;  // the bucket or the container
  std::string prefix;
};

// Parses "s3://BUCKET/PREFIX" or "swift://CONTAINER/PREFIX"; kInvalidArgument says what is wrong.
Result<ObjectStorageUrl> parse_object_storage_url(std::string_view url);

struct ObjectStorageSettings {
  std::string endpoint;
  std::string region = "us-east-1";  // S3 only
  std::string credentials_file;      // "" for the environment only
};

// Reads a credentials file: KEY=VALUE lines, '#' comments and blank lines ignored.
Result<std::map<std::string, std::string>> read_credentials_file(const std::string& path);

// Opens the storage `url` names, with credentials from settings.credentials_file and the
// environment (see above).
Result<std::unique_ptr<Storage>> open_object_storage(std::string_view url,
                                                     const ObjectStorageSettings& settings);

}  // namespace drydock::storage
