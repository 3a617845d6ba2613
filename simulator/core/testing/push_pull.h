#pragma once
// A small Docker 1.x-like client of the v1 protocol for the simulator's integration tests: it
// registers a user, pushes an image chain through the token flow (protocol-notes 6.2) and pulls
// it back (6.3), failing the running test (gtest) at the first unexpected answer. Wrap calls in
// ASSERT_NO_FATAL_FAILURE.

#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "drydock/fixtures/images.h"
#include "drydock/fixtures/users.h"
#include "drydock/simulator/simulator.h"

namespace drydock::simulator::testing {

class V1Client {
 public:
  // `repository` is "namespace/name". An empty index URL means a standalone registry: no index,
  // no tokens.
  V1Client(BoundAddresses addresses, fixtures::TestUser user, std::string repository);
  const std::string& repository() const { return repository_; }  // "namespace/name"

  // POST /v1/users/: 201.
  void register_user();

  // The whole push of `chain`, tagging its top image `tag`: PUT repository (token + endpoints),
  // for each image base first PUT json, layer and checksum, PUT tag, PUT images (204).
  void push(const fixtures::ImageChain& chain, const std::string& tag);
  // The whole pull: GET images (a read token), tags, ancestry, and every image's json and layer,
  // compared with `chain`.
  void pull(const fixtures::ImageChain& chain, const std::string& tag);

  // GET /v1/repositories/<repo>/images with X-Docker-Token: true and Basic: 200; keeps the token
  // it returns (and forgets any session cookie). Returns the token.
  std::string request_read_token();
  // Uses `token` for the next registry requests (and forgets any session cookie).
  void use_token(std::string token);
  const std::string& token() const { return token_; }
  // The session cookie a single-use registry set, or nullopt.
  const std::optional<std::string>& session_cookie() const { return cookie_; }

  // One registry request with the current credentials (the cookie when there is one, else the
  // token), updating the cookie from Set-Cookie.
  httplib::Result registry_get(const std::string& path);
  // The same request with exactly these credentials and nothing else.
  httplib::Result registry_get_with(const std::string& path, const httplib::Headers& credentials);

  // The registry address the index named in X-Docker-Endpoints ("host:port").
  const std::vector<std::string>& endpoints() const { return endpoints_; }

 private:
  httplib::Headers basic() const;
  httplib::Headers registry_credentials() const;
  void remember_cookie(const httplib::Result& result);
  void take_token_and_endpoints(const httplib::Result& result);
  httplib::Result registry_put(const std::string& path, const std::string& body,
                               const std::string& content_type, httplib::Headers extra = {});
  httplib::Client& registry();
  std::string repository_path() const { return "/v1/repositories/" + repository_; }

  BoundAddresses addresses_;
  fixtures::TestUser user_;
  std::string repository_;
  std::optional<httplib::Client> index_;
  std::optional<httplib::Client> registry_;
  std::string token_;
  std::optional<std::string> cookie_;
  std::vector<std::string> endpoints_;
};

}  // namespace drydock::simulator::testing
