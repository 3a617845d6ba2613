#include "drydock/common/tar_reader.h"

#include <gtest/gtest.h>

#include <vector>

#include "drydock/fixtures/tar_writer.h"

namespace drydock {
namespace {

using fixtures::LongNames;
using fixtures::tar_end_of_archive;
using fixtures::tar_entry;
using fixtures::TarEntrySpec;

struct Entry {
  TarHeader header;
  std::string content;
  bool ended = false;
};

class Recorder : public TarVisitor {
 public:
  void on_entry(const TarHeader& header) override { entries.push_back({header, "", false}); }
  void on_content(std::string_view bytes) override { entries.back().content.append(bytes); }
  void on_entry_end() override { entries.back().ended = true; }

  std::vector<Entry> entries;
};

TarEntrySpec file(std::string name) {
  TarEntrySpec e;
  e.name = std::move(name);
  return e;
}

// Feeds `tar` in pieces of `chunk` bytes, then finishes.
Result<void> read_all(std::string_view tar, Recorder& recorder, size_t chunk = 1 << 20) {
  TarReader reader(recorder);
  for (size_t i = 0; i < tar.size(); i += chunk) {
    if (Result<void> r = reader.feed(tar.substr(i, chunk)); !r) return r;
  }
  return reader.finish();
}

TEST(TarReader, ReadsEntriesAndContent) {
  TarEntrySpec a = file("a.txt");
  a.uid = 1000;
  a.gid = 100;
  a.mtime = 1412121600;
  a.uname = "alice";
  a.gname = "users";
  TarEntrySpec dir = file("dir/");
  dir.typeflag = '5';
  dir.mode = 0755;
  const std::string tar = tar_entry(a, "hello") + tar_entry(dir, "") + tar_end_of_archive();
  Recorder r;
  ASSERT_TRUE(read_all(tar, r));
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[0].header.name, "a.txt");
  EXPECT_EQ(r.entries[0].header.mode, 0644);
  EXPECT_EQ(r.entries[0].header.uid, 1000);
  EXPECT_EQ(r.entries[0].header.gid, 100);
  EXPECT_EQ(r.entries[0].header.size, 5);
  EXPECT_EQ(r.entries[0].header.mtime, 1412121600);
  EXPECT_EQ(r.entries[0].header.uname, "alice");
  EXPECT_EQ(r.entries[0].header.gname, "users");
  EXPECT_EQ(r.entries[0].content, "hello");
  EXPECT_TRUE(r.entries[0].ended);
  EXPECT_EQ(r.entries[1].header.name, "dir/");
  EXPECT_EQ(r.entries[1].header.typeflag, '5');
  EXPECT_TRUE(r.entries[1].ended);
}

TEST(TarReader, GivesTheSameResultForAnyChunkSize) {
  const std::string tar = tar_entry(file("x"), std::string(1500, 'q')) +
                          tar_entry(file("y"), "yy") + tar_end_of_archive();
  for (size_t chunk : {1u, 7u, 511u, 512u, 513u, 4096u}) {
    Recorder r;
    ASSERT_TRUE(read_all(tar, r, chunk)) << chunk;
    ASSERT_EQ(r.entries.size(), 2u) << chunk;
    EXPECT_EQ(r.entries[0].content, std::string(1500, 'q')) << chunk;
    EXPECT_EQ(r.entries[1].content, "yy") << chunk;
  }
}

TEST(TarReader, JoinsTheUstarPrefixAndName) {
  const std::string name = std::string(120, 'p') + "/" + std::string(60, 'n');
  TarEntrySpec e = file(name);
  e.long_names = LongNames::kUstarPrefix;
  Recorder r;
  ASSERT_TRUE(read_all(tar_entry(e, "") + tar_end_of_archive(), r));
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.entries[0].header.name, name);
}

TEST(TarReader, AppliesGnuLongNamesAndLinkNames) {
  TarEntrySpec e = file(std::string(150, 'L'));
  e.typeflag = '2';
  e.linkname = std::string(130, 'K');
  e.long_names = LongNames::kGnu;
  Recorder r;
  ASSERT_TRUE(read_all(tar_entry(e, "") + tar_end_of_archive(), r));
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.entries[0].header.name, std::string(150, 'L'));
  EXPECT_EQ(r.entries[0].header.linkname, std::string(130, 'K'));
}

