#pragma once
// S3Storage: a Storage in an S3 bucket, over S3's HTTP API (path-style requests signed with AWS
// Signature Version 4, every body's SHA-256 signed). The object "a/b" is the S3 object
// "PREFIX/a/b" of the bucket. Large objects are multipart uploads, completed at commit() and
// aborted on cancel(): see object_store_storage.h for what that guarantees. Reads are ranged GETs
// streamed in bounded memory. Thread-safe.

#include <cstddef>
#include <memory>
#include <string>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage {

struct S3Options {
  std::string endpoint;  // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:8080"
  std::string region = "us-east-1";
  std::string bucket;
  std::string prefix;  // "" for the top of the bucket; no leading or trailing '/'
  std::string access_key;
  std::string secret_key;
  size_t part_size = 8 << 20;  // bytes held per Writer; S3 wants at least 5 MiB
};

// Opens the storage, creating the bucket if it does not exist. kUnauthorized or kForbidden if the
// credentials are refused, kIo if the endpoint does not answer.
Result<std::unique_ptr<Storage>> open_s3_storage(const S3Options& options);

}  // namespace drydock::storage
