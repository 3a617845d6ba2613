#include "connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

namespace drydock::accounts {
namespace {

// Private in-memory SQLite databases stand for the connections.
Result<std::unique_ptr<Database>> open_connection() {
  return open_sqlite(":memory:");
}

// Waits (yielding, no fixed sleep) until `value` reaches `target`.
void wait_until_reaches(const std::atomic<int>& value, int target) {
  while (value.load() < target) std::this_thread::yield();
}

TEST(ConnectionPool, OpensConnectionsOnDemandUpToItsSize) {
  std::atomic<int> opened{0};
  ConnectionPool pool(
      std::move(open_connection()).value(),
      [&] {
        ++opened;
        return open_connection();
      },
      2);
  std::optional<ConnectionPool::Lease> first(pool.lease());
  EXPECT_EQ(opened.load(), 0);  // the idle first connection served
  std::optional<ConnectionPool::Lease> second(pool.lease());
  EXPECT_EQ(opened.load(), 1);
  EXPECT_NE(&**first, &**second);
  Database* const connections[] = {&**first, &**second};

  // Both leased, size reached: a third lease waits for one to come back.
  std::atomic<int> started{0};
  Database* third = nullptr;
  std::thread lessee([&] {
    ++started;
    ConnectionPool::Lease lease = pool.lease();
    third = &*lease;
  });
  wait_until_reaches(started, 1);
  first.reset();
  second.reset();
  lessee.join();
  EXPECT_TRUE(third == connections[0] || third == connections[1]);
  EXPECT_EQ(opened.load(), 1);
}

// A waiting lease takes whichever connection comes back first: one held long (a slow
// statement) does not hold it up.
TEST(ConnectionPool, AWaitingLeaseTakesTheFirstConnectionBack) {
  ConnectionPool pool(std::move(open_connection()).value(), open_connection, 2);
  std::optional<ConnectionPool::Lease> slow(pool.lease());
  std::optional<ConnectionPool::Lease> quick(pool.lease());
  Database* const quick_one = &**quick;
  std::promise<Database*> leased;
  std::future<Database*> got = leased.get_future();
  std::thread lessee([&] {
    ConnectionPool::Lease lease = pool.lease();
    leased.set_value(&*lease);
  });
  quick.reset();
  // Bounded, so that a pool waiting on the slow one fails here instead of hanging.
  const bool served = got.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  slow.reset();
  lessee.join();
  ASSERT_TRUE(served) << "the lease waited for the connection still held";
  EXPECT_EQ(got.get(), quick_one);
}

TEST(ConnectionPool, WhenNoFurtherConnectionOpensALeaseWaitsForAnOpenOne) {
  std::atomic<int> attempts{0};
  ConnectionPool pool(
      std::move(open_connection()).value(),
      [&]() -> Result<std::unique_ptr<Database>> {
        ++attempts;
        return Error::io("postgresql: sorry, too many clients already");
      },
      4);
  std::optional<ConnectionPool::Lease> held(pool.lease());
  Database* const only = &**held;
  Database* leased = nullptr;
  std::thread lessee([&] { leased = &*pool.lease(); });
  wait_until_reaches(attempts, 1);
  held.reset();
  lessee.join();
  EXPECT_EQ(leased, only);
}

}  // namespace
}  // namespace drydock::accounts
