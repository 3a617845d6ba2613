// Runtime expressions, templates and conditions against a plain exchange.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/spec/expression.h"

namespace drydock::spec {
namespace {

using nlohmann::json;

ExchangeValues exchange() {
  ExchangeValues x;
  x.url_value = "http://127.0.0.1:5000/v1/users/";
  x.method_value = "PUT";
  x.status = 200;
  x.request_headers = {{"Authorization", "Basic YWxpY2U6cHc="}};
  x.response_headers = {{"X-Docker-Token", "signature=abc,repository=\"a/b\",access=write"},
                        {"Content-Type", "application/json"}};
  x.body = R"({"token": "t1", "list": [{"id": "aa"}]})";
  x.inputs = {{"username", "alice"}, {"count", 3}};
  x.steps = {{"login", {{"token", "t0"}, {"ids", {"x", "y"}}}}};
  x.outputs = {{"final", "done"}};
  return x;
}

TEST(Expression, StatusCodeUrlAndMethod) {
  ExchangeValues x = exchange();
  EXPECT_EQ(evaluate("$statusCode", x).value(), json(200));
  EXPECT_EQ(evaluate("$url", x).value(), json("http://127.0.0.1:5000/v1/users/"));
  EXPECT_EQ(evaluate("$method", x).value(), json("PUT"));
}

TEST(Expression, HeadersIgnoreCase) {
  ExchangeValues x = exchange();
  EXPECT_EQ(evaluate("$response.header.x-docker-token", x).value(),
            json("signature=abc,repository=\"a/b\",access=write"));
  EXPECT_EQ(evaluate("$request.header.AUTHORIZATION", x).value(), json("Basic YWxpY2U6cHc="));
}

TEST(Expression, BodyWholeAndByPointer) {
  ExchangeValues x = exchange();
  EXPECT_EQ(evaluate("$response.body", x).value()["token"], json("t1"));
  EXPECT_EQ(evaluate("$response.body#/list/0/id", x).value(), json("aa"));
}

TEST(Expression, NonJsonBodyIsItsText) {
  ExchangeValues x = exchange();
  x.body = "plain text";
  EXPECT_EQ(evaluate("$response.body", x).value(), json("plain text"));
  EXPECT_FALSE(evaluate("$response.body#/a", x).ok());
}

TEST(Expression, InputsOutputsAndStepOutputs) {
  ExchangeValues x = exchange();
  EXPECT_EQ(evaluate("$inputs.username", x).value(), json("alice"));
  EXPECT_EQ(evaluate("$inputs.count", x).value(), json(3));
  EXPECT_EQ(evaluate("$steps.login.outputs.token", x).value(), json("t0"));
  EXPECT_EQ(evaluate("$steps.login.outputs.ids#/1", x).value(), json("y"));
  EXPECT_EQ(evaluate("$outputs.final", x).value(), json("done"));
}

TEST(Expression, MissingValuesAreErrorsNamingTheExpression) {
  ExchangeValues x = exchange();
  auto missing = evaluate("$response.header.X-Nope", x);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(
      missing.error().message,
      "runtime expression '$response.header.X-Nope': response header X-Nope is not available");
  EXPECT_FALSE(evaluate("$steps.nope.outputs.token", x).ok());
  EXPECT_FALSE(evaluate("$inputs.nope", x).ok());
  EXPECT_FALSE(evaluate("$response.body#/nope", x).ok());
  ExchangeValues empty;
  EXPECT_FALSE(evaluate("$statusCode", empty).ok());
}

TEST(Expression, MalformedExpressionsAreErrors) {
  ExchangeValues x = exchange();
  for (const char* bad :
       {"$status", "statusCode", "$steps.login.token", "$inputs.", "$response.bod",
        "$statusCode#/a", "$response.body#a", "$response.header."}) {
    auto r = evaluate(bad, x);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
    }
  }
}

TEST(Template, ExpandsEmbeddedExpressions) {
  ExchangeValues x = exchange();
  EXPECT_EQ(expand_template("Token {$steps.login.outputs.token}", x).value(), "Token t0");
  EXPECT_EQ(expand_template("{$inputs.username}-{$inputs.count}", x).value(), "alice-3");
  EXPECT_EQ(expand_template("no expressions", x).value(), "no expressions");
  EXPECT_FALSE(expand_template("Token {$steps.login.outputs.token", x).ok());
  EXPECT_FALSE(expand_template("{$nope}", x).ok());
}

TEST(Template, ResolveValueKeepsTypesAndRecurses) {
  ExchangeValues x = exchange();
  json body = {{"user", "$inputs.username"},
               {"n", "$inputs.count"},
               {"mail", "{$inputs.username}@x"},
               {"list", {"$steps.login.outputs.token", 7}},
               {"plain", "text"}};
  json resolved = resolve_value(body, x).value();
  EXPECT_EQ(resolved, (json{{"user", "alice"},
                            {"n", 3},
                            {"mail", "alice@x"},
                            {"list", {"t0", 7}},
                            {"plain", "text"}}));
  EXPECT_FALSE(resolve_value(json{{"a", "$inputs.nope"}}, x).ok());
}

TEST(Condition, Comparisons) {
  ExchangeValues x = exchange();
  EXPECT_TRUE(evaluate_condition("$statusCode == 200", x).value());
  EXPECT_FALSE(evaluate_condition("$statusCode != 200", x).value());
  EXPECT_TRUE(evaluate_condition("$statusCode < 300", x).value());
  EXPECT_TRUE(evaluate_condition("$statusCode >= 200", x).value());
  EXPECT_FALSE(evaluate_condition("$statusCode > 200", x).value());
  EXPECT_TRUE(evaluate_condition("$statusCode<=200", x).value());
}

TEST(Condition, StringLiteralsAndLogic) {
  ExchangeValues x = exchange();
  EXPECT_TRUE(evaluate_condition("$response.body#/token == 't1'", x).value());
  EXPECT_TRUE(evaluate_condition("$statusCode == 200 && $inputs.username != ''", x).value());
  EXPECT_TRUE(evaluate_condition("$statusCode == 404 || $statusCode == 200", x).value());
  EXPECT_FALSE(evaluate_condition("!($statusCode == 200)", x).value());
  EXPECT_TRUE(evaluate_condition("$inputs.username == 'it\\'s' || true", x).value());
}

TEST(Condition, NumberComparesWithNumericString) {
  ExchangeValues x = exchange();
  x.response_headers.push_back({"Content-Length", "42"});
  EXPECT_TRUE(evaluate_condition("$response.header.Content-Length == 42", x).value());
}

TEST(Condition, ShortCircuitSkipsMissingValues) {
  ExchangeValues x = exchange();
  EXPECT_TRUE(
      evaluate_condition("$statusCode == 200 || $response.header.X-Nope == 'a'", x).value());
  EXPECT_FALSE(evaluate_condition("$statusCode == 200 && $response.header.X-Nope == 'a'", x).ok());
}

TEST(Condition, AbsentBodyMemberReadsAsNull) {
  ExchangeValues x = exchange();
  EXPECT_TRUE(evaluate_condition("$response.body#/v1.0 == null", x).value());
  EXPECT_FALSE(evaluate_condition("$response.body#/token == null", x).value());
  // Outside a condition an absent member stays an error naming the expression.
  EXPECT_FALSE(evaluate("$response.body#/v1.0", x).ok());
}

TEST(Condition, SyntaxErrorsNameTheCondition) {
  ExchangeValues x = exchange();
  for (const char* bad :
       {"$statusCode ==", "$statusCode == 200 &&", "($statusCode == 200", "$statusCode = 200",
        "$statusCode == ok", "'unterminated == 1", "$statusCode", "$bogus == 1"}) {
    auto r = evaluate_condition(bad, x);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("'"), std::string::npos);
    }
  }
  EXPECT_TRUE(check_condition("$statusCode == 200").ok());
  EXPECT_FALSE(check_condition("$statusCode === 200").ok());
}

