// The large-layer round trip (`--large-layer SIZE`): one image whose layer is SIZE bytes is pushed
// through the token flow and pulled back, both ways streamed, so neither the runner nor a
// well-made server ever holds it whole. The payload checksum is computed while the layer goes up;
// the layer coming down is hashed as it arrives and must be the same bytes.

#include <algorithm>
#include <cstring>
#include <optional>

#include <nlohmann/json.hpp>

#include "../derive.h"
#include "drydock/common/digest.h"
#include "drydock/common/payload_checksum.h"

namespace drydock::conformance::checks {

namespace {

// Compares a layer coming down, chunk by chunk, with the same layer generated again from its spec,
// so the first differing byte is known without holding either.
class LayerComparison {
 public:
  explicit LayerComparison(const fixtures::LayerSpec& spec) : expected_(spec) {}

  // Compares `chunk`, the received bytes from `offset` on. REQUIRES: chunks in order.
  void update(std::uint64_t offset, std::string_view chunk) {
    while (!first_difference_ && !chunk.empty()) {
      if (pending_.empty()) pending_ = expected_.next(chunk.size());
      if (pending_.empty()) {  // more bytes than were pushed
        first_difference_ = offset;
        return;
      }
      const std::size_t n = std::min(pending_.size(), chunk.size());
      auto [got, want] = std::mismatch(chunk.begin(), chunk.begin() + n, pending_.begin());
      if (got != chunk.begin() + n) first_difference_ = offset + (got - chunk.begin());
      chunk.remove_prefix(n);
      pending_.remove_prefix(n);
      offset += n;
    }
  }
  // The offset of the first received byte that differs from the pushed one's; nullopt when every
  // byte received so far matches (a layer cut short differs where it ends).
  std::optional<std::uint64_t> first_difference() const { return first_difference_; }

 private:
  fixtures::LayerSource expected_;
  std::string_view pending_;  // generated, not compared yet; valid until the next next()
  std::optional<std::uint64_t> first_difference_;
};

void round_trip(CheckContext& ctx) {
  const std::uint64_t size = ctx.options().large_layer;
  Repository& repo = ctx.new_repository();
  fixtures::LayerSpec spec{"large/" + repo.name, size};
  fixtures::Image image;
  image.id = sha256_hex("drydock large image " + spec.seed);
  fixtures::LayerSource up(spec);  // streams the layer when it is PUT
  const std::uint64_t archive_size = up.size();
  nlohmann::ordered_json json_body;
  json_body["id"] = image.id;
  json_body["created"] = "2014-10-01T00:00:00Z";
  json_body["Size"] = up.content_size();
  image.json = json_body.dump();
  repo.images.images = {image};  // the index lists it; its layer is never held
  if (!ctx.ok(ctx.create(repo))) return;
  Result<std::string> write = ctx.registry_auth(repo, "write");
  if (!write.ok() && !ctx.ok(write.error())) return;

  Call json{"putImageJson", {{"image_id", image.id}}, {}, image.json, {}};
  if (!write->empty()) json.headers.set("Authorization", *write);
  if (!ctx.expect(ctx.send(json), "putImageJson", "ok")) return;

  // Up: the layer streamed from its generator, its payload checksum and sha256 taken on the way.
  PayloadChecksum payload(image.json);
  Sha256 sent;
  BodySource source = [&](std::span<char> buffer) -> Result<std::size_t> {
    std::string_view chunk = up.next(std::min<std::size_t>(buffer.size(), 1 << 20));
    std::memcpy(buffer.data(), chunk.data(), chunk.size());
    payload.update(chunk);
    sent.update(chunk);
    return chunk.size();
  };
  Call layer{"putImageLayer", {{"image_id", image.id}}, json.headers, {}, {}};
  layer.headers.set("Content-Type", "application/octet-stream");
  if (!ctx.expect(ctx.send_streamed(layer, source, archive_size, nullptr), "putImageLayer", "ok")) {
    return;
  }
  Call checksum{"putImageChecksum", {{"image_id", image.id}}, json.headers, {}, {}};
  checksum.headers.set("X-Docker-Checksum-Payload", payload.finish());
  if (!ctx.expect(ctx.send(checksum), "putImageChecksum", "ok")) return;

  // Down: hashed as it arrives.
  Result<std::string> read = ctx.registry_auth(repo, "read");
  if (!read.ok() && !ctx.ok(read.error())) return;
  Call get{"getImageLayer", {{"image_id", image.id}}, {}, {}, {}};
  if (!read->empty()) get.headers.set("Authorization", *read);
  Sha256 received;
  std::uint64_t received_bytes = 0;
  LayerComparison compare(spec);
  BodySink sink = [&](std::string_view chunk) {
    received.update(chunk);
    compare.update(received_bytes, chunk);
    received_bytes += chunk.size();
    return true;
  };
  if (!ctx.expect(ctx.send_streamed(get, nullptr, 0, sink), "getImageLayer", "ok")) return;
  const std::string got = received.finish_hex();
  const std::string want = sent.finish_hex();
  if (received_bytes != archive_size || got != want) {
    ctx.fail("the layer pulled differs from the layer pushed from offset " +
             std::to_string(compare.first_difference().value_or(received_bytes)) + " (" +
             std::to_string(received_bytes) + " bytes received, sha256:" + got + "; " +
             std::to_string(archive_size) + " pushed, sha256:" + want + ")");
  }
}

}  // namespace

std::vector<Check> large_layer_checks() {
  Check check;
  check.id = "registry/images/large-layer/round-trip";
  check.title = "PUT and GET /v1/images/{image_id}/layer of a --large-layer SIZE layer, streamed";
  check.requirement =
      "The server stores a layer of any size and serves the same bytes back (the push and pull "
      "flows, with a layer too large to hold in memory).";
  check.cite(spec::Level::kMust, {"protocol-notes.md", "5.1 R5, R8"});
  check.hint = "Stream layer bodies to storage and back; never buffer a whole layer.";
  check.needs = {std::string(kNeedsRegistry), std::string(kNeedsLargeLayer)};
  check.run = round_trip;
  return {check};
}

}  // namespace drydock::conformance::checks
