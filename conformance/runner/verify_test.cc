// The verifier (check.h judge()) against canned exchanges.

#include <gtest/gtest.h>

#include "drydock/conformance/check.h"
#include "drydock/conformance/fake_client.h"

namespace drydock::conformance {
namespace {

const spec::Operation& op(std::string_view id) {
  const spec::Operation* o = spec::Spec::embedded().find(id);
  EXPECT_NE(o, nullptr) << id;
  return *o;
}

Result<Response> answer(Response response) {
  FakeClient client;
  client.on("GET", "http://fake/*", std::move(response));
  return client.send("GET", "http://fake/v1/x");
}

Response with(int status, std::string body, Headers headers) {
  Response r = json_response(status, std::move(body));
  for (const Header& h : headers) r.headers.set(h.name, h.value);
  return r;
}

TEST(Verify, PassesAGoodPing) {
  Verdict v = judge(op("ping"), "ok", spec::Profile::kCompat, false,
                    answer(with(200, "true", {{"X-Docker-Registry-Standalone", "False"}})));
  EXPECT_EQ(v.outcome, Outcome::kPass) << v.message;
  EXPECT_FALSE(v.acceptable.empty());
}

TEST(Verify, FailsOnAStatusOutsideTheAcceptableSet) {
  Verdict v = judge(op("getImageJson"), "image-not-found", spec::Profile::kCompat, false,
                    answer(json_response(200, "{}")));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_NE(v.message.find("200"), std::string::npos);
  EXPECT_EQ(v.acceptable.size(), 1u);
  EXPECT_EQ(v.acceptable[0].substr(0, 3), "404");
}

TEST(Verify, FailsWhenARequiredHeaderIsMissing) {
  Verdict v = judge(op("getImageJson"), "missing-auth", spec::Profile::kCompat, false,
                    answer(json_response(401, R"({"error": "Requires authorization"})")));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_NE(v.message.find("WWW-Authenticate"), std::string::npos) << v.message;
  EXPECT_NE(v.acceptable[0].find("401 with WWW-Authenticate"), std::string::npos);
}

// A token is issued to a request that asks for one (protocol-notes 5.2 I4): a repository PUT
// answered without X-Docker-Token fails when the request asked, passes when it did not.
TEST(Verify, AHeaderTheRequestDidNotAskForMayBeLeftOut) {
  const auto reply = answer(with(
      200, R"("")",
      {{"Content-Type", "application/json"}, {"X-Docker-Endpoints", "registry.example:5000"}}));
  Verdict asked =
      judge(op("putUserRepository"), "created", spec::Profile::kDockerRegistry, false, reply);
  EXPECT_EQ(asked.outcome, Outcome::kFail);
  EXPECT_NE(asked.message.find("X-Docker-Token"), std::string::npos) << asked.message;
  Verdict unasked = judge(op("putUserRepository"), "created", spec::Profile::kDockerRegistry, false,
                          reply, {"X-Docker-Token"});
  EXPECT_EQ(unasked.outcome, Outcome::kPass) << unasked.message;
}

// Content-Type is a SHOULD (protocol-notes 2; RFC 7231 3.1.1.5): a body without one fails only
// with --strict; one that names another media type fails at once.
TEST(Verify, ContentTypeIsJudgedAtItsHeadersLevel) {
  Response bare = json_response(200, "true");
  bare.headers.set("X-Docker-Registry-Standalone", "False");
  bare.headers.remove("Content-Type");
  EXPECT_EQ(judge(op("ping"), "ok", spec::Profile::kCompat, false, answer(bare)).outcome,
            Outcome::kPass);
  EXPECT_EQ(judge(op("ping"), "ok", spec::Profile::kCompat, true, answer(bare)).outcome,
            Outcome::kFail);
  Response html = bare;
  html.headers.set("Content-Type", "text/html");
  Verdict v = judge(op("ping"), "ok", spec::Profile::kCompat, false, answer(html));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_NE(v.message.find("text/html"), std::string::npos) << v.message;
}

TEST(Verify, FailsWhenTheBodyBreaksItsSchema) {
  Verdict v = judge(op("getImageAncestry"), "ok", spec::Profile::kCompat, false,
                    answer(json_response(200, R"({"not": "a list"})")));
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_NE(v.message.find("schema"), std::string::npos) << v.message;
}

TEST(Verify, TransportFailureIsAnError) {
  FakeClient client;
  client.fail("GET", "http://fake/*", "connection refused");
  Verdict v = judge(op("ping"), "ok", spec::Profile::kCompat, false,
                    client.send("GET", "http://fake/v1/_ping"));
  EXPECT_EQ(v.outcome, Outcome::kError);
}

TEST(Verify, MayOperationAnswering404IsASkip) {
  Verdict v = judge(op("pingRoot"), "ok", spec::Profile::kCompat, false,
                    answer(json_response(404, R"({"error": "not found"})")));
  EXPECT_EQ(v.outcome, Outcome::kSkip) << v.message;
}

// RFC 2119 MAY: a registry that does not validate names answers as docker-registry did (the token
// check's 401); that is "not supported", never a failure.
TEST(Verify, MayConditionAnsweredOtherwiseIsNotSupported) {
  Verdict v = judge(
      op("getUserRepositoryTags"), "invalid-namespace", spec::Profile::kCompat, false,
      answer(with(401, R"({"error": "Requires authorization"})", {{"WWW-Authenticate", "Token"}})));
  EXPECT_EQ(v.outcome, Outcome::kSkip) << v.message;
  EXPECT_NE(v.message.find("not supported"), std::string::npos) << v.message;
}

// ...but a server that answers as if it did the MAY must get it right.
TEST(Verify, MayConditionAnsweredWronglyStillFails) {
  Verdict v = judge(op("getUserRepositoryTags"), "invalid-namespace", spec::Profile::kCompat, false,
                    answer(with(400, "<html>bad</html>", {{"Content-Type", "text/html"}})));
  EXPECT_EQ(v.outcome, Outcome::kFail) << v.message;
}

// docker-registry's index emulation created a repository of any name (protocol-notes 5.2 I4): under
// that profile, and so under compat, a 400 for an invalid name is a MAY and its 200 is "not
// supported"; the documents' 400 for invalid fields holds a server under docs, with --strict.
TEST(Verify, IndexNameValidationFollowsEachProfilesSource) {
  Result<Response> created = answer(json_response(200, R"("")"));
  auto put = [&](spec::Profile profile) {
    return judge(op("putUserRepository"), "invalid-repository", profile, true, created).outcome;
  };
  EXPECT_EQ(put(spec::Profile::kDockerRegistry), Outcome::kSkip);
  EXPECT_EQ(put(spec::Profile::kCompat), Outcome::kSkip);
  EXPECT_EQ(put(spec::Profile::kDocs), Outcome::kFail);
  EXPECT_EQ(op("putUserRepository").expectation("invalid-repository", spec::Profile::kDocs).level,
            spec::Level::kShould);
}

// An unfinished image: the documents say 404 (not found), docker-registry 400 (being uploaded);
// each profile holds a server to its own source and compat accepts either.
TEST(Verify, EachProfileHoldsAServerToItsOwnSource) {
  auto in_progress = [](spec::Profile profile, int status) {
    return judge(op("getImageJson"), "image-in-progress", profile, false,
                 answer(json_response(status, R"({"error": "x"})")))
        .outcome;
  };
  EXPECT_EQ(in_progress(spec::Profile::kDocs, 404), Outcome::kPass);
  EXPECT_EQ(in_progress(spec::Profile::kDocs, 400), Outcome::kFail);
  EXPECT_EQ(in_progress(spec::Profile::kDockerRegistry, 400), Outcome::kPass);
  EXPECT_EQ(in_progress(spec::Profile::kDockerRegistry, 404), Outcome::kFail);
  EXPECT_EQ(in_progress(spec::Profile::kCompat, 400), Outcome::kPass);
  EXPECT_EQ(in_progress(spec::Profile::kCompat, 404), Outcome::kPass);
  EXPECT_EQ(in_progress(spec::Profile::kCompat, 200), Outcome::kFail);
}

// docker-registry answered 304 to any If-Modified-Since (protocol-notes 2): under that profile a
// 200 fails (SHOULD, so with --strict); HTTP lets others ignore the header (MAY: not supported).
TEST(Verify, NotModifiedIsRequiredOnlyWhereItsSourceSaysSo) {
  Result<Response> full = answer(json_response(200, R"({"id": "x"})"));
  EXPECT_EQ(judge(op("getImageJson"), "not-modified", spec::Profile::kCompat, true, full).outcome,
            Outcome::kSkip);
  EXPECT_EQ(
      judge(op("getImageJson"), "not-modified", spec::Profile::kDockerRegistry, true, full).outcome,
      Outcome::kFail);
}

// The variant bodies (protocol-notes 10.1): the documents show "", docker-registry answers true.
TEST(Verify, ProfilesNarrowVariantBodies) {
  const spec::Operation* found = nullptr;
  for (const spec::Operation& o : spec::Spec::embedded().operations()) {
    auto docs = o.variants.find(spec::Profile::kDocs);
    auto dr = o.variants.find(spec::Profile::kDockerRegistry);
    if (docs == o.variants.end() || dr == o.variants.end()) continue;
    if (docs->second.bodies.count(200) && dr->second.bodies.count(200)) found = &o;
  }
  ASSERT_NE(found, nullptr) << "the spec has no operation with variant bodies";
  const Response r = with(200, "true", {});
  const bool docs_pass =
      judge(*found, "ok", spec::Profile::kDocs, false, answer(r)).outcome == Outcome::kPass;
  const bool dr_pass =
      judge(*found, "ok", spec::Profile::kDockerRegistry, false, answer(r)).outcome ==
      Outcome::kPass;
  EXPECT_NE(docs_pass, dr_pass) << found->id << ": one profile accepts true, the other not";
}

}  // namespace
}  // namespace drydock::conformance
