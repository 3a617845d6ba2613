#include "check_command.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "drydock/common/digest.h"
#include "drydock/common/target_url.h"
#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/runner.h"
#include "drydock/conformance/sample_repository.h"
#include "drydock/simulator/simulator.h"
#include "exit_codes.h"
#include "option_sources.h"
#include "stop_signals.h"

namespace drydock::cli {

namespace {

using conformance::Account;

// What `drydock check --help` says after the options.
constexpr char kHelpFooter[] =
    "Every option can also come from the environment variable DRYDOCK_<NAME> (--report-dir: "
    "DRYDOCK_REPORT_DIR) and from the file --config FILE names (TOML, or INI when it ends in "
    ".ini; keys are option names without the dashes: report-dir = \"out\", at the top or under "
    "[check]). The command line wins over the environment, the environment over the file, and the "
    "file over the defaults. Passwords on the command line are visible to other users of this "
    "machine (ps): prefer the environment or a file only you can read. Deliberate bad input (every "
    "request of a check that expects a refusal, and a workflow's refused steps) carries "
    "X-Drydock-Check: <check id>, so a client judge (drydock serve --judge) does not hold it "
    "against the runner.";

std::vector<std::string> split_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t comma = v.find(',', start);
      std::string part =
          v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) out.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// Parses "1048576", "512K", "64M" or "1G" (powers of 1024) into bytes; nullopt when malformed.
std::optional<std::uint64_t> parse_size(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t unit = 1;
  std::string digits = text;
  switch (std::toupper(static_cast<unsigned char>(text.back()))) {
    case 'K':
      unit = 1ULL << 10;
      break;
    case 'M':
      unit = 1ULL << 20;
      break;
    case 'G':
      unit = 1ULL << 30;
      break;
    default:
      break;
  }
  if (unit != 1) digits.pop_back();
  if (digits.empty() || digits.size() > 12 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::uint64_t value = std::stoull(digits) * unit;
  if (value == 0) return std::nullopt;
  return value;
}

// A temporary directory, removed with everything in it when destroyed.
class TempDir {
 public:
  TempDir() = default;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  bool create() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "drydock-check-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return false;
    path_ = pattern;
    return true;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class CheckCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand("check", "Check a Docker Hub (index) v1 and Registry v1 server");
    cmd_->footer(kHelpFooter);
    cmd_->add_option("--config", config_,
                     "A TOML or INI file of options (below the command line and environment)");
    cmd_->add_option("--index", index_, "Index URL (with --registry alone: standalone registry)");
    cmd_->add_option("--registry", registry_, "Registry URL");
    cmd_->add_option("--user", user_.username, "Account name");
    cmd_->add_option("--password", user_.password,
                     "Account password (visible to other users here: prefer the environment)");
    cmd_->add_option("--user2", user2_.username, "A second account (permission checks)");
    cmd_->add_option("--password2", user2_.password, "The second account's password (secret)");
    cmd_->add_option("--admin", admin_.username,
                     "An index administrator (library repositories; those checks skip without)");
    cmd_->add_option("--admin-password", admin_.password, "The administrator's password (secret)");
    cmd_->add_option("--inactive-user", inactive_.username,
                     "An account the index has not activated (the 403 checks skip without)");
    cmd_->add_option("--inactive-password", inactive_.password, "Its password (secret)");
    cmd_->add_option("--profile", profile_,
                     "docs, docker-registry or compat (either, the default); the embedded "
                     "simulator answers docs under docs, docker-registry otherwise")
        ->check(CLI::IsMember({"docs", "docker-registry", "compat"}));
    cmd_->add_flag("--strict", strict_, "Also run SHOULD-level checks");
    cmd_->add_option("--only", only_,
                     "Run checks whose ID starts with this (repeatable, comma list)");
    cmd_->add_option("--skip", skip_, "Do not run checks whose ID starts with this");
    cmd_->add_option("--baseline", baseline_, "Known failures: JSON or 'ID  reason' lines");
    cmd_->add_flag("--list", list_, "Print the selected checks and run nothing");
    cmd_->add_option("--report-dir", report_dir_, "Where reports go (default reports/)");
    cmd_->add_option("--format", format_,
                     "Report formats: junit,json,html,har; with --list: text or markdown");
    cmd_->add_option("--timeout", timeout_, "Seconds per request (default 10)")
        ->check(CLI::PositiveNumber);
    cmd_->add_option("--deadline", deadline_, "Seconds for the whole run (default 300)")
        ->check(CLI::PositiveNumber);
    cmd_->add_option("--cacert", cacert_, "PEM bundle to trust");
    cmd_->add_flag("--insecure", insecure_, "Do not verify TLS certificates");
    cmd_->add_option("--cert", cert_, "Client certificate (PEM)");
    cmd_->add_option("--key", key_, "Client key (PEM)");
    cmd_->add_option("--jobs", jobs_, "Checks run at once (default: cores, at least 2)")
        ->check(CLI::PositiveNumber);
    cmd_->add_option("--token-policy", token_policy_,
                     "The target's token policy: reusable (default) or single-use; without a "
                     "target, the policy of the in-process simulator")
        ->check(CLI::IsMember({"reusable", "single-use"}));
    cmd_->add_option("--large-layer", large_layer_,
                     "Also push and pull, streamed, one layer of this size (bytes, or K/M/G)");
    cmd_->add_flag("--read-only", read_only_,
                   "Check without writing: the read checks of --repository on --registry (and "
                   "--index); with no target, a repository pushed to the in-process simulator");
    cmd_->add_option("--repository", repository_,
                     "With --read-only: an existing repository, NS/NAME or NS/NAME:TAG");
    cmd_->add_option("--inject-fault", fault_,
                     "Testing: send X-Drydock-Fault: NAME with every request");
    name_environment_variables(*cmd_);
  }

  // --list: one line per check (level under --profile), or with --format markdown the audit table
  // of every profile. A --format of report formats prints the text list.
  int list(const std::vector<conformance::Check>& checks) {
    Result<conformance::Selection> selection =
        conformance::select_checks(checks, split_list(only_), split_list(skip_));
    if (!selection.ok()) return usage(selection.error().message, {});
    if (format_ == "markdown") {
      conformance::list_checks_markdown(std::cout, selection->checks);
    } else if (format_ == "text" || cmd_->count("--format") == 0 ||
               conformance::parse_report_formats(format_).ok()) {
      // Report formats (from a config file shared with runs, say) do not apply to a list.
      conformance::list_checks(std::cout, selection->checks, *spec::parse_profile(profile_));
    } else {
      return usage("--list prints text or markdown, not " + format_, {});
    }
    return kExitOk;
  }

  bool chosen() const override { return cmd_ != nullptr && cmd_->parsed(); }

  int run() override {
    if (!config_.empty()) {
      if (Result<void> applied = apply_config_file(*cmd_, config_); !applied.ok()) {
        Result<std::vector<conformance::ReportFormat>> formats =
            conformance::parse_report_formats(format_);
        return usage(applied.error().message,
                     formats.ok() ? *formats : std::vector<conformance::ReportFormat>{});
      }
    }
    const spec::Spec& spec = spec::Spec::embedded();
    std::vector<conformance::Check> checks = read_only_
                                                 ? conformance::make_read_only_catalogue(spec)
                                                 : conformance::make_catalogue(spec);
    if (list_) return list(checks);
    Result<std::vector<conformance::ReportFormat>> formats =
        conformance::parse_report_formats(format_);
    if (!formats.ok()) return usage(formats.error().message, {});
    Result<conformance::Selection> selection =
        conformance::select_checks(checks, split_list(only_), split_list(skip_));
    if (!selection.ok()) return usage(selection.error().message, *formats);
    conformance::Baseline baseline;
    if (!baseline_.empty()) {
      Result<conformance::Baseline> loaded = conformance::load_baseline(baseline_);
      if (!loaded.ok()) return usage(loaded.error().message, *formats);
      baseline = *loaded;
      baseline.warnings = conformance::unknown_entries(baseline, checks);
    }
    Result<conformance::RunOptions> options = make_options();
    if (!options.ok()) return usage(options.error().message, *formats);

    // From here on a signal stops the run, which still writes its reports: also while the
    // embedded simulator starts and the run registers its accounts.
    conformance::StopRequest stop;
    const bool embedded = options->index_url.empty() && options->registry_url.empty();
    StopOnSignals on_signals(stop, /*cleans_up=*/!embedded);
    TempDir data;  // outlives `sim`: a large layer goes to disk, not to memory
    simulator::Simulator sim(spec);
    if (embedded) {
      std::string password = to_hex(random_bytes(12));
      simulator::Options sim_options;
      // Index and registry apart, as the Hub ran them: the registry validates tokens by asking
      // the index, and every check can name its side.
      sim_options.index_listen = "127.0.0.1:0";
      sim_options.registry_listen = "127.0.0.1:0";
      // The registry checks tokens with the index's signer here: the same answers as asking the
      // index over HTTP, without a request to it per registry request. With a fault, over HTTP,
      // as the fault table's proofs run: a fault follows the request to the index.
      sim_options.in_process_token_checks = fault_.empty();
      sim_options.memory = true;
      if (options->large_layer > 0) {
        if (!data.create()) return usage("cannot create a temporary data directory", *formats);
        sim_options.memory = false;
        sim_options.data_dir = data.path();
      }
      sim_options.admin = "drydock_admin:" + password;
      sim_options.inactive = "drydock_inactive:" + password;
      sim_options.password_iterations = 1;  // its accounts live as long as this run
      sim_options.faults = !fault_.empty();
      sim_options.profile = *spec::parse_profile(profile_);  // compat answers as docker-registry
      sim_options.token_policy = token_policy_ == "single-use"
                                     ? simulator::TokenPolicyOption::kSingleUse
                                     : simulator::TokenPolicyOption::kReusable;
      Result<simulator::BoundAddresses> bound = sim.start(sim_options);
      if (!bound.ok())
        return usage("cannot start the simulator: " + bound.error().message, *formats);
      options->index_url = bound->index_url;
      options->registry_url = bound->registry_url;
      options->clean_up = false;  // the simulator and all it holds end with the run
      options->admin = {"drydock_admin", password, ""};
      options->inactive = {"drydock_inactive", password, ""};
      // The runner holds this simulator's signing key, so it can mint expired tokens.
      options->mint_token = [&sim](const std::string& repository, const std::string& access,
                                   std::chrono::seconds expires_in) -> std::optional<std::string> {
        Result<std::string> token = sim.issue_token_expiring(repository, access, expires_in);
        return token.ok() ? std::optional<std::string>(*token) : std::nullopt;
      };
      std::cout << "checking the in-process simulator: index " << bound->index_url << ", registry "
                << bound->registry_url << "\n";
      if (options->read_only) {
        // Something to read: pushed first, then read without writing.
        Result<conformance::SampleRepository> pushed =
            conformance::push_sample_repository(spec, *options);
        if (!pushed.ok()) return usage(pushed.error().message, *formats);
        options->repository = pushed->repository;
        std::cout << "pushed " << pushed->repository << " to it; reading it read-only\n";
      }
    }

    conformance::ConsoleReporter console(std::cout);
    conformance::FileReporter files(report_dir_, *formats);
    options->stop = &stop;
    conformance::RunReport report =
        conformance::run_checks(spec, selection->checks, *options, baseline, {&console, &files});
    for (const std::string& line : report.not_cleaned) {
      std::cerr << "drydock: check: not cleaned up: " << line << "\n";
    }
    for (const std::string& note : report.summary.notes) {
      std::cerr << "drydock: check: warning: " << note << "\n";
    }
    if (!files.status().ok()) {
      std::cerr << "drydock: check: " << files.status().error().message << "\n";
      return kExitError;
    }
    if (!report.fatal.empty()) std::cerr << "drydock: check: " << report.fatal << "\n";
    return conformance::exit_code(report);
  }

 private:
  Result<conformance::RunOptions> make_options() {
    for (const auto& [flag, url] : {std::pair{"--index", &index_}, {"--registry", &registry_}}) {
      if (Result<void> valid = check_target_url(flag, *url); !valid.ok()) return valid.error();
    }
    conformance::RunOptions o;
    o.index_url = index_;
    o.registry_url = registry_;
    o.user = user_;
    o.user2 = user2_;
    o.admin = admin_;
    o.inactive = inactive_;
    if (o.user.username.empty() != o.user.password.empty()) {
      return Error::invalid("--user and --password go together");
    }
    if (o.user2.username.empty() != o.user2.password.empty()) {
      return Error::invalid("--user2 and --password2 go together");
    }
    if (o.admin.username.empty() != o.admin.password.empty()) {
      return Error::invalid("--admin and --admin-password go together");
    }
    if (cert_.empty() != key_.empty()) return Error::invalid("--cert and --key go together");
    if (Result<void> read = read_only_options(); !read.ok()) return read.error();
    o.read_only = read_only_;
    o.repository = repository_;
    o.profile = *spec::parse_profile(profile_);
    o.strict = strict_;
    o.only = split_list(only_);
    o.skip = split_list(skip_);
    o.timeout = std::chrono::milliseconds(static_cast<long long>(timeout_ * 1000));
    o.deadline = std::chrono::milliseconds(static_cast<long long>(deadline_ * 1000));
    o.jobs = jobs_ > 0 ? jobs_ : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
    o.cacert = cacert_;
    o.insecure = insecure_;
    o.client_cert = cert_;
    o.client_key = key_;
    o.inject_fault = fault_;
    o.token_policy = token_policy_;
    if (!large_layer_.empty()) {
      std::optional<std::uint64_t> size = parse_size(large_layer_);
      if (!size) {
        return Error::invalid("--large-layer wants a positive size: 1048576, 512K, 64M or 1G");
      }
      o.large_layer = *size;
    }
    return o;
  }

  // --read-only checks a repository already on a registry (--registry and --repository), or,
  // with no target at all, one it pushes to the in-process simulator first.
  Result<void> read_only_options() const {
    if (!read_only_) {
      if (!repository_.empty()) return Error::invalid("--repository goes with --read-only");
      return {};
    }
    if (index_.empty() && registry_.empty()) {
      if (!repository_.empty()) {
        return Error::invalid("--repository names a repository on a target: give --registry URL");
      }
      return {};
    }
    if (registry_.empty() || repository_.empty()) {
      return Error::invalid(
          "--read-only checks a repository already on a registry: give --registry URL and "
          "--repository NS/NAME[:TAG]");
    }
    return conformance::check_read_only_repository(repository_);
  }

  // Reports an error, writes (empty) reports so that every exit path leaves them, returns 2.
  int usage(const std::string& message, const std::vector<conformance::ReportFormat>& formats) {
    std::cerr << "drydock: check: " << message << "\n";
    if (!formats.empty() && !list_) {
      conformance::Report report;
      report.info.tool_version = DRYDOCK_VERSION;
      report.info.started_at = std::chrono::system_clock::now();
      report.info.config = {{"error", message}};
      (void)conformance::write_reports(report_dir_, formats, report);
    }
    return kExitError;
  }

  CLI::App* cmd_ = nullptr;
  std::string config_;
  std::string index_, registry_;
  Account user_, user2_, admin_, inactive_;
  std::string profile_ = "compat";
  bool strict_ = false;
  std::vector<std::string> only_, skip_;
  std::string baseline_;
  bool list_ = false;
  std::string report_dir_ = "reports";
  std::string format_ = "junit,json,html,har";
  double timeout_ = 10;
  double deadline_ = 300;
  std::string cacert_, cert_, key_;
  bool insecure_ = false;
  int jobs_ = 0;
  std::string fault_;
  std::string token_policy_ = "reusable";
  std::string large_layer_;
  bool read_only_ = false;
  std::string repository_;
};

}  // namespace

std::unique_ptr<Command> make_check_command() {
  return std::make_unique<CheckCommand>();
}

}  // namespace drydock::cli
