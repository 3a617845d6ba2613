// Recipes for search (tag "search").

#include "../derive.h"

namespace drydock::conformance::checks {

std::vector<Recipe> index_search_recipes() {
  Recipe search;
  search.operation_id = "searchRepositories";
  search.stage = Stage::kNothing;
  search.hint = "Answer GET /v1/search?q= 200 with query, num_results and results.";
  search.finish = [](CheckContext&, const spec::Operation&, Scene&, Call& call) {
    call.query = "q=drydock";
    return Result<void>();
  };
  return {search};
}

}  // namespace drydock::conformance::checks
