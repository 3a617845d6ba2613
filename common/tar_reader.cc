#include "drydock/common/tar_reader.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>

namespace drydock {
namespace {

// ustar header layout: {offset, length}.
struct Field {
  size_t offset;
  size_t length;
};
constexpr Field kName{0, 100};
constexpr Field kMode{100, 8};
constexpr Field kUid{108, 8};
constexpr Field kGid{116, 8};
constexpr Field kSize{124, 12};
constexpr Field kMtime{136, 12};
constexpr Field kChecksum{148, 8};
constexpr size_t kTypeflag = 156;
constexpr Field kLinkname{157, 100};
constexpr Field kMagic{257, 6};
constexpr Field kVersion{263, 2};
constexpr Field kUname{265, 32};
constexpr Field kGname{297, 32};
constexpr Field kDevmajor{329, 8};
constexpr Field kDevminor{337, 8};
constexpr Field kPrefix{345, 155};

std::string_view raw(const char* block, Field f) {
  return {block + f.offset, f.length};
}

// A NUL-terminated string field (or the whole field when it has no NUL).
std::string text(std::string_view bytes) {
  return std::string(bytes.substr(0, std::min(bytes.find('\0'), bytes.size())));
}
std::string text(const char* block, Field f) {
  return text(raw(block, f));
}

// Parses a numeric field: octal padded with spaces or NULs, or GNU base-256 when the first
// byte has its high bit set. Returns nullopt for anything else or on overflow.
std::optional<int64_t> number(std::string_view bytes) {
  if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80) != 0) {
    const bool negative = (static_cast<unsigned char>(bytes[0]) & 0x40) != 0;
    uint64_t v = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(bytes[i]);
      if (i == 0) c &= 0x7f;
      if (negative) c = static_cast<unsigned char>(~c) & (i == 0 ? 0x7f : 0xff);
      if (v > (std::numeric_limits<uint64_t>::max() >> 8)) return std::nullopt;
      v = (v << 8) | c;
    }
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    const auto magnitude = static_cast<int64_t>(v);
    return negative ? -magnitude - 1 : magnitude;
  }
  size_t begin = 0;
  size_t end = bytes.size();
  while (begin < end && (bytes[begin] == ' ' || bytes[begin] == '\0')) ++begin;
  while (end > begin && (bytes[end - 1] == ' ' || bytes[end - 1] == '\0')) --end;
  if (begin == end) return 0;
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(bytes.data() + begin, bytes.data() + end, v, 8);
  if (ec != std::errc() || ptr != bytes.data() + end || v < 0) return std::nullopt;
  return v;
}

