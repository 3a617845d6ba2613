#include "sigv4.h"

#include <time.h>

#include "drydock/common/digest.h"
#include "object_http.h"

namespace drydock::storage {

namespace {

std::string trim(const std::string& value) {
  size_t first = value.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  size_t last = value.find_last_not_of(" \t");
  return value.substr(first, last - first + 1);
}

}  // namespace

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
  std::string signing_key = hmac_sha256(
      hmac_sha256(hmac_sha256(hmac_sha256("AWS4" + key.secret_key, date), key.region), key.service),
      "aws4_request");
  return "AWS4-HMAC-SHA256 Credential=" + key.access_key + "/" + scope +
         ", SignedHeaders=" + signed_headers +
         ", Signature=" + hmac_sha256_hex(signing_key, string_to_sign);
}

}  // namespace drydock::storage
