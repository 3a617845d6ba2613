// Schema: OpenAPI 3.0 schema objects translated to JSON Schema draft 4 and compiled with valijson.
//
// OpenAPI 3.0 differs from draft 4 in a few keywords: `nullable: true` becomes a "null" type (or an
// anyOf with {"type": "null"}), and the annotations draft 4 does not know (`example`,
// `discriminator`, `readOnly`, `writeOnly`, `xml`, `externalDocs`, `deprecated`, `x-*`) are
// dropped. Every local $ref is copied, translated, under the compiled root's "definitions" and
// pointed at there, so a schema carries exactly what it needs; a $ref seen before is reused,
// which is what makes recursive schemas safe.

#include "drydock/spec/schema.h"

#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "drydock/common/json_limits.h"
#include "problems.h"

namespace drydock::spec {

using nlohmann::json;

namespace {

// Keywords of OpenAPI 3.0 that are annotations only, or have no draft 4 meaning.
bool is_dropped_keyword(const std::string& key) {
  static const std::set<std::string> kDropped = {"example",      "examples",   "discriminator",
                                                 "readOnly",     "writeOnly",  "xml",
                                                 "externalDocs", "deprecated", "nullable"};
  return key.rfind("x-", 0) == 0 || kDropped.count(key) > 0;
}

class Translator {
 public:
  explicit Translator(const json& root) : root_(root) {}

  // Returns the draft 4 root for `schema`, with every referenced schema under "definitions".
  Result<json> translate_root(const json& schema) {
    Result<json> translated = translate(schema, "");
    if (!translated.ok()) return translated;
    json out = std::move(translated).value();
    if (!definitions_.empty() && out.is_object()) out["definitions"] = definitions_;
    return out;
  }

 private:
  Result<json> translate(const json& schema, const std::string& at) {
    if (schema.is_boolean()) return schema;
    if (!schema.is_object()) return Error::parse("schema is not an object at '" + at + "'");
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      if (!ref->is_string()) return Error::parse("$ref is not a string at '" + at + "'");
      Result<std::string> target = definition_for(ref->get<std::string>(), at);
      if (!target.ok()) return target.error();
      return json{{"$ref", target.value()}};
    }
    json out = json::object();
    for (const auto& [key, value] : schema.items()) {
      if (is_dropped_keyword(key)) continue;
      Result<json> member = translate_member(key, value, pointer_append(at, key));
      if (!member.ok()) return member;
      if (!member.value().is_discarded()) out[key] = std::move(member).value();
    }
    if (schema.value("nullable", false)) return make_nullable(std::move(out));
    return out;
  }

  // Translates the value of keyword `key`; a discarded value means "leave the keyword out".
  Result<json> translate_member(const std::string& key, const json& value, const std::string& at) {
    if (key == "properties" || key == "patternProperties") {
      if (!value.is_object()) return Error::parse(key + " is not an object at '" + at + "'");
      json out = json::object();
      for (const auto& [name, sub] : value.items()) {
        Result<json> t = translate(sub, pointer_append(at, name));
        if (!t.ok()) return t;
        out[name] = std::move(t).value();
      }
      return out;
    }
    if (key == "allOf" || key == "anyOf" || key == "oneOf" ||
        (key == "items" && value.is_array())) {
      if (!value.is_array()) return Error::parse(key + " is not an array at '" + at + "'");
      json out = json::array();
      for (size_t i = 0; i < value.size(); ++i) {
        Result<json> t = translate(value[i], pointer_append(at, std::to_string(i)));
        if (!t.ok()) return t;
        out.push_back(std::move(t).value());
      }
      return out;
    }
    if (key == "items" || key == "not" || (key == "additionalProperties" && value.is_object())) {
      return translate(value, at);
    }
    if (key == "required" && value.is_array() && value.empty())
      return json(json::value_t::discarded);
    if (key == "pattern") {
      if (!value.is_string()) return Error::parse("pattern is not a string at '" + at + "'");
      try {
        std::regex check(value.get<std::string>());
      } catch (const std::regex_error& e) {
        return Error::parse("pattern '" + value.get<std::string>() + "' does not compile (" +
                            e.what() + ") at '" + at + "'");
      }
    }
    return value;
  }

  static json make_nullable(json schema) {
    auto type = schema.find("type");
    if (type == schema.end()) return json{{"anyOf", json::array({json{{"type", "null"}}, schema})}};
    if (type->is_string()) *type = json::array({*type, "null"});
    if (type->is_array() && std::find(type->begin(), type->end(), "null") == type->end()) {
      type->push_back("null");
    }
    if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
      if (std::find(e->begin(), e->end(), nullptr) == e->end()) e->push_back(nullptr);
    }
    return schema;
  }

