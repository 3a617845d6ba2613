// Reads OpenAPI 3.0 operations, with the x-drydock-* extensions of spec/README.md, into the model
// of spec.h. Each problem is recorded with the JSON pointer of the offending node; the reader then
// carries on with the next node, so that one pass finds every problem of a file.

#include "openapi_parser.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "drydock/spec/schema.h"

namespace drydock::spec {

using nlohmann::json;

namespace {

constexpr const char* kMethods[] = {"get", "put", "post", "delete", "head", "patch", "options"};
constexpr int kMaxRefChain = 16;  // $ref to $ref to ...: a longer chain is a loop

class OperationReader {
 public:
  OperationReader(const json& document, const std::string& file, Problems& problems)
      : doc_(document), file_(file), problems_(problems) {}

  void read_all(Side default_side, std::vector<Operation>& operations) {
    auto paths = doc_.find("paths");
    if (paths == doc_.end() || !paths->is_object()) {
      return malformed("", "missing required field 'paths' (an object)");
    }
    for (const auto& [path, item] : paths->items()) {
      std::string at = pointer_append("/paths", path);
      if (!item.is_object()) {
        malformed(at, "path item is not an object");
        continue;
      }
      for (const char* method : kMethods) {
        auto op = item.find(method);
        if (op == item.end()) continue;
        Operation operation;
        if (read_operation(path, item, method, *op, pointer_append(at, method), default_side,
                           operation)) {
          operations.push_back(std::move(operation));
        }
      }
    }
  }

 private:
  void malformed(const std::string& at, std::string message) {
    problems_.malformed(file_, at, std::move(message));
  }

  // Follows a local $ref chain. Returns the target, or null (recorded) when it does not resolve.
  const json* resolve(const json& node, std::string& at) {
    const json* current = &node;
    for (int hops = 0; hops < kMaxRefChain; ++hops) {
      auto ref = current->find("$ref");
      if (!current->is_object() || ref == current->end()) return current;
      std::string text = ref->is_string() ? ref->get<std::string>() : "";
      const json* target = nullptr;
      if (text.rfind("#/", 0) == 0) {
        try {
          json::json_pointer pointer(text.substr(1));
          if (doc_.contains(pointer)) target = &doc_.at(pointer);
        } catch (const json::exception&) {
          target = nullptr;
        }
      }
      if (target == nullptr) {
        malformed(pointer_append(at, "$ref"), "unresolved $ref '" + text + "'");
        return nullptr;
      }
      current = target;
      at = text.substr(1);
    }
    malformed(at, "$ref chain longer than " + std::to_string(kMaxRefChain) + " (a loop?)");
    return nullptr;
  }

  std::shared_ptr<const Schema> compile(const json& schema, const std::string& at) {
    std::string where = file_ + "#" + at;
    auto compiled = Schema::compile(schema, doc_, where);
    if (compiled.ok()) return compiled.value();
    std::string message = compiled.error().message;
    if (message.rfind(where + ": ", 0) == 0) message = message.substr(where.size() + 2);
    malformed(at, message);
    return nullptr;
  }

  // `example`, and each of `examples`' values, beside a schema must be a value the schema accepts.
  // One that is not is incomplete: nothing drydock checks depends on examples, but they are what
  // readers and mock servers take for a valid message. Each example is checked once, however many
  // responses share it through a $ref.
  void check_examples(const json& node, const Schema* schema, const std::string& at) {
    if (schema == nullptr || !node.is_object()) return;
    if (auto example = node.find("example"); example != node.end()) {
      check_example(*example, *schema, pointer_append(at, "example"));
    }
    auto examples = node.find("examples");
    if (examples == node.end() || !examples->is_object()) return;
    for (const auto& [name, raw] : examples->items()) {
      std::string entry_at = pointer_append(pointer_append(at, "examples"), name);
      const json* entry = resolve(raw, entry_at);
      if (entry == nullptr || !entry->is_object() || !entry->contains("value")) continue;
      check_example((*entry)["value"], *schema, pointer_append(entry_at, "value"));
    }
  }

  void check_example(const json& value, const Schema& schema, const std::string& at) {
    if (!checked_examples_.insert(at).second) return;
    std::vector<Violation> violations = schema.validate(value);
    if (violations.empty()) return;
    const Violation& first = violations.front();
    problems_.incomplete(file_, at,
                         "example does not match its schema: " +
                             (first.pointer.empty() ? "" : first.pointer + ": ") + first.message);
  }

