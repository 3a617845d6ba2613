// tarsum v0 on any bytes: a malformed archive is an Error, a good one has one digest whether it
// is summed whole or streamed in pieces.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "drydock/common/tarsum.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  drydock::fuzz::FuzzInput input(data, size);
  const size_t piece = 1 + input.take_number(2) % 4096;
  const std::string_view json = input.take_line();
  const std::string_view archive = input.rest();

  auto whole = drydock::tarsum_v0(json, archive);
  drydock::TarSum streamed;
  bool fed = true;
  for (size_t at = 0; fed && at < archive.size(); at += piece) {
    fed = streamed.update(archive.substr(at, piece)).ok();
  }
  if (!fed) {
    if (whole.ok()) std::abort();
    return 0;
  }
  auto finished = streamed.finish(json);
  if (finished.ok() != whole.ok()) std::abort();
  if (whole.ok()) {
    if (*finished != *whole || whole->rfind("tarsum+sha256:", 0) != 0) std::abort();
  }
  return 0;
}
