#pragma once
// Private to http/: turns a push-style body source (one call that hands every chunk to a callback,
// as httplib's ContentReader does) into a pull-style Body. The source runs on a helper thread,
// started at the first read(), and hands chunks over through a bounded buffer, so memory per
// request stays below kBufferLimit whatever the body's size.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drydock/simulator/http/request.h"

namespace drydock::simulator::http {

class PushedBody : public Body {
 public:
  static constexpr size_t kBufferLimit = 256 * 1024;  // bytes held between the source and read()

  // Receives one chunk; returns false to stop the source.
  using Receiver = std::function<bool(const char* data, size_t n)>;
  // Delivers the whole body to the receiver. Returns nullopt at the end of the body, or why it
  // stopped early.
  using Source = std::function<std::optional<Error>(const Receiver& receive)>;

  explicit PushedBody(Source source) : source_(std::move(source)) {}
  ~PushedBody() override;  // finish()es

  size_t read(char* out, size_t n) override;
  std::optional<Error> read_error() const override;

  // Reads and discards the rest of the body, so the connection stays usable, and stops the helper
  // thread. Idempotent.
  void finish();

  // The most bytes ever held in the buffer (tests assert memory stays bounded).
  size_t peak_buffered() const;

 private:
  void run_source();
  bool receive(const char* data, size_t n);

  Source source_;
  std::thread thread_;
  bool started_ = false;
  bool finished_ = false;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string buffer_;  // bytes from head_ on are unread
  size_t head_ = 0;
  size_t peak_ = 0;
  bool source_done_ = false;
  bool discarding_ = false;  // the reader is gone: drop what arrives
  std::optional<Error> error_;
};

}  // namespace drydock::simulator::http