std::optional<int64_t> decimal(std::string_view s) {
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// A pax time "seconds[.fraction]", rounded down to whole seconds.
std::optional<int64_t> pax_seconds(std::string_view s) {
  const size_t dot = s.find('.');
  std::optional<int64_t> seconds = decimal(s.substr(0, dot));
  if (!seconds) return std::nullopt;
  if (dot == std::string_view::npos) return seconds;
  const std::string_view fraction = s.substr(dot + 1);
  if (fraction.empty() ||
      !std::all_of(fraction.begin(), fraction.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const bool nonzero = fraction.find_first_not_of('0') != std::string_view::npos;
  if (s.front() == '-' && nonzero) return *seconds - 1;
  return seconds;
}

bool is_zero_block(const char* block) {
  return std::all_of(block, block + TarReader::kBlockSize, [](char c) { return c == 0; });
}

// The header checksum: the sum of all bytes with the checksum field read as spaces. Historic
// writers summed signed chars, so either sum is accepted, as Go and GNU tar do.
bool checksum_matches(const char* block) {
  const std::optional<int64_t> stored = number(raw(block, kChecksum));
  if (!stored) return false;
  int64_t unsigned_sum = 0;
  int64_t signed_sum = 0;
  for (size_t i = 0; i < TarReader::kBlockSize; ++i) {
    const bool in_field = i >= kChecksum.offset && i < kChecksum.offset + kChecksum.length;
    const char c = in_field ? ' ' : block[i];
    unsigned_sum += static_cast<unsigned char>(c);
    signed_sum += static_cast<signed char>(c);
  }
  return *stored == unsigned_sum || *stored == signed_sum;
}

uint64_t padding_for(uint64_t size) {
  return (TarReader::kBlockSize - size % TarReader::kBlockSize) % TarReader::kBlockSize;
}

// Applies pax records ("<length> <key>=<value>\n", the length counting the whole record).
Result<void> apply_pax(std::string_view records, TarHeader& h) {
  while (!records.empty()) {
    const size_t space = records.find(' ');
    const std::optional<int64_t> length =
        space == std::string_view::npos ? std::nullopt : decimal(records.substr(0, space));
    if (!length || *length <= static_cast<int64_t>(space) + 1 ||
        static_cast<uint64_t>(*length) > records.size() ||
        records[static_cast<size_t>(*length) - 1] != '\n') {
      return Error::invalid("tar: malformed pax record");
    }
    const std::string_view record =
        records.substr(space + 1, static_cast<size_t>(*length) - space - 2);
    records.remove_prefix(static_cast<size_t>(*length));
    const size_t eq = record.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Error::invalid("tar: malformed pax record");
    }
    const std::string_view key = record.substr(0, eq);
    const std::string_view value = record.substr(eq + 1);
    if (key == "path") {
      h.name = value;
    } else if (key == "linkpath") {
      h.linkname = value;
    } else if (key == "uname") {
      h.uname = value;
    } else if (key == "gname") {
      h.gname = value;
    } else if (key == "size" || key == "uid" || key == "gid" || key == "mtime") {
      const std::optional<int64_t> v = key == "mtime" ? pax_seconds(value) : decimal(value);
      if (!v || (key != "mtime" && *v < 0)) {
        return Error::invalid("tar: bad pax " + std::string(key) + " value");
      }
      if (key == "size") h.size = *v;
      if (key == "uid") h.uid = *v;
      if (key == "gid") h.gid = *v;
      if (key == "mtime") h.mtime = *v;
    } else if (key.substr(0, 11) == "GNU.sparse.") {
      return Error::invalid("tar: sparse files are not supported");
    }
  }
  return {};
}

}  // namespace

bool TarHeader::has_content() const {
  switch (typeflag) {
    case '1':  // hard link
    case '2':  // symbolic link
    case '3':  // character device
    case '4':  // block device
    case '5':  // directory
    case '6':  // FIFO
      return false;
    default:
      return true;
  }
}

TarReader::TarReader(TarVisitor& visitor) : visitor_(visitor) {}

Result<void> TarReader::fail(std::string message) {
  state_ = State::kFailed;
  error_ = Error::invalid(std::move(message));
  return error_;
}

Result<void> TarReader::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    switch (state_) {
      case State::kFailed:
        return error_;
      case State::kEnd:
        return {};
      case State::kHeader: {
        const size_t n = std::min(kBlockSize - block_fill_, chunk.size());
        std::memcpy(block_ + block_fill_, chunk.data(), n);
        block_fill_ += n;
        chunk.remove_prefix(n);
        if (block_fill_ == kBlockSize) {
          block_fill_ = 0;
          if (Result<void> r = on_block(); !r) return r;
        }
        break;
      }
      case State::kExtension: {
        const size_t want = static_cast<size_t>(extension_size_) - extension_.size();
        const size_t n = std::min(want, chunk.size());
        extension_.append(chunk.substr(0, n));
        chunk.remove_prefix(n);
        if (extension_.size() == static_cast<size_t>(extension_size_)) {
          if (Result<void> r = on_extension_complete(); !r) return r;
        }
        break;
      }
      case State::kContent: {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(content_left_, chunk.size()));
        visitor_.on_content(chunk.substr(0, n));
        content_left_ -= n;
        chunk.remove_prefix(n);
        if (content_left_ == 0) end_content();
        break;
      }
      case State::kPadding: {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(padding_left_, chunk.size()));
        padding_left_ -= n;
        chunk.remove_prefix(n);
        if (padding_left_ == 0) state_ = State::kHeader;
        break;
      }
    }
  }
  return {};
}

Result<void> TarReader::finish() {
  if (state_ == State::kFailed) return error_;
  if (state_ == State::kEnd) return {};
  const bool between_entries = state_ == State::kHeader && block_fill_ == 0 && !has_long_name_ &&
                               !has_long_linkname_ && pax_records_.empty();
  if (!between_entries) return fail("tar: archive is truncated");
  state_ = State::kEnd;
  return {};
}

