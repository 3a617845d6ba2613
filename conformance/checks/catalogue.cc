// The table of contents of drydock's checks (catalogue.h), as h2spec's http2.go: each area
// contributes its recipes, bad_input.cc the provocations, flows.cc the workflow checks.

#include "drydock/conformance/catalogue.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "derive.h"

namespace drydock::conformance {

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

std::string tag_of(const spec::Spec& spec, const spec::Operation& operation) {
  const nlohmann::json& doc = spec.document(operation.side);
  nlohmann::json::json_pointer pointer(operation.pointer);
  if (!doc.contains(pointer)) return "other";
  const nlohmann::json& op = doc.at(pointer);
  if (!op.contains("tags") || !op["tags"].is_array() || op["tags"].empty()) return "other";
  return op["tags"][0].get<std::string>();
}

std::string check_id(const spec::Spec& spec, const spec::Operation& operation,
                     std::string_view condition) {
  return std::string(spec::to_string(operation.side)) + "/" + tag_of(spec, operation) + "/" +
         kebab_case(operation.id) + "/" + std::string(condition);
}

std::vector<Check> make_catalogue(const spec::Spec& spec) {
  using namespace checks;
  std::vector<Recipe> recipes;
  for (auto* area :
       {&index_user_recipes, &index_repository_recipes, &index_image_recipes,
        &index_authorization_recipes, &index_search_recipes, &registry_ping_recipes,
        &registry_image_recipes, &registry_tag_recipes, &registry_repository_recipes}) {
    for (Recipe& r : area()) recipes.push_back(std::move(r));
  }
  std::vector<Check> all = derive_checks(spec, recipes, provocations());
  for (Check& c : flow_checks(spec)) all.push_back(std::move(c));
  for (Check& c : large_layer_checks()) all.push_back(std::move(c));
  std::sort(all.begin(), all.end(), [](const Check& a, const Check& b) { return a.id < b.id; });
  return all;
}

}  // namespace drydock::conformance
