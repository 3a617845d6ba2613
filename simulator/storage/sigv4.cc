#include "sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <time.h>

#include "object_http.h"

namespace drydock::storage {

namespace {

std::string hex(const unsigned char* bytes, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

std::string hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string trim(const std::string& value) {
  size_t first = value.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  size_t last = value.find_last_not_of(" \t");
  return value.substr(first, last - first + 1);
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return hex(digest, sizeof digest);
}

std::string amz_date_now() {
  time_t now = ::time(nullptr);
  struct tm tm {};
  ::gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

std::string sigv4_canonical_query(const std::map<std::string, std::string>& query) {
  std::map<std::string, std::string> encoded;
  for (const auto& [name, value] : query)
    encoded[url_encode(name, false)] = url_encode(value, false);
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string sigv4_authorization(const SigV4Key& key, const SigV4Request& request) {
  std::string signed_headers;
  std::string canonical_headers;
  for (const auto& [name, value] : request.headers) {
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += name;
    canonical_headers += name + ":" + trim(value) + "\n";
  }
  std::string canonical_request = request.method + "\n" + request.path + "\n" +
                                  sigv4_canonical_query(request.query) + "\n" + canonical_headers +
                                  "\n" + signed_headers + "\n" + request.payload_hash;
  const std::string& date_time = request.headers.at("x-amz-date");
  std::string date = date_time.substr(0, 8);
  std::string scope = date + "/" + key.region + "/" + key.service + "/aws4_request";
  std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + date_time + "\n" + scope + "\n" + sha256_hex(canonical_request);
  std::string signing_key = hmac(
      hmac(hmac(hmac("AWS4" + key.secret_key, date), key.region), key.service), "aws4_request");
  std::string signature = hmac(signing_key, string_to_sign);
  return "AWS4-HMAC-SHA256 Credential=" + key.access_key + "/" + scope +
         ", SignedHeaders=" + signed_headers + ", Signature=" +
         hex(reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

}  // namespace drydock::storage
