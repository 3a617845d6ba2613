#pragma once
// AWS Signature Version 4 for S3 requests (https://docs.aws.amazon.com/IAM/latest/UserGuide/
// reference_sigv4.html), with common/digest.h's SHA-256 and HMAC. Private to simulator/storage.

#include <map>
#include <string>
#include <string_view>

namespace drydock::storage {

struct SigV4Key {
  std::string access_key;
  std::string secret_key;
  std::string region;   // "us-east-1"
  std::string service;  // "s3"
};

struct SigV4Request {
  std::string method;
  std::string path;                          // as sent: each segment already percent-encoded once
  std::map<std::string, std::string> query;  // decoded names and values
  // Lower-case names; every one is signed. Must hold "host", "x-amz-date" (YYYYMMDDTHHMMSSZ)
  // and, for S3, "x-amz-content-sha256".
  std::map<std::string, std::string> headers;
  std::string payload_hash;  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

// Returns the value of the Authorization header for `request`.
std::string sigv4_authorization(const SigV4Key& key, const SigV4Request& request);

// The canonical query string: names and values encoded, sorted by name.
std::string sigv4_canonical_query(const std::map<std::string, std::string>& query);

// The time as x-amz-date writes it: "20150830T123600Z".
std::string amz_date_now();

}  // namespace drydock::storage
