// The Spec's read side: names of the enums, the condition vocabulary, per-operation lookups that
// apply a profile's variants, and the Spec accessors. Loading lives in load.cc.

#include "drydock/spec/spec.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <nlohmann/json.hpp>

#include "drydock/spec/schema.h"
#include "spec_impl.h"

namespace drydock::spec {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::kMust:
      return "MUST";
    case Level::kShould:
      return "SHOULD";
    case Level::kMay:
      return "MAY";
  }
  return "MUST";
}

std::string_view to_string(Side side) {
  return side == Side::kIndex ? "index" : "registry";
}

std::string_view to_string(Security security) {
  switch (security) {
    case Security::kNone:
      return "none";
    case Security::kBasic:
      return "basic";
    case Security::kToken:
      return "token";
  }
  return "none";
}

std::string_view to_string(Profile profile) {
  switch (profile) {
    case Profile::kDocs:
      return "docs";
    case Profile::kDockerRegistry:
      return "docker-registry";
    case Profile::kCompat:
      return "compat";
  }
  return "compat";
}

std::optional<Profile> parse_profile(std::string_view text) {
  if (text == "docs") return Profile::kDocs;
  if (text == "docker-registry") return Profile::kDockerRegistry;
  if (text == "compat") return Profile::kCompat;
  return std::nullopt;
}

std::string Source::to_string() const {
  if (document.empty()) return section;
  if (section.empty()) return document;
  return document + ": " + section;
}

