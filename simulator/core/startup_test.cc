// What start() refuses, and says why: a missing handler, a bad admin account, a busy port, a
// malformed address, half a split layout.
#include <gtest/gtest.h>

#include "core/handler_coverage.h"
#include "drydock/simulator/http/router.h"
#include "drydock/simulator/simulator.h"
#include "drydock/spec/spec.h"

namespace drydock::simulator {
namespace {

http::Router registry_router() {
  http::RouterOptions options;
  options.sides = http::ServedSides::kRegistry;
  return http::Router(spec::Spec::embedded(), options);
}

Options startup_options() {
  Options options;
  options.listen = "127.0.0.1:0";
  options.memory = true;
  options.password_iterations = 1;
  return options;
}

std::string start_error(const Options& options) {
  Simulator simulator(spec::Spec::embedded());
  auto bound = simulator.start(options);
  return bound.ok() ? std::string("started") : bound.error().message;
}

TEST(Startup, RefusesARouterWithAnUnhandledOperation) {
  http::Router router = registry_router();
  ASSERT_TRUE(router.handle(
      "ping", [](http::Context&, const http::Request&) { return http::Reply::json(200, true); }));
  auto checked = require_every_handler(router, "registry");
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.error().message.find("registry: no handler for"), std::string::npos);
  EXPECT_NE(checked.error().message.find("getImageJson"), std::string::npos);
  EXPECT_EQ(checked.error().message.find("ping,"), std::string::npos);
}

TEST(Startup, AcceptsARouterWithEveryHandler) {
  http::Router router = registry_router();
  for (const std::string& id : router.unhandled()) {
    ASSERT_TRUE(router.handle(
        id, [](http::Context&, const http::Request&) { return http::Reply::json(200, true); }));
  }
  EXPECT_TRUE(require_every_handler(router, "registry").ok());
}

TEST(Startup, TheRealHandlersCoverEveryOperation) {
  EXPECT_EQ(start_error(startup_options()), "started");
}

TEST(Startup, RefusesAnAdminWithoutAPassword) {
  Options options = startup_options();
  options.admin = "admin";
  EXPECT_NE(start_error(options).find("USER:PASS"), std::string::npos);
  options.admin = "admin:";
  EXPECT_NE(start_error(options).find("USER:PASS"), std::string::npos);
  options.admin = ":secret";
  EXPECT_NE(start_error(options).find("USER:PASS"), std::string::npos);
}

TEST(Startup, AcceptsAnAdminPasswordWithAColon) {
  Options options = startup_options();
  options.admin = "admin:se:cret1";
  EXPECT_EQ(start_error(options), "started");
}

TEST(Startup, RefusesABusyPort) {
  Simulator first(spec::Spec::embedded());
  auto bound = first.start(startup_options());
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  Options options = startup_options();
  options.listen = bound->index_url.substr(std::string("http://").size());
  std::string error = start_error(options);
  EXPECT_NE(error.find("listen on " + options.listen), std::string::npos) << error;
}

TEST(Startup, RefusesAMalformedAddress) {
  Options options = startup_options();
  options.listen = "localhost";
  EXPECT_NE(start_error(options).find("'localhost'"), std::string::npos);
  options.listen = "127.0.0.1:99999";
  EXPECT_NE(start_error(options).find("0 to 65535"), std::string::npos);
}

TEST(Startup, RefusesHalfASplitLayout) {
  Options options = startup_options();
  options.index_listen = "127.0.0.1:0";
  EXPECT_NE(start_error(options).find("both"), std::string::npos);
}

TEST(Startup, RefusesAnUnusableDataDirectory) {
  Options options = startup_options();
  options.memory = false;
  options.data_dir = "/proc/drydock-cannot-exist";
  EXPECT_NE(start_error(options).find("data directory"), std::string::npos);
}

TEST(Startup, RefusesAPasswordIterationCountOutOfRange) {
  for (int iterations : {0, -1, auth::PasswordHasher::kMaxIterations + 1}) {
    Options options = startup_options();
    options.password_iterations = iterations;
    EXPECT_NE(start_error(options).find("password iterations"), std::string::npos) << iterations;
  }
}

TEST(Startup, RefusesASecondStart) {
  Simulator simulator(spec::Spec::embedded());
  ASSERT_TRUE(simulator.start(startup_options()).ok());
  auto again = simulator.start(startup_options());
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already started"), std::string::npos);
}

}  // namespace
}  // namespace drydock::simulator
