#pragma once
// A streaming reader of tar archives: feed it the archive in chunks of any size, and it calls a
// TarVisitor for each entry and its content. It holds at most one 512-byte header block and one
// extension record (a GNU long name or a pax header, at most kMaxExtensionSize bytes), never the
// archive or a file's content.
//
// Formats: POSIX ustar (with the name prefix), GNU (long names 'L' and long link names 'K',
// base-256 numbers) and pax ('x' records path, linkpath, size, uid, gid, uname, gname, mtime).
// Global pax headers ('g') are read and ignored. GNU sparse files ('S') are refused.
// The end of the archive is two zero blocks; an archive that stops cleanly between entries is
// also accepted (as Go's archive/tar, which Docker uses, accepts it). Anything else malformed
// (bad header checksum, bad numbers, truncation) is an Error, after which the reader stays failed.

#include <cstdint>
#include <string>
#include <string_view>

#include "drydock/common/result.h"

namespace drydock {

// One archive entry's header, after GNU and pax extensions have been applied.
struct TarHeader {
  std::string name;  // exactly as stored (a "./" prefix or a trailing "/" is kept)
  int64_t mode = 0;  // the mode field as stored (permission bits, maybe type bits)
  int64_t uid = 0;
  int64_t gid = 0;
  int64_t size = 0;     // the size field; content bytes follow only when has_content()
  int64_t mtime = 0;    // seconds since the epoch (pax fractions are dropped, rounding down)
  char typeflag = '0';  // the raw type byte ('\0' stays '\0')
  std::string linkname;
  std::string uname;
  std::string gname;
  int64_t devmajor = 0;
  int64_t devminor = 0;

  // Returns whether `size` content bytes follow the header. Links, devices, directories and
  // FIFOs carry none, whatever their size field says.
  bool has_content() const;
};

class TarVisitor {
 public:
  virtual ~TarVisitor() = default;
  // Called once per entry, before its content.
  virtual void on_entry(const TarHeader& header) = 0;
  // Called with the entry's content, in order, in pieces of any size (possibly none).
  virtual void on_content(std::string_view bytes) = 0;
  // Called after the entry's last content byte.
  virtual void on_entry_end() = 0;
};

class TarReader {
 public:
  static constexpr size_t kBlockSize = 512;
  static constexpr int64_t kMaxExtensionSize = 1 << 20;  // bounds a long name or pax header

  // `visitor` must outlive the reader.
  explicit TarReader(TarVisitor& visitor);

  // Consumes the next chunk of the archive. Returns an Error (kInvalidArgument) at the first
  // malformed byte; from then on every call returns that same Error. Bytes after the end of
  // the archive are ignored.
  Result<void> feed(std::string_view chunk);

  // Declares the end of input. Returns an Error if the archive stopped inside a header, an
  // extension or an entry's content.
  Result<void> finish();

  // Returns whether the end-of-archive marker has been read.
  bool at_end() const { return state_ == State::kEnd; }

 private:
  enum class State { kHeader, kExtension, kContent, kPadding, kEnd, kFailed };
  struct Pending;  // extensions read so far, waiting for the header they apply to

  Result<void> fail(std::string message);
  Result<void> on_block();
  Result<void> on_extension_complete();
  Result<void> begin_entry(TarHeader header);
  void end_content();

  TarVisitor& visitor_;
  State state_ = State::kHeader;
  char block_[kBlockSize] = {};
  size_t block_fill_ = 0;
  bool saw_zero_block_ = false;
  char extension_type_ = 0;  // 'L', 'K', 'x' or 'g' while in kExtension
  std::string extension_;    // its content so far
  int64_t extension_size_ = 0;
  std::string long_name_;
  std::string long_linkname_;
  std::string pax_records_;  // raw pax records for the next header
  bool has_long_name_ = false;
  bool has_long_linkname_ = false;
  uint64_t content_left_ = 0;
  uint64_t padding_left_ = 0;
  Error error_;
};

}  // namespace drydock
