#include "drydock/simulator/auth/clock.h"

#include <gtest/gtest.h>

namespace drydock::auth {
namespace {

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock;
  TimePoint start = clock.now();
  EXPECT_EQ(clock.now(), start);
  clock.advance(std::chrono::seconds(90));
  EXPECT_EQ(clock.now(), start + std::chrono::seconds(90));
  clock.set(start);
  EXPECT_EQ(clock.now(), start);
}

TEST(SystemClock, FollowsTheWallClock) {
  SystemClock clock;
  auto before = std::chrono::system_clock::now();
  EXPECT_GE(clock.now(), before);
}

}  // namespace
}  // namespace drydock::auth
