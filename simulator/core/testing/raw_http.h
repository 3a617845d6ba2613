#pragma once
// Raw HTTP/1.1 over a loopback TCP connection, for tests that send what no client library would:
// bytes that are not HTTP, broken framing, bodies shorter or longer than they say. Replies are
// read back as a server sends them, whatever engine it runs on.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace drydock::simulator::testing {

struct RawReply {
  int status = 0;    // 0: the bytes were not an HTTP reply
  std::string head;  // status line and headers
  std::string body;
  bool complete = false;  // the whole body came, as its framing says
};

struct RawExchange {
  std::vector<RawReply> replies;  // every reply read, in order
  bool connected = false;
  bool timed_out = false;  // the server neither answered nor closed before the deadline
};

// What the client does once it has sent its bytes.
enum class Ending {
  kWaitForReply,  // keep the connection open and read one whole reply (or until it closes)
  kHalfClose,     // close the sending side, so a server waiting for more learns there is none;
                  // some servers then send nothing back (cpp-httplib 0.11 does not answer a
                  // half-closed connection), so judge such requests by the access log
};

// Connects to 127.0.0.1:`port`, sends `bytes`, ends as `ending` says, and reads replies until the
// server closes the connection or `deadline` passes.
RawExchange send_raw(int port, std::string_view bytes, Ending ending = Ending::kWaitForReply,
                     std::chrono::milliseconds deadline = std::chrono::seconds(15));

// Splits bytes a server sent into replies: each a status line and headers, then a body framed by
// Content-Length, by chunked encoding, or (lacking both) by the end of the bytes. Stops at the
// first thing that is not a reply, which becomes one with status 0.
std::vector<RawReply> parse_replies(std::string_view bytes);

// Returns the value of header `name` (compared without case) in a reply's head, or "".
std::string header_of(const RawReply& reply, std::string_view name);

}  // namespace drydock::simulator::testing
