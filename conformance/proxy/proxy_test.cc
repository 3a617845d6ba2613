// drydock proxy between a Docker 1.x-like client and the simulator, in process: every byte passes
// unchanged (a 3 MiB binary layer, malformed JSON), X-Docker-Endpoints is rewritten so the client
// keeps coming through the proxy, a clean client and a conforming server are judged clean on both
// sides, and the simulator's server faults, seen through the proxy, are reported on the server
// side.
#include "drydock/proxy/proxy.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/testing/test_files.h"
#include "drydock/common/base64.h"
#include "drydock/common/digest.h"
#include "drydock/fixtures/images.h"
#include "drydock/fixtures/users.h"
#include "drydock/proxy/server_judge.h"
#include "drydock/simulator/simulator.h"
#include "testing/faulty_client.h"

namespace drydock::proxy {
namespace {

// The simulator (index and registry on their own listeners) and a proxy in front of it.
class Proxied {
 public:
  // `strict`: the server is held to SHOULD headers too.
  explicit Proxied(bool faults = false, bool strict = true) : sim_(spec::Spec::embedded()) {
    simulator::Options options;
    options.index_listen = "127.0.0.1:0";
    options.registry_listen = "127.0.0.1:0";
    options.memory = true;
    options.password_iterations = 1;
    options.faults = faults;
    auto bound = sim_.start(options);
    EXPECT_TRUE(bound.ok()) << (bound.ok() ? "" : bound.error().message);
    if (!bound.ok()) return;
    direct_index_ = bound->index_url;
    direct_registry_ = bound->registry_url;
    ProxyOptions proxy_options;
    proxy_options.index_url = bound->index_url;
    proxy_options.registry_url = bound->registry_url;
    proxy_options.strict = strict;
    proxy_ = std::make_unique<Proxy>(spec::Spec::embedded(), proxy_options);
    auto addresses = proxy_->start();
    EXPECT_TRUE(addresses.ok()) << (addresses.ok() ? "" : addresses.error().message);
    if (addresses.ok()) addresses_ = *addresses;
  }

  conformance::Report report() const { return proxy_->report({}); }
  std::map<std::string, conformance::CheckResult> results() const {
    std::map<std::string, conformance::CheckResult> out;
    for (auto& result : report().results) out[result.id] = result;
    return out;
  }
  std::set<std::string> failed() const {
    std::set<std::string> out;
    for (const auto& [id, result] : results()) {
      if (result.outcome == conformance::Outcome::kFail) out.insert(id);
    }
    return out;
  }

