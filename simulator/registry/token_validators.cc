#include "drydock/simulator/registry/token_validators.h"

#include <httplib.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <fstream>
#include <iterator>
#include "drydock/common/observed_exchange.h"

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/simulator/http/context.h"

namespace drydock::simulator::registry {
namespace {

// Returns the credentials of an `Authorization: Token ...` header, or nullopt when the request
// has none (no header, another scheme, or `Token ` with nothing after it: protocol-notes 10.4).
std::optional<std::string> token_of(const http::Request& request) {
  auto header = request.headers.get("Authorization");
  if (!header) return std::nullopt;
  auto credentials = auth::token_credentials(*header);
  if (!credentials || credentials->find_first_not_of(" \t") == std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(*credentials);
}

TokenDecision refused(std::string_view condition) {
  TokenDecision decision;
  decision.failure = std::string(condition);
  return decision;
}

TokenDecision granted(std::string repository) {
  TokenDecision decision;
  decision.granted_repository = std::move(repository);
  return decision;
}

}  // namespace

std::optional<TokenDecision> RegistrySessions::grant(const http::Request& request,
                                                     std::optional<std::string_view> repository,
                                                     auth::Access access,
                                                     std::optional<std::string>& failure) const {
  auto cookies = request.headers.get("Cookie");
  auto session = cookies ? auth::find_cookie(*cookies, auth::kSessionCookieName) : std::nullopt;
  if (!session) return std::nullopt;
  auth::TokenCheck checked = sessions_->check(*session, repository, access, clock_->now());
  if (checked.ok()) return granted(checked.grant.repository);
  failure = std::string(auth::failure_name(*checked.failure));
  return std::nullopt;
}

std::string RegistrySessions::start(const std::string& repository, auth::Access access) const {
  return std::string(auth::kSessionCookieName) + "=" +
         sessions_->start(repository, access, clock_->now()) + "; Path=/; HttpOnly";
}

TokenFields parse_token_fields(std::string_view credentials) {
  // Not std::regex: libstdc++'s matcher recurses once per character of [^",]+, so a long header
  // would exhaust the worker's stack.
  auth::TokenPairs pairs = auth::parse_token_pairs(credentials);
  TokenFields fields;
  if (auto it = pairs.find("repository"); it != pairs.end()) fields.repository = it->second;
  if (auto it = pairs.find("access"); it != pairs.end()) fields.access = it->second;
  return fields;
}

LocalTokenValidator::LocalTokenValidator(std::shared_ptr<auth::TokenSigner> tokens,
                                         std::shared_ptr<auth::Sessions> sessions,
                                         std::shared_ptr<auth::Clock> clock, ImageList images)
    : tokens_(std::move(tokens)),
      sessions_(std::move(sessions)),
      clock_(std::move(clock)),
      images_(std::move(images)) {}

bool LocalTokenValidator::single_use() const {
  return sessions_ != nullptr && tokens_->options().policy == auth::TokenPolicy::kSingleUse;
}

// Under the single-use policy a session cookie is tried first (it is how a client goes on after
// its token was spent); a token that passes is spent and starts a session (protocol-notes 4.5).
TokenDecision LocalTokenValidator::check(const http::Request& request,
                                         std::optional<std::string_view> repository,
                                         auth::Access access, const auth::Leniency& leniency) {
  const auth::TimePoint now = clock_->now();
  std::optional<std::string> session_failure;
  std::optional<RegistrySessions> sessions;
  if (single_use()) sessions.emplace(sessions_, clock_);
  if (sessions) {
    if (auto grant = sessions->grant(request, repository, access, session_failure)) {
      // A write through a session is judged against the list too, as one with a token.
      if (images_ && access == auth::Access::kWrite) {
        grant->listed_images = images_(*grant->granted_repository);
      }
      return *grant;
    }
  }
  auto token = token_of(request);
  if (!token) return refused(session_failure.value_or("missing-auth"));
  auth::TokenCheck checked = tokens_->verify(*token, repository, access, now, leniency);
  if (!checked.ok()) return refused(auth::failure_name(*checked.failure));
  TokenDecision decision = granted(checked.grant.repository);
  // Only an upload is judged against the list (PUT json, a write): reads skip the lookup.
  if (images_ && access == auth::Access::kWrite) {
    decision.listed_images = images_(checked.grant.repository);
  }
  if (sessions)
    decision.set_cookie = sessions->start(checked.grant.repository, checked.grant.access);
  return decision;
}

namespace {

// The whole file at `path`; "" when it cannot be read.
std::string read_pem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A store in which every certificate of `pem` is a trust anchor (X509_V_FLAG_PARTIAL_CHAIN);
// null when it holds none.
X509_STORE* anchored_store(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509_STORE* store = bio == nullptr ? nullptr : X509_STORE_new();
  int anchors = 0;
  while (store != nullptr) {
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    if (cert == nullptr) break;
    anchors += X509_STORE_add_cert(store, cert) == 1;
    X509_free(cert);  // the store keeps its own reference
  }
  ERR_clear_error();  // the end of the PEM text reads as an error
  BIO_free(bio);
  if (store != nullptr && anchors == 0) {
    X509_STORE_free(store);
    return nullptr;
  }
  if (store != nullptr) X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
  return store;
}

}  // namespace

RemoteTokenValidator::RemoteTokenValidator(std::string index_url, std::chrono::milliseconds timeout,
                                           std::string ca_cert_file,
                                           std::shared_ptr<const RegistrySessions> sessions)
    : index_url_(std::move(index_url)),
      timeout_(timeout),
      ca_pem_(ca_cert_file.empty() ? "" : read_pem(ca_cert_file)),
      sessions_(std::move(sessions)) {}

RemoteTokenValidator::~RemoteTokenValidator() = default;

std::unique_ptr<httplib::Client> RemoteTokenValidator::take_client() {
  {
    std::lock_guard lock(idle_mu_);
    // Only a connection idle for well under the index's keep-alive timeout (5 s) is reused, so
    // that the index never closes one just as it is used again.
    const auto fresh_since = std::chrono::steady_clock::now() - kMaxIdle;
    while (!idle_.empty()) {
      IdleClient idle = std::move(idle_.back());
      idle_.pop_back();
      if (idle.since >= fresh_since) return std::move(idle.client);
    }
  }
  return new_client();
}

std::unique_ptr<httplib::Client> RemoteTokenValidator::new_client() const {
  auto client = std::make_unique<httplib::Client>(index_url_);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout_);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout_ - seconds);
  client->set_connection_timeout(seconds.count(), micros.count());
  client->set_read_timeout(seconds.count(), micros.count());
  client->set_write_timeout(seconds.count(), micros.count());
  client->set_keep_alive(true);
  if (!ca_pem_.empty() && index_url_.starts_with("https://")) {
    // A store of its own: the client's TLS context takes it, and adds the system's CAs to it.
    if (X509_STORE* store = anchored_store(ca_pem_)) client->set_ca_cert_store(store);
  }
  return client;
}

