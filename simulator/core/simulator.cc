// The Simulator facade: builds the services the handlers share, routes both sides from the spec,
// refuses to start with an unhandled operation, and runs one or two HttpServers.
#include "drydock/simulator/simulator.h"

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "core/handler_coverage.h"
#include "core/listen_address.h"
#include "core/services.h"
#include "drydock/common/private_files.h"
#include "drydock/simulator/accounts/accounts.h"
#include "drydock/simulator/auth/access.h"
#include "drydock/simulator/auth/clock.h"
#include "drydock/simulator/auth/session.h"
#include "drydock/simulator/auth/token.h"
#include "drydock/simulator/http/context.h"
#include "drydock/simulator/http/headers.h"
#include "drydock/simulator/http/request.h"
#include "drydock/simulator/http/router.h"
#include "drydock/simulator/http/server.h"
#include "drydock/simulator/registry/token_validators.h"
#include "drydock/simulator/storage/caching_storage.h"
#include "drydock/simulator/storage/filesystem_storage.h"
#include "drydock/simulator/storage/memory_storage.h"
#include "drydock/spec/spec.h"
#include "faults/faults.h"

namespace drydock::simulator {
namespace {

// A password hash of at most this many iterations (about 0.5 ms) may run on an I/O thread.
constexpr int kInlineHashIterations = 1000;

// Listeners as Options describe them, parsed.
struct Layout {
  std::optional<ListenAddress> index;  // null for a standalone registry
  ListenAddress registry;              // equal to `index` for one combined listener
  bool combined = false;
};

Result<Layout> parse_layout(const Options& options) {
  if (options.index_listen.has_value() != options.registry_listen.has_value()) {
    return Error::invalid("give both index_listen and registry_listen, or neither");
  }
  if (options.standalone && options.index_listen) {
    return Error::invalid("a standalone registry has no index listener");
  }
  Layout layout;
  const std::string& registry_text =
      options.registry_listen ? *options.registry_listen : options.listen;
  auto registry = parse_listen_address(registry_text);
  if (!registry) return registry.error();
  layout.registry = *registry;
  if (options.standalone) return layout;
  if (!options.index_listen) {
    layout.index = layout.registry;
    layout.combined = true;
    return layout;
  }
  auto index = parse_listen_address(*options.index_listen);
  if (!index) return index.error();
  layout.index = *index;
  return layout;
}

struct AccountCredentials {
  std::string user;
  std::string password;
};

// "USER:PASS": the password may hold ':'; only the first one splits.
Result<AccountCredentials> parse_account(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return Error::invalid("expected USER:PASS with a non-empty user and password");
  }
  return AccountCredentials{std::string(text.substr(0, colon)),
                            std::string(text.substr(colon + 1))};
}

// `location` (a file path or a postgresql:// URL) without what may be secret in a URL: the
// password of its user and its query parameters.
std::string printable_location(const std::string& location) {
  const size_t scheme = location.find("://");
  if (scheme == std::string::npos) return location;
  std::string out = location.substr(0, location.find('?'));
  const size_t at = out.find('@', scheme);
  const size_t colon = out.find(':', scheme + 3);
  if (at != std::string::npos && colon != std::string::npos && colon < at) {
    out.replace(colon, at - colon, ":***");
  }
  return out;
}

Result<std::shared_ptr<storage::Storage>> open_storage(const Options& options) {
  if (options.memory) {
    if (options.layer_storage) return options.layer_storage;
    return std::shared_ptr<storage::Storage>(new storage::MemoryStorage());
  }
  if (options.data_dir.empty()) return Error::invalid("no data directory (and not in memory)");
  // The data directory holds the token signing key (index.db): it, and everything in it, is
  // private to the server's user (README "What the simulator guarantees").
  if (auto opened = open_private_directory(options.data_dir); !opened) return opened.error();
  if (options.layer_storage) return options.layer_storage;
  std::filesystem::path layers = std::filesystem::path(options.data_dir) / "layers";
  if (auto created = create_private_directories(layers); !created) {
    return Error::io("data directory " + layers.string() + ": " + created.error().message);
  }
  auto opened = storage::FilesystemStorage::open(layers);
  if (!opened)
    return Error::io("data directory " + layers.string() + ": " + opened.error().message);
  // Image metadata reads (JSON, checksums, marks, sizes) are answered from memory once read: the
  // simulator is the one writer of its data directory.
  return std::shared_ptr<storage::Storage>(
      new storage::CachingStorage(std::shared_ptr<storage::Storage>(std::move(opened).value())));
}

}  // namespace