  simulator::Simulator sim_;
  std::string direct_index_;
  std::string direct_registry_;
  std::unique_ptr<Proxy> proxy_;
  ProxyAddresses addresses_;
};

// One image with a layer of `size` bytes of every byte value (a real tar, its data incompressible).
fixtures::Image big_image(const std::string& seed, std::uint64_t size) {
  fixtures::Image image;
  image.layer = fixtures::make_layer_tar({seed, size});
  image.id = sha256_hex(seed + image.layer.substr(0, 1024));
  image.json = R"({"id":")" + image.id + R"(","created":"2014-10-01T00:00:00Z","os":"linux"})";
  image.payload_checksum = "sha256:" + sha256_hex(image.json + "\n" + image.layer);
  return image;
}

// What a Docker 1.x-like client saw: register, push one image through the token flow, pull it
// back through the endpoint the index named (protocol-notes 6.1-6.3).
struct Seen {
  std::string endpoints;  // X-Docker-Endpoints of the push's announce
  std::string pulled_json;
  std::string pulled_layer;
};

// Runs the flow against `index_url`. `fault`: sent as X-Drydock-Fault on every request, and the
// flow goes on whatever comes back; without one, every step must succeed.
Seen run_client(const std::string& index_url, const fixtures::Image& image,
                const std::string& fault = "") {
  const bool clean = fault.empty();
  httplib::Headers common = {{"User-Agent", "docker/1.5.0 proxy-test"}};
  if (!clean) common.emplace("X-Drydock-Fault", fault);
  httplib::Client index(index_url);
  index.set_default_headers(common);
  const std::string user = "proxy" + fixtures::unique_suffix().substr(0, 8);
  const std::string repo = "/v1/repositories/" + user + "/app";
  const httplib::Headers basic = {{"Authorization", "Basic " + base64_encode(user + ":secret1")}};
  Seen seen;

  const std::string account =
      R"({"username":")" + user + R"(","password":"secret1","email":")" + user + R"(@x.invalid"})";
  auto created = index.Post("/v1/users/", account, "application/json");
  if (clean) {
    EXPECT_TRUE(created && created->status == 201);
  }
  auto again = index.Post("/v1/users/", account, "application/json");  // 400: log in instead
  if (clean) {
    EXPECT_TRUE(again && again->status == 400);
  }
  auto login = index.Get("/v1/users/", basic);
  if (clean) {
    EXPECT_TRUE(login && login->status == 200);
  }
  index.Get("/v1/search?q=app&n=5");

  auto headers = basic;
  headers.emplace("X-Docker-Token", "true");
  auto announced =
      index.Put(repo + "/", headers, R"([{"id":")" + image.id + R"("}])", "application/json");
  if (clean) {
    EXPECT_TRUE(announced && announced->status == 200);
  }
  if (!announced) return seen;
  seen.endpoints = announced->get_header_value("X-Docker-Endpoints");
  const std::string token = announced->get_header_value("X-Docker-Token");
  httplib::Client registry("http://" + seen.endpoints);
  registry.set_default_headers(common);
  const httplib::Headers with_token = {{"Authorization", "Token " + token}};
  const std::string at = "/v1/images/" + image.id;
  auto json = registry.Put(at + "/json", with_token, image.json, "application/json");
  if (clean) {
    EXPECT_TRUE(json && json->status == 200) << (json ? json->body : "no reply");
  }
  auto layer = registry.Put(at + "/layer", with_token, image.layer, "application/octet-stream");
  if (clean) {
    EXPECT_TRUE(layer && layer->status == 200) << (layer ? layer->body : "no reply");
  }
  auto checksum_headers = with_token;
  checksum_headers.emplace("X-Docker-Checksum-Payload", image.payload_checksum);
  auto checksum = registry.Put(at + "/checksum", checksum_headers, "", "application/json");
  if (clean) {
    EXPECT_TRUE(checksum && checksum->status == 200);
  }
  auto tag =
      registry.Put(repo + "/tags/latest", with_token, "\"" + image.id + "\"", "application/json");
  if (clean) {
    EXPECT_TRUE(tag && tag->status == 200);
  }
  auto final_headers = basic;
  final_headers.emplace("X-Docker-Endpoints", seen.endpoints);
  auto done = index.Put(repo + "/images", final_headers, "[]", "application/json");
  if (clean) {
    EXPECT_TRUE(done && done->status == 204);
  }

  auto read_headers = basic;
  read_headers.emplace("X-Docker-Token", "true");
  auto images = index.Get(repo + "/images", read_headers);
  if (clean) {
    EXPECT_TRUE(images && images->status == 200);
  }
  if (!images) return seen;
  const httplib::Headers with_read = {
      {"Authorization", "Token " + images->get_header_value("X-Docker-Token")}};
  auto tags = registry.Get(repo + "/tags", with_read);
  if (clean) {
    EXPECT_TRUE(tags && tags->status == 200);
  }
  auto ancestry = registry.Get(at + "/ancestry", with_read);
  if (clean) {
    EXPECT_TRUE(ancestry && ancestry->status == 200);
  }
  if (auto got = registry.Get(at + "/json", with_read)) seen.pulled_json = got->body;
  if (auto got = registry.Get(at + "/layer", with_read)) seen.pulled_layer = got->body;
  return seen;
}

TEST(Proxy, PassesEveryByteAndKeepsTheClientComingThroughAndJudgesBothSidesClean) {
  Proxied proxied;
  ASSERT_NE(proxied.proxy_, nullptr);
  const fixtures::Image image = big_image("proxy-bytes", 3 << 20);
  Seen seen = run_client(proxied.addresses_.index_url, image);

  // The index named the simulator's registry; the client was sent to the proxy's instead.
  EXPECT_EQ("http://" + seen.endpoints, proxied.addresses_.registry_url);
  EXPECT_NE("http://" + seen.endpoints, proxied.direct_registry_);
  // Byte for byte, both ways (the payload checksum the registry accepted covers the upload).
  EXPECT_EQ(seen.pulled_json, image.json);
  EXPECT_EQ(seen.pulled_layer.size(), image.layer.size());
  EXPECT_TRUE(seen.pulled_layer == image.layer);

  const auto results = proxied.results();
  EXPECT_TRUE(proxied.failed().empty()) << testing::PrintToString(proxied.failed());
  // Both sides were judged: client rules of the push and the pull, server operations of both.
  for (const char* id :
       {"client/push/checksum-value", "client/push/json-before-layer", "client/push/final-put",
        "client/request/token-issued", "client/login/fallback-exists"}) {
    ASSERT_TRUE(results.contains(id)) << id;
    EXPECT_EQ(results.at(id).outcome, conformance::Outcome::kPass) << id;
  }
  for (const char* operation : {"putImageLayer", "getImageLayer", "putUserRepository",
                                "registerUser", "getUserRepositoryImages", "searchRepositories"}) {
    const std::string id =
        spec::check_id(*spec::Spec::embedded().find(operation), kObservedCondition);
    ASSERT_TRUE(results.contains(id)) << id;
    EXPECT_EQ(results.at(id).outcome, conformance::Outcome::kPass) << id;
  }
}

TEST(Proxy, AClientThatBreaksARuleIsCaughtOnTheClientSideOnly) {
  Proxied proxied;
  ASSERT_NE(proxied.proxy_, nullptr);
  const fixtures::Image image = big_image("proxy-layer-first", 64 << 10);
  // Announce, then the layer before its JSON (the registry refuses it), then the clean push.
  httplib::Client index(proxied.addresses_.index_url);
  const std::string user = "proxy" + fixtures::unique_suffix().substr(0, 8);
  const std::string account =
      R"({"username":")" + user + R"(","password":"secret1","email":")" + user + R"(@x.invalid"})";
  ASSERT_TRUE(index.Post("/v1/users/", account, "application/json"));
  auto announced = index.Put(
      "/v1/repositories/" + user + "/app/",
      {{"Authorization", "Basic " + base64_encode(user + ":secret1")}, {"X-Docker-Token", "true"}},
      R"([{"id":")" + image.id + R"("}])", "application/json");
  ASSERT_TRUE(announced && announced->status == 200);
  httplib::Client registry("http://" + announced->get_header_value("X-Docker-Endpoints"));
  auto early =
      registry.Put("/v1/images/" + image.id + "/layer",
                   {{"Authorization", "Token " + announced->get_header_value("X-Docker-Token")}},
                   image.layer, "application/octet-stream");
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, 404) << early->body;  // the simulator's refusal, forwarded as it was

