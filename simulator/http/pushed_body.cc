#include "pushed_body.h"

#include <algorithm>
#include <cstring>

namespace drydock::simulator::http {

PushedBody::~PushedBody() {
  finish();
}

void PushedBody::run_source() {
  std::optional<Error> error =
      source_([this](const char* data, size_t n) { return receive(data, n); });
  std::lock_guard lock(mutex_);
  source_done_ = true;
  error_ = std::move(error);
  changed_.notify_all();
}

bool PushedBody::receive(const char* data, size_t n) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return discarding_ || buffer_.size() - head_ < kBufferLimit; });
  if (discarding_) return true;
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
  return true;
}

size_t PushedBody::read(char* out, size_t n) {
  if (n == 0 || finished_) return 0;
  if (!started_) {
    started_ = true;
    thread_ = std::thread([this] { run_source(); });
  }
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return source_done_ || head_ < buffer_.size(); });
  size_t count = std::min(n, buffer_.size() - head_);
  std::memcpy(out, buffer_.data() + head_, count);
  head_ += count;
  changed_.notify_all();
  return count;
}

std::optional<Error> PushedBody::read_error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void PushedBody::finish() {
  if (finished_) return;
  finished_ = true;
  if (!started_) {
    started_ = true;
    std::lock_guard lock(mutex_);
    discarding_ = true;
  } else {
    {
      std::lock_guard lock(mutex_);
      discarding_ = true;
      buffer_.clear();
      head_ = 0;
    }
    changed_.notify_all();
    thread_.join();
    return;
  }
  run_source();  // never started: drain on this thread
}

size_t PushedBody::peak_buffered() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

}  // namespace drydock::simulator::http
