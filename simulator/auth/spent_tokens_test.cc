#include "drydock/simulator/auth/spent_tokens.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace drydock::auth {
namespace {

using std::chrono::seconds;

TEST(SpentTokens, SecondSpendIsRefused) {
  SpentTokens spent;
  ManualClock clock;
  EXPECT_TRUE(*spent.spend("a", clock.now() + seconds(10), clock.now()));
  EXPECT_FALSE(*spent.spend("a", clock.now() + seconds(10), clock.now()));
  EXPECT_TRUE(*spent.spend("b", clock.now() + seconds(10), clock.now()));
}

TEST(SpentTokens, ExpiredTokensAreForgotten) {
  SpentTokens spent;
  ManualClock clock;
  EXPECT_TRUE(*spent.spend("short", clock.now() + seconds(5), clock.now()));
  EXPECT_TRUE(*spent.spend("long", clock.now() + seconds(50), clock.now()));
  clock.advance(seconds(5));
  EXPECT_TRUE(*spent.spend("new", clock.now() + seconds(5), clock.now()));
  EXPECT_EQ(spent.size(), 2u);  // "short" pruned
  clock.advance(seconds(100));
  EXPECT_TRUE(*spent.spend("later", clock.now() + seconds(5), clock.now()));
  EXPECT_EQ(spent.size(), 1u);
}

TEST(SpentTokens, ConcurrentSpendsOfOneTokenSucceedOnce) {
  SpentTokens spent;
  ManualClock clock;
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (*spent.spend("token", clock.now() + seconds(10), clock.now())) ++successes;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(successes.load(), 1);
}

}  // namespace
}  // namespace drydock::auth
