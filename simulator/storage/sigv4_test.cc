#include "sigv4.h"

#include <gtest/gtest.h>

#include "drydock/common/digest.h"

namespace drydock::storage {
namespace {

// The examples of AWS's Signature Version 4 test suite and of the S3 API reference
// ("Authenticating Requests: Using the Authorization Header").
const SigV4Key kTestSuiteKey{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1",
                             "service"};
const std::string kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(SigV4, SignsTheTestSuitesGetVanilla) {
  SigV4Request request{"GET",
                       "/",
                       {},
                       {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}},
                       kEmptyHash};
  EXPECT_EQ(sigv4_authorization(kTestSuiteKey, request),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, SortsTheQueryByName) {
  SigV4Request request{"GET",
                       "/",
                       {{"Param2", "value2"}, {"Param1", "value1"}},
                       {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}},
                       kEmptyHash};
  EXPECT_EQ(sigv4_canonical_query(request.query), "Param1=value1&Param2=value2");
  EXPECT_EQ(sigv4_authorization(kTestSuiteKey, request),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(SigV4, SignsTheS3ReferencesGetObject) {
  SigV4Key key{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1",
               "s3"};
  SigV4Request request{"GET",
                       "/test.txt",
                       {},
                       {{"host", "examplebucket.s3.amazonaws.com"},
                        {"range", "bytes=0-9"},
                        {"x-amz-content-sha256", kEmptyHash},
                        {"x-amz-date", "20130524T000000Z"}},
                       kEmptyHash};
  EXPECT_EQ(sigv4_authorization(key, request),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, EncodesQueryValuesStrictly) {
  EXPECT_EQ(sigv4_canonical_query({{"prefix", "a b/c"}, {"list-type", "2"}}),
            "list-type=2&prefix=a%20b%2Fc");
}

TEST(SigV4, HashesTheEmptyPayload) {
  EXPECT_EQ(sha256_hex(""), kEmptyHash);
}

}  // namespace
}  // namespace drydock::storage