Result<void> TarReader::on_block() {
  if (is_zero_block(block_)) {
    if (saw_zero_block_) state_ = State::kEnd;
    saw_zero_block_ = true;
    return {};
  }
  if (saw_zero_block_) return fail("tar: data after a zero block");
  if (!checksum_matches(block_)) return fail("tar: bad header checksum");

  const std::string_view magic = raw(block_, kMagic);
  const bool posix = magic == std::string_view("ustar\0", 6) && raw(block_, kVersion) == "00";
  const bool gnu = magic == "ustar " && raw(block_, kVersion) == std::string_view(" \0", 2);

  TarHeader h;
  h.name = text(block_, kName);
  h.typeflag = block_[kTypeflag];
  h.linkname = text(block_, kLinkname);
  std::optional<int64_t> fields[5];
  const Field numeric[5] = {kMode, kUid, kGid, kSize, kMtime};
  for (int i = 0; i < 5; ++i) {
    fields[i] = number(raw(block_, numeric[i]));
    if (!fields[i]) return fail("tar: bad numeric field in header of \"" + h.name + "\"");
  }
  h.mode = *fields[0];
  h.uid = *fields[1];
  h.gid = *fields[2];
  h.size = *fields[3];
  h.mtime = *fields[4];
  if (posix || gnu) {
    h.uname = text(block_, kUname);
    h.gname = text(block_, kGname);
    const std::optional<int64_t> major = number(raw(block_, kDevmajor));
    const std::optional<int64_t> minor = number(raw(block_, kDevminor));
    if (!major || !minor) return fail("tar: bad device number in header of \"" + h.name + "\"");
    h.devmajor = *major;
    h.devminor = *minor;
  }
  if (posix) {
    const std::string prefix = text(block_, kPrefix);
    if (!prefix.empty()) h.name = prefix + "/" + h.name;
  }
  if (h.size < 0) return fail("tar: negative size in header of \"" + h.name + "\"");

  switch (h.typeflag) {
    case 'L':
    case 'K':
    case 'x':
    case 'g':
      if (h.size > kMaxExtensionSize) return fail("tar: extension header too large");
      extension_type_ = h.typeflag;
      extension_.clear();
      extension_size_ = h.size;
      padding_left_ = padding_for(static_cast<uint64_t>(h.size));
      state_ = State::kExtension;
      if (h.size == 0) return on_extension_complete();
      return {};
    case 'S':
      return fail("tar: sparse files are not supported");
    default:
      return begin_entry(std::move(h));
  }
}

Result<void> TarReader::on_extension_complete() {
  switch (extension_type_) {
    case 'L':
      long_name_ = text(extension_);
      has_long_name_ = true;
      break;
    case 'K':
      long_linkname_ = text(extension_);
      has_long_linkname_ = true;
      break;
    case 'x':
      pax_records_ = extension_;
      break;
    default: {  // 'g': checked for well-formedness, then ignored
      TarHeader ignored;
      if (Result<void> r = apply_pax(extension_, ignored); !r) return fail(r.error().message);
      break;
    }
  }
  extension_.clear();
  state_ = padding_left_ > 0 ? State::kPadding : State::kHeader;
  return {};
}

Result<void> TarReader::begin_entry(TarHeader header) {
  if (has_long_name_) header.name = std::move(long_name_);
  if (has_long_linkname_) header.linkname = std::move(long_linkname_);
  has_long_name_ = has_long_linkname_ = false;
  long_name_.clear();
  long_linkname_.clear();
  if (!pax_records_.empty()) {
    Result<void> r = apply_pax(pax_records_, header);
    pax_records_.clear();
    if (!r) return fail(r.error().message);
  }
  visitor_.on_entry(header);
  content_left_ = header.has_content() ? static_cast<uint64_t>(header.size) : 0;
  padding_left_ = padding_for(content_left_);
  if (content_left_ == 0) {
    end_content();
  } else {
    state_ = State::kContent;
  }
  return {};
}

void TarReader::end_content() {
  visitor_.on_entry_end();
  state_ = padding_left_ > 0 ? State::kPadding : State::kHeader;
}

}  // namespace drydock