  const auto failed = proxied.failed();
  EXPECT_TRUE(failed.contains("client/push/json-before-layer")) << testing::PrintToString(failed);
  for (const auto& id : failed) EXPECT_TRUE(id.starts_with("client/")) << id;
}

TEST(Proxy, ForwardsWhatTheServerWouldRefuseAndReturnsTheServersOwnAnswer) {
  Proxied proxied;
  ASSERT_NE(proxied.proxy_, nullptr);
  // Malformed JSON and a path no operation has: the proxy answers neither itself.
  for (const auto& [method, path, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"POST", "/v1/users/", "{not json"},
           {"GET", "/v1/nothing/here?x=%zz&y=1", ""},
           {"PUT", "/v1/repositories/x/y/", "[{\"id\": 5}]"}}) {
    httplib::Client through(proxied.addresses_.index_url);
    httplib::Client direct(proxied.direct_index_);
    auto send = [&](httplib::Client& client) {
      return method == "GET"   ? client.Get(path)
             : method == "PUT" ? client.Put(path, body, "application/json")
                               : client.Post(path, body, "application/json");
    };
    auto a = send(through);
    auto b = send(direct);
    ASSERT_TRUE(a && b) << path;
    EXPECT_EQ(a->status, b->status) << path;
    EXPECT_EQ(a->body, b->body) << path;
    EXPECT_EQ(a->get_header_value("Content-Type"), b->get_header_value("Content-Type")) << path;
  }
  // The client side saw them for what they are.
  const auto failed = proxied.failed();
  EXPECT_TRUE(failed.contains("client/request/json-body")) << testing::PrintToString(failed);
  EXPECT_TRUE(failed.contains("client/request/known-operation")) << testing::PrintToString(failed);
}

