#include "drydock/simulator/auth/password.h"

#include <gtest/gtest.h>

#include <regex>

namespace drydock::auth {
namespace {

constexpr int kFastIterations = 1000;  // tests only; real use keeps the default

TEST(PasswordHasher, StoredFormIsSchemeIterationsSaltHash) {
  PasswordHasher hasher(kFastIterations);
  EXPECT_TRUE(std::regex_match(hasher.hash("hunter2"),
                               std::regex(R"(pbkdf2-sha256\$1000\$[0-9a-f]{32}\$[0-9a-f]{64})")));
}

TEST(PasswordHasher, VerifiesTheRightPasswordOnly) {
  PasswordHasher hasher(kFastIterations);
  std::string stored = hasher.hash("hunter2");
  EXPECT_TRUE(hasher.verify("hunter2", stored));
  EXPECT_FALSE(hasher.verify("hunter3", stored));
  EXPECT_FALSE(hasher.verify("", stored));
}

TEST(PasswordHasher, SaltMakesEachHashDifferent) {
  PasswordHasher hasher(kFastIterations);
  EXPECT_NE(hasher.hash("same"), hasher.hash("same"));
}

TEST(PasswordHasher, HashesFromOtherIterationCountsStillVerify) {
  std::string stored = PasswordHasher(500).hash("pw");
  EXPECT_TRUE(PasswordHasher(kFastIterations).verify("pw", stored));
}

TEST(PasswordHasher, KnownVector) {
  // RFC 7914 section 11 (PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=32 prefix).
  EXPECT_TRUE(
      PasswordHasher(1).verify("passwd",
                               "pbkdf2-sha256$1$73616c74$"
                               "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"));
}

TEST(PasswordHasher, MalformedStoredFormsNeverVerify) {
  PasswordHasher hasher(kFastIterations);
  std::string good = hasher.hash("pw");
  for (std::string bad :
       {std::string(""), std::string("pw"), good.substr(1), "md5$1000$00$" + std::string(64, '0'),
        "pbkdf2-sha256$0$00$" + std::string(64, '0'),
        "pbkdf2-sha256$99999999999$00$" + std::string(64, '0'),
        "pbkdf2-sha256$1000$zz$" + std::string(64, '0'),
        "pbkdf2-sha256$1000$00$" + std::string(63, '0'),
        "pbkdf2-sha256$1000$$" + std::string(64, '0')}) {
    EXPECT_FALSE(hasher.verify("pw", bad)) << bad;
  }
}

}  // namespace
}  // namespace drydock::auth
