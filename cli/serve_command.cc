#include "serve_command.h"

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drydock/judge/judge.h"
#include "drydock/simulator/auth/password.h"
#include "drydock/simulator/simulator.h"
#include "drydock/simulator/storage/object_storage_url.h"
#include "drydock/spec/spec.h"
#include "exit_codes.h"
#include "faults/catalogue.h"
#include "judged_run.h"

namespace drydock::cli {

namespace {

// $XDG_STATE_HOME/drydock, else ~/.local/state/drydock; empty when neither is known.
std::string default_data_dir() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state != '\0') {
    return (std::filesystem::path(state) / "drydock").string();
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return (std::filesystem::path(home) / ".local" / "state" / "drydock").string();
  }
  return {};
}

void print_faults(std::ostream& out) {
  for (const auto& fault : simulator::faults::fault_catalogue()) {
    out << fault.name << "\n  side:    " << simulator::faults::side_name(fault.side)
        << "\n  seam:    " << simulator::faults::seam_name(fault.seam)
        << "\n  breaks:  " << fault.breaks;
    const bool survived = fault.catches.empty();
    const std::vector<std::string>& checks = survived ? fault.survives : fault.catches;
    out << (survived ? "\n  survived: these still pass: " : "\n  caught by: ");
    for (size_t i = 0; i < checks.size(); ++i) out << (i == 0 ? "" : ", ") << checks[i];
    if (fault.profile != "compat") out << " (with --profile " << fault.profile << ")";
    out << "\n";
  }
}

class ServeCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    serve_ = app.add_subcommand(
        "serve",
        "Run the reference index and registry until SIGINT or SIGTERM; prints the bound "
        "addresses once listening");
    auto* listen =
        serve_
            ->add_option("--listen", listen_,
                         "HOST:PORT of one listener serving the index and the registry (port 0: "
                         "any free port)")
            ->capture_default_str();
    auto* index = serve_->add_option("--index-listen", index_listen_,
                                     "HOST:PORT of the index; needs --registry-listen");
    auto* registry = serve_->add_option(
        "--registry-listen", registry_listen_,
        "HOST:PORT of the registry on its own listener; it validates tokens by asking the index");
    index->needs(registry);
    registry->needs(index);
    listen->excludes(index);
    auto* standalone = serve_->add_flag(
        "--standalone", standalone_,
        "A standalone registry on --listen: registry operations only, no token checks");
    standalone->excludes(index);
    serve_
        ->add_option("--registry-endpoint", registry_endpoints_,
                     "HOST[:PORT] the index names in X-Docker-Endpoints, as clients reach the "
                     "registry (behind a load balancer: its address; repeatable); default: the "
                     "registry listener's bound address")
        ->excludes(standalone);
    auto* data = serve_->add_option(
        "--data", data_dir_,
        "Directory for layers and the index database, private to this user: created 0700, "
        "refused if other users may read it (default: $XDG_STATE_HOME/drydock or "
        "~/.local/state/drydock)");
    auto* memory = serve_->add_flag("--memory", memory_, "Keep everything in memory");
    data->excludes(memory);
    auto* database = serve_->add_option(
        "--database", database_,
        "Keep the index state (accounts, repositories, image lists, the token key, spent "
        "single-use tokens) in PostgreSQL, not under --data or in memory: "
        "postgresql://[USER@]HOST[:PORT]/DBNAME[?PARAM=VALUE...], as libpq reads it. Servers on "
        "one database act as one index: each accepts the others' tokens and session cookies. "
        "connect_timeout and statement_timeout are 5 s unless the URL sets them "
        "(?connect_timeout=S, ?options=-c%20statement_timeout%3DMS); a statement that overruns "
        "fails its request. A dropped connection is reopened, and a request that had committed "
        "nothing yet runs again once. A password in the URL works but every user of the machine "
        "sees it in the process list: prefer PGPASSWORD or a passfile (~/.pgpass, PGPASSFILE), "
        "which libpq reads");
    serve_
        ->add_option("--database-connections", database_connections_,
                     "Connections to --database, at most (1 to 64), opened as concurrent "
                     "requests need them: requests on different connections run at once")
        ->check(CLI::Range(1, kMaxDatabaseConnections))
        ->needs(database)
        ->capture_default_str();
    add_storage_options();
    auto* cert = serve_->add_option("--tls-cert", tls_cert_, "PEM certificate: serve HTTPS")
                     ->check(CLI::ExistingFile);
    auto* key = serve_->add_option("--tls-key", tls_key_, "PEM private key of --tls-cert")
                    ->check(CLI::ExistingFile);
    cert->needs(key);
    key->needs(cert);
    serve_
        ->add_option("--tls-client-ca", tls_client_ca_,
                     "PEM CA: require client certificates signed by it")
        ->check(CLI::ExistingFile)
        ->needs(cert);
    serve_
        ->add_option("--admin", admin_,
                     "An admin account created or updated at start (library repositories): "
                     "USER:PASS, or USER with the password from --admin-password-file or "
                     "DRYDOCK_ADMIN_PASSWORD. A password given here is visible to every user of "
                     "the machine in the process list; the file and the variables are not")
        ->envname("DRYDOCK_ADMIN");
    serve_
        ->add_option("--admin-password-file", admin_password_file_,
                     "File whose first line is the --admin USER's password")
        ->check(CLI::ExistingFile);
    serve_
        ->add_option("--password-iterations", password_iterations_,
                     "PBKDF2 iterations of stored password hashes; each Basic-authenticated "
                     "request verifies one (fewer: faster, for throwaway test servers)")
        ->check(CLI::Range(1, auth::PasswordHasher::kMaxIterations))
        ->capture_default_str();
    serve_->add_option("--token-ttl", token_ttl_, "Lifetime of issued tokens, in seconds")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    serve_
        ->add_option("--token-policy", token_policy_,
                     "reusable: a token serves until it expires; single-use: spent on first "
                     "use, then a session cookie")
        ->check(CLI::IsMember({"reusable", "single-use"}))
        ->capture_default_str();
    serve_
        ->add_option("--profile", profile_,
                     "Where the documents and real servers disagree: docker-registry answers as "
                     "the 2014-2015 servers did; docs answers exactly as the documents say")
        ->check(CLI::IsMember({"docker-registry", "docs"}))
        ->capture_default_str();
    serve_->add_flag("--faults", faults_,
                     "Honour the X-Drydock-Fault request header (see --list-faults)");
    serve_->add_flag("--check-responses", check_responses_,
                     "Judge every reply against the spec and log violations on stderr");
    serve_->add_flag("--quiet", quiet_, "No access log");
    serve_
        ->add_option(
            "--judge", judge_dir_,
            "Judge every client request against the client rules of the v1 protocol (client/...: "
            "request shape, tokens, push and pull order, checksums, login) and write the verdicts "
            "to DIR as junit.xml, results.json, report.html and transcript.har (secrets redacted) "
            "on SIGINT or SIGTERM, and on SIGUSR1 while serving. Exit status: 1 when a rule "
            "failed, as drydock check; requests with X-Drydock-Check are not held against the "
            "client")
        ->type_name("DIR");
    serve_->add_flag("--list-faults", list_faults_,
                     "Print every fault: name, side, the seam it is applied at, what it breaks, "
                     "the checks that catch it (or, for a fault it survives, that still pass); "
                     "then exit");
    serve_->add_flag("--list-faults-markdown", list_faults_markdown_,
                     "Print the faults as README.md's markdown table; then exit");
  }

  // --storage and its settings: layers in an object store.
  void add_storage_options() {
    auto* storage = serve_->add_option(
        "--storage", storage_url_,
        "Keep layers and image metadata in an object store, not under --data: "
        "s3://BUCKET/PREFIX or swift://CONTAINER/PREFIX (the index database "
        "stays under --data, in memory with --memory, or in --database). Credentials come "
        "from --storage-credentials or the environment, never the command "
        "line: DRYDOCK_S3_ACCESS_KEY and DRYDOCK_S3_SECRET_KEY, or "
        "DRYDOCK_SWIFT_USER and DRYDOCK_SWIFT_KEY");
    serve_
        ->add_option("--storage-endpoint", storage_.endpoint,
                     "S3: the service's URL (path-style requests); Swift: the v1 "
                     "authentication URL")
        ->needs(storage);
    serve_->add_option("--storage-region", storage_.region, "S3: the bucket's region")
        ->needs(storage)
        ->capture_default_str();
    serve_
        ->add_option("--storage-credentials", storage_.credentials_file,
                     "File of KEY=VALUE lines holding the --storage credentials (the "
                     "environment gives those it lacks)")
        ->check(CLI::ExistingFile)
        ->needs(storage);
  }

  bool chosen() const override { return serve_ != nullptr && serve_->parsed(); }

  int run() override {
    if (list_faults_) {
      print_faults(std::cout);
      return kExitOk;
    }
    if (list_faults_markdown_) {
      std::cout << simulator::faults::markdown_table();
      return kExitOk;
    }
    auto options = make_options();
    if (!options) {
      std::cerr << "drydock serve: " << options.error().message << "\n";
      return kExitError;
    }
    return serve(*options, judge_dir_);
  }

 private:
  Result<simulator::Options> make_options() const {
    simulator::Options options;
    options.listen = listen_;
    if (!index_listen_.empty()) {
      options.index_listen = index_listen_;
      options.registry_listen = registry_listen_;
    }
    options.standalone = standalone_;
    options.registry_endpoints = registry_endpoints_;
    options.memory = memory_;
    if (!memory_) {
      options.data_dir = data_dir_.empty() ? default_data_dir() : data_dir_;
      if (options.data_dir.empty()) {
        return Error::invalid(
            "no data directory: set --data, XDG_STATE_HOME or HOME, or use "
            "--memory");
      }
    }
    if (!database_.empty()) {
      if (!database_.starts_with("postgresql://") && !database_.starts_with("postgres://")) {
        return Error::invalid("--database: expected a postgresql:// URL");
      }
      options.database = database_;
      options.database_connections = database_connections_;
    }
    if (!storage_url_.empty()) {
      auto storage = storage::open_object_storage(storage_url_, storage_);
      if (!storage) return Error{storage.error().code, "--storage: " + storage.error().message};
      options.layer_storage = std::move(storage).value();
    }
    if (!tls_cert_.empty()) options.tls = simulator::TlsFiles{tls_cert_, tls_key_, tls_client_ca_};
    if (!admin_.empty()) {
      auto admin = admin_account();
      if (!admin) return admin.error();
      options.admin = std::move(admin).value();
    }
    options.password_iterations = password_iterations_;
    options.token_ttl = std::chrono::seconds(token_ttl_);
    options.token_policy = token_policy_ == "single-use" ? simulator::TokenPolicyOption::kSingleUse
                                                         : simulator::TokenPolicyOption::kReusable;
    options.profile = *spec::parse_profile(profile_);  // CLI11 checked the name
    options.faults = faults_;
    options.check_responses = check_responses_;
    auto log_mutex = std::make_shared<std::mutex>();
    if (!quiet_) {
      options.access_log = [log_mutex](const std::string& line) {
        std::lock_guard lock(*log_mutex);
        std::cerr << line << "\n";
      };
    }
    options.error_log = [log_mutex](const std::string& line) {
      std::lock_guard lock(*log_mutex);
      std::cerr << "drydock serve: " << line << "\n";
    };
    return options;
  }

  // "USER:PASS" from --admin, or from --admin USER and the password from --admin-password-file or
  // DRYDOCK_ADMIN_PASSWORD.
  Result<std::string> admin_account() const {
    const bool has_password = admin_.find(':') != std::string::npos;
    if (has_password && !admin_password_file_.empty()) {
      return Error::invalid("--admin USER:PASS and --admin-password-file both give a password");
    }
    if (has_password) return admin_;
    if (!admin_password_file_.empty()) {
      std::ifstream file(admin_password_file_);
      std::string password;
      if (!std::getline(file, password) || password.empty()) {
        return Error::invalid("--admin-password-file " + admin_password_file_ +
                              ": no password on its first line");
      }
      if (password.back() == '\r') password.pop_back();
      return admin_ + ":" + password;
    }
    if (const char* password = std::getenv("DRYDOCK_ADMIN_PASSWORD");
        password != nullptr && *password != '\0') {
      return admin_ + ":" + password;
    }
    return Error::invalid("--admin " + admin_ +
                          ": no password (USER:PASS, --admin-password-file or "
                          "DRYDOCK_ADMIN_PASSWORD)");
  }

  static int serve(simulator::Options options, const std::string& judge_dir) {
    std::unique_ptr<judge::Judge> judge;
    if (!judge_dir.empty()) {
      if (auto writable = writable_directory(judge_dir); !writable) {
        std::cerr << "drydock serve: --judge: " << writable.error().message << "\n";
        return kExitError;
      }
      judge = std::make_unique<judge::Judge>(
          spec::Spec::embedded(),
          judge::JudgeOptions{options.profile, !options.standalone,
                              options.token_policy == simulator::TokenPolicyOption::kSingleUse,
                              judge::JudgeOptions{}.kept_exchanges, options.token_ttl});
      options.on_exchange = [&judge = *judge](const ObservedExchange& e) { judge.observe(e); };
      options.body_digest_seed = [&judge = *judge](const ObservedExchange& e) {
        return judge.digest_seed(e);
      };
    }
    sigset_t signals = block_stop_signals(judge != nullptr);  // before any server thread starts
    simulator::Simulator sim(spec::Spec::embedded());
    auto bound = sim.start(options);
    if (!bound) {
      std::cerr << "drydock serve: " << bound.error().message << "\n";
      return kExitError;
    }
    if (!bound->index_url.empty()) std::cout << "index    " << bound->index_url << "\n";
    std::cout << "registry " << bound->registry_url << std::endl;  // flushed: callers read it
    conformance::RunInfo info = judge_run_info(*bound, options, judge_dir);
    int received = wait_for_signal(signals);
    for (; received == SIGUSR1; received = wait_for_signal(signals)) {
      write_judge_reports(*judge, info, judge_dir);
    }
    std::cerr << "drydock serve: " << (received == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
    sim.stop();
    if (!judge) return kExitOk;
    return write_judge_reports(*judge, info, judge_dir);
  }

  static conformance::RunInfo judge_run_info(const simulator::BoundAddresses& bound,
                                             const simulator::Options& options,
                                             const std::string& judge_dir) {
    conformance::RunInfo info;
    info.tool_version = DRYDOCK_VERSION;
    info.spec_version = spec::Spec::embedded().version();
    info.started_at = std::chrono::system_clock::now();
    info.index_url = bound.index_url;
    info.registry_url = bound.registry_url;
    info.profile = options.profile;
    info.config = {{"command", "serve --judge"},
                   {"judge", judge_dir},
                   {"standalone", options.standalone},
                   {"token_policy", options.token_policy == simulator::TokenPolicyOption::kSingleUse
                                        ? "single-use"
                                        : "reusable"}};
    return info;
  }

  // Writes the judge's reports into `dir`; returns the exit status they give (write_verdicts).
  static int write_judge_reports(const judge::Judge& judge, const conformance::RunInfo& info,
                                 const std::string& dir) {
    conformance::Report report = judge.report(info);
    return write_verdicts(report, dir, "drydock serve",
                          "judged clients: " + count_outcomes(report, {"client/"}, "rules"));
  }

  CLI::App* serve_ = nullptr;
  std::string listen_ = "127.0.0.1:5000";
  std::string index_listen_;
  std::string registry_listen_;
  bool standalone_ = false;
  std::vector<std::string> registry_endpoints_;
  std::string data_dir_;
  bool memory_ = false;
  std::string database_;
  int database_connections_ = simulator::Options().database_connections;
  static constexpr int kMaxDatabaseConnections = 64;
  std::string storage_url_;
  storage::ObjectStorageSettings storage_;
  std::string tls_cert_;
  std::string tls_key_;
  std::string tls_client_ca_;
  std::string admin_;
  std::string admin_password_file_;
  int password_iterations_ = auth::PasswordHasher::kDefaultIterations;
  int64_t token_ttl_ = 3600;
  std::string token_policy_ = "reusable";
  std::string profile_ = "docker-registry";
  bool faults_ = false;
  bool check_responses_ = false;
  bool quiet_ = false;
  std::string judge_dir_;
  bool list_faults_ = false;
  bool list_faults_markdown_ = false;
};

}  // namespace

std::unique_ptr<Command> make_serve_command() {
  return std::make_unique<ServeCommand>();
}

}  // namespace drydock::cli