TEST(Proxy, AServerThatIsGoneIsABadGatewayAndAServerSideFailure) {
  // Port 1 of the loopback: nothing listens there, so the connection is refused at once.
  const std::string gone = "http://127.0.0.1:1";
  ProxyOptions options;
  options.index_url = gone;
  options.registry_url = gone;
  Proxy proxy(spec::Spec::embedded(), options);
  auto addresses = proxy.start();
  ASSERT_TRUE(addresses.ok()) << addresses.error().message;
  httplib::Client client(addresses->index_url);
  auto reply = client.Get("/v1/search?q=x");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 502);
  EXPECT_NE(reply->body.find("drydock proxy"), std::string::npos) << reply->body;
  std::set<std::string> failed;
  for (const auto& result : proxy.report({}).results) {
    if (result.outcome == conformance::Outcome::kFail) failed.insert(result.id);
  }
  EXPECT_TRUE(failed.contains("index/search/search-repositories/observed"))
      << testing::PrintToString(failed);
}

TEST(Proxy, AServerThatHangsIsCutAfterTheStallTimeout) {
  simulator::Simulator sim(spec::Spec::embedded());
  simulator::Options options;
  options.listen = "127.0.0.1:0";
  options.memory = true;
  options.faults = true;
  auto bound = sim.start(options);
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  ProxyOptions proxy_options;
  proxy_options.index_url = bound->index_url;
  proxy_options.registry_url = bound->registry_url;
  proxy_options.upstream.stall_timeout = std::chrono::milliseconds(300);
  Proxy proxy(spec::Spec::embedded(), proxy_options);
  auto addresses = proxy.start();
  ASSERT_TRUE(addresses.ok()) << addresses.error().message;
  httplib::Client client(addresses->index_url);
  auto reply = client.Get("/v1/search?q=x", {{"X-Drydock-Fault", "conn-hang"}});
  ASSERT_TRUE(reply);  // within httplib's own 5 s read timeout
  EXPECT_EQ(reply->status, 502);
  EXPECT_NE(reply->body.find("no byte either way"), std::string::npos) << reply->body;
  std::set<std::string> failed;
  for (const auto& result : proxy.report({}).results) {
    if (result.outcome == conformance::Outcome::kFail) failed.insert(result.id);
  }
  EXPECT_TRUE(failed.contains("index/search/search-repositories/observed"))
      << testing::PrintToString(failed);
  sim.stop();  // releases the hung connection
}

TEST(Proxy, RefusesAMalformedUpstreamUrl) {
  for (const char* url : {"ftp://host:1", "http://", "http://host:1/v1", "http://u:p@host:1",
                          "host:1", "http://host:1?x=1"}) {
    ProxyOptions options;
    options.registry_url = url;
    Proxy proxy(spec::Spec::embedded(), options);
    auto started = proxy.start();
    ASSERT_FALSE(started.ok()) << url;
    EXPECT_NE(started.error().message.find("--registry"), std::string::npos)
        << started.error().message;
  }
}

TEST(Proxy, ForwardsToAnHttpsServerItTrustsAndRefusesOneItDoesNot) {
  const std::string dir = simulator::testing::make_certificate();
  ASSERT_FALSE(dir.empty()) << "openssl could not make a certificate";
  simulator::Simulator sim(spec::Spec::embedded());
  simulator::Options options;  // one listener: index and registry behind one certificate
  options.listen = "127.0.0.1:0";
  options.memory = true;
  options.password_iterations = 1;
  options.tls = simulator::TlsFiles{dir + "/cert.pem", dir + "/key.pem", ""};
  auto bound = sim.start(options);
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  ASSERT_TRUE(bound->index_url.starts_with("https://"));
  for (const bool trusted : {true, false}) {
    ProxyOptions proxy_options;
    proxy_options.index_url = bound->index_url;
    proxy_options.registry_url = bound->registry_url;
    if (trusted) proxy_options.upstream.cacert = dir + "/cert.pem";
    Proxy proxy(spec::Spec::embedded(), proxy_options);
    auto addresses = proxy.start();
    ASSERT_TRUE(addresses.ok()) << addresses.error().message;
    if (trusted) {
      const fixtures::Image image = big_image("proxy-tls", 4096);
      Seen seen = run_client(addresses->index_url, image);
      EXPECT_TRUE(seen.pulled_layer == image.layer);  // not EXPECT_EQ: no binary in the log
      continue;
    }
    httplib::Client client(addresses->index_url);
    auto reply = client.Get("/v1/_ping");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 502);  // the certificate is not trusted: nothing was forwarded
  }
  std::filesystem::remove_all(dir);
}

