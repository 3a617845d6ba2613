#include "core/listen_address.h"

#include <gtest/gtest.h>

namespace drydock::simulator {
namespace {

TEST(ListenAddress, ParsesHostAndPort) {
  auto address = parse_listen_address("127.0.0.1:5000");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 5000);
}

TEST(ListenAddress, ParsesABracketedIpv6Host) {
  auto address = parse_listen_address("[::1]:0");
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 0);
}

TEST(ListenAddress, RefusesWhatIsNotHostColonPort) {
  for (const char* text : {"", "5000", ":5000", "host:", "host:port", "host:-1", "host:65536",
                           "::1:5000", "[::1:5000", "[::1]5000", "host:50 00"}) {
    auto address = parse_listen_address(text);
    EXPECT_FALSE(address.ok()) << text;
    if (!address.ok()) {
      EXPECT_NE(address.error().message.find("HOST:PORT"), std::string::npos);
    }
  }
}

TEST(ListenAddress, DialsWildcardsOnLoopback) {
  EXPECT_EQ(dial_address({"0.0.0.0", 0}, 4000), "127.0.0.1:4000");
  EXPECT_EQ(dial_address({"::", 0}, 4000), "[::1]:4000");
  EXPECT_EQ(dial_address({"localhost", 80}, 80), "localhost:80");
}

}  // namespace
}  // namespace drydock::simulator
