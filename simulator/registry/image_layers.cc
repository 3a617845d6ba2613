// Image layers in and out (protocol-notes 5.1 R5, R8; sections 7 and 8). Both directions stream
// in kChunk pieces: a layer never sits whole in memory.

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "drydock/common/payload_checksum.h"
#include "drydock/common/tarsum.h"
#include "drydock/simulator/http/range.h"
#include "drydock/simulator/storage/layout.h"
#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

namespace layout = storage::layout;
using http::Context;
using http::Reply;
using http::Request;

constexpr size_t kChunk = 64 * 1024;  // per read and write: bounds memory per connection

// The checksums of section 7, computed while the layer streams in.
class LayerChecksums {
 public:
  explicit LayerChecksums(const std::string& json) : json_(json), payload_(json) {}

  void update(std::string_view chunk) {
    payload_.update(chunk);
    if (tar_ok_) tar_ok_ = tarsum_.update(chunk).ok();
  }

  // The payload checksum, then the tarsum when the layer was a well-formed tar.
  std::vector<std::string> finish() {
    std::vector<std::string> out{payload_.finish()};
    if (tar_ok_) {
      auto tarsum = tarsum_.finish(json_);
      if (tarsum.ok()) out.push_back(*tarsum);
    }
    return out;
  }

 private:
  const std::string& json_;
  PayloadChecksum payload_;
  TarSum tarsum_;
  bool tar_ok_ = true;
};

// Why a layer for `id` cannot be taken now, or nullopt when it can.
std::optional<Reply> layer_refusal(Services& services, const Context& context,
                                   const std::string& id) {
  storage::Storage& storage = *services.storage;
  auto state = image_state(storage, id, services.complete_images.get());
  if (!state.ok()) return refuse(context, state.error());
  if (*state == ImageState::kAbsent) return refuse(context, Condition::kImageNotFound);
  if (auto refused = refuse_unlisted(context, id)) return std::move(*refused);
  if (*state == ImageState::kComplete &&
      layer_size(storage, id, services.complete_images.get()).ok()) {
    return refuse(context, Condition::kImageExists);
  }
  return std::nullopt;
}

// PUT /v1/images/{id}/layer (R5). The Writer publishes nothing until the whole body arrived: a
// client that goes away mid-layer leaves no layer behind. The layer streams in unlocked; its
// commit, and the checksums computed over it, happen under the image's lock, after checking that
// no other push completed the image or replaced its JSON meanwhile.
Reply put_image_layer(Services& services, Context& context, const Request& request) {
  const std::string id = image_id_of(request);
  storage::Storage& storage = *services.storage;
  if (auto refused = layer_refusal(services, context, id)) return std::move(*refused);
  auto json = storage.get(layout::image_json(id));
  if (!json.ok()) return refuse(context, json.error());
  auto writer = storage.write(layout::image_layer(id));
  if (!writer.ok()) return refuse(context, writer.error());

  LayerChecksums checksums(*json);
  std::string buffer(kChunk, '\0');
  while (size_t n = request.body().read(buffer.data(), buffer.size())) {
    std::string_view chunk(buffer.data(), n);
    checksums.update(chunk);
    if (auto appended = (*writer)->append(chunk); !appended.ok()) {
      return refuse(context, appended.error());  // the Writer's destructor cancels it
    }
  }
  if (request.body().read_error()) {
    (*writer)->cancel();
    return Reply::fault(http::ConnectionAction::kClose);  // nobody is left to answer
  }

  auto lock = services.image_locks->lock(id);
  if (auto refused = layer_refusal(services, context, id)) return std::move(*refused);
  auto json_now = storage.get(layout::image_json(id));
  if (!json_now.ok()) return refuse(context, json_now.error());
  if (*json_now != *json) {
    return refuse(context, Condition::kImageExists, "The image's JSON changed during the upload");
  }
  if (auto committed = (*writer)->commit(); !committed.ok()) {
    return refuse(context, committed.error());
  }
  auto stored = storage.put(layout::image_checksum(id), nlohmann::json(checksums.finish()).dump());
  if (!stored.ok()) return refuse(context, stored.error());
  return success();
}

// Streams an object of `size` bytes from any offset, reusing one Reader while the offsets follow
// each other. Never writes at or past `end` (the reply's last byte + 1): a provider must not send
// more than the Content-Length.
class LayerStream {
 public:
  LayerStream(std::shared_ptr<storage::Storage> storage, std::string key, uint64_t end)
      : storage_(std::move(storage)), key_(std::move(key)), end_(end) {}