std::string kebab_case(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string check_id(const Operation& operation, std::string_view condition) {
  return std::string(to_string(operation.side)) + "/" + operation.tag + "/" +
         kebab_case(operation.id) + "/" + std::string(condition);
}

bool Response::answers(std::string_view condition) const {
  return std::find(conditions.begin(), conditions.end(), condition) != conditions.end();
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

const Response* Operation::response(int status) const {
  for (const Response& r : responses) {
    if (r.status == status) return &r;
  }
  return nullptr;
}

std::shared_ptr<const Schema> Operation::body_schema(int status, Profile profile) const {
  if (auto v = variants.find(profile); v != variants.end() && profile != Profile::kCompat) {
    if (auto body = v->second.bodies.find(status); body != v->second.bodies.end()) {
      return body->second;
    }
  }
  const Response* r = response(status);
  return r == nullptr ? nullptr : r->schema;
}

namespace {

// The value `rules` (status -> header -> T) holds for `header` at `status`, the header's name
// compared without case; null when none.
template <typename T>
const T* variant_rule(const std::map<int, std::map<std::string, T>>& rules, int status,
                      std::string_view header) {
  auto at_status = rules.find(status);
  if (at_status == rules.end()) return nullptr;
  for (const auto& [name, value] : at_status->second) {
    if (iequals(name, header)) return &value;
  }
  return nullptr;
}

}  // namespace

const HeaderRule* Operation::header_rule(int status, std::string_view header) const {
  const Response* r = response(status);
  if (r == nullptr) return nullptr;
  for (const HeaderRule& rule : r->headers) {
    if (iequals(rule.name, header)) return &rule;
  }
  return nullptr;
}

std::shared_ptr<const Schema> Operation::header_schema(int status, std::string_view header,
                                                       Profile profile) const {
  if (auto v = variants.find(profile); v != variants.end() && profile != Profile::kCompat) {
    if (auto schema = variant_rule(v->second.header_schemas, status, header)) return *schema;
  }
  const HeaderRule* rule = header_rule(status, header);
  return rule == nullptr ? nullptr : rule->schema;
}

bool Operation::header_required(int status, std::string_view header, Profile profile) const {
  if (auto v = variants.find(profile); v != variants.end() && profile != Profile::kCompat) {
    if (auto required = variant_rule(v->second.header_required, status, header)) return *required;
  }
  const HeaderRule* rule = header_rule(status, header);
  return rule != nullptr && rule->required;
}

Level Operation::header_level(int status, std::string_view header, Profile profile) const {
  if (auto v = variants.find(profile); v != variants.end() && profile != Profile::kCompat) {
    if (auto held = variant_rule(v->second.header_levels, status, header)) return *held;
  }
  const HeaderRule* rule = header_rule(status, header);
  return rule == nullptr ? Level::kMust : rule->level;
}

nlohmann::json Parameter::value_of(std::string_view text) const {
  const nlohmann::json* type = nullptr;
  if (schema != nullptr && schema->json().is_object()) {
    auto it = schema->json().find("type");
    if (it != schema->json().end()) type = &*it;
  }
  const char* end = text.data() + text.size();
  if (type != nullptr && (*type == "integer" || *type == "number") && !text.empty()) {
    long long whole = 0;
    auto [ptr, ec] = std::from_chars(text.data(), end, whole);
    if (ec == std::errc() && ptr == end) return whole;
    if (*type == "number") {
      double real = 0;
      auto [rptr, rec] = std::from_chars(text.data(), end, real);
      if (rec == std::errc() && rptr == end) return real;
    }
  }
  if (type != nullptr && *type == "boolean" && (text == "true" || text == "false")) {
    return text == "true";
  }
  return std::string(text);
}

namespace {

std::string number_text(const nlohmann::json& n) {
  return n.is_number_integer() ? std::to_string(n.get<long long>()) : n.dump();
}

// "an integer from 1 to 100", "a string matching ^[a-f0-9]{64}$": what a parameter's schema
// asks for, for people. Empty when the schema says nothing this can tell.
std::string describe_schema(const nlohmann::json& schema) {
  if (!schema.is_object()) return {};
  std::string type = schema.value("type", std::string());
  std::string text = type == "integer"   ? "an integer"
                     : type == "number"  ? "a number"
                     : type == "boolean" ? "true or false"
                     : type == "string"  ? "a string"
                                         : "";
  if (text.empty()) return {};
  auto min = schema.find("minimum");
  auto max = schema.find("maximum");
  bool has_min = min != schema.end() && min->is_number();
  bool has_max = max != schema.end() && max->is_number();
  if (has_min && has_max) {
    text += " from " + number_text(*min) + " to " + number_text(*max);
  } else if (has_min) {
    text += " of at least " + number_text(*min);
  } else if (has_max) {
    text += " of at most " + number_text(*max);
  }
  if (auto pattern = schema.find("pattern"); pattern != schema.end() && pattern->is_string()) {
    text += " matching " + pattern->get<std::string>();
  }
  return text;
}

}  // namespace

std::optional<std::string> Parameter::problem_with(std::string_view text) const {
  if (schema == nullptr) return std::nullopt;
  auto violations = schema->validate(value_of(text));
  if (violations.empty()) return std::nullopt;
  std::string wanted = describe_schema(schema->json());
  if (!wanted.empty()) return name + " must be " + wanted;
  return name + ": " + violations.front().message;
}

const Parameter* Operation::parameter(std::string_view name) const {
  for (const Parameter& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const FlowStep* Workflow::step(std::string_view step_id) const {
  for (const FlowStep& s : steps) {
    if (s.id == step_id) return &s;
  }
  return nullptr;
}

Spec::Spec(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

const std::vector<Operation>& Spec::operations() const {
  return impl_->operations;
}

const Operation* Spec::find(std::string_view operation_id) const {
  auto it = impl_->operation_index.find(std::string(operation_id));
  return it == impl_->operation_index.end() ? nullptr : &impl_->operations[it->second];
}

namespace {

// The path of `operation` without its {namespace} segment: the same for both forms of a twin.
std::string form_free_path(const Operation& operation) {
  static constexpr std::string_view kNamespace = "{namespace}/";
  std::string path = operation.path;
  if (size_t at = path.find(kNamespace); at != std::string::npos) path.erase(at, kNamespace.size());
  return path;
}

}  // namespace

const Operation* Spec::find(std::string_view operation_id, bool library) const {
  const Operation* named = find(operation_id);
  if (named == nullptr || named->library == library) return named;
  const std::string path = form_free_path(*named);
  for (const Operation& other : impl_->operations) {
    if (other.library == library && other.side == named->side && other.method == named->method &&
        form_free_path(other) == path) {
      return &other;
    }
  }
  return nullptr;
}

const std::vector<Workflow>& Spec::workflows() const {
  return impl_->workflows;
}

const Workflow* Spec::workflow(std::string_view workflow_id) const {
  auto it = impl_->workflow_index.find(std::string(workflow_id));
  return it == impl_->workflow_index.end() ? nullptr : &impl_->workflows[it->second];
}

std::vector<Match> Spec::match(std::string_view method, std::string_view path) const {
  return impl_->matcher.match(method, path);
}

bool Spec::path_exists(std::string_view path) const {
  return impl_->matcher.path_exists(path);
}

std::optional<std::string> Spec::invalid_path_condition(const Match& match, Profile profile) const {
  if (match.operation == nullptr) return std::nullopt;
  for (const Parameter& p : match.operation->parameters) {
    if (p.in != "path" || p.schema == nullptr || !p.checked_under(profile)) continue;
    auto value = match.path_params.find(p.name);
    if (value == match.path_params.end()) continue;
    if (p.problem_with(value->second)) return p.invalid_condition;
  }
  return std::nullopt;
}

const nlohmann::json& Spec::document(Side side) const {
  return side == Side::kIndex ? impl_->index_document : impl_->registry_document;
}

const std::vector<nlohmann::json>& Spec::flow_documents() const {
  return impl_->flow_documents;
}

std::string Spec::version() const {
  auto version_of = [](const nlohmann::json& doc) {
    const nlohmann::json* v = nullptr;
    if (doc.contains("info") && doc["info"].is_object() && doc["info"].contains("version")) {
      v = &doc["info"]["version"];
    }
    return v != nullptr && v->is_string() ? v->get<std::string>() : std::string("?");
  };
  return "index " + version_of(impl_->index_document) + " / registry " +
         version_of(impl_->registry_document);
}

}  // namespace drydock::spec
