// The table of contents of drydock's checks (catalogue.h), as h2spec's http2.go: each area
// contributes its recipes, bad_input.cc the provocations, flows.cc the workflow checks.

#include "drydock/conformance/catalogue.h"

#include <algorithm>

#include "derive.h"

namespace drydock::conformance {

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
