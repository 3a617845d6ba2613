#pragma once
// FlowContext: what the runtime expressions of one workflow run read (spec/expression.h): the
// run's inputs, the outputs of the steps so far, and the current step's request and response.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "drydock/conformance/flows/flow_inputs.h"
#include "drydock/conformance/http_client.h"
#include "drydock/spec/expression.h"

namespace drydock::conformance {

class FlowContext final : public spec::ExpressionContext {
 public:
  // REQUIRES: `inputs` outlives the context.
  explicit FlowContext(const FlowInputs& inputs) : inputs_(inputs) {}

  // The current exchange; null before it is sent. REQUIRES: each outlives its use.
  void set_exchange(const Request* request, const Response* response) {
    request_ = request;
    response_ = response;
  }
  void set_step_output(const std::string& step_id, const std::string& name, nlohmann::json value);
  void set_workflow_output(const std::string& name, nlohmann::json value);
  const nlohmann::json& workflow_outputs() const { return workflow_outputs_; }

  std::optional<std::string> url() const override;
  std::optional<std::string> method() const override;
  std::optional<int> status_code() const override;
  std::optional<std::string> request_header(std::string_view name) const override;
  std::optional<std::string> response_header(std::string_view name) const override;
  std::optional<std::string> response_body() const override;
  // A blob reads as a JSON string of its bytes (for comparisons with a response body).
  std::optional<nlohmann::json> input(std::string_view name) const override;
  std::optional<nlohmann::json> step_output(std::string_view step_id,
                                            std::string_view name) const override;
  std::optional<nlohmann::json> workflow_output(std::string_view name) const override;

 private:
  const FlowInputs& inputs_;
  const Request* request_ = nullptr;
  const Response* response_ = nullptr;
  nlohmann::json step_outputs_ = nlohmann::json::object();  // {"stepId": {"name": value}}
  nlohmann::json workflow_outputs_ = nlohmann::json::object();
};

}  // namespace drydock::conformance