// The judge's faulty clients (its table, testing/faulty_client.h), through the proxy: each is
// caught on the client side by exactly the rules its row names, as by `serve --judge`, and none
// is blamed on the server.
class ClientFaults : public testing::TestWithParam<judge::testing::FaultCase> {};

TEST_P(ClientFaults, AreCaughtOnTheClientSideAndNotBlamedOnTheServer) {
  const judge::testing::FaultCase& fault = GetParam();
  const bool stale = fault.fault == judge::testing::Fault::kStaleToken;
  simulator::Simulator sim(spec::Spec::embedded());
  simulator::Options options;
  options.listen = "127.0.0.1:0";
  options.memory = true;
  options.password_iterations = 1;
  if (fault.single_use) options.token_policy = simulator::TokenPolicyOption::kSingleUse;
  if (stale) options.token_ttl = judge::testing::kShortTtl;
  auto bound = sim.start(options);
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  ProxyOptions proxy_options;
  proxy_options.index_url = bound->index_url;
  proxy_options.registry_url = bound->registry_url;
  proxy_options.single_use = fault.single_use;
  proxy_options.token_ttl = options.token_ttl;
  Proxy proxy(spec::Spec::embedded(), proxy_options);
  auto addresses = proxy.start();
  ASSERT_TRUE(addresses.ok()) << addresses.error().message;

  ASSERT_NO_FATAL_FAILURE(judge::testing::run_faulty_client(addresses->index_url,
                                                            addresses->registry_url, fault.fault));
  std::set<std::string> client_failed;
  std::set<std::string> server_failed;
  for (const auto& result : proxy.report({}).results) {
    if (result.outcome != conformance::Outcome::kFail) continue;
    (result.id.starts_with("client/") ? client_failed : server_failed).insert(result.id);
  }
  EXPECT_EQ(client_failed, fault.fails) << fault.name << ": " << fault.does;
  EXPECT_EQ(server_failed, std::set<std::string>{}) << fault.name << ": " << fault.does;
}

