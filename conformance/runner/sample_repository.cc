// Pushing a repository to read (sample_repository.h), with the runner's own setup steps.

#include "drydock/conformance/sample_repository.h"

#include <algorithm>
#include <memory>

#include "drydock/conformance/check.h"
#include "drydock/conformance/curl_client.h"
#include "run_environment.h"
#include "target_state.h"

namespace drydock::conformance {

Result<SampleRepository> push_sample_repository(const spec::Spec& spec, const RunOptions& options) {
  CurlOptions curl;
  curl.timeout = options.timeout;
  curl.connect_timeout = std::min(options.timeout, curl.connect_timeout);
  curl.cacert = options.cacert;
  curl.insecure = options.insecure;
  curl.client_cert = options.client_cert;
  curl.client_key = options.client_key;
  CurlClient client(curl);
  RunOptions writer = options;
  writer.read_only = false;
  writer.inject_fault.clear();
  RunEnvironment env(spec, writer, client, std::make_shared<Redactor>());
  std::vector<std::string> problems = provide_accounts(env);
  if (env.options().has_index() && env.options().user.empty()) {
    return Error::io(problems.empty() ? "no account to push with" : problems.front());
  }
  Check step;
  step.id = "setup/sample-repository";
  CheckContext ctx(env, step);
  Repository& repo = ctx.new_repository();
  if (Result<void> pushed = ctx.push(repo); !pushed.ok()) {
    return Error{pushed.error().code, "pushing a sample repository: " + pushed.error().message};
  }
  return SampleRepository{repo.path() + ":latest", env.options().user};
}

}  // namespace drydock::conformance
