#pragma once
// The three ways a registry decides whether a request's token is good (TokenValidator, in
// core/services.h), one per deployment:
//
//   LocalTokenValidator       combined listener: the index's TokenSigner verifies the token
//                             itself.
//   RemoteTokenValidator      split listeners: checks scope and access locally (4.3 steps 5-6),
//                             then asks the index, as docker-registry did (4.3 step 7).
//
// Under the single-use policy both keep a registry session after a token's first use: the grant
// answers with a session cookie, and a request carrying a good one needs no token (protocol-notes
// 4.5, the SPEC's flow; docker-registry <= 0.6.8 did the same).
//   StandaloneTokenValidator  standalone registry: every request passes (4.3 step 2).
//
// All three are thread-safe.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/services.h"
#include "drydock/simulator/auth/clock.h"
#include "drydock/simulator/auth/session.h"
#include "drydock/simulator/auth/token.h"

namespace httplib {
class Client;
}

namespace drydock::simulator::registry {

// A registry's cookie sessions under the single-use policy (protocol-notes 4.5).
class RegistrySessions {
 public:
  RegistrySessions(std::shared_ptr<auth::Sessions> sessions, std::shared_ptr<auth::Clock> clock)
      : sessions_(std::move(sessions)), clock_(std::move(clock)) {}

  // The grant of a good session cookie on `request` for `repository` and `access`; otherwise
  // nullopt, with `failure` set when a session was there but did not grant it.
  std::optional<TokenDecision> grant(const http::Request& request,
                                     std::optional<std::string_view> repository,
                                     auth::Access access,
                                     std::optional<std::string>& failure) const;
  // The Set-Cookie value of a new session granting `access` on `repository`.
  std::string start(const std::string& repository, auth::Access access) const;

 private:
  std::shared_ptr<auth::Sessions> sessions_;
  std::shared_ptr<auth::Clock> clock_;
};

class LocalTokenValidator final : public TokenValidator {
 public:
  // Returns the image ids the index lists for a repository ("ns/name"), or nullopt.
  using ImageList =
      std::function<std::optional<std::vector<std::string>>(std::string_view repository)>;

  // `sessions` may be null under the reusable policy (the signer's options say which).
  // `images`, when set, gives each granted token the index's list of its repository.
  // REQUIRES: `tokens` and `clock` are non-null.
  LocalTokenValidator(std::shared_ptr<auth::TokenSigner> tokens,
                      std::shared_ptr<auth::Sessions> sessions, std::shared_ptr<auth::Clock> clock,
                      ImageList images = {});

  TokenDecision check(const http::Request& request, std::optional<std::string_view> repository,
                      auth::Access access, const auth::Leniency& leniency = {}) override;

 private:
  bool single_use() const;

  std::shared_ptr<auth::TokenSigner> tokens_;
  std::shared_ptr<auth::Sessions> sessions_;
  std::shared_ptr<auth::Clock> clock_;
  ImageList images_;
};

class RemoteTokenValidator final : public TokenValidator {
 public:
  // `index_url`: "http://127.0.0.1:5000" or "https://..." (scheme, host, port; no path). Each
  // check is one GET to the index, bounded by `timeout` (connect, read and write each). An https
  // index is verified against `ca_cert_file` (PEM) when set, else the system's CAs; every
  // certificate in the file is trusted as it is (a partial chain is enough), so a registry beside
  // its own index passes the chain that index serves, self-signed or not. Connections to the
  // index are kept alive and reused, one per check running at once.
  // `sessions`, when set, keeps a registry session after each token's first use (the single-use
  // policy: the index spends the token when it vouches for it).
  explicit RemoteTokenValidator(std::string index_url,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                std::string ca_cert_file = {},
                                std::shared_ptr<const RegistrySessions> sessions = nullptr);
  ~RemoteTokenValidator() override;

  TokenDecision check(const http::Request& request, std::optional<std::string_view> repository,
                      auth::Access access, const auth::Leniency& leniency = {}) override;
  void release_connections() override;

 private:
  // Asks the index GET /v1/repositories/<repository>/images with `authorization` (none: the public
  // list): a 200 accepts the token. With `want_list`, its body is read as the repository's image
  // list (an empty list when the body is not one); otherwise the list is empty. nullopt when
  // refused. The request's X-Drydock-Fault header, if any, goes along, so that a fault follows the
  // request to the index (which honours it only with --faults).
  std::optional<std::vector<std::string>> index_accepts(
      std::string_view repository, const std::optional<std::string>& authorization,
      std::optional<std::string_view> fault, bool want_list);
  // A kept-alive client to the index from the idle ones, or a new one; and its return.
  std::unique_ptr<httplib::Client> take_client();
  std::unique_ptr<httplib::Client> new_client() const;
  void give_back(std::unique_ptr<httplib::Client> client);

  static constexpr size_t kMaxIdleClients = 16;
  static constexpr std::chrono::seconds kMaxIdle{2};
  struct IdleClient {
    std::unique_ptr<httplib::Client> client;
    std::chrono::steady_clock::time_point since;
  };
  std::string index_url_;
  std::chrono::milliseconds timeout_;
  std::string ca_pem_;  // the certificates of ca_cert_file, read once at construction
  std::shared_ptr<const RegistrySessions> sessions_;
  std::mutex idle_mu_;
  std::vector<IdleClient> idle_;  // guarded by idle_mu_; the most recently returned last
};

class StandaloneTokenValidator final : public TokenValidator {
 public:
  TokenDecision check(const http::Request& request, std::optional<std::string_view> repository,
                      auth::Access access, const auth::Leniency& leniency = {}) override;
};

// The repository and access a token names, parsed as leniently as docker-registry
// ((\w+)[:=][\s"]?([^",]+)"? pairs, protocol-notes 4.3 step 4). Fields are empty when absent.
struct TokenFields {
  std::string repository;
  std::string access;
};
TokenFields parse_token_fields(std::string_view credentials);

}  // namespace drydock::simulator::registry
