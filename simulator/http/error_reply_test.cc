#include "drydock/simulator/http/error_reply.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/spec/spec.h"
#include "testing/test_spec.h"

namespace drydock::simulator::http {
namespace {

nlohmann::json body_of(const Reply& reply) {
  return nlohmann::json::parse(reply.text());
}

TEST(ErrorReply, TakesTheStatusOfTheResponseListingTheCondition) {
  const spec::Operation* layer = testing::test_spec().find("getImageLayer");
  ASSERT_NE(layer, nullptr);
  Reply reply = error_reply(layer, "invalid-image_id");
  EXPECT_EQ(reply.status, 404);  // README "Names": an invalid image id is a 404
  EXPECT_EQ(reply.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(body_of(reply)["error"], "Image not found");  // the response's x-drydock-error
}

TEST(ErrorReply, FallsBackToTheConditionsDefault) {
  EXPECT_EQ(error_reply(nullptr, kNoRoute).status, 404);
  EXPECT_EQ(error_reply(nullptr, kMethodNotAllowed).status, 405);
  EXPECT_EQ(error_reply(nullptr, "missing-auth").status, 401);
  EXPECT_EQ(error_reply(nullptr, "invalid-something-new").status, 400);
}

TEST(ErrorReply, CarriesTheMessage) {
  Reply reply = error_reply(nullptr, "image-not-found", "no such image");
  EXPECT_EQ(body_of(reply), (nlohmann::json{{"error", "no such image"}}));
}

TEST(ErrorReply, MapsErrorCodes) {
  EXPECT_EQ(error_reply(nullptr, Error::not_found("x")).status, 404);
  EXPECT_EQ(error_reply(nullptr, Error{ErrorCode::kPayloadTooLarge, "x"}).status, 413);
  EXPECT_EQ(error_reply(nullptr, Error::internal("x")).status, 500);
  EXPECT_EQ(error_reply(nullptr, Error{ErrorCode::kConflict, "x"}).status, 409);
}

}  // namespace
}  // namespace drydock::simulator::http