struct Simulator::Impl {
  explicit Impl(const spec::Spec& s) : spec(s) {}

  Result<BoundAddresses> start();
  Result<void> open_services(const Layout& layout);
  http::Router& add_router(http::ServedSides sides);
  // Starts a server for `router` on `address`; returns the address clients dial ("host:port").
  // `blocking`: the router's handlers may wait on something slow (the index, for a token), so
  // they run on worker threads and never hold up the server's I/O threads.
  Result<std::string> listen(const http::Router& router, const ListenAddress& address,
                             bool blocking = false);
  // What X-Docker-Endpoints names: Options::registry_endpoints, else the registry's `dial`.
  std::vector<std::string> advertised(const std::string& dial) const {
    if (!options.registry_endpoints.empty()) return options.registry_endpoints;
    return {dial};
  }
  std::string url(const std::string& dial) const {
    return (options.tls ? "https://" : "http://") + dial;
  }

  const spec::Spec& spec;
  Options options;
  Services services;
  // Declared before the servers, so the servers (which call into them) are destroyed first.
  std::vector<std::unique_ptr<http::Router>> routers;
  std::vector<std::unique_ptr<http::HttpServer>> servers;
  bool started = false;
};

Result<void> Simulator::Impl::open_services(const Layout& layout) {
  services.options = &options;
  services.clock = std::make_shared<auth::SystemClock>();
  auto store = open_storage(options);
  if (!store) return store.error();
  services.storage = std::move(store).value();
  if (options.faults) services.storage = faults::faulty(std::move(services.storage));
  if (options.layer_storage && !options.faults) {
    services.complete_images = std::make_shared<storage::CompleteImages>();
  }
  if (!layout.index) {
    services.token_validator = std::make_shared<registry::StandaloneTokenValidator>();
    return {};
  }

  std::string db_path = !options.database.empty() ? options.database
                        : options.memory
                            ? std::string(":memory:")
                            : (std::filesystem::path(options.data_dir) / "index.db").string();
  accounts::AccountsOptions accounts_options;
  accounts_options.clock = services.clock.get();
  accounts_options.connections = options.database_connections;
  if (options.password_iterations < 1 ||
      options.password_iterations > auth::PasswordHasher::kMaxIterations) {
    return Error::invalid("password iterations must be 1 to " +
                          std::to_string(auth::PasswordHasher::kMaxIterations));
  }
  accounts_options.hasher = auth::PasswordHasher(options.password_iterations);
  auto opened = accounts::Accounts::open(db_path, std::move(accounts_options));
  if (!opened) {
    return Error::io("index database " + printable_location(db_path) + ": " +
                     opened.error().message);
  }
  services.accounts = std::shared_ptr<accounts::Accounts>(std::move(opened).value());
  if (options.admin) {
    auto admin = parse_account(*options.admin);
    if (!admin) return Error::invalid("admin account: " + admin.error().message);
    auto made = services.accounts->ensure_admin(admin->user, admin->password);
    if (!made) return Error::io("admin account: " + made.error().message);
  }
  if (options.inactive) {
    auto inactive = parse_account(*options.inactive);
    if (!inactive) return Error::invalid("inactive account: " + inactive.error().message);
    auto made = services.accounts->create_user(inactive->user, inactive->user + "@inactive.invalid",
                                               inactive->password, /*active=*/false);
    if (!made && made.error().code != ErrorCode::kConflict) {
      return Error::io("inactive account: " + made.error().message);
    }
  }

  auto secret = services.accounts->token_secret();
  if (!secret) return Error::io("token secret: " + secret.error().message);
  auth::TokenOptions token_options;
  token_options.ttl = options.token_ttl;
  token_options.policy = options.token_policy == TokenPolicyOption::kSingleUse
                             ? auth::TokenPolicy::kSingleUse
                             : auth::TokenPolicy::kReusable;
  // On a database other servers share, a single-use token spent here is spent for them too.
  std::shared_ptr<auth::SpentTokenStore> spent;
  if (services.accounts->shared()) {
    spent = std::make_shared<accounts::SharedSpentTokens>(services.accounts);
  }
  services.tokens = std::make_shared<auth::TokenSigner>(*secret, token_options, std::move(spent));
  services.sessions = std::make_shared<auth::Sessions>(*secret, options.token_ttl);
  if (layout.combined || options.in_process_token_checks) {
    // The index's image list of each granted repository, read where the index keeps it.
    auto images = [accounts = services.accounts](
                      std::string_view repository) -> std::optional<std::vector<std::string>> {
      const auto slash = repository.find('/');
      if (accounts == nullptr || slash == std::string_view::npos) return std::nullopt;
      auto listed = accounts->images(repository.substr(0, slash), repository.substr(slash + 1));
      if (!listed) return std::nullopt;
      std::vector<std::string> ids;
      for (const accounts::ImageEntry& entry : *listed) ids.push_back(entry.id);
      return ids;
    };
    services.token_validator = std::make_shared<registry::LocalTokenValidator>(
        services.tokens, services.sessions, services.clock, std::move(images));
  }
  // Split listeners: the RemoteTokenValidator needs the index's bound address (start()).
  return {};
}

