#include "drydock/common/tarsum.h"

#include <algorithm>

namespace drydock {

std::string tarsum_v0_header_string(const TarHeader& h) {
  std::string s;
  s.reserve(128 + h.name.size() + h.linkname.size());
  s += "name" + h.name;
  s += "mode" + std::to_string(h.mode);
  s += "uid" + std::to_string(h.uid);
  s += "gid" + std::to_string(h.gid);
  s += "size" + std::to_string(h.size);
  s += "mtime" + std::to_string(h.mtime);
  s += "typeflag";
  s.push_back(h.typeflag);
  s += "linkname" + h.linkname;
  s += "uname" + h.uname;
  s += "gname" + h.gname;
  s += "devmajor" + std::to_string(h.devmajor);
  s += "devminor" + std::to_string(h.devminor);
  return s;
}

void TarSum::Visitor::on_entry(const TarHeader& header) {
  entry_hash.update(tarsum_v0_header_string(header));
}

TarSum::TarSum() : reader_(visitor_) {}

Result<void> TarSum::update(std::string_view chunk) {
  return reader_.feed(chunk);
}

Result<std::string> TarSum::finish(std::string_view json) {
  if (Result<void> r = reader_.finish(); !r) return r.error();
  std::vector<std::string> sorted = visitor_.digests;
  std::sort(sorted.begin(), sorted.end());
  Sha256 total;
  total.update(json);
  for (const std::string& digest : sorted) total.update(digest);
  return "tarsum+sha256:" + total.finish_hex();
}

Result<std::string> tarsum_v0(std::string_view json, std::string_view tar) {
  TarSum sum;
  if (Result<void> r = sum.update(tar); !r) return r.error();
  return sum.finish(json);
}

}  // namespace drydock
