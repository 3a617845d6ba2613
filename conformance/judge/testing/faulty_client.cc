#include "testing/faulty_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <thread>

#include "drydock/common/base64.h"
#include "drydock/common/digest.h"
#include "drydock/fixtures/images.h"
#include "drydock/judge/judge.h"

namespace drydock::judge::testing {

void PrintTo(const FaultCase& fault, std::ostream* out) {
  *out << fault.name;
}

const std::vector<FaultCase>& fault_cases() {
  static const std::vector<FaultCase> kCases = {
      {"client-no-token-header",
       "PUT repository without X-Docker-Token: true",
       Fault::kNoTokenHeader,
       {"client/push/announce-token-header", "client/push/announce-first",
        "client/request/token-issued"}},
      {"client-no-basic",
       "an extra PUT repository without Authorization",
       Fault::kNoBasic,
       {"client/request/basic-auth"}},
      {"client-no-login-fallback",
       "stops after 400 \"already exists\" (no GET /v1/users/)",
       Fault::kNoLoginFallback,
       {"client/login/fallback-exists"}},
      {"client-unknown-operation",
       "GET /v1/nothing",
       Fault::kUnknownOperation,
       {"client/request/known-operation"}},
      {"client-malformed-json",
       "PUT json body {not json",
       Fault::kMalformedJson,
       {"client/request/json-body"}},
      {"client-tag-unquoted",
       "PUT tag body <id> without JSON quotes",
       Fault::kTagUnquoted,
       {"client/request/json-body"}},
      {"client-json-id-mismatch",
       "PUT json whose body id is another image's",
       Fault::kJsonIdMismatch,
       {"client/push/json-id-matches"}},
      {"client-bad-image-id",
       "GET json of an upper-case image id",
       Fault::kBadImageId,
       {"client/request/path-params"}},
      {"client-no-registry-token",
       "PUT json without Authorization",
       Fault::kNoRegistryToken,
       {"client/request/registry-token", "client/push/announce-first"}},
      {"client-forged-token",
       "PUT json with the token's last character changed",
       Fault::kForgedToken,
       {"client/request/token-issued", "client/push/announce-first"}},
      {"client-layer-before-json",
       "PUT layer before PUT json",
       Fault::kLayerBeforeJson,
       {"client/push/json-before-layer"}},
      {"client-checksum-before-layer",
       "PUT checksum right after PUT json",
       Fault::kChecksumBeforeLayer,
       {"client/push/layer-before-checksum"}},
      {"client-no-checksum-payload",
       "PUT checksum with X-Docker-Checksum only",
       Fault::kNoChecksumPayload,
       {"client/push/checksum-headers"}},
      {"client-checksum-layer-only",
       "payload checksum over the layer without the JSON",
       Fault::kChecksumLayerOnly,
       {"client/push/checksum-value"}},
      {"client-tag-before-checksum",
       "PUT tag after the layer, before the checksum",
       Fault::kTagBeforeChecksum,
       {"client/push/tag-after-checksum"}},
      {"client-tag-unknown-image",
       "PUT tag naming an id never PUT",
       Fault::kTagUnknownImage,
       {"client/push/tag-image"}},
      {"client-no-final-put",
       "the push ends after the tags",
       Fault::kNoFinalPut,
       {"client/push/final-put"}},
      {"client-token-other-repo",
       "PUT tag in another repository with this one's token",
       Fault::kTokenOtherRepo,
       {"client/request/token-repository"}},
      {"client-read-token-tag",
       "PUT tag with the pull's read token",
       Fault::kReadTokenTag,
       {"client/request/token-access", "client/push/announce-first"}},
      {"client-wrong-endpoint",
       "a registry request to a host the index did not name",
       Fault::kWrongEndpoint,
       {"client/request/endpoints"}},
      {"client-pull-no-images",
       "GET tags with the push's token, before GET images",
       Fault::kPullNoImages,
       {"client/pull/images-first", "client/request/token-access"}},
      {"client-pull-no-ancestry",
       "GET json straight after the tags",
       Fault::kPullNoAncestry,
       {"client/pull/ancestry-first"}},
      {"client-pull-layer-first",
       "GET layer before GET json",
       Fault::kPullLayerFirst,
       {"client/pull/json-before-layer"}},
      {"client-spent-token-no-cookie",
       "single-use: the spent token again without its cookie",
       Fault::kSpentTokenNoCookie,
       {"client/request/single-use-cookie"},
       true},
      {"client-search-n-zero",
       "GET /v1/search?q=app&n=0",
       Fault::kSearchNZero,
       {"client/request/query"}},
      {"client-json-text-plain",
       "an extra tag PUT with Content-Type: text/plain",
       Fault::kJsonTextPlain,
       {"client/request/json-content-type"}},
      {"client-basic-to-registry",
       "PUT json with the index's Basic credentials",
       Fault::kBasicToRegistry,
       {"client/request/no-basic-to-registry", "client/request/registry-token",
        "client/push/announce-first"}},
      {"client-unannounced-image",
       "PUT json of an image the repository PUT did not list",
       Fault::kUnannouncedImage,
       {"client/push/image-announced"}},
      {"client-child-first",
       "PUT json of the child before its parent's",
       Fault::kChildFirst,
       {"client/push/parent-first"},
       false,
       {"client/push/base-first"}},
      {"client-relayer-complete",
       "PUT layer again after the checksum was accepted",
       Fault::kRelayerComplete,
       {"client/push/no-rewrite-complete"}},
      {"client-pull-no-token-header",
       "GET images without X-Docker-Token: true, then the tags with \"Token \" alone",
       Fault::kPullNoTokenHeader,
       {"client/pull/ask-token", "client/pull/images-first", "client/request/token-issued"}},
      {"client-guessed-id",
       "GET ancestry of an id no reply named",
       Fault::kGuessedId,
       {"client/pull/ids-learned"}},
      {"client-final-put-no-endpoints",
       "the final PUT images without X-Docker-Endpoints",
       Fault::kFinalPutNoEndpoints,
       {"client/push/final-put-headers"}},
      {"client-stale-token",
       "the pull's read token sent after its TTL (2 s here)",
       Fault::kStaleToken,
       {"client/request/token-expired"}},
      {"client-push-top-first",
       "a second push that sends the top image's JSON before the base's (both 409)",
       Fault::kPushTopFirst,
       {},
       false,
       {"client/push/base-first"}},
      {"client-pull-top-first",
       "the pull reads the top image before the base",
       Fault::kPullTopFirst,
       {},
       false,
       {"client/pull/base-first"}},
      {"client-register-with-auth",
       "POST /v1/users/ with Basic credentials",
       Fault::kRegisterWithAuth,
       {},
       false,
       {"client/login/no-auth-on-register"}},
      {"client-final-put-wrong-checksum",
       "the final PUT images lists the top image with a checksum it was not accepted with",
       Fault::kFinalPutWrongChecksum,
       {},
       false,
       {"client/push/final-put-body"}},
      {"deliberate-no-basic",
       "client-no-basic labelled X-Drydock-Check: not held against it",
       Fault::kDeliberateNoBasic,
       {}},
      {"deliberate-no-final-put",
       "client-no-final-put, its last write labelled X-Drydock-Check: not held against it",
       Fault::kDeliberateNoFinalPut,
       {}},
      {"ping-index",
       "GET /v1/_ping on the index too, as 1.x pinged every non-official host: no fault",
       Fault::kPingIndex,
       {}},
  };
  return kCases;
}

namespace {

// A Docker 1.x-like client that commits `fault`: register (twice, then log in), push a chain of
// two images through the token flow, pull it back (protocol-notes 6.1-6.3).
class Client {
 public:
  Client(const std::string& index_url, const std::string& registry_url, Fault fault)
      : http_(index_url),
        registry_(registry_url),
        fault_(fault),
        chain_(fixtures::make_image_chain("judge", 2)) {
    http_.set_default_headers({{"User-Agent", "docker/1.5.0 judge-test"}});
    registry_.set_default_headers({{"User-Agent", "docker/1.5.0 judge-test"}});
    const std::string url = index_url;
    user_ = "judge" + sha256_hex(url).substr(0, 8);
    repo_ = "/v1/repositories/" + user_ + "/app";
  }

