#include "drydock/simulator/storage/object_storage_url.h"

#include <cstdlib>
#include <fstream>

#include "drydock/simulator/storage/s3_storage.h"
#include "drydock/simulator/storage/swift_storage.h"

namespace drydock::storage {

namespace {

// The credential `name`: from `file` if there, else from the environment.
Result<std::string> credential(const std::map<std::string, std::string>& file,
                               const std::string& name) {
  if (auto it = file.find(name); it != file.end() && !it->second.empty()) return it->second;
  if (const char* value = std::getenv(name.c_str()); value != nullptr && *value != '\0') {
    return std::string(value);
  }
  return Error::invalid("no " + name + " in the credentials file or the environment");
}

}  // namespace

Result<ObjectStorageUrl> parse_object_storage_url(std::string_view url) {
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) {
    return Error::invalid("storage URL without a scheme (s3:// or swift://): " + std::string(url));
  }
  ObjectStorageUrl parsed;
  parsed.scheme = std::string(url.substr(0, colon));
  if (parsed.scheme != "s3" && parsed.scheme != "swift") {
    return Error::invalid("storage URL scheme is neither s3 nor swift: " + std::string(url));
  }
  std::string_view rest = url.substr(colon + 3);
  size_t slash = rest.find('/');
  parsed.container = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) parsed.prefix = std::string(rest.substr(slash + 1));
  while (parsed.prefix.ends_with('/')) parsed.prefix.pop_back();
  if (parsed.container.empty()) {
    return Error::invalid("storage URL names no bucket or container: " + std::string(url));
  }
  if (!parsed.prefix.empty()) {
    if (auto valid = validate_key(parsed.prefix); !valid) {
      return Error::invalid("storage URL prefix: " + valid.error().message);
    }
  }
  return parsed;
}

Result<std::map<std::string, std::string>> read_credentials_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) return Error::io("cannot read the credentials file " + path);
  std::map<std::string, std::string> values;
  std::string line;
  while (std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    size_t equals = line.find('=');
    if (equals == std::string::npos) {
      return Error::parse("credentials file " + path + ": a line without '='");
    }
    values[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return values;
}

Result<std::unique_ptr<Storage>> open_object_storage(std::string_view url,
                                                     const ObjectStorageSettings& settings) {
  auto parsed = parse_object_storage_url(url);
  if (!parsed.ok()) return parsed.error();
  if (settings.endpoint.empty()) {
    return Error::invalid("--storage " + std::string(url) + " needs --storage-endpoint");
  }
  std::map<std::string, std::string> file;
  if (!settings.credentials_file.empty()) {
    auto read = read_credentials_file(settings.credentials_file);
    if (!read.ok()) return read.error();
    file = std::move(read).value();
  }
  if (parsed->scheme == "s3") {
    S3Options options;
    options.endpoint = settings.endpoint;
    options.region = settings.region;
    options.bucket = parsed->container;
    options.prefix = parsed->prefix;
    auto access = credential(file, "DRYDOCK_S3_ACCESS_KEY");
    if (!access.ok()) return access.error();
    auto secret = credential(file, "DRYDOCK_S3_SECRET_KEY");
    if (!secret.ok()) return secret.error();
    options.access_key = std::move(access).value();
    options.secret_key = std::move(secret).value();
    return open_s3_storage(options);
  }
  SwiftOptions options;
  options.auth_url = settings.endpoint;
  options.container = parsed->container;
  options.prefix = parsed->prefix;
  auto user = credential(file, "DRYDOCK_SWIFT_USER");
  if (!user.ok()) return user.error();
  auto key = credential(file, "DRYDOCK_SWIFT_KEY");
  if (!key.ok()) return key.error();
  options.user = std::move(user).value();
  options.key = std::move(key).value();
  return open_swift_storage(options);
}

}  // namespace drydock::storage
