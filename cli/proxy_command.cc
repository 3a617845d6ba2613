#include "proxy_command.h"

#include <iostream>
#include <mutex>
#include <string>

#include "drydock/proxy/proxy.h"
#include "drydock/spec/spec.h"
#include "exit_codes.h"
#include "judged_run.h"

namespace drydock::cli {
namespace {

constexpr std::string_view kCommand = "drydock proxy";

class ProxyCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    cmd_ = app.add_subcommand(
        "proxy",
        "Stand between a v1 client and a real index and registry: forward every request and "
        "reply unchanged, and judge both sides (the client against the client rules, the "
        "server's replies against the spec) until SIGINT or SIGTERM; prints the addresses to "
        "give the client once listening. Exit status: 1 when a client rule or a server "
        "operation failed, 0 otherwise, 2 on a bad option or a start error");
    cmd_->add_option("--registry", registry_,
                     "URL of the registry to forward to: http(s)://HOST:PORT")
        ->required();
    auto* index =
        cmd_->add_option("--index", index_,
                         "URL of the index to forward to: http(s)://HOST:PORT; without it the "
                         "registry is standalone (no tokens) and the proxy has one listener");
    cmd_->add_option("--listen", listen_,
                     "HOST:PORT the client reaches the index at (without --index: the registry); "
                     "port 0: any free port")
        ->capture_default_str();
    cmd_->add_option("--registry-listen", registry_listen_,
                     "HOST:PORT the client reaches the registry at, with --index; port 0: any "
                     "free port")
        ->capture_default_str()
        ->needs(index);
    cmd_->add_option("--registry-endpoint", registry_endpoint_,
                     "HOST:PORT that X-Docker-Endpoints is rewritten to, as clients reach "
                     "--registry-listen; default: its bound address")
        ->needs(index);
    cmd_->add_option("--report-dir", report_dir_,
                     "Where the reports go: junit.xml, results.json, report.html and "
                     "transcript.har (secrets redacted), on SIGINT or SIGTERM and on SIGUSR1")
        ->capture_default_str();
    cmd_->add_option("--profile", profile_,
                     "Whose word the verdicts follow where the documents and real servers "
                     "disagree: docker-registry (the 2014-2015 servers and clients) or docs")
        ->check(CLI::IsMember({"docker-registry", "docs"}))
        ->capture_default_str();
    cmd_->add_flag("--strict", strict_, "Hold the server's replies to SHOULD-level headers too");
    cmd_->add_option("--token-policy", token_policy_,
                     "The index's token policy: single-use holds the client to the registry's "
                     "session cookie (client/request/single-use-cookie)")
        ->check(CLI::IsMember({"reusable", "single-use"}))
        ->capture_default_str();
    cmd_->add_option("--token-ttl", token_ttl_,
                     "Seconds the index's tokens live, when known: a token used past it breaks "
                     "client/request/token-expired (unknown: that rule is skipped)")
        ->check(CLI::PositiveNumber);
    auto* cert = cmd_->add_option("--tls-cert", tls_cert_,
                                  "PEM certificate: the proxy's listeners speak HTTPS (a Docker "
                                  "client reaches a registry off loopback over HTTPS only)")
                     ->check(CLI::ExistingFile);
    auto* key = cmd_->add_option("--tls-key", tls_key_, "PEM private key of --tls-cert")
                    ->check(CLI::ExistingFile);
    cert->needs(key);
    key->needs(cert);
    cmd_->add_option("--cacert", cacert_, "PEM CA bundle to verify an https server with")
        ->check(CLI::ExistingFile);
    cmd_->add_flag("--insecure", insecure_, "Do not verify an https server's certificate");
    cmd_->add_option("--upstream-timeout", upstream_timeout_,
                     "Seconds without a byte either way (the client's body, the server's reply) "
                     "before an exchange with the server is cut: 502 if nothing was answered yet")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    cmd_->add_flag("--quiet", quiet_, "No access log");
  }

  bool chosen() const override { return cmd_ != nullptr && cmd_->parsed(); }

