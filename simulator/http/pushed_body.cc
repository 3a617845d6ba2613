#include "pushed_body.h"

#include <algorithm>
#include <cstring>

namespace drydock::simulator::http {

void PushedBody::Feed::push(const char* data, size_t n) {
  std::lock_guard lock(mutex_);
  if (discarding_ || ended_ || n == 0) return;
  if (head_ == buffer_.size()) {
    buffer_.clear();
    head_ = 0;
  } else if (head_ > kBufferLimit / 2) {
    buffer_.erase(0, head_);
    head_ = 0;
  }
  buffer_.append(data, n);
  peak_ = std::max(peak_, buffer_.size() - head_);
  changed_.notify_all();
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
  if (discarding_ || buffer_.size() - head_ < kBufferLimit) return false;
  resume_ = std::move(resume);
  return true;
}

bool PushedBody::Feed::discarding() const {
  std::lock_guard lock(mutex_);
  return discarding_;
}

PushedBody::~PushedBody() {
  std::function<void()> resume;
  {
    std::lock_guard lock(feed_->mutex_);
    feed_->discarding_ = true;
    feed_->buffer_.clear();
    feed_->buffer_.shrink_to_fit();
    feed_->head_ = 0;
    resume = std::move(feed_->resume_);
    feed_->resume_ = nullptr;
  }
  if (resume) resume();
}

size_t PushedBody::read(char* out, size_t n) {
  if (n == 0) return 0;
  std::function<void()> resume;
  size_t count = 0;
  {
    std::unique_lock lock(feed_->mutex_);
    feed_->changed_.wait(lock,
                         [&] { return feed_->ended_ || feed_->head_ < feed_->buffer_.size(); });
    count = std::min(n, feed_->buffer_.size() - feed_->head_);
    std::memcpy(out, feed_->buffer_.data() + feed_->head_, count);
    feed_->head_ += count;
    if (feed_->resume_ && feed_->buffer_.size() - feed_->head_ <= kBufferLimit / 2) {
      resume = std::move(feed_->resume_);
      feed_->resume_ = nullptr;
    }
  }
  if (resume) resume();
  return count;
}

std::optional<Error> PushedBody::read_error() const {
  std::lock_guard lock(feed_->mutex_);
  if (feed_->head_ < feed_->buffer_.size()) return std::nullopt;
  return feed_->error_;
}

size_t PushedBody::peak_buffered() const {
  std::lock_guard lock(feed_->mutex_);
  return feed_->peak_;
}

}  // namespace drydock::simulator::http