  // Checks the examples of every media type of `content`; `picked`'s schema is compiled already.
  void check_content_examples(const json& content, const std::string& at, const std::string& picked,
                              const std::shared_ptr<const Schema>& picked_schema) {
    if (!content.is_object()) return;
    for (const auto& [type, media] : content.items()) {
      if (!media.is_object() || !media.contains("schema")) continue;
      std::string media_at = pointer_append(pointer_append(at, "content"), type);
      if (!media.contains("example") && !media.contains("examples")) continue;
      std::shared_ptr<const Schema> schema =
          type == picked ? picked_schema
                         : compile(media["schema"], pointer_append(media_at, "schema"));
      check_examples(media, schema.get(), media_at);
    }
  }

  // An absent level is incomplete (recorded by the caller); a wrong one is malformed.
  std::optional<Level> read_level(const json& node, const std::string& at) {
    auto level = node.find("x-drydock-level");
    if (level == node.end()) return std::nullopt;
    std::string text = level->is_string() ? level->get<std::string>() : level->dump();
    if (text == "MUST") return Level::kMust;
    if (text == "SHOULD") return Level::kShould;
    if (text == "MAY") return Level::kMay;
    malformed(pointer_append(at, "x-drydock-level"),
              "x-drydock-level '" + text + "' is not MUST, SHOULD or MAY");
    return std::nullopt;
  }

  std::optional<Source> read_source(const json& node, const std::string& at) {
    auto source = node.find("x-drydock-source");
    if (source == node.end()) return std::nullopt;
    std::string here = pointer_append(at, "x-drydock-source");
    return read_source_object(*source, here);
  }

  std::optional<Source> read_source_object(const json& source, const std::string& here) {
    if (!source.is_object() || !source.contains("document") || !source["document"].is_string() ||
        !source.contains("section") || !source["section"].is_string()) {
      malformed(here, "source must be {\"document\": string, \"section\": string}");
      return std::nullopt;
    }
    Source out{source["document"].get<std::string>(), source["section"].get<std::string>()};
    if (out.document != "hub-api-v1.md" && out.document != "registry-api-v1.md" &&
        out.document != "protocol-notes.md") {
      malformed(pointer_append(here, "document"),
                "unknown source document '" + out.document +
                    "' (hub-api-v1.md, registry-api-v1.md or protocol-notes.md)");
      return std::nullopt;
    }
    return out;
  }

  void read_citation(const json& node, const std::string& at, const char* what, Level& level,
                     Source& source) {
    if (!node.contains("x-drydock-level")) {
      problems_.incomplete(file_, at, std::string(what) + " has no x-drydock-level");
    } else if (auto l = read_level(node, at)) {
      level = *l;
    }
    if (!node.contains("x-drydock-source")) {
      problems_.incomplete(file_, at, std::string(what) + " has no x-drydock-source");
    } else if (auto s = read_source(node, at)) {
      source = *s;
    }
  }

  bool read_operation(const std::string& path, const json& item, const std::string& method,
                      const json& node, const std::string& at, Side default_side, Operation& op) {
    if (!node.is_object()) {
      malformed(at, "operation is not an object");
      return false;
    }
    op.method = method;
    std::transform(op.method.begin(), op.method.end(), op.method.begin(), ::toupper);
    op.path = path;
    op.file = file_;
    op.pointer = at;
    if (!node.contains("operationId") || !node["operationId"].is_string()) {
      malformed(at, "missing required field 'operationId' (a string)");
      return false;
    }
    op.id = node["operationId"].get<std::string>();
    op.summary = node.value("summary", std::string());
    op.tag = first_tag(node);
    op.side = read_side(node, at, default_side);
    read_citation(node, at, "operation", op.level, op.source);
    read_access(node, at, op);
    read_security(node, at, op);
    read_parameters(item, node, at, op);
    read_form(op);
    read_request_body(node, at, op);
    read_responses(node, at, op);
    read_variants(node, at, op);
    return true;
  }

  // The first of the operation's tags, or "other".
  static std::string first_tag(const json& node) {
    auto tags = node.find("tags");
    if (tags == node.end() || !tags->is_array() || tags->empty() || !tags->front().is_string()) {
      return "other";
    }
    return tags->front().get<std::string>();
  }