  int run() override {
    if (auto writable = writable_directory(report_dir_); !writable) {
      std::cerr << kCommand << ": --report-dir: " << writable.error().message << "\n";
      return kExitError;
    }
    proxy::ProxyOptions options;
    options.index_url = index_;
    options.registry_url = registry_;
    options.listen = listen_;
    options.registry_listen = registry_listen_;
    options.registry_endpoint = registry_endpoint_;
    options.profile = *spec::parse_profile(profile_);  // CLI11 checked the name
    options.strict = strict_;
    options.single_use = token_policy_ == "single-use";
    if (token_ttl_ > 0) options.token_ttl = std::chrono::seconds(token_ttl_);
    options.upstream.cacert = cacert_;
    options.tls_cert_file = tls_cert_;
    options.tls_key_file = tls_key_;
    options.upstream.insecure = insecure_;
    options.upstream.stall_timeout = std::chrono::seconds(upstream_timeout_);
    auto log_mutex = std::make_shared<std::mutex>();
    if (!quiet_) {
      options.access_log = [log_mutex](std::string_view line) {
        std::lock_guard lock(*log_mutex);
        std::cerr << line << "\n";
      };
    }
    options.error_log = [log_mutex](std::string_view line) {
      std::lock_guard lock(*log_mutex);
      std::cerr << kCommand << ": " << line << "\n";
    };

    sigset_t signals = block_stop_signals(true);  // before any server thread starts
    proxy::Proxy proxy(spec::Spec::embedded(), options);
    auto addresses = proxy.start();
    if (!addresses) {
      std::cerr << kCommand << ": " << addresses.error().message << "\n";
      return kExitError;
    }
    if (!addresses->index_url.empty()) std::cout << "index    " << addresses->index_url << "\n";
    std::cout << "registry " << addresses->registry_url << std::endl;  // flushed: callers read it
    conformance::RunInfo info = run_info(*addresses, options);
    int received = wait_for_signal(signals);
    for (; received == SIGUSR1; received = wait_for_signal(signals)) write(proxy, info);
    std::cerr << kCommand << ": " << (received == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
    proxy.stop();
    return write(proxy, info);
  }

 private:
  int write(const proxy::Proxy& proxy, const conformance::RunInfo& info) const {
    conformance::Report report = proxy.report(info);
    const std::string summary =
        "judged the client: " + count_outcomes(report, {"client/"}, "rules") +
        "; the server: " + count_outcomes(report, {"index/", "registry/"}, "operations");
    return write_verdicts(report, report_dir_, kCommand, summary);
  }

  conformance::RunInfo run_info(const proxy::ProxyAddresses& addresses,
                                const proxy::ProxyOptions& options) const {
    conformance::RunInfo info;
    info.tool_version = DRYDOCK_VERSION;
    info.spec_version = spec::Spec::embedded().version();
    info.started_at = std::chrono::system_clock::now();
    info.index_url = options.index_url;
    info.registry_url = options.registry_url;
    info.profile = options.profile;
    info.strict = options.strict;
    info.config = {{"command", "proxy"},
                   {"listen_index", addresses.index_url},
                   {"listen_registry", addresses.registry_url},
                   {"report_dir", report_dir_},
                   {"token_policy", token_policy_}};
    return info;
  }

  CLI::App* cmd_ = nullptr;
  std::string registry_;
  std::string index_;
  std::string listen_ = "127.0.0.1:5100";
  std::string registry_listen_ = "127.0.0.1:5101";
  std::string registry_endpoint_;
  std::string report_dir_ = "proxy-reports";
  std::string profile_ = "docker-registry";
  bool strict_ = false;
  std::string token_policy_ = "reusable";
  std::int64_t token_ttl_ = 0;  // 0: unknown
  std::string tls_cert_;
  std::string tls_key_;
  std::string cacert_;
  bool insecure_ = false;
  int upstream_timeout_ = 30;
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> make_proxy_command() {
  return std::make_unique<ProxyCommand>();
}

}  // namespace drydock::cli