  void run() {
    login();
    push();
    if (fault_ == Fault::kNoTokenHeader) return;  // nothing was pushed: nothing to pull
    pull();
  }

 private:
  httplib::Headers basic() const {
    return {{"Authorization", "Basic " + base64_encode(user_ + ":secret1")}};
  }
  httplib::Headers with_token(const std::string& token) {
    httplib::Headers headers{{"Authorization", "Token " + token}};
    if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
    return headers;
  }
  void remember(const httplib::Result& result) {
    if (result && result->has_header("Set-Cookie")) {
      std::string value = result->get_header_value("Set-Cookie");
      cookie_ = value.substr(0, value.find(';'));
    }
  }
  static std::string quoted(const std::string& id) { return "\"" + id + "\""; }

  void login() {
    const std::string body = R"({"username":")" + user_ + R"(","password":"secret1","email":")" +
                             user_ + R"(@x.invalid"})";
    auto created = fault_ == Fault::kRegisterWithAuth
                       ? http_.Post("/v1/users/", basic(), body, "application/json")
                       : http_.Post("/v1/users/", body, "application/json");
    ASSERT_TRUE(created && created->status == 201);
    auto again = http_.Post("/v1/users/", body, "application/json");
    ASSERT_TRUE(again && again->status == 400);
    if (fault_ == Fault::kNoLoginFallback) return;
    auto login = http_.Get("/v1/users/", basic());
    ASSERT_TRUE(login && login->status == 200);
  }

  void announce() {
    std::string body = "[";
    for (const auto& image : chain_.images)
      body += (body.size() > 1 ? "," : "") + (R"({"id":")" + image.id + R"("})");
    body += "]";
    auto headers = basic();
    if (fault_ != Fault::kNoTokenHeader) headers.emplace("X-Docker-Token", "true");
    if (fault_ == Fault::kNoBasic || fault_ == Fault::kDeliberateNoBasic) {
      httplib::Headers bare{{"X-Docker-Token", "true"}};
      if (fault_ == Fault::kDeliberateNoBasic) {
        bare.emplace(std::string(kDeliberateHeader),
                     "index/repositories/put-user-repository/missing-auth");
      }
      http_.Put(repo_ + "/", bare, body, "application/json");
    }
    auto reply = http_.Put(repo_ + "/", headers, body, "application/json");
    ASSERT_TRUE(reply && reply->status == 200);
    token_ = reply->get_header_value("X-Docker-Token");
    endpoints_ = reply->get_header_value("X-Docker-Endpoints");
    cookie_.clear();
  }

  httplib::Result put_json(const fixtures::Image& image, const std::string& body) {
    auto r = registry_.Put("/v1/images/" + image.id + "/json", with_token(token_), body,
                           "application/json");
    remember(r);
    return r;
  }
  httplib::Result put_layer(const fixtures::Image& image) {
    auto r = registry_.Put("/v1/images/" + image.id + "/layer", with_token(token_), image.layer,
                           "application/octet-stream");
    remember(r);
    return r;
  }
  httplib::Result put_checksum(const fixtures::Image& image, std::optional<std::string> payload) {
    auto headers = with_token(token_);
    headers.emplace("X-Docker-Checksum", image.tarsum);
    if (payload) headers.emplace("X-Docker-Checksum-Payload", *payload);
    auto r = registry_.Put("/v1/images/" + image.id + "/checksum", headers, "", "application/json");
    remember(r);
    return r;
  }
  httplib::Result put_tag(const std::string& path, const std::string& body,
                          const std::string& token) {
    auto r = registry_.Put(path, with_token(token), body, "application/json");
    remember(r);
    return r;
  }

  void push() {
    if (fault_ == Fault::kPingIndex) http_.Get("/v1/_ping");
    ASSERT_NO_FATAL_FAILURE(announce());
    if (fault_ == Fault::kNoTokenHeader) {  // what such a client can do next: "Token " alone
      put_json(chain_.base(), chain_.base().json);
      return;
    }
    for (const auto& image : chain_.images) {
      const bool base = &image == &chain_.images.front();
      if (base) commit_upload_fault(image);
      auto json = put_json(image, image.json);
      ASSERT_TRUE(json && json->status == 200) << (json ? json->body : "no reply");
      if (base && fault_ == Fault::kChecksumBeforeLayer)
        put_checksum(image, image.payload_checksum);
      auto layer = put_layer(image);
      ASSERT_TRUE(layer && layer->status == 200) << (layer ? layer->body : "no reply");
      if (base && fault_ == Fault::kTagBeforeChecksum) {
        put_tag(repo_ + "/tags/early", quoted(image.id), token_);
      }
      if (base && fault_ == Fault::kNoChecksumPayload) put_checksum(image, std::nullopt);
      // The simulator accepts it: X-Docker-Checksum, the tarsum, is right (protocol-notes 7). The
      // judge computes the payload from the bytes it saw, whatever the registry said.
      const bool layer_only = base && fault_ == Fault::kChecksumLayerOnly;
      auto checksum = put_checksum(
          image, layer_only ? "sha256:" + sha256_hex(image.layer) : image.payload_checksum);
      ASSERT_TRUE(checksum && checksum->status == 200) << (checksum ? checksum->body : "no reply");
      if (base && fault_ == Fault::kRelayerComplete) put_layer(image);
    }
    if (fault_ == Fault::kTagUnquoted) put_tag(repo_ + "/tags/bare", chain_.top().id, token_);
    if (fault_ == Fault::kJsonTextPlain) {
      auto typed = registry_.Put(repo_ + "/tags/typed", with_token(token_), quoted(chain_.top().id),
                                 "text/plain");
      remember(typed);
    }
    if (fault_ == Fault::kTagUnknownImage) {
      put_tag(repo_ + "/tags/ghost", quoted(std::string(64, 'f')), token_);
    }
    auto tag = put_tag(repo_ + "/tags/latest", quoted(chain_.top().id), token_);
    ASSERT_TRUE(tag && tag->status == 200) << (tag ? tag->body : "no reply");
    if (fault_ == Fault::kTokenOtherRepo) {
      put_tag("/v1/repositories/" + user_ + "/other/tags/x", quoted(chain_.top().id), token_);
    }
    if (fault_ == Fault::kDeliberateNoFinalPut) {
      auto labelled = with_token(token_);
      labelled.emplace(std::string(kDeliberateHeader), "a/check/staging/an/open/push");
      registry_.Put(repo_ + "/tags/staged", labelled, quoted(chain_.top().id), "application/json");
    }
    if (fault_ == Fault::kNoFinalPut || fault_ == Fault::kDeliberateNoFinalPut) return;
    auto headers = basic();
    if (fault_ != Fault::kFinalPutNoEndpoints)
      headers.emplace("X-Docker-Endpoints", endpoints_of());
    const std::string list = fault_ == Fault::kFinalPutWrongChecksum
                                 ? R"([{"id":")" + chain_.top().id + R"(","checksum":"sha256:)" +
                                       std::string(64, '0') + R"("}])"
                                 : "[]";
    auto done = http_.Put(repo_ + "/images", headers, list, "application/json");
    ASSERT_TRUE(done && done->status == 204) << (done ? done->body : "no reply");
    if (fault_ == Fault::kPushTopFirst) {  // pushed again, the top's JSON first: 409 each
      ASSERT_NO_FATAL_FAILURE(announce());
      auto top = put_json(chain_.top(), chain_.top().json);
      auto base = put_json(chain_.base(), chain_.base().json);
      ASSERT_TRUE(top && top->status == 409 && base && base->status == 409);
    }
  }

  // The one extra request of an upload fault, sent before the base image's upload.
  void commit_upload_fault(const fixtures::Image& image) {
    switch (fault_) {
      case Fault::kUnknownOperation:
        http_.Get("/v1/nothing");
        break;
      case Fault::kMalformedJson:
        put_json(image, "{not json");
        break;
      case Fault::kJsonIdMismatch:
        put_json(image, R"({"id":")" + chain_.top().id + R"("})");
        break;
      case Fault::kBadImageId: {
        std::string upper = image.id;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        registry_.Get("/v1/images/" + upper + "/json", with_token(token_));
        break;
      }
      case Fault::kNoRegistryToken:
        registry_.Put("/v1/images/" + image.id + "/json", image.json, "application/json");
        break;
      case Fault::kForgedToken: {
        std::string forged = token_;
        forged.back() = forged.back() == 'a' ? 'b' : 'a';
        registry_.Put("/v1/images/" + image.id + "/json", with_token(forged), image.json,
                      "application/json");
        break;
      }
      case Fault::kLayerBeforeJson:
        put_layer(image);
        break;
      case Fault::kBasicToRegistry:
        registry_.Put("/v1/images/" + image.id + "/json", basic(), image.json, "application/json");
        break;
      case Fault::kUnannouncedImage: {
        const std::string stray = sha256_hex("not announced");
        registry_.Put("/v1/images/" + stray + "/json", with_token(token_),
                      R"({"id":")" + stray + R"("})", "application/json");
        break;
      }
      case Fault::kChildFirst:
        put_json(chain_.top(), chain_.top().json);
        break;
      default:
        break;
    }
  }

  std::string endpoints_of() const { return endpoints_; }

  void pull() {
    auto search =
        http_.Get(fault_ == Fault::kSearchNZero ? "/v1/search?q=app&n=0" : "/v1/search?q=app");
    ASSERT_TRUE(search);
    if (fault_ == Fault::kPullNoImages) {
      registry_.Get(repo_ + "/tags", with_token(token_));
    }
    cookie_.clear();
    auto headers = basic();
    if (fault_ == Fault::kPullNoTokenHeader) {  // no token: "Token " alone, as 1.3-1.6 sent it
      auto images = http_.Get(repo_ + "/images", headers);
      ASSERT_TRUE(images && images->status == 200);
      registry_.Get(repo_ + "/tags", httplib::Headers{{"Authorization", "Token "}});
      return;
    }
    headers.emplace("X-Docker-Token", "true");
    auto images = http_.Get(repo_ + "/images", headers);
    ASSERT_TRUE(images && images->status == 200);
    const auto issued = std::chrono::system_clock::now();
    std::string read = images->get_header_value("X-Docker-Token");
    endpoints_ = images->get_header_value("X-Docker-Endpoints");
    auto tags = registry_.Get(repo_ + "/tags", with_token(read));
    remember(tags);
    ASSERT_TRUE(tags && tags->status == 200) << (tags ? tags->body : "no reply");
    if (fault_ == Fault::kReadTokenTag)
      put_tag(repo_ + "/tags/again", quoted(chain_.top().id), read);
    if (fault_ == Fault::kPullNoAncestry)
      registry_.Get("/v1/images/" + chain_.top().id + "/json", with_token(read));
    if (fault_ == Fault::kGuessedId)
      registry_.Get("/v1/images/" + sha256_hex("guessed") + "/ancestry", with_token(read));
    if (fault_ == Fault::kWrongEndpoint) {
      auto elsewhere = with_token(read);
      elsewhere.emplace("Host", "elsewhere.invalid:5000");
      registry_.Get("/v1/images/" + chain_.top().id + "/ancestry", elsewhere);
    }
    auto ancestry = registry_.Get("/v1/images/" + chain_.top().id + "/ancestry", with_token(read));
    remember(ancestry);
    ASSERT_TRUE(ancestry && ancestry->status == 200);
    std::vector<fixtures::Image> order = chain_.images;  // base first
    if (fault_ == Fault::kPullTopFirst) std::reverse(order.begin(), order.end());
    for (const auto& image : order) {
      if (fault_ == Fault::kPullLayerFirst)
        registry_.Get("/v1/images/" + image.id + "/layer", with_token(read));
      auto json = registry_.Get("/v1/images/" + image.id + "/json", with_token(read));
      ASSERT_TRUE(json && json->status == 200);
      auto layer = registry_.Get("/v1/images/" + image.id + "/layer", with_token(read));
      ASSERT_TRUE(layer && layer->status == 200);
      EXPECT_EQ(layer->body, image.layer);
    }
    if (fault_ == Fault::kSpentTokenNoCookie) {
      cookie_.clear();
      registry_.Get(repo_ + "/tags", with_token(read));
    }
    if (fault_ == Fault::kStaleToken) {  // waits out the TTL (on the clock, not a fixed sleep)
      const auto expired = issued + kShortTtl + std::chrono::milliseconds(50);
      while (std::chrono::system_clock::now() < expired) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      auto stale = registry_.Get(repo_ + "/tags", with_token(read));
      ASSERT_TRUE(stale && stale->status == 401) << (stale ? stale->body : "no reply");
    }
  }

  httplib::Client http_;      // the index
  httplib::Client registry_;  // the registry (the same listener unless split)
  Fault fault_;
  fixtures::ImageChain chain_;
  std::string user_;
  std::string repo_;
  std::string token_;
  std::string cookie_;
  std::string endpoints_;
};

}  // namespace

void run_faulty_client(const std::string& index_url, const std::string& registry_url, Fault fault) {
  Client client(index_url, registry_url, fault);
  client.run();
}

}  // namespace drydock::judge::testing
