#include "drydock/simulator/http/router.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

#include "drydock/spec/spec.h"
#include "testing/test_spec.h"

namespace drydock::simulator::http {
namespace {

RouterOptions options_with(void (*change)(RouterOptions&)) {
  RouterOptions options;
  change(options);
  return options;
}

using testing::kImageId;
using testing::test_spec;

Reply answer_ok(Context& context, const Request&) {
  return Reply::json(
      200, context.operation->id == "putRepository" ? nlohmann::json("OK") : nlohmann::json(true));
}

// A router with every test operation answered by a handler that names its operation.
class RouterTest : public ::testing::Test {
 protected:
  explicit RouterTest(RouterOptions options = {}) : router_(test_spec(), std::move(options)) {
    for (const auto& id : router_.unhandled()) {
      EXPECT_TRUE(router_
                      .handle(id,
                              [this, id](Context& context, const Request& request) {
                                handled_ = id;
                                seen_json_ = context.json_body;
                                seen_params_ = request.path_params;
                                return answer_ok(context, request);
                              })
                      .ok());
    }
  }

  Reply send(std::string method, std::string path, std::string body = "",
             std::optional<std::string> authorization = std::nullopt) {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    if (authorization) request.headers.add("Authorization", *authorization);
    request.set_body(std::make_unique<StringBody>(std::move(body)));
    handled_.clear();
    return router_.dispatch(request);
  }

  static nlohmann::json json_of(const Reply& reply) { return nlohmann::json::parse(reply.text()); }

  Router router_;
  std::string handled_;
  std::optional<nlohmann::json> seen_json_;
  std::map<std::string, std::string> seen_params_;
};

TEST(Router, UnhandledListsEveryOperationWithoutAHandler) {
  Router router(test_spec());
  auto missing = router.unhandled();
  EXPECT_EQ(missing.size(), test_spec().operations().size());
  ASSERT_TRUE(router.handle("getPing", answer_ok).ok());
  missing = router.unhandled();
  EXPECT_EQ(std::count(missing.begin(), missing.end(), "getPing"), 0);
}

TEST(Router, HandleRefusesUnknownAndDuplicateOperations) {
  Router router(test_spec());
  EXPECT_FALSE(router.handle("noSuchOperation", answer_ok).ok());
  EXPECT_TRUE(router.handle("getPing", answer_ok).ok());
  EXPECT_FALSE(router.handle("getPing", answer_ok).ok());
}

TEST(Router, ServesOnlyTheChosenSide) {
  Router router(test_spec(), options_with([](RouterOptions& o) { o.sides = ServedSides::kIndex; }));
  for (const auto& id : router.unhandled()) {
    EXPECT_EQ(test_spec().find(id)->side, spec::Side::kIndex) << id;
  }
  EXPECT_FALSE(router.handle("getPing", answer_ok).ok());
  Request request;
  request.method = "GET";
  request.path = "/v1/_ping";
  EXPECT_EQ(router.dispatch(request).status, 404);
}

TEST_F(RouterTest, RoutesToTheOperationsHandlerWithDecodedParameters) {
  Reply reply = send("GET", "/v1/images/" + kImageId + "/layer");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(handled_, "getImageLayer");
  EXPECT_EQ(seen_params_["image_id"], kImageId);
}

TEST_F(RouterTest, AcceptsPathsWithoutTheTrailingSlash) {
  send("DELETE", "/v1/repositories/foo/bar");
  EXPECT_EQ(handled_, "deleteRepository");
}

TEST_F(RouterTest, UnknownPathIs404Json) {
  Reply reply = send("GET", "/v1/nothing/here");
  EXPECT_EQ(reply.status, 404);
  EXPECT_TRUE(json_of(reply)["error"].is_string());
  EXPECT_TRUE(handled_.empty());
}

TEST_F(RouterTest, WrongMethodIs405JsonWithAllow) {
  Reply reply = send("POST", "/v1/_ping");
  EXPECT_EQ(reply.status, 405);
  EXPECT_TRUE(json_of(reply)["error"].is_string());
  EXPECT_EQ(reply.headers.get("Allow"), "GET, HEAD, OPTIONS");
}

TEST_F(RouterTest, UnknownMethodOnAKnownPathIs405WithAllow) {
  Reply reply = send("BREW", "/v1/_ping");
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.headers.get("Allow"), "GET, HEAD, OPTIONS");
}

TEST_F(RouterTest, UnknownMethodElsewhereIs501Json) {
  Reply reply = send("BREW", "/v1/nothing/here");
  EXPECT_EQ(reply.status, 501);
  EXPECT_EQ(reply.condition, "not-implemented");
  EXPECT_TRUE(json_of(reply)["error"].is_string());
  EXPECT_EQ(send("GET", "/v1/nothing/here").status, 404);  // a known method stays 404
}

TEST_F(RouterTest, OptionsListsTheAllowedMethods) {
  Reply reply = send("OPTIONS", "/v1/images/" + kImageId + "/layer");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers.get("Allow"), "GET, HEAD, PUT, OPTIONS");
}