INSTANTIATE_TEST_SUITE_P(Judge, ClientFaults, testing::ValuesIn(judge::testing::fault_cases()),
                         [](const testing::TestParamInfo<judge::testing::FaultCase>& param) {
                           std::string name = param.param.name;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

// The proxy's own listeners over HTTPS, in front of a plain-HTTP simulator: a client that trusts
// the proxy's certificate is answered, and X-Docker-Endpoints names the proxy's registry.
TEST(Proxy, ServesHttpsOnItsOwnListeners) {
  const std::string dir = simulator::testing::make_certificate();
  ASSERT_FALSE(dir.empty()) << "openssl could not make a certificate";
  simulator::Simulator sim(spec::Spec::embedded());
  simulator::Options options;
  options.listen = "127.0.0.1:0";
  options.memory = true;
  options.password_iterations = 1;
  auto bound = sim.start(options);
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  ProxyOptions proxy_options;
  proxy_options.index_url = bound->index_url;
  proxy_options.registry_url = bound->registry_url;
  proxy_options.tls_cert_file = dir + "/cert.pem";
  proxy_options.tls_key_file = dir + "/key.pem";
  Proxy proxy(spec::Spec::embedded(), proxy_options);
  auto addresses = proxy.start();
  ASSERT_TRUE(addresses.ok()) << addresses.error().message;
  ASSERT_TRUE(addresses->index_url.starts_with("https://")) << addresses->index_url;
  ASSERT_TRUE(addresses->registry_url.starts_with("https://")) << addresses->registry_url;

  httplib::Client index(addresses->index_url);
  index.set_ca_cert_path((dir + "/cert.pem").c_str());
  index.enable_server_certificate_verification(true);
  const std::string account =
      R"({"username":"tlsproxy","password":"secret1","email":"t@x.invalid"})";
  auto created = index.Post("/v1/users/", account, "application/json");
  ASSERT_TRUE(created) << httplib::to_string(created.error());
  EXPECT_EQ(created->status, 201);
  auto announced = index.Put(
      "/v1/repositories/tlsproxy/app/",
      {{"Authorization", "Basic " + base64_encode("tlsproxy:secret1")}, {"X-Docker-Token", "true"}},
      "[]", "application/json");
  ASSERT_TRUE(announced);
  EXPECT_EQ(announced->status, 200);
  EXPECT_EQ("https://" + announced->get_header_value("X-Docker-Endpoints"),
            addresses->registry_url);

  httplib::Client untrusting(addresses->index_url);
  untrusting.enable_server_certificate_verification(true);
  EXPECT_FALSE(untrusting.Get("/v1/_ping"));  // a self-signed certificate nobody was told of
  std::filesystem::remove_all(dir);
}

// A server fault of the simulator (X-Drydock-Fault, faults/catalogue.h) and the server-side
// result of the proxy that must fail when the clean client's traffic meets it.
struct ServerFault {
  const char* fault;
  const char* operation;  // its result, <side>/<tag>/<operation>/observed, fails
};

void PrintTo(const ServerFault& fault, std::ostream* out) {
  *out << fault.fault;
}

class ServerFaults : public testing::TestWithParam<ServerFault> {};

TEST_P(ServerFaults, AreReportedOnTheServerSide) {
  Proxied proxied(/*faults=*/true);
  ASSERT_NE(proxied.proxy_, nullptr);
  run_client(proxied.addresses_.index_url, big_image("proxy-fault", 4096), GetParam().fault);
  const std::string id =
      spec::check_id(*spec::Spec::embedded().find(GetParam().operation), kObservedCondition);
  const auto results = proxied.results();
  ASSERT_TRUE(results.contains(id)) << id;
  EXPECT_EQ(results.at(id).outcome, conformance::Outcome::kFail)
      << id << ": " << results.at(id).message;
  EXPECT_FALSE(results.at(id).exchanges.empty());
}

TEST(Proxy, AReplyThatBreaksOnlyAShouldFailsOnlyWhenStrictAndAtShould) {
  const std::string id =
      spec::check_id(*spec::Spec::embedded().find("getImageJson"), kObservedCondition);
  for (const bool strict : {false, true}) {
    Proxied proxied(/*faults=*/true, strict);
    ASSERT_NE(proxied.proxy_, nullptr);
    // X-Docker-Size on GET json: a SHOULD of protocol-notes, under docker-registry.
    run_client(proxied.addresses_.index_url, big_image("proxy-should", 4096),
               "json-no-size-header");
    const auto results = proxied.results();
    ASSERT_TRUE(results.contains(id));
    EXPECT_EQ(results.at(id).outcome,
              strict ? conformance::Outcome::kFail : conformance::Outcome::kPass)
        << results.at(id).message;
    if (strict) {
      EXPECT_EQ(results.at(id).level, spec::Level::kShould);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ServerFaults,
                         testing::Values(ServerFault{"index-no-endpoints", "putUserRepository"},
                                         ServerFault{"index-no-token", "putUserRepository"},
                                         ServerFault{"images-put-wrong-status",
                                                     "putUserRepositoryImages"},
                                         ServerFault{"search-wrong-shape", "searchRepositories"},
                                         ServerFault{"json-no-checksum-header", "getImageJson"},
                                         ServerFault{"json-no-size-header", "getImageJson"},
                                         ServerFault{"tags-wrong-shape", "getUserRepositoryTags"},
                                         ServerFault{"error-html", "registerUser"},
                                         ServerFault{"content-type-wrong", "searchRepositories"},
                                         ServerFault{"layer-corrupted", "getImageLayer"},
                                         ServerFault{"layer-truncated", "getImageLayer"},
                                         ServerFault{"conn-reset", "registerUser"},
                                         ServerFault{"conn-garbage", "registerUser"}),
                         [](const testing::TestParamInfo<ServerFault>& param) {
                           std::string name = param.param.fault;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace drydock::proxy
