#pragma once
// The simulator's configuration: one struct, filled once (by `drydock serve` or by a test or the
// conformance runner) and passed down. No globals.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drydock/common/observed_exchange.h"
#include "drydock/simulator/auth/password.h"
#include "drydock/spec/spec.h"

namespace drydock::storage {
class Storage;
}  // namespace drydock::storage

namespace drydock::simulator {

struct TlsFiles {
  std::string cert_file;       // PEM certificate chain
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // when set, clients must present a certificate signed by it
};

enum class TokenPolicyOption { kReusable, kSingleUse };

struct Options {
  // Listeners. With only `listen` set, one listener serves the index and the registry together.
  // With `index_listen` and `registry_listen`, two listeners; the registry then validates tokens
  // by calling the index over HTTP, as real registries did. Addresses are "host:port"; port 0
  // picks a free port. Loopback by default.
  std::string listen = "127.0.0.1:5000";
  std::optional<std::string> index_listen;
  std::optional<std::string> registry_listen;
  // With both listeners in this process, the registry may check a token with the index's own
  // signer and image lists instead, with the same answers and no request to the index (the
  // embedded simulator of `drydock check`; an X-Drydock-Fault then has no index call to follow).
  bool in_process_token_checks = false;
  // A standalone registry: registry operations only, no token checks (protocol-notes 1).
  bool standalone = false;
  // What the index names in X-Docker-Endpoints ("host[:port]" each): how clients reach the
  // registry, e.g. a load balancer in front of several simulators. Empty: the registry
  // listener's bound address.
  std::vector<std::string> registry_endpoints;

  // Storage: `memory` keeps everything in memory; otherwise `data_dir` holds layers (files) and
  // index state (SQLite, index.db, unless `database` says otherwise), and survives restarts.
  bool memory = false;
  std::string data_dir;
  // Layers and image metadata in this Storage instead (an object store: S3, Swift), without the
  // CachingStorage, as other servers may share it (only what never changes is kept:
  // Services::complete_images); the index state stays where `memory` and `data_dir` say.
  std::shared_ptr<storage::Storage> layer_storage;
  // Index state (accounts, repositories, image lists, the token secret, spent single-use tokens)
  // in this PostgreSQL database (a postgresql:// URL, as libpq reads it) instead of index.db or
  // memory. Servers on one database act as one index: each accepts the tokens and session
  // cookies the others issued, and a single-use token spent on one is spent on all.
  std::string database;
  // At most this many connections to `database` (1 to 64), opened as concurrent calls need them:
  // calls on different connections run at once.
  int database_connections = 4;

  std::optional<TlsFiles> tls;

  // "USER:PASS": an active admin account, created or updated at start-up (library repositories).
  std::optional<std::string> admin;
  // "USER:PASS": an account that exists but is not active (its requests answer 403), created at
  // start-up if missing, for clients and checks of the inactive-account answers.
  std::optional<std::string> inactive;
  // PBKDF2 iterations of the password hashes the simulator stores (1 to
  // auth::PasswordHasher::kMaxIterations). Every Basic-authenticated request verifies one, so a
  // throwaway simulator whose accounts live as long as one run (drydock check's embedded one, the
  // tests') uses 1: its cost is then a few microseconds instead of ~50 ms per request.
  int password_iterations = auth::PasswordHasher::kDefaultIterations;
  std::chrono::seconds token_ttl{3600};
  TokenPolicyOption token_policy = TokenPolicyOption::kReusable;
  // Whose answers to give where the two documents and the real servers disagree (the spec's
  // x-drydock-variants, protocol-notes 10): docker-registry's, as real 2014-2015 servers answered
  // (the default), or exactly the documents'. kCompat, a checker's profile, answers as
  // kDockerRegistry.
  spec::Profile profile = spec::Profile::kDockerRegistry;
  // Accounts are active on registration (the Hub required an e-mail confirmation; a simulator
  // has none). With false, new accounts answer 403 until activated.
  bool auto_activate = true;

  bool faults = false;           // honour the X-Drydock-Fault request header
  bool check_responses = false;  // judge every reply against the spec (debug and tests)

  // One line per request (method, path, status, bytes, ms), secrets redacted. Null: no log.
  std::function<void(const std::string&)> access_log;
  // Problems worth a person's attention (handler exceptions, response-check violations).
  std::function<void(const std::string&)> error_log;

  // Every request a listener dispatches, matched or not, with its reply, and the seed of a
  // streamed body's digest (http::RouterOptions::on_exchange, body_digest_seed): how `drydock
  // serve --judge` watches its clients. Called on server threads. Null: nothing is observed.
  std::function<void(const ObservedExchange&)> on_exchange;
  std::function<std::string(const ObservedExchange&)> body_digest_seed;
};

}  // namespace drydock::simulator