  // Library form: a {repository} path parameter and no {namespace} one.
  static void read_form(Operation& op) {
    auto has_path_parameter = [&](std::string_view name) {
      return std::any_of(op.parameters.begin(), op.parameters.end(),
                         [&](const Parameter& p) { return p.in == "path" && p.name == name; });
    };
    op.library = has_path_parameter("repository") && !has_path_parameter("namespace");
  }

  Side read_side(const json& node, const std::string& at, Side default_side) {
    auto side = node.find("x-drydock-side");
    if (side == node.end()) return default_side;
    if (*side == "index") return Side::kIndex;
    if (*side == "registry") return Side::kRegistry;
    malformed(pointer_append(at, "x-drydock-side"),
              "x-drydock-side " + side->dump() + " is not index or registry");
    return default_side;
  }

  void read_access(const json& node, const std::string& at, Operation& op) {
    auto access = node.find("x-drydock-access");
    if (access == node.end()) return;
    if (*access == "read" || *access == "write" || *access == "delete") {
      op.access = access->get<std::string>();
    } else {
      malformed(pointer_append(at, "x-drydock-access"),
                "x-drydock-access " + access->dump() + " is not read, write or delete");
    }
  }

  void read_security(const json& node, const std::string& at, Operation& op) {
    std::string here = pointer_append(at, "security");
    auto security = node.find("security");
    if (security == node.end()) {
      security = doc_.find("security");
      here = "/security";
      if (security == doc_.end()) return;
    }
    if (!security->is_array()) return malformed(here, "security is not an array");
    for (size_t i = 0; i < security->size(); ++i) {
      const json& entry = (*security)[i];
      std::string entry_at = pointer_append(here, std::to_string(i));
      if (!entry.is_object()) {
        malformed(entry_at, "security requirement is not an object");
        continue;
      }
      if (entry.empty()) add_security(op, Security::kNone);
      for (const auto& [name, scopes] : entry.items()) {
        const json* scheme = nullptr;
        try {
          scheme = &doc_.at("components").at("securitySchemes").at(name);
        } catch (const json::exception&) {
          malformed(pointer_append(entry_at, name),
                    "security scheme '" + name + "' is not in components.securitySchemes");
          continue;
        }
        std::string scheme_name = scheme->value("scheme", std::string());
        std::transform(scheme_name.begin(), scheme_name.end(), scheme_name.begin(), ::tolower);
        bool basic = scheme->value("type", std::string()) == "http" && scheme_name == "basic";
        add_security(op, basic ? Security::kBasic : Security::kToken);
      }
    }
  }

  static void add_security(Operation& op, Security security) {
    if (std::find(op.security.begin(), op.security.end(), security) == op.security.end()) {
      op.security.push_back(security);
    }
  }

  void read_parameters(const json& item, const json& node, const std::string& at, Operation& op) {
    std::string path_at = pointer_append("/paths", op.path);
    for (const auto& [owner, owner_at] :
         {std::pair<const json*, std::string>{&item, path_at}, {&node, at}}) {
      auto list = owner->find("parameters");
      if (list == owner->end()) continue;
      std::string list_at = pointer_append(owner_at, "parameters");
      if (!list->is_array()) {
        malformed(list_at, "parameters is not an array");
        continue;
      }
      for (size_t i = 0; i < list->size(); ++i) {
        std::string param_at = pointer_append(list_at, std::to_string(i));
        Parameter parameter;
        if (!read_parameter((*list)[i], param_at, parameter)) continue;
        auto same = std::find_if(
            op.parameters.begin(), op.parameters.end(),
            [&](const Parameter& p) { return p.name == parameter.name && p.in == parameter.in; });
        if (same != op.parameters.end()) {
          *same = std::move(parameter);  // the operation's own overrides the path item's
        } else {
          op.parameters.push_back(std::move(parameter));
        }
      }
    }
    check_path_parameters(at, op);
  }

  void check_path_parameters(const std::string& at, const Operation& op) {
    size_t open = op.path.find('{');
    while (open != std::string::npos) {
      size_t close = op.path.find('}', open);
      if (close == std::string::npos) return;
      std::string name = op.path.substr(open + 1, close - open - 1);
      bool declared =
          std::any_of(op.parameters.begin(), op.parameters.end(),
                      [&](const Parameter& p) { return p.in == "path" && p.name == name; });
      if (!declared) malformed(at, "path parameter '{" + name + "}' is not declared");
      open = op.path.find('{', close);
    }
  }

