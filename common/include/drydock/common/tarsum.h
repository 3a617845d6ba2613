#pragma once
// tarsum v0 ("tarsum+sha256:"), the layer checksum of Docker 0.x-1.x clients and of early
// registries (protocol-notes section 7; Docker's pkg/tarsum, Version0):
//
//   per entry:  SHA-256("name" N "mode" M "uid" U "gid" G "size" S "mtime" T "typeflag" F
//                       "linkname" L "uname" UN "gname" GN "devmajor" MA "devminor" MI + content)
//               numbers in decimal, the typeflag as its raw byte, N exactly as in the archive
//               (so Docker's directory names keep their trailing "/");
//   final:      SHA-256(json bytes + the per-entry hex digests, sorted) as "tarsum+sha256:<hex>".
//
// Every entry counts, even when two share a name (as Docker after its name-collision fix and
// the Python registry do). Extension headers (GNU long names, pax records) are not entries;
// v0 ignores xattrs. The archive streams through a TarReader in bounded memory; only the
// 64-character digest of each entry is kept.

#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/digest.h"
#include "drydock/common/result.h"
#include "drydock/common/tar_reader.h"

namespace drydock {

class TarSum {
 public:
  TarSum();
  TarSum(const TarSum&) = delete;
  TarSum& operator=(const TarSum&) = delete;

  // Consumes the next chunk of the (uncompressed) tar archive. Returns an Error if the archive
  // is malformed; every later call then returns an Error too.
  Result<void> update(std::string_view chunk);

  // Ends the archive and returns "tarsum+sha256:<64 hex digits>", with `json` (the image's
  // JSON bytes, or empty) hashed before the digests. Returns an Error for a malformed or
  // truncated archive. REQUIRES: called once.
  Result<std::string> finish(std::string_view json);

  // The per-entry hex digests seen so far, in archive order.
  const std::vector<std::string>& entry_digests() const { return visitor_.digests; }

 private:
  struct Visitor : TarVisitor {
    void on_entry(const TarHeader& header) override;
    void on_content(std::string_view bytes) override { entry_hash.update(bytes); }
    void on_entry_end() override { digests.push_back(entry_hash.finish_hex()); }

    Sha256 entry_hash;
    std::vector<std::string> digests;
  };

  Visitor visitor_;
  TarReader reader_;
};

// Returns the tarsum v0 of a whole archive held in memory (see TarSum::finish).
Result<std::string> tarsum_v0(std::string_view json, std::string_view tar);

// Returns the string tarsum v0 hashes before an entry's content.
std::string tarsum_v0_header_string(const TarHeader& header);

}  // namespace drydock
