#include "drydock/conformance/transcript.h"

#include <gtest/gtest.h>

#include <thread>

namespace drydock::conformance {
namespace {

Exchange exchange_with_password(std::string label) {
  Exchange e;
  e.label = std::move(label);
  e.request.method = "POST";
  e.request.url = "http://index/v1/users/";
  e.request.body = R"({"username":"bob","password":"hunter2"})";
  return e;
}

TEST(Transcript, RecordsRedactedExchangesInOrder) {
  Transcript t;
  t.record(exchange_with_password("a"));
  t.record(exchange_with_password("b"));
  std::vector<Exchange> all = t.exchanges();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].label, "a");
  EXPECT_EQ(all[1].request.body, R"({"username":"bob","password":"<redacted>"})");
  ASSERT_EQ(t.since(1).size(), 1u);
  EXPECT_EQ(t.since(1)[0].label, "b");
  EXPECT_TRUE(t.since(5).empty());
}

TEST(Transcript, TakeHandsOverEveryExchangeAndEmptiesIt) {
  Transcript t;
  t.record(exchange_with_password("a"));
  t.record(exchange_with_password("b"));
  std::vector<Exchange> all = t.take();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].label, "b");
  EXPECT_EQ(t.size(), 0u);
  t.record(exchange_with_password("c"));
  EXPECT_EQ(t.take().front().label, "c");
}

TEST(Transcript, SharesItsRedactorsSecrets) {
  auto redactor = std::make_shared<Redactor>();
  redactor->add_secret("topsecret");
  Transcript t(redactor);
  Exchange e;
  e.response.body = "topsecret";
  t.record(e);
  EXPECT_EQ(t.exchanges()[0].response.body, "<redacted>");
}

TEST(Transcript, RecordsFromManyThreads) {
  Transcript t;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) t.record(exchange_with_password("x"));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(t.size(), 400u);
}

}  // namespace
}  // namespace drydock::conformance