  bool read_parameter(const json& raw, std::string at, Parameter& parameter) {
    const json* node = resolve(raw, at);
    if (node == nullptr) return false;
    if (!node->is_object() || !node->contains("name") || !(*node)["name"].is_string() ||
        !node->contains("in") || !(*node)["in"].is_string()) {
      malformed(at, "parameter needs 'name' and 'in' (strings)");
      return false;
    }
    parameter.name = (*node)["name"].get<std::string>();
    parameter.in = (*node)["in"].get<std::string>();
    parameter.required = node->value("required", false);
    if (auto schema = node->find("schema"); schema != node->end()) {
      parameter.schema = compile(*schema, pointer_append(at, "schema"));
      check_examples(*node, parameter.schema.get(), at);
    }
    parameter.invalid_condition = "invalid-" + parameter.name;
    if (auto unchecked = node->find("x-drydock-unchecked-by"); unchecked != node->end()) {
      read_profiles(*unchecked, pointer_append(at, "x-drydock-unchecked-by"),
                    parameter.unchecked_by);
    }
    if (auto condition = node->find("x-drydock-invalid-condition"); condition != node->end()) {
      if (condition->is_string() && is_known_condition(condition->get<std::string>())) {
        parameter.invalid_condition = condition->get<std::string>();
      } else {
        malformed(pointer_append(at, "x-drydock-invalid-condition"),
                  "condition " + condition->dump() + " is not in the vocabulary of spec/README.md");
      }
    }
    return true;
  }

  void read_profiles(const json& list, const std::string& at, std::vector<Profile>& out) {
    if (!list.is_array()) return malformed(at, "expected an array of profiles");
    for (size_t i = 0; i < list.size(); ++i) {
      std::optional<Profile> profile =
          list[i].is_string() ? parse_profile(list[i].get<std::string>()) : std::nullopt;
      if (!profile || *profile == Profile::kCompat) {
        malformed(pointer_append(at, std::to_string(i)),
                  list[i].dump() + " is not a profile (docs or docker-registry)");
        continue;
      }
      out.push_back(*profile);
    }
  }

  // Picks application/json when offered, else the first media type. Returns its key, or "".
  static std::string pick_media_type(const json& content) {
    if (!content.is_object() || content.empty()) return "";
    if (content.contains("application/json")) return "application/json";
    return content.begin().key();
  }

  void read_request_body(const json& node, const std::string& at, Operation& op) {
    auto raw = node.find("requestBody");
    if (raw == node.end()) return;
    std::string body_at = pointer_append(at, "requestBody");
    const json* body = resolve(*raw, body_at);
    if (body == nullptr) return;
    op.request_body_required = body->value("required", false);
    auto content = body->find("content");
    if (content == body->end() || !content->is_object() || content->empty()) {
      return malformed(body_at, "requestBody needs a non-empty 'content'");
    }
    op.request_content_type = pick_media_type(*content);
    const json& media = (*content)[op.request_content_type];
    if (media.is_object() && media.contains("schema")) {
      std::string schema_at = pointer_append(
          pointer_append(pointer_append(body_at, "content"), op.request_content_type), "schema");
      op.request_schema = compile(media["schema"], schema_at);
    }
    check_content_examples(*content, body_at, op.request_content_type, op.request_schema);
  }

  void read_responses(const json& node, const std::string& at, Operation& op) {
    auto responses = node.find("responses");
    std::string list_at = pointer_append(at, "responses");
    if (responses == node.end() || !responses->is_object() || responses->empty()) {
      return malformed(at, "missing required field 'responses' (a non-empty object)");
    }
    for (const auto& [code, raw] : responses->items()) {
      std::string response_at = pointer_append(list_at, code);
      int status = 0;
      if (code.size() == 3 && std::all_of(code.begin(), code.end(), ::isdigit)) {
        status = std::stoi(code);
      }
      if (status < 100 || status > 599) {
        malformed(response_at, "response key '" + code + "' is not an HTTP status code");
        continue;
      }
      Response response;
      response.status = status;
      if (read_response(raw, response_at, response)) op.responses.push_back(std::move(response));
    }
  }