TEST_F(RouterTest, HeadRunsTheGetOperation) {
  send("HEAD", "/v1/_ping");
  EXPECT_EQ(handled_, "getPing");
}

// README "Operations": the repository DELETE belongs to both sides.
TEST_F(RouterTest, SharedDeleteGoesToTheIndexWithBasicCredentials) {
  send("DELETE", "/v1/repositories/foo/bar/", "", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(handled_, "deleteRepository");
}

TEST_F(RouterTest, SharedDeleteGoesToTheRegistryWithAToken) {
  send("DELETE", "/v1/repositories/foo/bar/", "", "Token signature=x,repository=\"foo/bar\"");
  EXPECT_EQ(handled_, "deleteRepositoryTags");
}

TEST_F(RouterTest, SharedDeleteGoesToTheIndexWithoutCredentials) {
  send("DELETE", "/v1/repositories/foo/bar/");
  EXPECT_EQ(handled_, "deleteRepository");
}

TEST_F(RouterTest, InvalidPathParameterGetsItsResponsesStatus) {
  Reply reply = send("GET", "/v1/images/not-an-id/layer");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(json_of(reply)["error"], "Image not found");
  EXPECT_TRUE(handled_.empty());
  EXPECT_EQ(send("PUT", "/v1/repositories/Foo/bar/", "[]").status, 400);
}

TEST_F(RouterTest, EncodedSlashMatchesNoTemplate) {
  EXPECT_EQ(send("GET", "/v1/images/a%2Fb/layer").status, 404);
  EXPECT_TRUE(handled_.empty());
}

TEST_F(RouterTest, MalformedJsonBodyIs400) {
  Reply reply = send("PUT", "/v1/images/" + kImageId + "/json", "{not json");
  EXPECT_EQ(reply.status, 400);
  EXPECT_TRUE(json_of(reply)["error"].is_string());
  EXPECT_TRUE(handled_.empty());
}

TEST_F(RouterTest, BodyFailingTheSchemaIs400) {
  Reply reply = send("PUT", "/v1/images/" + kImageId + "/json", R"({"parent": "x"})");
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(json_of(reply)["error"].get<std::string>().find("id"), std::string::npos);
}

TEST_F(RouterTest, ValidJsonBodyReachesTheHandlerParsed) {
  send("PUT", "/v1/images/" + kImageId + "/json", R"({"id": "abc"})");
  EXPECT_EQ(handled_, "putImageJson");
  ASSERT_TRUE(seen_json_.has_value());
  EXPECT_EQ((*seen_json_)["id"], "abc");
}

// Issue 12: `PUT /v1/images/{id}/json` with 60,000 levels stopped the server (stack overflow).
TEST_F(RouterTest, JsonBodyNestedPastTheLimitIs400NamingTheLimit) {
  std::string deep =
      R"({"id": "abc", "config": )" + std::string(60000, '[') + std::string(60000, ']') + "}";
  Reply reply = send("PUT", "/v1/images/" + kImageId + "/json", deep);
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(json_of(reply)["error"], "JSON nested deeper than 256 levels (the limit)");
  EXPECT_TRUE(handled_.empty());
}

TEST_F(RouterTest, NonUtf8PathIs400InvalidPath) {
  Reply reply = send("GET", "/\x84");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(json_of(reply)["error"], "the request path is not UTF-8");
  EXPECT_EQ(send("GET", "/v1/images/\xff/json").status, 400);
}

TEST_F(RouterTest, NonUtf8QueryIs400InvalidQuery) {
  Request request;
  request.method = "GET";
  request.path = "/v1/_ping";
  request.query.emplace("q", "\xC0\xAF");
  Reply reply = router_.dispatch(request);
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(json_of(reply)["error"], "a query parameter is not UTF-8");
  EXPECT_TRUE(handled_.empty());
}

TEST_F(RouterTest, NonUtf8HeaderIs400InvalidHeader) {
  Reply reply = send("GET", "/v1/_ping", "", "Basic \xff\xfe");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(json_of(reply)["error"], "header Authorization is not UTF-8");
  EXPECT_TRUE(handled_.empty());
}

// A decoded path parameter is any byte: where an error echoes one, the body stays JSON.
TEST(Router, AnErrorEchoingBytesThatAreNotUtf8IsStillJson) {
  Router router(test_spec());
  ASSERT_TRUE(router
                  .handle("getPing",
                          [](Context&, const Request&) {
                            return Reply::json(404, {{"error", "no tag \x84"}});
                          })
                  .ok());
  Request request;
  request.method = "GET";
  request.path = "/v1/_ping";
  Reply reply = router.dispatch(request);
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(nlohmann::json::parse(reply.text())["error"], "no tag \uFFFD");
}

TEST_F(RouterTest, NonJsonBodyIsLeftToTheHandler) {
  send("PUT", "/v1/images/" + kImageId + "/layer", "\x1f\x8b binary");
  EXPECT_EQ(handled_, "putImageLayer");
  EXPECT_FALSE(seen_json_.has_value());
}

TEST(Router, ThrowingHandlerAnswers500WithoutTheExceptionText) {
  std::vector<std::string> logged;
  RouterOptions options;
  options.log = [&](std::string_view line) { logged.emplace_back(line); };
  Router router(test_spec(), options);
  ASSERT_TRUE(router
                  .handle("getPing",
                          [](Context&, const Request&) -> Reply {
                            throw std::runtime_error("secret detail");
                          })
                  .ok());
  Request request;
  request.method = "GET";
  request.path = "/v1/_ping";
  Reply reply = router.dispatch(request);
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(reply.text().find("secret detail"), std::string::npos);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].find("secret detail"), std::string::npos);
}

