// Schema: OpenAPI 3.0 schema objects compiled once with valijson.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/spec/schema.h"

namespace drydock::spec {
namespace {

using nlohmann::json;

std::shared_ptr<const Schema> compile(const json& schema, const json& root = json::object()) {
  auto compiled = Schema::compile(schema, root, "test.json#/schema");
  if (!compiled.ok()) {
    ADD_FAILURE() << compiled.error().message;
    return nullptr;
  }
  return compiled.value();
}

TEST(Schema, AcceptsValidBodyAndRejectsInvalidOne) {
  auto schema = compile(R"({"type": "object", "required": ["username"],
                            "properties": {"username": {"type": "string", "minLength": 4}}})"_json);
  EXPECT_TRUE(schema->accepts(json{{"username", "alice"}}));
  EXPECT_FALSE(schema->accepts(json{{"username", "al"}}));
  EXPECT_FALSE(schema->accepts(json::array()));
}

TEST(Schema, ViolationsPointIntoTheValue) {
  auto schema = compile(R"({"type": "object", "properties": {"tags": {"type": "array",
                            "items": {"type": "string"}}}})"_json);
  std::vector<Violation> violations = schema->validate(json{{"tags", {"a", 3}}});
  ASSERT_FALSE(violations.empty());
  bool found = false;
  for (const Violation& v : violations) found = found || v.pointer == "/tags/1";
  EXPECT_TRUE(found);
}

TEST(Schema, NullableAdmitsNull) {
  auto schema = compile(R"({"type": "string", "nullable": true})"_json);
  EXPECT_TRUE(schema->accepts(nullptr));
  EXPECT_TRUE(schema->accepts("x"));
  EXPECT_FALSE(schema->accepts(3));
}

TEST(Schema, NullableEnumAdmitsNull) {
  auto schema = compile(R"({"type": "string", "enum": ["a"], "nullable": true})"_json);
  EXPECT_TRUE(schema->accepts(nullptr));
  EXPECT_FALSE(schema->accepts("b"));
}

TEST(Schema, WithoutNullableNullIsRejected) {
  EXPECT_FALSE(compile(R"({"type": "string"})"_json)->accepts(nullptr));
}

TEST(Schema, OpenApiAnnotationsAreDropped) {
  auto schema = compile(R"({"type": "object", "example": {"id": 1}, "x-note": "n",
                            "discriminator": {"propertyName": "id"},
                            "properties": {"id": {"type": "string", "readOnly": true, "writeOnly": false}}})"_json);
  EXPECT_TRUE(schema->accepts(json{{"id", "a"}}));
  EXPECT_FALSE(schema->json().contains("example"));
  EXPECT_FALSE(schema->json().contains("x-note"));
}

TEST(Schema, RefResolvesWithinTheDocument) {
  json root = R"({"components": {"schemas": {
      "Id": {"type": "string", "pattern": "^[a-f0-9]{64}$"},
      "List": {"type": "array", "items": {"$ref": "#/components/schemas/Id"}}}}})"_json;
  auto schema = compile(R"({"$ref": "#/components/schemas/List"})"_json, root);
  EXPECT_TRUE(schema->accepts(json::array({std::string(64, 'a')})));
  EXPECT_FALSE(schema->accepts(json::array({"zz"})));
}

TEST(Schema, RecursiveRefCompilesAndValidates) {
  json root = R"({"components": {"schemas": {"Node": {"type": "object",
      "properties": {"child": {"$ref": "#/components/schemas/Node"}, "n": {"type": "integer"}}}}}})"_json;
  auto schema = compile(R"({"$ref": "#/components/schemas/Node"})"_json, root);
  EXPECT_TRUE(schema->accepts(json::parse(R"({"n": 1, "child": {"n": 2, "child": {}}})")));
  EXPECT_FALSE(schema->accepts(json::parse(R"({"n": 1, "child": {"child": {"n": "x"}}})")));
}

// A recursive schema descends as deep as the value: past the JSON nesting bound the value is one
// violation naming the limit, and valijson never walks it (100,000 levels would overflow the
// stack).
TEST(Schema, RefusesAValueNestedPastTheLimitWithoutWalkingIt) {
  json root = R"({"components": {"schemas": {"Node": {"type": "array",
                   "items": {"$ref": "#/components/schemas/Node"}}}}})"_json;
  auto schema = compile(json{{"$ref", "#/components/schemas/Node"}}, root);
  json deep = json::array();
  for (int i = 0; i < 100000; ++i) deep = json::array({std::move(deep)});
  std::vector<Violation> violations = schema->validate(deep);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].message, "JSON nested deeper than 256 levels (the limit)");

  json shallow = json::array();
  for (int i = 0; i < 200; ++i) shallow = json::array({std::move(shallow)});
  EXPECT_TRUE(schema->accepts(shallow));
}

TEST(Schema, UnresolvedRefIsAnErrorNamingWhere) {
  auto compiled = Schema::compile(R"({"$ref": "#/components/schemas/Missing"})"_json,
                                  json::object(), "index-v1.openapi.json#/paths/x");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.error().code, ErrorCode::kParse);
  EXPECT_EQ(compiled.error().message,
            "index-v1.openapi.json#/paths/x: unresolved $ref '#/components/schemas/Missing' at ''");
}

TEST(Schema, RemoteRefIsAnError) {
  EXPECT_FALSE(Schema::compile(R"({"$ref": "other.json#/a"})"_json, json::object(), "w").ok());
}

TEST(Schema, BadPatternIsAnError) {
  auto compiled =
      Schema::compile(R"({"type": "string", "pattern": "(["})"_json, json::object(), "w");
  ASSERT_FALSE(compiled.ok());
  EXPECT_NE(compiled.error().message.find("does not compile"), std::string::npos);
}

TEST(Schema, NonObjectSchemaIsAnError) {
  EXPECT_FALSE(Schema::compile(json(42), json::object(), "w").ok());
}

}  // namespace
}  // namespace drydock::spec