  bool read_response(const json& raw, std::string at, Response& response) {
    std::string citation_at = at;  // x-drydock-* sit beside a $ref or in its target
    const json* node = resolve(raw, at);
    if (node == nullptr) return false;
    if (!node->is_object()) {
      malformed(at, "response is not an object");
      return false;
    }
    response.description = node->value("description", std::string());
    const json& cited =
        raw.contains("x-drydock-level") || raw.contains("x-drydock-source") ? raw : *node;
    read_citation(cited, &cited == &raw ? citation_at : at, "response", response.level,
                  response.source);
    read_conditions(raw.contains("x-drydock-conditions") ? raw : *node,
                    raw.contains("x-drydock-conditions") ? citation_at : at, response);
    if (auto error = node->find("x-drydock-error"); error != node->end() && error->is_string()) {
      response.error_text = error->get<std::string>();
    }
    if (auto headers = node->find("headers"); headers != node->end() && headers->is_object()) {
      for (const auto& [name, header] : headers->items()) {
        HeaderRule rule;
        rule.level = response.level;
        if (read_header(name, header, pointer_append(pointer_append(at, "headers"), name), rule)) {
          response.headers.push_back(std::move(rule));
        }
      }
    }
    if (auto content = node->find("content"); content != node->end()) {
      response.content_type = pick_media_type(*content);
      if (!response.content_type.empty() && (*content)[response.content_type].contains("schema")) {
        std::string schema_at = pointer_append(
            pointer_append(pointer_append(at, "content"), response.content_type), "schema");
        response.schema = compile((*content)[response.content_type]["schema"], schema_at);
      }
      check_content_examples(*content, at, response.content_type, response.schema);
    }
    return true;
  }

  // Each entry is a condition's name (answered at the response's level and source), or
  // {"condition": name, "level": ..., "source": {...}} for a condition answered at its own.
  void read_conditions(const json& node, const std::string& at, Response& response) {
    auto conditions = node.find("x-drydock-conditions");
    if (conditions == node.end()) return;
    std::string here = pointer_append(at, "x-drydock-conditions");
    if (!conditions->is_array()) return malformed(here, "x-drydock-conditions is not an array");
    for (size_t i = 0; i < conditions->size(); ++i) {
      const json& c = (*conditions)[i];
      std::string entry_at = pointer_append(here, std::to_string(i));
      const json& name = c.is_object() ? c.value("condition", json()) : c;
      if (!name.is_string() || !is_known_condition(name.get<std::string>())) {
        malformed(entry_at,
                  "condition " + name.dump() + " is not in the vocabulary of spec/README.md");
        continue;
      }
      response.conditions.push_back(name.get<std::string>());
      Citation citation{response.level, response.source};
      if (c.is_object()) {
        if (auto level = read_level(c, entry_at)) citation.level = *level;
        if (auto source = read_source(c, entry_at)) citation.source = *source;
      }
      response.condition_citations[name.get<std::string>()] = citation;
    }
  }

  bool read_header(const std::string& name, const json& raw, std::string at, HeaderRule& rule) {
    const json* node = resolve(raw, at);
    if (node == nullptr) return false;
    if (!node->is_object()) {
      malformed(at, "header is not an object");
      return false;
    }
    rule.name = name;
    rule.required = node->value("required", false);
    rule.description = node->value("description", std::string());
    if (auto level = read_level(*node, at)) rule.level = *level;
    if (auto schema = node->find("schema"); schema != node->end()) {
      rule.schema = compile(*schema, pointer_append(at, "schema"));
      check_examples(*node, rule.schema.get(), at);
    }
    return true;
  }

  void read_variants(const json& node, const std::string& at, Operation& op) {
    auto variants = node.find("x-drydock-variants");
    if (variants == node.end()) return;
    std::string here = pointer_append(at, "x-drydock-variants");
    if (!variants->is_object()) return malformed(here, "x-drydock-variants is not an object");
    for (const auto& [key, value] : variants->items()) {
      std::string key_at = pointer_append(here, key);
      if (key == "note" || key.rfind("x-", 0) == 0) continue;
      if (key == "source") {
        op.variants_source = read_source_object(value, key_at);
        continue;
      }
      std::optional<Profile> profile = parse_profile(key);
      if (!profile || *profile == Profile::kCompat) {
        malformed(key_at, "unknown profile '" + key + "' (docs or docker-registry)");
        continue;
      }
      read_variant(value, key_at, op.variants[*profile]);
      for (const auto& [condition, entry] : op.variants[*profile].conditions) {
        for (int status : entry.statuses) {
          if (op.response(status) != nullptr) continue;
          malformed(pointer_append(pointer_append(key_at, "conditions"), condition),
                    "status " + std::to_string(status) + " is not a response of " + op.id);
        }
      }
    }
  }