void RemoteTokenValidator::release_connections() {
  std::vector<IdleClient> closing;
  {
    std::lock_guard lock(idle_mu_);
    closing.swap(idle_);
  }
}  // the clients close their connections here, outside the lock

void RemoteTokenValidator::give_back(std::unique_ptr<httplib::Client> client) {
  std::lock_guard lock(idle_mu_);
  if (idle_.size() < kMaxIdleClients) {
    idle_.push_back({std::move(client), std::chrono::steady_clock::now()});
  }
}

// protocol-notes 4.3 steps 3-7: the scope and access are judged here, the signature by the index.
// Image routes name no repository: the token's own repository is asked about.
TokenDecision RemoteTokenValidator::check(const http::Request& request,
                                          std::optional<std::string_view> repository,
                                          auth::Access access, const auth::Leniency&) {
  std::optional<std::string> session_failure;
  if (sessions_) {
    if (auto grant = sessions_->grant(request, repository, access, session_failure)) {
      // A write still needs the index's list of the repository's images.
      if (access != auth::Access::kWrite) return *grant;
      // The session is the registry's own: the list is public (protocol-notes 5.2 I7).
      grant->listed_images = index_accepts(*grant->granted_repository, std::nullopt,
                                           request.headers.get(http::kFaultHeader), true);
      return *grant;
    }
  }
  auto token = token_of(request);
  if (!token) return refused(session_failure.value_or("missing-auth"));
  TokenFields fields = parse_token_fields(*token);
  const auto slash = fields.repository.find('/');
  if (slash == std::string::npos || fields.repository.find('/', slash + 1) != std::string::npos) {
    return refused("invalid-token");
  }
  if (repository && *repository != fields.repository) return refused("token-wrong-repository");
  if (auto granted_access = auth::parse_access(fields.access);
      granted_access && *granted_access != access) {
    return refused("token-wrong-access");
  }
  // As in LocalTokenValidator: only an upload (a write) is judged against the list.
  const bool want_list = access == auth::Access::kWrite;
  auto listed = index_accepts(fields.repository, *request.headers.get("Authorization"),
                              request.headers.get(http::kFaultHeader), want_list);
  if (!listed) return refused("invalid-token");
  TokenDecision decision = granted(fields.repository);
  if (want_list) decision.listed_images = std::move(listed);
  if (sessions_) decision.set_cookie = sessions_->start(fields.repository, access);
  return decision;
}

std::optional<std::vector<std::string>> RemoteTokenValidator::index_accepts(
    std::string_view repository, const std::optional<std::string>& authorization,
    std::optional<std::string_view> fault, bool want_list) {
  const std::string path = "/v1/repositories/" + std::string(repository) + "/images";
  httplib::Headers headers{{"User-Agent", std::string(kRegistryCallAgent)}};
  if (authorization) headers.emplace("Authorization", *authorization);
  if (fault) headers.emplace(std::string(http::kFaultHeader), std::string(*fault));
  std::unique_ptr<httplib::Client> client = take_client();
  auto result = client->Get(path, headers);
  if (result) give_back(std::move(client));
  if (!result || result->status != 200) return std::nullopt;
  std::vector<std::string> ids;
  if (!want_list) return ids;
  auto list = parse_json(result->body);
  if (list.ok() && list->is_array()) {
    for (const nlohmann::json& entry : *list) {
      if (entry.is_object() && entry.contains("id") && entry["id"].is_string()) {
        ids.push_back(entry["id"].get<std::string>());
      }
    }
  }
  return ids;
}

TokenDecision StandaloneTokenValidator::check(const http::Request&, std::optional<std::string_view>,
                                              auth::Access, const auth::Leniency&) {
  return {};
}

}  // namespace drydock::simulator::registry
