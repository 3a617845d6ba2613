#include "drydock/simulator/http/headers.h"

#include <gtest/gtest.h>

namespace drydock::simulator::http {
namespace {

TEST(Headers, LookupIgnoresCase) {
  Headers headers;
  headers.add("X-Docker-Token", "true");
  EXPECT_EQ(headers.get("x-docker-token"), "true");
  EXPECT_FALSE(headers.get("Authorization").has_value());
}

TEST(Headers, KeepsRepeatedFieldsInOrder) {
  Headers headers;
  headers.add("X-Docker-Endpoints", "a");
  headers.add("Other", "x");
  headers.add("x-docker-endpoints", "b");
  EXPECT_EQ(headers.get_all("X-Docker-Endpoints"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(headers.fields().front().first, "X-Docker-Endpoints");
}

TEST(Headers, SetReplacesEveryField) {
  Headers headers;
  headers.add("A", "1");
  headers.add("a", "2");
  headers.set("A", "3");
  EXPECT_EQ(headers.get_all("a"), std::vector<std::string>{"3"});
}

}  // namespace
}  // namespace drydock::simulator::http