TEST(TarReader, AppliesPaxRecords) {
  TarEntrySpec e = file(std::string(200, 'x'));
  e.long_names = LongNames::kPax;
  e.pax_records = {{"uid", "2000000"},
                   {"uname", "a-very-long-user-name-beyond-32-bytes"},
                   {"mtime", "1412121600.75"},
                   {"SCHILY.xattr.user.k", "v"}};
  Recorder r;
  ASSERT_TRUE(read_all(tar_entry(e, "abc") + tar_end_of_archive(), r));
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.entries[0].header.name, std::string(200, 'x'));
  EXPECT_EQ(r.entries[0].header.uid, 2000000);
  EXPECT_EQ(r.entries[0].header.uname, "a-very-long-user-name-beyond-32-bytes");
  EXPECT_EQ(r.entries[0].header.mtime, 1412121600);
  EXPECT_EQ(r.entries[0].content, "abc");
}

TEST(TarReader, ReadsBase256Numbers) {
  TarEntrySpec e = file("big-uid");
  e.uid = int64_t{1} << 40;  // too large for 7 octal digits
  Recorder r;
  ASSERT_TRUE(read_all(tar_entry(e, "") + tar_end_of_archive(), r));
  EXPECT_EQ(r.entries.at(0).header.uid, int64_t{1} << 40);
}

TEST(TarReader, AcceptsAnArchiveEndingBetweenEntries) {
  Recorder r;
  EXPECT_TRUE(read_all(tar_entry(file("a"), "a"), r));
  EXPECT_EQ(r.entries.size(), 1u);
}

TEST(TarReader, AcceptsAnEmptyArchive) {
  Recorder r;
  EXPECT_TRUE(read_all("", r));
  EXPECT_TRUE(read_all(tar_end_of_archive(), r));
  EXPECT_TRUE(r.entries.empty());
}

TEST(TarReader, IgnoresBytesAfterTheEnd) {
  Recorder r;
  const std::string tar = tar_end_of_archive() + "trailing garbage";
  EXPECT_TRUE(read_all(tar, r));
  EXPECT_TRUE(r.entries.empty());
}

TEST(TarReader, RejectsABadHeaderChecksum) {
  std::string tar = tar_entry(file("a"), "a") + tar_end_of_archive();
  tar[0] = 'b';
  Recorder r;
  Result<void> result = read_all(tar, r);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("checksum"), std::string::npos);
}

TEST(TarReader, RejectsTruncatedContent) {
  const std::string tar = tar_entry(file("a"), std::string(1000, 'a'));
  Recorder r;
  EXPECT_FALSE(read_all(tar.substr(0, 512 + 999), r));
}

TEST(TarReader, RejectsATruncatedHeader) {
  Recorder r;
  EXPECT_FALSE(read_all(tar_entry(file("a"), "").substr(0, 300), r));
}

TEST(TarReader, RejectsALongNameWithoutItsEntry) {
  TarEntrySpec e = file(std::string(150, 'L'));
  e.long_names = LongNames::kGnu;
  const std::string tar = tar_entry(e, "");
  Recorder r;
  EXPECT_FALSE(read_all(tar.substr(0, tar.size() - 512), r));
}

TEST(TarReader, RejectsBadOctal) {
  std::string block = tar_entry(file("a"), "");
  block.replace(100, 7, "0000x44");  // mode; then fix the checksum so only the number is bad
  unsigned sum = 0;
  for (size_t i = 0; i < 512; ++i)
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(block[i]);
  char field[8];
  std::snprintf(field, sizeof field, "%06o", sum);
  block.replace(148, 7, std::string(field, 6) + '\0');
  Recorder r;
  Result<void> result = read_all(block, r);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("numeric"), std::string::npos);
}

TEST(TarReader, RejectsMalformedPaxRecords) {
  TarEntrySpec e = file("a");
  e.pax_records = {{"uid", "not-a-number"}};
  Recorder r;
  EXPECT_FALSE(read_all(tar_entry(e, "") + tar_end_of_archive(), r));
}

TEST(TarReader, RejectsDataAfterASingleZeroBlock) {
  const std::string tar = std::string(512, '\0') + tar_entry(file("a"), "");
  Recorder r;
  EXPECT_FALSE(read_all(tar, r));
}

TEST(TarReader, StaysFailedAfterAnError) {
  Recorder r;
  TarReader reader(r);
  std::string bad = tar_entry(file("a"), "");
  bad[0] = 'z';
  ASSERT_FALSE(reader.feed(bad));
  EXPECT_FALSE(reader.feed(tar_entry(file("b"), "")));
  EXPECT_FALSE(reader.finish());
}

TEST(TarReader, RejectsRandomBytesWithoutCrashing) {
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 7919 + 13) % 251));
  Recorder r;
  EXPECT_FALSE(read_all(noise, r));
}

}  // namespace
}  // namespace drydock
