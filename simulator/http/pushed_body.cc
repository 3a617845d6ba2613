#include "pushed_body.h"

#include <algorithm>
#include <cstring>

namespace drydock::simulator::http {

void PushedBody::Feed::push(const char* data, size_t n) {
  std::string piece;
  {
    std::lock_guard lock(mutex_);
    if (discarding_ || ended_ || n == 0) return;
    if (!spare_.empty()) {
      piece = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  piece.assign(data, n);  // the copy, outside the lock
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (discarding_ || ended_) return;
    queue_.push_back(std::move(piece));
    queued_ += n;
    peak_ = std::max(peak_, queued_);
    wake = reader_waiting_;
  }
  if (wake) changed_.notify_one();  // unlocked: the reader does not wake into a held mutex
}

void PushedBody::Feed::end(std::optional<Error> error) {
  std::lock_guard lock(mutex_);
  if (ended_) return;
  ended_ = true;
  error_ = std::move(error);
  changed_.notify_all();
}

bool PushedBody::Feed::pause_if_full(std::function<void()> resume) {
  std::lock_guard lock(mutex_);
  if (discarding_ || queued_ < kBufferLimit) return false;
  resume_ = std::move(resume);
  return true;
}

bool PushedBody::Feed::discarding() const {
  std::lock_guard lock(mutex_);
  return discarding_;
}

size_t PushedBody::Feed::queued() const {
  std::lock_guard lock(mutex_);
  return queued_;
}

PushedBody::~PushedBody() {
  std::function<void()> resume;
  {
    std::lock_guard lock(feed_->mutex_);
    feed_->discarding_ = true;
    feed_->queue_.clear();
    feed_->queued_ = 0;
    feed_->spare_.clear();
    resume = std::move(feed_->resume_);
    feed_->resume_ = nullptr;
  }
  if (resume) resume();
}

size_t PushedBody::read(char* out, size_t n) {
  if (n == 0) return 0;
  if (offset_ == piece_.size()) {
    std::function<void()> resume;
    {
      std::unique_lock lock(feed_->mutex_);
      feed_->reader_waiting_ = true;
      feed_->changed_.wait(lock, [&] { return feed_->ended_ || !feed_->queue_.empty(); });
      feed_->reader_waiting_ = false;
      if (feed_->queue_.empty()) return 0;
      if (piece_.capacity() > 0 && feed_->spare_.size() < kSpares) {
        feed_->spare_.push_back(std::move(piece_));
      }
      piece_ = std::move(feed_->queue_.front());
      feed_->queue_.pop_front();
      feed_->queued_ -= piece_.size();
      offset_ = 0;
      if (feed_->resume_ && feed_->queued_ <= kBufferLimit / 2) {
        resume = std::move(feed_->resume_);
        feed_->resume_ = nullptr;
      }
    }
    if (resume) resume();
  }
  size_t count = std::min(n, piece_.size() - offset_);
  std::memcpy(out, piece_.data() + offset_, count);  // outside the lock: piece_ is ours
  offset_ += count;
  return count;
}

std::optional<Error> PushedBody::read_error() const {
  if (offset_ < piece_.size()) return std::nullopt;
  std::lock_guard lock(feed_->mutex_);
  if (!feed_->queue_.empty()) return std::nullopt;
  return feed_->error_;
}

size_t PushedBody::peak_buffered() const {
  std::lock_guard lock(feed_->mutex_);
  return feed_->peak_;
}

}  // namespace drydock::simulator::http