// The parser and the evaluator recurse per operator: a condition of 100,000 '!' or '(' or '&&'
// would exhaust the stack (and so would freeing its tree), so its length in tokens is bounded.
TEST(Condition, RefusesMoreTokensThanTheLimit) {
  ExchangeValues x = exchange();
  std::string many_nots = std::string(100000, '!') + "true";
  auto r = evaluate_condition(many_nots, x);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("256 tokens (the limit)"), std::string::npos);
  std::string long_chain = "true";
  for (int i = 0; i < 50000; ++i) long_chain += " && true";
  EXPECT_FALSE(check_condition(long_chain).ok());
  EXPECT_TRUE(evaluate_condition("!!(($statusCode == 200))", x).value());
}

// Found by expression_fuzz: a value that is not true or false is named in the error with dump(),
// which threw for a string that is not UTF-8. Now the error says so, with U+FFFD for the bytes.
TEST(Condition, AStringThatIsNotUtf8IsAnErrorNotAnException) {
  ExchangeValues x = exchange();
  auto r = evaluate_condition("'\xff'", x);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("is not true or false"), std::string::npos);
}

TEST(Template, ExpandsAValueHoldingBytesThatAreNotUtf8) {
  ExchangeValues x = exchange();
  x.steps = {{"login", {{"ids", json::array({"\xff"})}}}};
  auto expanded = expand_template("ids={$steps.login.outputs.ids}", x);
  ASSERT_TRUE(expanded.ok());
  EXPECT_EQ(*expanded, "ids=[\"\uFFFD\"]");
}

TEST(Criterion, RegexMatchesContext) {
  ExchangeValues x = exchange();
  Criterion c{"access=write", "$response.header.X-Docker-Token", "regex"};
  EXPECT_TRUE(evaluate_criterion(c, x).value());
  c.condition = "access=read";
  EXPECT_FALSE(evaluate_criterion(c, x).value());
  c.condition = "([";
  EXPECT_FALSE(evaluate_criterion(c, x).ok());
  EXPECT_FALSE(evaluate_criterion({"$.a", "$response.body", "jsonpath"}, x).ok());
}

}  // namespace
}  // namespace drydock::spec
