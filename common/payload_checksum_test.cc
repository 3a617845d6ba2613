#include "drydock/common/payload_checksum.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

// protocol-notes section 12 (docker-registry tests/lib/test_checksums.py).
TEST(PayloadChecksum, EmptyJsonAndEmptyLayerHashALoneNewline) {
  EXPECT_EQ(payload_checksum("", ""),
            "sha256:01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b");
}

TEST(PayloadChecksum, JsonTestAndEmptyLayer) {
  EXPECT_EQ(payload_checksum("test", ""),
            "sha256:f2ca1bb6c7e907d06dafe4687e579fce76b37e4e93b7605022da52e6ccc26fd2");
}

TEST(PayloadChecksum, IsTheSha256OfJsonNewlineLayer) {
  EXPECT_EQ(payload_checksum("{\"id\":1}", "layer bytes"),
            "sha256:" + sha256_hex("{\"id\":1}\nlayer bytes"));
}

TEST(PayloadChecksum, ChunkedLayerEqualsWholeLayer) {
  const std::string layer(10000, 'x');
  PayloadChecksum checksum("{}");
  for (size_t i = 0; i < layer.size(); i += 333) checksum.update(layer.substr(i, 333));
  EXPECT_EQ(checksum.finish(), payload_checksum("{}", layer));
}

TEST(PayloadChecksum, DependsOnWhereJsonEndsAndLayerBegins) {
  EXPECT_NE(payload_checksum("ab", "c"), payload_checksum("a", "bc"));
}

}  // namespace
}  // namespace drydock
