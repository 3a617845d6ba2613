#pragma once
// What the index and registry handlers share: storage, accounts, tokens, sessions, the clock,
// the options, and how the registry validates a token. Built once by the Simulator at start-up
// and passed to register_index_handlers() / register_registry_handlers(); it outlives them.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/simulator/accounts/accounts.h"
#include "drydock/simulator/auth/clock.h"
#include "drydock/simulator/auth/session.h"
#include "drydock/simulator/auth/token.h"
#include "drydock/simulator/http/router.h"
#include "drydock/simulator/options.h"
#include "drydock/simulator/storage/complete_images.h"
#include "drydock/simulator/storage/key_locks.h"
#include "drydock/simulator/storage/storage.h"
#include "drydock/simulator/version.h"

namespace drydock::simulator {

// How the registry decides whether a request's token is good for a repository. Combined listener:
// checked locally with the TokenSigner. Split listeners: by calling the index's GET
// /v1/repositories/<ns>/<repo>/images with the client's Authorization header (protocol-notes 4.3
// step 7), which answers 200 for a good token. Standalone: everything passes.
struct TokenDecision {
  // nullopt: the request may proceed. Otherwise the failing condition from the spec's vocabulary:
  // "missing-auth", "invalid-token", "token-expired", "token-wrong-repository",
  // "token-wrong-access", "token-spent".
  std::optional<std::string> failure;
  std::optional<std::string> granted_repository;  // the token's repository, when it had one
  // Single-use policy: a Set-Cookie value starting a registry session after a token was spent.
  std::optional<std::string> set_cookie;
  // The image ids the index lists for the granted repository, when the validator learnt them
  // (docker-registry's `_images_list`, protocol-notes 5.1 R4): PUT json refuses others.
  std::optional<std::vector<std::string>> listed_images;
};

class TokenValidator {
 public:
  virtual ~TokenValidator() = default;
  // Decides whether `request` (its Authorization header, or under the single-use policy its
  // session cookie) grants `access` on `repository` ("ns/name"; nullopt for image routes, whose
  // URL names no repository).
  // `leniency` weakens the check (the simulator's token faults); a validator that asks the index
  // leaves that to the index, which sees the fault on the request it is asked with.
  virtual TokenDecision check(const http::Request& request,
                              std::optional<std::string_view> repository, auth::Access access,
                              const auth::Leniency& leniency = {}) = 0;
  // Closes any connection kept open for later checks (the simulator calls it while stopping).
  virtual void release_connections() {}
};

struct Services {
  const Options* options = nullptr;
  std::shared_ptr<storage::Storage> storage;
  // Held by each registry write that changes an image's state (PUT json, the commit of a layer,
  // PUT checksum), keyed by image id: concurrent pushes of one image take turns, so it ends in
  // one client's state, never a mix.
  std::shared_ptr<storage::KeyLocks> image_locks = std::make_shared<storage::KeyLocks>();
  // What was read of complete images (never changed again), or null: kept for an object store,
  // where each read is a request, and not under --faults (json-overwrite-allowed rewrites one).
  std::shared_ptr<storage::CompleteImages> complete_images;
  std::shared_ptr<accounts::Accounts> accounts;  // null for a standalone registry
  std::shared_ptr<auth::Clock> clock;
  std::shared_ptr<auth::TokenSigner> tokens;  // null for a standalone registry
  std::shared_ptr<auth::Sessions> sessions;   // single-use policy: registry cookie sessions
  std::shared_ptr<TokenValidator> token_validator;
  // The registry endpoints the index names in X-Docker-Endpoints ("127.0.0.1:41234"), known
  // once the listeners are bound.
  std::vector<std::string> registry_endpoints;
};

// Register the handlers of every index / registry operation. Each returns an Error naming an
// operation the Router refused.
Result<void> register_index_handlers(http::Router& router, Services& services);
Result<void> register_registry_handlers(http::Router& router, Services& services);

}  // namespace drydock::simulator
