// The streaming tar reader on any bytes, fed in pieces of any size: it must end in an Error or a
// list of entries, never read past its input or hold more than its bounds, and give the same
// answer whatever the pieces.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "drydock/common/tar_reader.h"
#include "fuzz_input.h"

namespace {

using drydock::TarHeader;

struct Recorder : drydock::TarVisitor {
  void on_entry(const TarHeader& header) override {
    if (open) std::abort();  // an entry began before the last one ended
    open = true;
    expected = header.has_content() ? static_cast<uint64_t>(header.size) : 0;
    received = 0;
    names.push_back(header.name);
  }
  void on_content(std::string_view bytes) override {
    received += bytes.size();
    if (!open || received > expected) std::abort();  // more content than the header said
  }
  void on_entry_end() override {
    if (!open || received != expected) std::abort();
    open = false;
  }
  bool open = false;
  uint64_t expected = 0;
  uint64_t received = 0;
  std::vector<std::string> names;
};

// Reads `archive` in pieces of `piece` bytes; returns whether it was accepted.
bool read(std::string_view archive, size_t piece, Recorder& recorder) {
  drydock::TarReader reader(recorder);
  for (size_t at = 0; at < archive.size(); at += piece) {
    if (!reader.feed(archive.substr(at, piece)).ok()) return false;
  }
  return reader.finish().ok();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  drydock::fuzz::FuzzInput input(data, size);
  const size_t piece = 1 + input.take_number(2) % 1024;
  const std::string_view archive = input.rest();
  Recorder whole;
  Recorder pieces;
  const bool accepted = read(archive, archive.size() + 1, whole);
  if (read(archive, piece, pieces) != accepted) std::abort();
  if (accepted && whole.names != pieces.names) std::abort();
  return 0;
}