  std::optional<int> read_status(const json& value, const std::string& at) {
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (text.size() == 3 && std::all_of(text.begin(), text.end(), ::isdigit))
      return std::stoi(text);
    malformed(at, "'" + text + "' is not an HTTP status code");
    return std::nullopt;
  }

  void read_variant(const json& node, const std::string& at, ProfileVariant& variant) {
    if (!node.is_object()) return malformed(at, "a profile's variant is not an object");
    for (const auto& [key, value] : node.items()) {
      std::string key_at = pointer_append(at, key);
      if (key == "statuses" && value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) {
          if (auto s = read_status(value[i], pointer_append(key_at, std::to_string(i)))) {
            variant.statuses.push_back(*s);
          }
        }
      } else if (key == "conditions" && value.is_object()) {
        read_condition_variants(value, key_at, variant);
      } else if (key == "bodies" && value.is_object()) {
        for (const auto& [code, schema] : value.items()) {
          std::string code_at = pointer_append(key_at, code);
          auto status = read_status(code, code_at);
          auto compiled = compile(schema, code_at);
          if (status && compiled) variant.bodies[*status] = compiled;
        }
      } else if (key == "headers" && value.is_object()) {
        for (const auto& [code, headers] : value.items()) {
          std::string code_at = pointer_append(key_at, code);
          auto status = read_status(code, code_at);
          if (!status) continue;
          if (!headers.is_object()) {
            malformed(code_at, "variant headers must be {header: {\"required\": bool}}");
            continue;
          }
          for (const auto& [name, rule] : headers.items()) {
            if (rule.is_object() && rule.contains("required") && rule["required"].is_boolean()) {
              variant.header_required[*status][name] = rule["required"].get<bool>();
              if (auto level = read_level(rule, pointer_append(code_at, name))) {
                variant.header_levels[*status][name] = *level;
              }
              if (rule.contains("schema")) {
                auto compiled = compile(rule["schema"],
                                        pointer_append(pointer_append(code_at, name), "schema"));
                if (compiled) variant.header_schemas[*status][name] = compiled;
              }
            } else {
              malformed(pointer_append(code_at, name), "variant header needs \"required\": bool");
            }
          }
        }
      } else if (key.rfind("x-", 0) != 0 && key != "note") {
        malformed(key_at,
                  "unknown variant field '" + key + "' (statuses, conditions, bodies or headers)");
      }
    }
  }

  // {"<condition>": {"statuses": [...], "x-drydock-level": "..."}}: what the profile's source
  // says of a condition where it differs from the responses listing it.
  void read_condition_variants(const json& node, const std::string& at, ProfileVariant& variant) {
    for (const auto& [condition, entry] : node.items()) {
      std::string entry_at = pointer_append(at, condition);
      if (!is_known_condition(condition)) {
        malformed(entry_at,
                  "condition \"" + condition + "\" is not in the vocabulary of spec/README.md");
        continue;
      }
      if (!entry.is_object()) {
        malformed(entry_at,
                  "a condition variant is {\"statuses\": [...], \"x-drydock-level\": ...}");
        continue;
      }
      ConditionVariant& out = variant.conditions[condition];
      if (auto statuses = entry.find("statuses"); statuses != entry.end()) {
        if (!statuses->is_array()) {
          malformed(pointer_append(entry_at, "statuses"), "statuses is not an array");
        } else {
          for (size_t i = 0; i < statuses->size(); ++i) {
            std::string status_at =
                pointer_append(pointer_append(entry_at, "statuses"), std::to_string(i));
            if (auto s = read_status((*statuses)[i], status_at)) out.statuses.push_back(*s);
          }
        }
      }
      out.level = read_level(entry, entry_at);
      out.source = read_source(entry, entry_at);
    }
  }

  const json& doc_;
  const std::string& file_;
  Problems& problems_;
  std::set<std::string> checked_examples_;  // pointers of the examples checked already
};

}  // namespace

void parse_operations(const json& document, const std::string& file, Side default_side,
                      std::vector<Operation>& operations, Problems& problems) {
  OperationReader(document, file, problems).read_all(default_side, operations);
}

}  // namespace drydock::spec