http::Router& Simulator::Impl::add_router(http::ServedSides sides) {
  http::RouterOptions router_options;
  router_options.sides = sides;
  router_options.check_responses = options.check_responses;
  router_options.faults = options.faults;
  router_options.profile = options.profile;
  router_options.profile_header_values = {
      {"X-Docker-Registry-Version", std::string(kRegistryVersion)}};
  if (options.faults) faults::install(router_options);
  router_options.on_exchange = options.on_exchange;
  router_options.body_digest_seed = options.body_digest_seed;
  if (options.error_log) {
    router_options.log = [log = options.error_log](std::string_view line) {
      log(std::string(line));
    };
  }
  routers.push_back(std::make_unique<http::Router>(spec, std::move(router_options)));
  return *routers.back();
}

Result<std::string> Simulator::Impl::listen(const http::Router& router,
                                            const ListenAddress& address, bool blocking) {
  http::ServerOptions server_options;
  // A handler runs on a worker when it may wait: every handler of a blocking router; one with a
  // body when that body may be written somewhere slow (a file flushed to disk, an object store),
  // or hashed as a new password; a Basic-authenticated one, which verifies a password hash (about
  // 50 ms at the default count); one that asks for a fault, which may make its backend slow. The
  // embedded simulator of `drydock check` (memory storage, the cheapest hash) runs the rest on its
  // I/O threads.
  const bool slow_writes = !options.memory || options.layer_storage != nullptr;
  const bool slow_hashes = options.password_iterations > kInlineHashIterations;
  const bool faults = options.faults;
  server_options.runs_long = [blocking, slow_writes, slow_hashes, faults](
                                 const http::Request& request, bool has_body) {
    if (blocking) return true;
    if (faults && request.headers.get(http::kFaultHeader)) return true;
    if (has_body && (slow_writes || slow_hashes)) return true;
    if (!slow_hashes) return false;
    std::optional<std::string> authorization = request.headers.get("Authorization");
    return authorization && authorization->size() >= 6 &&
           http::iequals(std::string_view(*authorization).substr(0, 6), "Basic ");
  };
  server_options.host = address.host;
  server_options.port = address.port;
  if (options.tls) {
    server_options.tls = http::TlsOptions{options.tls->cert_file, options.tls->key_file,
                                          options.tls->client_ca_file};
  }
  if (options.access_log) {
    server_options.access_log = [log = options.access_log](std::string_view line) {
      log(std::string(line));
    };
  }
  if (options.error_log) {
    server_options.error_log = [log = options.error_log](std::string_view line) {
      log(std::string(line));
    };
  }
  auto server = std::make_unique<http::HttpServer>(router, std::move(server_options));
  auto port = server->start();
  if (!port) {
    return Error::io("listen on " + address.host + ":" + std::to_string(address.port) + ": " +
                     port.error().message);
  }
  servers.push_back(std::move(server));
  return dial_address(address, *port);
}

