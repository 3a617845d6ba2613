#include "drydock/common/tarsum.h"

#include <gtest/gtest.h>

#include "drydock/common/digest.h"
#include "drydock/fixtures/images.h"
#include "drydock/fixtures/tar_writer.h"

namespace drydock {
namespace {

using fixtures::LongNames;
using fixtures::tar_end_of_archive;
using fixtures::tar_entry;
using fixtures::TarEntrySpec;

TEST(TarSum, OneFileArchiveMatchesTheFormulaComputedByHand) {
  TarEntrySpec e;
  e.name = "etc/hostname";
  e.mode = 0644;
  e.uid = 0;
  e.gid = 0;
  e.mtime = 1412121600;
  e.uname = "root";
  e.gname = "root";
  const std::string tar = tar_entry(e, "drydock\n") + tar_end_of_archive();
  const std::string json = R"({"id":"abc"})";

  // mode 0644 = 420; typeflag '0'; no separators between key and value.
  const std::string file_digest = sha256_hex(
      "nameetc/hostnamemode420uid0gid0size8mtime1412121600typeflag0linkname"
      "unamerootgnamerootdevmajor0devminor0"
      "drydock\n");
  EXPECT_EQ(tarsum_v0(json, tar).value(), "tarsum+sha256:" + sha256_hex(json + file_digest));
}

// Docker's pkg/tarsum TestIteration, Version0: tar.Header{Name: "file.txt", Typeflag: TypeReg}.
TEST(TarSum, MatchesDockerVectorForAnEmptyFile) {
  TarEntrySpec e;
  e.name = "file.txt";
  e.mode = 0;
  const std::string tar = tar_entry(e, "") + tar_end_of_archive();
  EXPECT_EQ(tarsum_v0("", tar).value(),
            "tarsum+sha256:626c4a2e9a467d65c33ae81f7f3dedd4de8ccaee72af73223c4bc4718cbc7bbd");
}

// Docker's pkg/tarsum TestIteration, Version0 with an xattr (a pax record) that v0 ignores.
TEST(TarSum, MatchesDockerVectorIgnoringXattrs) {
  TarEntrySpec e;
  e.name = "xattrs.txt";
  e.mode = 0;
  e.uid = 1000;
  e.gid = 1000;
  e.uname = "slartibartfast";
  e.gname = "users";
  e.pax_records = {{"SCHILY.xattr.user.NOT", "CALCULATED"}};
  const std::string tar = tar_entry(e, "test") + tar_end_of_archive();
  EXPECT_EQ(tarsum_v0("", tar).value(),
            "tarsum+sha256:c12bb6f1303a9ddbf4576c52da74973c00d14c109bcfa76b708d5da1154a07fa");
}

TEST(TarSum, EmptyArchiveIsTheHashOfTheJson) {
  EXPECT_EQ(tarsum_v0("{}", tar_end_of_archive()).value(), "tarsum+sha256:" + sha256_hex("{}"));
  EXPECT_EQ(tarsum_v0("", "").value(), "tarsum+sha256:" + sha256_hex(""));
}

TEST(TarSum, IgnoresEntryOrder) {
  TarEntrySpec a;
  a.name = "a";
  TarEntrySpec b;
  b.name = "b";
  const std::string ab = tar_entry(a, "1") + tar_entry(b, "2") + tar_end_of_archive();
  const std::string ba = tar_entry(b, "2") + tar_entry(a, "1") + tar_end_of_archive();
  EXPECT_EQ(tarsum_v0("j", ab).value(), tarsum_v0("j", ba).value());
}

TEST(TarSum, ChangesWithMtimeAndContent) {
  TarEntrySpec a;
  a.name = "a";
  const std::string base = tarsum_v0("", tar_entry(a, "1")).value();
  EXPECT_NE(tarsum_v0("", tar_entry(a, "2")).value(), base);
  a.mtime = 1;
  EXPECT_NE(tarsum_v0("", tar_entry(a, "1")).value(), base);
}

TEST(TarSum, CountsEveryEntryWithADuplicateName) {
  TarEntrySpec a;
  a.name = "a";
  const std::string once = tar_entry(a, "1");
  Result<std::string> twice = tarsum_v0("", once + once);
  ASSERT_TRUE(twice);
  EXPECT_NE(*twice, tarsum_v0("", once).value());
}

TEST(TarSum, LongNameFormsGiveTheSameSum) {
  TarEntrySpec e;
  e.name = std::string(110, 'd') + "/" + std::string(90, 'f');
  std::vector<std::string> sums;
  for (LongNames style : {LongNames::kUstarPrefix, LongNames::kGnu, LongNames::kPax}) {
    e.long_names = style;
    sums.push_back(tarsum_v0("", tar_entry(e, "x") + tar_end_of_archive()).value());
  }
  EXPECT_EQ(sums[0], sums[1]);
  EXPECT_EQ(sums[0], sums[2]);
}

TEST(TarSum, StreamingInAnyChunkSizeMatchesOneShot) {
  const fixtures::LayerSpec spec{"stream", 100000};
  const std::string layer = fixtures::make_layer_tar(spec);
  const std::string expected = tarsum_v0("{}", layer).value();
  for (size_t chunk : {1u, 511u, 4096u, 65536u}) {
    TarSum sum;
    for (size_t i = 0; i < layer.size(); i += chunk) {
      ASSERT_TRUE(sum.update(std::string_view(layer).substr(i, chunk)));
    }
    EXPECT_EQ(sum.finish("{}").value(), expected) << chunk;
  }
}

TEST(TarSum, HashesEachGeneratedLayerEntry) {
  TarSum sum;
  ASSERT_TRUE(sum.update(fixtures::make_layer_tar({"entries", 10})));
  ASSERT_TRUE(sum.finish(""));
  EXPECT_EQ(sum.entry_digests().size(), 5u);  // directory, two files, a link, data.bin
}

TEST(TarSum, RejectsATruncatedLayer) {
  const std::string layer = fixtures::make_layer_tar({"truncated", 5000});
  Result<std::string> r = tarsum_v0("", std::string_view(layer).substr(0, 3000));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(TarSum, RejectsNonTarInput) {
  EXPECT_FALSE(tarsum_v0("", std::string(1024, 'x')));
}

TEST(TarSum, HeaderStringKeepsTheTypeflagByteAndTheDirectorySlash) {
  TarHeader h;
  h.name = "./usr/";
  h.mode = 0755;
  h.typeflag = '5';
  EXPECT_EQ(tarsum_v0_header_string(h),
            "name./usr/mode493uid0gid0size0mtime0typeflag5linknameunamegnamedevmajor0devminor0");
}

}  // namespace
}  // namespace drydock