  // Opens the object at `offset` and reads its first chunk, before the reply's status goes out:
  // a store that fails at once gets an error reply rather than a reply cut short.
  Result<void> prime(uint64_t offset) {
    std::lock_guard lock(mu_);
    if (offset >= end_) return {};
    auto reader = storage_->read(key_, offset);
    if (!reader.ok()) return reader.error();
    reader_ = std::move(*reader);
    next_ = offset;
    buffer_.resize(static_cast<size_t>(std::min<uint64_t>(kChunk, end_ - offset)));
    auto n = reader_->read(buffer_.data(), buffer_.size());
    if (!n.ok()) return n.error();
    primed_ = *n;
    next_ += *n;
    return {};
  }

  bool operator()(uint64_t offset, http::Sink& sink) {
    std::lock_guard lock(mu_);
    if (offset >= end_) return false;
    if (primed_ > 0 && offset + primed_ == next_) {
      const size_t n = std::exchange(primed_, 0);
      return sink.write(buffer_.data(), n);
    }
    primed_ = 0;
    const uint64_t from = offset;
    if (!reader_ || from != next_) {
      auto reader = storage_->read(key_, from);
      if (!reader.ok()) return false;
      reader_ = std::move(*reader);
      next_ = from;
    }
    buffer_.resize(static_cast<size_t>(std::min<uint64_t>(kChunk, end_ - offset)));
    auto n = reader_->read(buffer_.data(), buffer_.size());
    if (!n.ok()) return false;
    if (*n == 0) return false;  // the object ended early: a short reply, never made-up bytes
    next_ += *n;
    return sink.write(buffer_.data(), *n);
  }

 private:
  std::mutex mu_;  // a provider may be called from whichever thread serves the connection
  std::shared_ptr<storage::Storage> storage_;
  std::string key_;
  uint64_t end_;
  std::unique_ptr<storage::Reader> reader_;
  uint64_t next_ = 0;
  std::string buffer_;
  size_t primed_ = 0;  // bytes prime() left in buffer_, ending at next_
};

// GET /v1/images/{id}/layer (R8): the bytes, ranges judged by range.h (200, 206, 416).
Reply get_image_layer(Services& services, Context& context, const Request& request) {
  const std::string id = image_id_of(request);
  auto state = gate_image_read(services, context, request, id);
  if (!state.ok()) return std::move(state.refusal());
  if (state.value() == ImageState::kAbsent) return refuse(context, Condition::kImageNotFound);
  const std::string key = layout::image_layer(id);
  auto stat = layer_size(*services.storage, id, services.complete_images.get());
  if (!stat.ok()) {
    return stat.error().code == ErrorCode::kNotFound ? refuse(context, Condition::kImageNotFound)
                                                     : refuse(context, stat.error());
  }
  const uint64_t size = *stat;
  http::RangeDecision range = http::judge_range(request.headers.get("Range"), size);
  uint64_t end = range.verdict == http::RangeVerdict::kSatisfiable ? range.range.last + 1 : size;
  auto stream = std::make_shared<LayerStream>(services.storage, key, end);
  if (range.verdict != http::RangeVerdict::kUnsatisfiable) {
    const uint64_t start =
        range.verdict == http::RangeVerdict::kSatisfiable ? range.range.first : 0;
    if (auto primed = stream->prime(start); !primed.ok()) return refuse(context, primed.error());
  }
  Reply reply = http::ranged_stream(
      range, size, [stream](uint64_t offset, http::Sink& sink) { return (*stream)(offset, sink); },
      "application/octet-stream",
      context.profile == spec::Profile::kDocs ? http::ContentRangeForm::kHttp
                                              : http::ContentRangeForm::kWithoutUnit);
  if (reply.status == 200) set_cacheable(reply, now_of(services));
  return reply;
}

}  // namespace

Result<void> register_layer_handlers(http::Router& router, Services& services) {
  static constexpr Route kRoutes[] = {
      {"putImageLayer", Scope::kImage, put_image_layer},
      {"getImageLayer", Scope::kImage, get_image_layer},
  };
  return register_routes(router, services, kRoutes);
}

}  // namespace drydock::simulator::registry