Result<BoundAddresses> Simulator::Impl::start() {
  auto layout = parse_layout(options);
  if (!layout) return layout.error();
  if (auto opened = open_services(*layout); !opened) return opened.error();

  BoundAddresses bound;
  if (!layout->index) {  // standalone: the registry alone, every token passes
    http::Router& router = add_router(http::ServedSides::kRegistry);
    if (auto r = register_registry_handlers(router, services); !r) return r.error();
    if (auto r = require_every_handler(router, "registry"); !r) return r.error();
    auto dial = listen(router, layout->registry);
    if (!dial) return dial.error();
    services.registry_endpoints = advertised(*dial);
    bound.registry_url = url(*dial);
    return bound;
  }

  if (layout->combined) {
    http::Router& router = add_router(http::ServedSides::kBoth);
    if (auto r = register_index_handlers(router, services); !r) return r.error();
    if (auto r = register_registry_handlers(router, services); !r) return r.error();
    if (auto r = require_every_handler(router, "index and registry"); !r) return r.error();
    auto dial = listen(router, layout->registry);
    if (!dial) return dial.error();
    services.registry_endpoints = advertised(*dial);
    bound.index_url = bound.registry_url = url(*dial);
    return bound;
  }

  // Split: the index first, so the registry can validate tokens against its bound address.
  http::Router& index_router = add_router(http::ServedSides::kIndex);
  if (auto r = register_index_handlers(index_router, services); !r) return r.error();
  if (auto r = require_every_handler(index_router, "index"); !r) return r.error();
  auto index_dial = listen(index_router, *layout->index);
  if (!index_dial) return index_dial.error();
  bound.index_url = url(*index_dial);

  if (!options.in_process_token_checks) {  // else open_services() gave the local validator
    std::shared_ptr<const registry::RegistrySessions> sessions;
    if (services.tokens->options().policy == auth::TokenPolicy::kSingleUse) {
      sessions = std::make_shared<registry::RegistrySessions>(services.sessions, services.clock);
    }
    // The index serves the certificate the registry trusts it by.
    services.token_validator = std::make_shared<registry::RemoteTokenValidator>(
        bound.index_url, std::chrono::seconds(10), options.tls ? options.tls->cert_file : "",
        std::move(sessions));
  }
  http::Router& registry_router = add_router(http::ServedSides::kRegistry);
  if (auto r = register_registry_handlers(registry_router, services); !r) return r.error();
  if (auto r = require_every_handler(registry_router, "registry"); !r) return r.error();
  // Every token check is a request to the index, unless the index's signer checks it here.
  auto registry_dial =
      listen(registry_router, layout->registry, /*blocking=*/!options.in_process_token_checks);
  if (!registry_dial) return registry_dial.error();
  services.registry_endpoints = advertised(*registry_dial);
  bound.registry_url = url(*registry_dial);
  return bound;
}

Simulator::Simulator(const spec::Spec& spec) : impl_(std::make_unique<Impl>(spec)) {}

Simulator::~Simulator() {
  stop();
}

Result<BoundAddresses> Simulator::start(const Options& options) {
  if (impl_->started) return Error::invalid("the simulator is already started");
  impl_->started = true;
  impl_->options = options;
  auto bound = impl_->start();
  if (!bound) stop();  // a half-started simulator releases what it opened
  return bound;
}

// Last started, first stopped: a registry on its own listener stops before the index, and then
// closes the connections it kept to the index (the index's workers would otherwise wait out
// their keep-alive timeout before stopping).
void Simulator::stop() {
  for (auto it = impl_->servers.rbegin(); it != impl_->servers.rend(); ++it) {
    (*it)->stop();
    if (it + 1 != impl_->servers.rend() && impl_->services.token_validator) {
      impl_->services.token_validator->release_connections();
    }
  }
}

size_t Simulator::response_violations() const {
  size_t total = 0;
  for (const auto& router : impl_->routers) total += router->response_checker().violation_count();
  return total;
}

Result<std::string> Simulator::issue_token(std::string_view repository, std::string_view access,
                                           std::chrono::system_clock::time_point issued_at) const {
  if (!impl_ || !impl_->services.tokens) {
    return Error::invalid("this simulator issues no tokens (not started, or standalone)");
  }
  std::optional<auth::Access> parsed = auth::parse_access(access);
  if (!parsed) return Error::invalid("unknown token access '" + std::string(access) + "'");
  return impl_->services.tokens->issue(repository, *parsed, issued_at);
}

Result<std::string> Simulator::issue_token_expiring(std::string_view repository,
                                                    std::string_view access,
                                                    std::chrono::seconds expires_in) const {
  if (!impl_ || !impl_->services.clock) {
    return Error::invalid("this simulator issues no tokens (not started)");
  }
  return issue_token(repository, access,
                     impl_->services.clock->now() + expires_in - impl_->options.token_ttl);
}

}  // namespace drydock::simulator