class CheckedRouterTest : public ::testing::Test {
 protected:
  Reply send_with(Handler handler, std::string method, std::string path) {
    Router router(test_spec(), options_with([](RouterOptions& o) { o.check_responses = true; }));
    const spec::Operation* op = test_spec().match(method, path).front().operation;
    EXPECT_TRUE(router.handle(op->id, std::move(handler)).ok());
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    Reply reply = router.dispatch(request);
    count_ = router.response_checker().violation_count();
    recent_ = router.response_checker().recent();
    return reply;
  }
  size_t count_ = 0;
  std::vector<ResponseViolation> recent_;
};

TEST_F(CheckedRouterTest, AcceptsAReplyTheSpecLists) {
  send_with([](Context&, const Request&) { return Reply::json(200, true); }, "GET", "/v1/_ping");
  EXPECT_EQ(count_, 0u);
}

TEST_F(CheckedRouterTest, FlagsAnUnlistedStatus) {
  send_with([](Context&, const Request&) { return Reply::json(418, true); }, "GET", "/v1/_ping");
  ASSERT_EQ(count_, 1u);
  EXPECT_NE(recent_[0].message.find("418"), std::string::npos);
}

TEST_F(CheckedRouterTest, FlagsABodyOutsideTheSchema) {
  send_with([](Context&, const Request&) { return Reply::json(200, "yes"); }, "GET", "/v1/_ping");
  EXPECT_EQ(count_, 1u);
}

TEST_F(CheckedRouterTest, FlagsAMissingRequiredHeader) {
  send_with([](Context&, const Request&) { return Reply::json(202, ""); }, "DELETE",
            "/v1/repositories/foo/bar/");
  ASSERT_EQ(count_, 1u);
  EXPECT_NE(recent_[0].message.find("X-Docker-Token"), std::string::npos);
}

}  // namespace
}  // namespace drydock::simulator::http