  // Returns the rewritten $ref ("#/definitions/Name") for `ref`, translating its target once.
  Result<std::string> definition_for(const std::string& ref, const std::string& at) {
    if (auto known = names_by_ref_.find(ref); known != names_by_ref_.end()) {
      return "#/definitions/" + known->second;
    }
    if (ref.rfind("#/", 0) != 0) {
      return Error::parse("unsupported $ref '" + ref + "' (only local references) at '" + at + "'");
    }
    const json* target = nullptr;
    try {
      json::json_pointer pointer(ref.substr(1));
      if (root_.contains(pointer)) target = &root_.at(pointer);
    } catch (const json::exception&) {
      target = nullptr;
    }
    if (target == nullptr) return Error::parse("unresolved $ref '" + ref + "' at '" + at + "'");
    std::string name = unique_name(ref);
    names_by_ref_[ref] = name;  // before translating: a recursive $ref finds it
    Result<json> translated = translate(*target, ref.substr(1));
    if (!translated.ok()) return translated.error();
    definitions_[name] = std::move(translated).value();
    return "#/definitions/" + name;
  }

  std::string unique_name(const std::string& ref) {
    std::string base = ref.substr(ref.rfind('/') + 1);
    for (char& c : base) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') c = '_';
    }
    if (base.empty()) base = "schema";
    std::string name = base;
    for (int n = 2; used_names_.count(name) > 0; ++n) name = base + "_" + std::to_string(n);
    used_names_.insert(name);
    return name;
  }

  const json& root_;
  json definitions_ = json::object();
  std::map<std::string, std::string> names_by_ref_;
  std::set<std::string> used_names_;
};

// valijson names a location as {"<root>", "[name]", "[0]"}; we use JSON pointers.
std::string context_to_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (const std::string& part : context) {
    if (part == "<root>") continue;
    std::string token = part;
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']') {
      token = token.substr(1, token.size() - 2);
    }
    pointer = pointer_append(pointer, token);
  }
  return pointer;
}

}  // namespace

struct Schema::Impl {
  nlohmann::json translated;
  valijson::Schema compiled;
  std::mutex mutex;               // guards validator: it caches compiled regexes
  valijson::Validator validator;  // one per schema, so each `pattern` compiles once
};

Schema::Schema(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Schema::~Schema() = default;

Result<std::shared_ptr<const Schema>> Schema::compile(const nlohmann::json& schema,
                                                      const nlohmann::json& root,
                                                      const std::string& where) {
  Translator translator(root);
  Result<nlohmann::json> translated = translator.translate_root(schema);
  if (!translated.ok()) return Error::parse(where + ": " + translated.error().message);
  auto impl = std::make_unique<Impl>();
  impl->translated = std::move(translated).value();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    valijson::adapters::NlohmannJsonAdapter adapter(impl->translated);
    parser.populateSchema(adapter, impl->compiled);
  } catch (const std::exception& e) {
    return Error::parse(where + ": schema does not compile: " + e.what());
  }
  return std::shared_ptr<const Schema>(std::make_shared<Schema>(std::move(impl)));
}

std::vector<Violation> Schema::validate(const nlohmann::json& value) const {
  // valijson recurses once per level of the value it descends into: past the bound, refuse
  // rather than walk it.
  if (json_value_depth(value) > kMaxJsonDepth) return {{"", json_too_deep_message()}};
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(value);
  std::vector<Violation> violations;
  try {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (impl_->validator.validate(impl_->compiled, target, &results)) return violations;
  } catch (const std::exception& e) {
    violations.push_back({"", std::string("schema could not be applied: ") + e.what()});
    return violations;
  }
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    violations.push_back({context_to_pointer(error.context), error.description});
  }
  if (violations.empty()) violations.push_back({"", "value does not match the schema"});
  return violations;
}

const nlohmann::json& Schema::json() const {
  return impl_->translated;
}

std::optional<nlohmann::json> Schema::only_value() const {
  constexpr std::string_view kDefinitions = "#/definitions/";
  const nlohmann::json& root = impl_->translated;
  const nlohmann::json* node = &root;
  // Follow a chain of $refs into the definitions (bounded: a definition may refer to itself).
  for (int hops = 0; hops < 8 && node->is_object(); ++hops) {
    auto ref = node->find("$ref");
    if (ref == node->end() || !ref->is_string()) break;
    const std::string& target = ref->get_ref<const std::string&>();
    auto definitions = root.find("definitions");
    if (target.rfind(kDefinitions, 0) != 0 || definitions == root.end()) return std::nullopt;
    auto definition = definitions->find(target.substr(kDefinitions.size()));
    if (definition == definitions->end()) return std::nullopt;
    node = &*definition;
  }
  if (!node->is_object()) return std::nullopt;
  if (auto it = node->find("const"); it != node->end()) return *it;
  if (auto it = node->find("enum"); it != node->end() && it->is_array() && it->size() == 1) {
    return it->front();
  }
  return std::nullopt;
}

}  // namespace drydock::spec
