#pragma once
// RunEnvironment: what every check of a run shares: the spec, the effective options (accounts
// filled in), the HTTP client, the redactor, and the list of repositories to clean up.
// Thread safety: every member may be used from many checks at once.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "drydock/conformance/check.h"
#include "drydock/conformance/http_client.h"
#include "drydock/conformance/options.h"
#include "drydock/conformance/redact.h"

namespace drydock::conformance {

class RunEnvironment {
 public:
  RunEnvironment(const spec::Spec& spec, RunOptions options, HttpClient& client,
                 std::shared_ptr<Redactor> redactor)
      : spec_(spec),
        options_(std::move(options)),
        client_(client),
        redactor_(std::move(redactor)) {}

  const spec::Spec& spec() const { return spec_; }
  const RunOptions& options() const { return options_; }
  RunOptions& mutable_options() { return options_; }  // REQUIRES: before checks run
  HttpClient& client() { return client_; }
  const std::shared_ptr<Redactor>& redactor() const { return redactor_; }

  // Remembers a repository the run created, for cleanup.
  void created(const Repository& repo) {
    std::lock_guard<std::mutex> lock(mutex_);
    Repository copy;
    copy.namespace_name = repo.namespace_name;
    copy.name = repo.name;
    copy.library = repo.library;
    created_.push_back(std::move(copy));
  }
  std::vector<Repository> created_repositories() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return created_;
  }

  // Returns the URL `path` resolves to on `side`.
  std::string url(spec::Side side, const std::string& path) const {
    const std::string& base =
        side == spec::Side::kIndex ? options_.index_url : options_.registry_target();
    std::string trimmed = base;
    while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
    return trimmed + path;
  }

 private:
  const spec::Spec& spec_;
  RunOptions options_;
  HttpClient& client_;
  std::shared_ptr<Redactor> redactor_;
  mutable std::mutex mutex_;
  std::vector<Repository> created_;  // guarded by mutex_
};

}  // namespace drydock::conformance
