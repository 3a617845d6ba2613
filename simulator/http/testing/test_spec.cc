#include "testing/test_spec.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace drydock::simulator::http::testing {
namespace {

using nlohmann::json;

json source() {
  return {{"document", "protocol-notes.md"}, {"section", "5.1"}};
}

json error_schema() {
  return {{"type", "object"},
          {"required", {"error"}},
          {"properties", {{"error", {{"type", "string"}}}}}};
}

json response(const std::string& description, std::vector<std::string> conditions,
              json schema = nullptr, const std::string& type = "application/json") {
  json r = {{"description", description},
            {"x-drydock-conditions", conditions},
            {"x-drydock-level", "MUST"},
            {"x-drydock-source", source()}};
  if (!schema.is_null()) r["content"] = {{type, {{"schema", schema}}}};
  return r;
}

json path_parameter(const std::string& name, const std::string& pattern) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"schema", {{"type", "string"}, {"pattern", pattern}}}};
}

json operation(const std::string& id, const std::string& side, json parameters, json responses) {
  return {{"operationId", id},
          {"summary", id},
          {"x-drydock-side", side},
          {"x-drydock-level", "MUST"},
          {"x-drydock-source", source()},
          {"parameters", parameters},
          {"responses", responses}};
}

json document(const std::string& title, json paths) {
  return {
      {"openapi", "3.0.3"}, {"info", {{"title", title}, {"version", "1.0.0"}}}, {"paths", paths}};
}

json index_document() {
  json repo_params = {path_parameter("namespace", "^[a-z0-9_][a-z0-9_-]{0,253}[a-z0-9_]$"),
                      path_parameter("repository", "^[a-z0-9][a-z0-9_.-]{0,254}$")};
  json put_repository = operation(
      "putRepository", "index", repo_params,
      {{"200", response("created", {"ok", "created"}, {{"type", "string"}})},
       {"400",
        response("bad input",
                 {"malformed-json", "invalid-body", "invalid-namespace", "invalid-repository"},
                 error_schema())}});
  put_repository["requestBody"] = {{"required", true},
                                   {"content",
                                    {{"application/json",
                                      {{"schema",
                                        {{"type", "array"},
                                         {"items",
                                          {{"type", "object"},
                                           {"required", {"id"}},
                                           {"properties", {{"id", {{"type", "string"}}}}}}}}}}}}}};
  json delete_repository = operation(
      "deleteRepository", "index", repo_params,
      {{"202", response("accepted", {"accepted"}, {{"type", "string"}})},
       {"400", response("bad name", {"invalid-namespace", "invalid-repository"}, error_schema())}});
  delete_repository["responses"]["202"]["headers"] = {
      {"X-Docker-Token", {{"required", true}, {"schema", {{"type", "string"}}}}}};
  json get_user = operation("getUser", "index", json::array(),
                            {{"200", response("ok", {"ok"}, {{"type", "string"}})}});
  return document("index", {{"/v1/repositories/{namespace}/{repository}/",
                             {{"put", put_repository}, {"delete", delete_repository}}},
                            {"/v1/users/", {{"get", get_user}}}});
}

json registry_document() {
  json image = {path_parameter("image_id", "^[a-f0-9]{64}$")};
  json repo_params = {path_parameter("namespace", "^[a-z0-9_][a-z0-9_-]{0,253}[a-z0-9_]$"),
                      path_parameter("repository", "^[a-z0-9][a-z0-9_.-]{0,254}$")};
  json octets = {{"type", "string"}, {"format", "binary"}};
  json get_layer = operation(
      "getImageLayer", "registry", image,
      {{"200", response("layer", {"ok"}, octets, "application/octet-stream")},
       {"206", response("part", {"partial-content"}, octets, "application/octet-stream")},
       {"416", response("bad range", {"range-not-satisfiable"})},
       {"404", response("missing", {"invalid-image_id", "image-not-found"}, error_schema())}});
  get_layer["responses"]["404"]["x-drydock-error"] = "Image not found";
  json put_layer = operation("putImageLayer", "registry", image,
                             {{"200", response("stored", {"ok"}, {{"type", "boolean"}})},
                              {"404", response("bad id", {"invalid-image_id"}, error_schema())}});
  put_layer["requestBody"] = {{"required", true},
                              {"content", {{"application/octet-stream", {{"schema", octets}}}}}};
  json put_json =
      operation("putImageJson", "registry", image,
                {{"200", response("stored", {"ok"}, {{"type", "boolean"}})},
                 {"400", response("bad json", {"malformed-json", "invalid-body"}, error_schema())},
                 {"404", response("bad id", {"invalid-image_id"}, error_schema())}});
  put_json["requestBody"] = {{"required", true},
                             {"content",
                              {{"application/json",
                                {{"schema",
                                  {{"type", "object"},
                                   {"required", {"id"}},
                                   {"properties", {{"id", {{"type", "string"}}}}}}}}}}}};
  json delete_repository = operation(
      "deleteRepositoryTags", "registry", repo_params,
      {{"200", response("deleted", {"ok"}, {{"type", "boolean"}})},
       {"400", response("bad name", {"invalid-namespace", "invalid-repository"}, error_schema())}});
  json ping = operation("getPing", "registry", json::array(),
                        {{"200", response("pong", {"ok"}, {{"type", "boolean"}})}});
  return document("registry",
                  {{"/v1/images/{image_id}/layer", {{"get", get_layer}, {"put", put_layer}}},
                   {"/v1/images/{image_id}/json", {{"put", put_json}}},
                   {"/v1/repositories/{namespace}/{repository}/", {{"delete", delete_repository}}},
                   {"/v1/_ping", {{"get", ping}}}});
}

spec::Spec load() {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("drydock-http-spec-" + std::to_string(::getpid()));
  fs::create_directories(dir / "flows");
  std::ofstream(dir / "index-v1.openapi.json") << index_document().dump(2);
  std::ofstream(dir / "registry-v1.openapi.json") << registry_document().dump(2);
  auto loaded = spec::Spec::load_dir(dir.string());
  fs::remove_all(dir);
  if (!loaded.ok()) {
    std::fprintf(stderr, "test spec does not load: %s\n", loaded.error().message.c_str());
    std::abort();
  }
  return std::move(loaded).value();
}

}  // namespace

const spec::Spec& test_spec() {
  static const spec::Spec spec = load();
  return spec;
}

}  // namespace drydock::simulator::http::testing
