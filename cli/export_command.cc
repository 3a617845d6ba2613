#include "export_command.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "drydock/simulator/export/static_export.h"
#include "drydock/simulator/storage/filesystem_storage.h"
#include "exit_codes.h"

namespace drydock::cli {

namespace {

namespace fs = std::filesystem;

// The first SIGINT or SIGTERM of an export (0: none yet); a second one exits at once.
std::atomic<int> g_stop_signal{0};

void on_stop_signal(int signal) {
  if (g_stop_signal.exchange(signal) != 0) _exit(128 + signal);
}

// Routes SIGINT and SIGTERM to g_stop_signal while alive.
class StopSignals {
 public:
  StopSignals() {
    struct sigaction action {};
    action.sa_handler = &on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

class ExportCommand : public Command {
 public:
  void add_to(CLI::App& app) override {
    export_ = app.add_subcommand(
        "export",
        "Write the repositories of a drydock serve data directory as a read-only registry for a "
        "static HTTPS server, with an nginx configuration");
    export_->footer(
        "The tree holds what a Docker 1.x pull reads: v1/_ping, v1/images/ID/{json,layer,ancestry}"
        " and, under v1/repositories/NS/NAME/, tags.json, tags/TAG.json and images.json (a URL "
        "there is its file with .json added). Only complete images are written: a tag whose "
        "image or an ancestor is still being uploaded is left out, with a note on stderr. The "
        "store is only read. Exit 0 when the tree is in place; 2 on a bad option, a missing "
        "store, an unknown or private repository, an --out that is not empty, or an I/O error, "
        "leaving --out as it was. SIGINT or SIGTERM stops it with nothing written (exit 128 + "
        "the signal's number); a second one exits at once.");
    export_
        ->add_option("--data", data_dir_,
                     "The data directory of drydock serve --data to read (it may be running)")
        ->type_name("DIR")
        ->required();
    export_
        ->add_option("--out", out_,
                     "The folder to write; built beside it and renamed into place at the end")
        ->type_name("DIR")
        ->required();
    export_
        ->add_option("--repository", repositories_,
                     "A repository to export, NS/NAME (NAME: library/NAME); repeatable. Default: "
                     "every repository that is not private")
        ->type_name("NS/NAME");
    export_->add_flag("--include-private", include_private_,
                      "Export private repositories too: the static server serves them to anyone");
    export_->add_flag("--force", force_, "Replace --out when it exists and is not empty");
    export_
        ->add_option("--profile", profile_,
                     "Where the documents and real servers disagree: docker-registry answers "
                     "_ping with true, as the 2014-2015 servers did; docs with \"\", as the "
                     "documents say")
        ->check(CLI::IsMember({"docker-registry", "docs"}))
        ->capture_default_str();
    export_
        ->add_option("--nginx-conf", nginx_conf_,
                     "Write the nginx configuration to FILE instead of OUT/nginx.conf.example")
        ->type_name("FILE");
    export_
        ->add_option("--nginx-listen", site_.listen,
                     "The configuration's listen (nginx's PORT or ADDR:PORT), with ssl")
        ->type_name("ADDR")
        ->capture_default_str();
    export_
        ->add_option("--nginx-cert", site_.certificate,
                     "The configuration's ssl_certificate (default: a placeholder)")
        ->type_name("FILE")
        ->capture_default_str();
    export_
        ->add_option("--nginx-key", site_.certificate_key,
                     "The configuration's ssl_certificate_key (default: a placeholder)")
        ->type_name("FILE")
        ->capture_default_str();
  }

  bool chosen() const override { return export_ != nullptr && export_->parsed(); }

  int run() override {
    // drydock serve keeps its store in DATA/layers (simulator/core/simulator.cc).
    const fs::path layers = fs::path(data_dir_) / "layers";
    std::error_code ec;
    if (!fs::is_directory(layers, ec)) {
      return fail("no drydock serve store in " + data_dir_ + " (no folder " + layers.string() +
                  ")");
    }
    auto store = storage::FilesystemStorage::open_read_only(layers);
    if (!store) return fail(store.error().message);
    auto plan = static_registry::plan_export(**store, repositories_, include_private_);
    if (!plan) return fail(plan.error().message);
    static_registry::ExportOptions options;
    options.out = out_;
    options.force = force_;
    options.profile = profile_ == "docs" ? static_registry::ExportProfile::kDocs
                                         : static_registry::ExportProfile::kDockerRegistry;
    options.nginx_conf = nginx_conf_;
    options.nginx = site_;
    StopSignals stop_signals;
    options.stopped = [] { return g_stop_signal.load() != 0; };
    if (auto written = static_registry::write_export(**store, *plan, options); !written) {
      if (written.error().code == ErrorCode::kCancelled) {
        std::cerr << "drydock export: interrupted: " << written.error().message << "\n";
        return 128 + g_stop_signal.load();
      }
      return fail(written.error().message);
    }
    for (const std::string& note : plan->notes) std::cerr << "drydock export: " << note << "\n";
    size_t tags = 0;
    for (const auto& repository : plan->repositories) tags += repository.tags.size();
    std::cout << "exported " << plan->repositories.size() << " repositories, " << tags << " tags, "
              << plan->images.size() << " images to " << out_ << "\n"
              << "nginx configuration: "
              << (nginx_conf_.empty() ? (fs::path(out_) / "nginx.conf.example").string()
                                      : nginx_conf_)
              << "\n";
    return kExitOk;
  }

 private:
  static int fail(const std::string& message) {
    std::cerr << "drydock export: " << message << "\n";
    return kExitError;
  }

  CLI::App* export_ = nullptr;
  std::string data_dir_;
  std::string out_;
  std::vector<std::string> repositories_;
  bool include_private_ = false;
  bool force_ = false;
  std::string profile_ = "docker-registry";
  std::string nginx_conf_;
  static_registry::NginxSite site_;
};

}  // namespace

std::unique_ptr<Command> make_export_command() {
  return std::make_unique<ExportCommand>();
}

}  // namespace drydock::cli
