#pragma once
// Private to http/: the body of a request as the handler pulls it (Body::read() on a worker
// thread) while the connection pushes the bytes it reads from the socket (Feed::push() on an I/O
// thread). The two meet in a bounded queue of pieces (one per push): when it holds kBufferLimit
// bytes the connection stops reading the socket until the handler has read half of them, so memory
// per request stays below kBufferLimit plus one socket read, plus the piece the reader is at
// (emptied pieces are kept for reuse, never more than were in flight at once), whatever the body's
// size. Bytes are copied outside the lock (into a piece on
// push, out of it on read): the two threads only meet to hand a piece over. Once the handler is
// done with the request (the PushedBody is destroyed), what still arrives is dropped, so the
// connection can read the rest of the body off the wire and keep the connection usable.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drydock/simulator/http/request.h"

namespace drydock::simulator::http {

class PushedBody : public Body {
 public:
  static constexpr size_t kBufferLimit =
      4 * 1024 * 1024;  // bytes held between the socket and read()

  // The producer's side, shared by the body and the connection that feeds it.
  class Feed {
   public:
    // Appends `n` bytes; they are dropped once the reader is gone.
    void push(const char* data, size_t n);
    // Ends the body: nullopt at its normal end, or why it stopped early. Wakes the reader.
    // Later calls are ignored.
    void end(std::optional<Error> error);
    // When the buffer holds kBufferLimit bytes or more and the reader is still there, remembers
    // `resume` and returns true: the producer stops pushing until `resume` is called (from the
    // reader's thread, once it has read the buffer down to half). Otherwise returns false.
    bool pause_if_full(std::function<void()> resume);
    // Whether the reader is gone (what is pushed is dropped).
    bool discarding() const;
    // Bytes pushed and not yet taken by the reader.
    size_t queued() const;

   private:
    friend class PushedBody;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> queue_;   // pieces pushed and not yet taken by the reader
    size_t queued_ = 0;               // bytes in queue_
    std::vector<std::string> spare_;  // emptied pieces, reused by push() (at most kSpares)
    size_t peak_ = 0;
    bool reader_waiting_ = false;
    bool ended_ = false;
    bool discarding_ = false;
    std::optional<Error> error_;
    std::function<void()> resume_;  // set while the producer waits
  };

  PushedBody() : feed_(std::make_shared<Feed>()) {}
  // The reader is gone: drops what is buffered and what arrives later, and resumes a paused
  // producer.
  ~PushedBody() override;

  std::shared_ptr<Feed> feed() const { return feed_; }

  size_t read(char* out, size_t n) override;
  std::optional<Error> read_error() const override;

  // The most bytes ever queued between the socket and read() (tests assert memory stays
  // bounded).
  size_t peak_buffered() const;

 private:
  static constexpr size_t kSpares = 64;
  std::shared_ptr<Feed> feed_;
  std::string piece_;  // the piece being read (the reader's own: no lock)
  size_t offset_ = 0;  // bytes of piece_ already read
};

}  // namespace drydock::simulator::http
