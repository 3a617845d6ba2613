// The simulator's HTTP engine, and the only file that includes Boost.Asio and Boost.Beast (their
// headers are heavy: they stay out of every public header).
//
// A few I/O threads (one per core), each running its own io_context: a connection is accepted
// onto one of them in turn and stays there, so one connection's reads, writes and timers never
// wake or wait for another I/O thread. Each connection is a chain of
// asynchronous operations on its own strand, with one timer for its deadlines: the header
// timeout while a header block is incomplete, the keep-alive timeout between requests, the read
// and write timeouts while a body moves. An idle connection, or one sending its header a byte at
// a time, costs a socket and a few hundred bytes, never a thread.
//
// A request is parsed by Beast's basic_parser (RequestParser below), which frames the body per
// RFC 7230 3.3; every framing fault is answered at once with a JSON error and the connection is
// closed. Then:
//   - a request without a body, or whose whole body came with its header, runs its handler inline
//     on the I/O thread (the fast path for small requests: no hand-over between threads), unless
//     ServerOptions::runs_long sends it to a worker;
//   - any other request with a body runs its handler on a worker thread (WorkerPool: started on
//     demand, bounded), once its body is complete or kDispatchBytes of it arrived (a slow client
//     sending a small body holds no worker); the handler pulls the body through a PushedBody that
//     the connection fills from its asynchronous reads, pausing the reads while the buffer is
//     full, so memory stays bounded.
// Replies are serialized here; a streamed body (StreamBody) is produced by calling its provider
// into a buffer of about kWriteBatch bytes, written asynchronously, then the provider is called
// again: a layer is never held whole. A kHang fault parks the connection (no thread, no timer)
// until stop().
#include "drydock/simulator/http/server.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/status.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>

#include "drydock/simulator/http/access_log.h"
#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/router.h"
#include "pushed_body.h"

namespace drydock::simulator::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr size_t kHeaderLimit = 64 * 1024;  // the whole header block, request line included
constexpr size_t kTargetLimit = 8192;       // the request target: 414 past it
constexpr size_t kFieldLimit = 8192;        // one header line: 431 past it
constexpr size_t kReadSize = 64 * 1024;     // bytes asked of the socket per read
// A request with a body goes to a worker once its body is complete or this much of it arrived:
// a client sending a small body slowly holds a few buffered bytes, never a worker thread.
constexpr size_t kDispatchBytes = 64 * 1024;
static_assert(kDispatchBytes < PushedBody::kBufferLimit, "reads must not pause before dispatch");
constexpr size_t kBodyReadSize = 256 * 1024;  // bytes asked of the socket per body read
constexpr size_t kWriteBatch = 256 * 1024;    // bytes of a streamed body per write
// After a reply that closes the connection: the send side is shut at once, and what the client
// still sends is read and dropped this long, so that closing with unread bytes (which makes the
// kernel send a reset) cannot destroy the reply before the client has read it.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr std::string_view kGarbageBytes = "\x16\x03\x01 this is not HTTP \xff\xfe\r\n\r\n";

// --- Request parsing ------------------------------------------------------------------------

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a query component; '+' is a space. A '%' not followed by two hex digits stays.
std::string decode_query_component(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

void parse_query(std::string_view query, std::multimap<std::string, std::string>& out) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (!key.empty()) out.emplace(decode_query_component(key), decode_query_component(value));
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A framing fault found while parsing: the reply it gets.
struct Refusal {
  int status = 400;
  std::string_view condition = kBadRequest;
  std::string message;
};

// Beast's HTTP/1.1 request parser with our own checks on top (RFC 7230 3.3): it collects the
// request line and the header fields, and hands body bytes, de-chunked, to a PushedBody feed.
// Beast itself refuses a malformed request line or field, a malformed or conflicting
// Content-Length, a Transfer-Encoding beside a Content-Length, a bad chunk, a header block over
// header_limit and a body over body_limit.
class RequestParser final : public bhttp::basic_parser<true> {
 public:
  std::string method;
  std::string target;
  int version = 11;
  bool request_line_seen = false;
  Headers headers;
  std::optional<Refusal> refusal;    // set with the error our own checks raise
  PushedBody::Feed* feed = nullptr;  // where body bytes go; null: dropped

 private:
  void refuse(int status, std::string_view condition, std::string message, beast::error_code& ec) {
    refusal = Refusal{status, condition, std::move(message)};
    ec = bhttp::error::bad_value;
  }

  void on_request_impl(bhttp::verb, beast::string_view method_text, beast::string_view target_text,
                       int http_version, beast::error_code& ec) override {
    request_line_seen = true;
    method.assign(method_text.data(), method_text.size());
    target.assign(target_text.data(), target_text.size());
    version = http_version;
    if (target.size() > kTargetLimit) {
      refuse(414, kUriTooLong,
             "the request target is over " + std::to_string(kTargetLimit) + " bytes", ec);
    }
  }

  void on_response_impl(int, beast::string_view, int, beast::error_code&) override {}

  void on_field_impl(bhttp::field field, beast::string_view name, beast::string_view value,
                     beast::error_code& ec) override {
    if (name.size() + value.size() > kFieldLimit) {
      refuse(431, kBadRequest,
             "a request header line is over " + std::to_string(kFieldLimit) + " bytes", ec);
      return;
    }
    if (field == bhttp::field::content_length) {
      // Beast accepted digits that fit in 64 bits; a length past 2^63 - 1 is no file size or
      // offset any system has: an impossible length, refused as malformed rather than as too large.
      std::string_view rest(value.data(), value.size());
      while (!rest.empty()) {
        size_t comma = rest.find(',');
        std::string_view token = trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        token.remove_prefix(std::min(token.find_first_not_of('0'), token.size()));
        if (token.size() > 19 || (token.size() == 19 && token > "9223372036854775807")) {
          refuse(400, kBadRequest,
                 "Content-Length " + std::string(value) + " is not a possible length", ec);
          return;
        }
      }
    }
    if (field == bhttp::field::transfer_encoding) {
      transfer_codings_.emplace_back(value.data(), value.size());
    }
    headers.add(std::string(name), std::string(value));
  }

  // RFC 7230 3.3.1 and 3.3.3 for Transfer-Encoding, which Beast leaves to us when chunked is not
  // the final coding:
  //   - chunked not the final coding ("gzip", "chunked, gzip"), or applied twice: the body's
  //     length cannot be determined: 400 (3.3.3 item 3, a MUST);
  //   - chunked final after a coding we do not decode ("gzip, chunked"): 501 (3.3.1).
  // No 411 is ever sent: it is for a server that refuses a body without Content-Length (3.3.3
  // item 6 allows it), and this one takes chunked uploads, which Docker clients send
  // (protocol-notes 8); a request with neither Content-Length nor Transfer-Encoding has an empty
  // body (3.3.3 item 6).
  void on_header_impl(beast::error_code& ec) override {
    if (transfer_codings_.empty()) return;
    std::vector<std::string> codings;
    for (const auto& value : transfer_codings_) {
      std::string_view rest = value;
      while (true) {
        size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        std::string_view token = trim(item.substr(0, item.find(';')));  // parameters dropped
        if (!token.empty()) codings.emplace_back(token);
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
      }
    }
    const std::string all = [&] {
      std::string joined;
      for (const auto& value : transfer_codings_) joined += (joined.empty() ? "" : ", ") + value;
      return joined;
    }();
    size_t chunked = 0;
    for (const auto& coding : codings) chunked += iequals(coding, "chunked") ? 1 : 0;
    if (codings.empty() || !iequals(codings.back(), "chunked") || chunked > 1) {
      refuse(400, kBadRequest,
             "Transfer-Encoding " + all +
                 " does not end in one chunked: the body's length cannot be determined",
             ec);
      return;
    }
    if (codings.size() > 1) {
      refuse(501, kNotImplemented,
             "Transfer-Encoding " + all + ": only chunked is supported as a transfer coding", ec);
    }
  }

  void on_body_init_impl(const boost::optional<std::uint64_t>&, beast::error_code&) override {}

  size_t on_body_impl(beast::string_view body, beast::error_code&) override {
    if (feed != nullptr) feed->push(body.data(), body.size());
    return body.size();
  }

  void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}

  size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, beast::error_code&) override {
    if (feed != nullptr) feed->push(body.data(), body.size());
    return body.size();
  }

  void on_finish_impl(beast::error_code&) override {}

  std::vector<std::string> transfer_codings_;
};

// The refusal for a parse error `ec` of `parser` (its own check, or Beast's).
Refusal refusal_for(const RequestParser& parser, const beast::error_code& ec) {
  if (parser.refusal) return *parser.refusal;
  if (ec == bhttp::error::header_limit) {
    if (!parser.request_line_seen) {
      return {414, kUriTooLong,
              "the request line is over " + std::to_string(kHeaderLimit) + " bytes"};
    }
    return {431, kBadRequest,
            "the request header block is over " + std::to_string(kHeaderLimit) + " bytes"};
  }
  if (ec == bhttp::error::body_limit) return {413, kPayloadTooLarge, ""};
  if (ec == bhttp::error::bad_content_length) {
    return {400, kBadRequest, "Content-Length is malformed, or given twice with different values"};
  }
  if (ec == bhttp::error::bad_transfer_encoding) {
    return {400, kBadRequest, "Transfer-Encoding is given twice, or beside Content-Length"};
  }
  if (ec == bhttp::error::bad_chunk || ec == bhttp::error::bad_chunk_extension) {
    return {400, kBadRequest, "the chunked request body is badly framed"};
  }
  if (ec == bhttp::error::partial_message) {
    return {400, kBadRequest, "the request ended before it was complete"};
  }
  return {400, kBadRequest, ""};
}

std::optional<std::string> peer_certificate_subject(SSL* ssl) {
  if (ssl == nullptr) return std::nullopt;
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return std::nullopt;
  std::optional<std::string> subject;
  if (BIO* bio = BIO_new(BIO_s_mem())) {
    X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    if (size > 0) subject = std::string(data, static_cast<size_t>(size));
    BIO_free(bio);
  }
  X509_free(cert);
  return subject;
}

std::string_view reason_phrase(int status) {
  auto known = bhttp::int_to_status(static_cast<unsigned>(status));
  if (known == bhttp::status::unknown) return "Status";
  auto reason = bhttp::obsolete_reason(known);
  return {reason.data(), reason.size()};
}

// --- Worker threads -------------------------------------------------------------------------

// Runs jobs on threads started on demand, up to `max`; jobs beyond wait in a queue.
class WorkerPool {
 public:
  explicit WorkerPool(size_t max) : max_(std::max<size_t>(max, 1)) {}
  ~WorkerPool() { stop(); }

  void submit(std::function<void()> job) {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    jobs_.push_back(std::move(job));
    if (idle_ < jobs_.size() && threads_.size() < max_) threads_.emplace_back([this] { run(); });
    changed_.notify_one();
  }

  // Drops the jobs not yet started and waits for the running ones. Idempotent.
  void stop() {
    std::deque<std::function<void()>> dropped;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      dropped.swap(jobs_);
    }
    changed_.notify_all();
    dropped.clear();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      ++idle_;
      changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty()) return;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      job = nullptr;
      lock.lock();
    }
  }

  const size_t max_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool stopping_ = false;
};

// What the server keeps of each connection: a way to close it from stop().
class ConnectionBase : public std::enable_shared_from_this<ConnectionBase> {
 public:
  virtual ~ConnectionBase() = default;
  // Closes the connection on its own strand.
  virtual void close_soon() = 0;
};

}  // namespace

// --- The server -----------------------------------------------------------------------------

struct HttpServer::Impl {
  Impl(const Router& r, ServerOptions o)
      : router(r),
        options(std::move(o)),
        io_thread_count(options.io_threads > 0
                            ? options.io_threads
                            : std::max<size_t>(1, std::thread::hardware_concurrency())),
        ios(make_contexts(io_thread_count)),
        acceptor(asio::make_strand(*ios.front())),
        accept_retry(acceptor.get_executor()),
        workers(options.threads) {}

  // One io_context per I/O thread; each is run by exactly one thread.
  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(size_t count) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (size_t i = 0; i < count; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
  }
  // The context the next accepted connection lives on (round robin; the acceptor's strand only).
  asio::io_context& next_context() { return *ios[next_io++ % ios.size()]; }

  Result<void> bind();
  void accept();
  void start_connection(tcp::socket socket);

  // Runs the router; an exception that escapes it (a bug) becomes a 500.
  Reply route(Request& request) const;
  void log_error(const std::string& line) const {
    if (options.error_log) options.error_log(line);
  }

  // Registers a new connection; false once stopping (then it closes at once).
  bool remember(const std::shared_ptr<ConnectionBase>& connection) {
    std::lock_guard lock(connections_mutex);
    if (stopping) return false;
    connections.emplace(connection.get(), connection);
    return true;
  }
  void forget(ConnectionBase* connection) {
    std::lock_guard lock(connections_mutex);
    connections.erase(connection);
  }
  // Holds a connection that a kHang fault parked until stop().
  void park(std::shared_ptr<ConnectionBase> connection) {
    std::lock_guard lock(connections_mutex);
    if (!stopping) parked.push_back(std::move(connection));
  }

  void stop();

  const Router& router;
  ServerOptions options;
  const size_t io_thread_count;
  std::vector<std::unique_ptr<asio::io_context>> ios;
  size_t next_io = 0;
  std::optional<asio::ssl::context> tls;
  tcp::acceptor acceptor;
  asio::steady_timer accept_retry;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> io_threads;
  WorkerPool workers;
  int port = 0;
  bool started = false;

  std::mutex connections_mutex;
  bool stopping = false;
  std::unordered_map<ConnectionBase*, std::weak_ptr<ConnectionBase>> connections;
  std::vector<std::shared_ptr<ConnectionBase>> parked;
};

namespace {

// One client connection. Every member function runs on the connection's strand (the executor of
// its socket), but for the constructor and close_soon().
template <class Stream>
class Connection final : public ConnectionBase {
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

 public:
  Connection(HttpServer::Impl& server, Stream stream)
      : server_(server),
        options_(server.options),
        stream_(std::move(stream)),
        timer_(socket().get_executor()) {}
  ~Connection() override { server_.forget(this); }

  void start() {
    if (!server_.remember(shared_from_this())) {
      beast::error_code ec;
      socket().close(ec);
      return;
    }
    beast::error_code ec;
    tcp::endpoint remote = socket().remote_endpoint(ec);
    if (!ec) {
      remote_address_ = remote.address().to_string();
      remote_port_ = remote.port();
    }
    socket().set_option(tcp::no_delay(true), ec);
    set_deadline(Clock::now() + options_.header_timeout);
    if constexpr (kTls) {
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = self()](const beast::error_code& error) {
                                if (self->closed_) return;
                                if (error) return self->close();
                                self->read_request();
                              });
    } else {
      read_request();
    }
  }

  void close_soon() override {
    asio::post(socket().get_executor(), [self = self()] { self->close(); });
  }

 private:
  enum class Phase { kHeader, kHandler, kWriting, kLingering, kParked, kClosed };

  std::shared_ptr<Connection> self() {
    return std::static_pointer_cast<Connection>(shared_from_this());
  }
  tcp::socket& socket() { return beast::get_lowest_layer(stream_); }

  // --- Deadlines: one timer, re-armed only when a deadline comes earlier than its expiry. ---

  void set_deadline(Clock::time_point deadline) {
    deadline_ = deadline;
    if (deadline >= timer_at_) return;  // the pending wait fires first and re-arms
    timer_at_ = deadline;
    timer_.expires_at(deadline);
    timer_.async_wait([self = self()](const beast::error_code& ec) { self->on_timer(ec); });
  }
  void no_deadline() { deadline_ = Clock::time_point::max(); }

  void on_timer(const beast::error_code& ec) {
    if (ec || closed_) return;  // replaced by a newer wait, or closed
    if (Clock::now() >= deadline_) {
      timer_at_ = Clock::time_point::max();
      close();  // header, idle, read, write or linger timeout
      return;
    }
    timer_at_ = Clock::time_point::max();
    if (deadline_ != Clock::time_point::max()) set_deadline(deadline_);
  }

  // --- Reading a request. ---

  void read_request() {
    phase_ = Phase::kHeader;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(kHeaderLimit));
    parser_->body_limit(static_cast<std::uint64_t>(options_.max_body_bytes));
    header_started_ = false;
    header_bytes_ = 0;
    if (requests_ > 0) set_deadline(Clock::now() + options_.keep_alive_timeout);
    parse_header();
  }

  void parse_header() {
    if (buffer_.size() > 0) {
      if (!header_started_) {
        header_started_ = true;
        if (requests_ > 0) set_deadline(Clock::now() + options_.header_timeout);
      }
      beast::error_code ec;
      size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      header_bytes_ += used;
      if (ec && ec != bhttp::error::need_more) return refuse(refusal_for(*parser_, ec));
      // Beast bounds each put() by header_limit, but consumes whole fields as they come: the
      // block as a whole is bounded here.
      const bool done = parser_->is_header_done();
      if (header_bytes_ > kHeaderLimit ||
          (!done && header_bytes_ + buffer_.size() >= kHeaderLimit)) {
        return refuse(refusal_for(*parser_, bhttp::error::header_limit));
      }
      if (done) return on_header();
    }
    stream_.async_read_some(
        buffer_.prepare(kReadSize),
        [self = self()](const beast::error_code& ec, size_t n) { self->on_header_read(ec, n); });
  }

  void on_header_read(const beast::error_code& ec, size_t n) {
    if (closed_ || phase_ != Phase::kHeader) return;
    if (ec) {
      // A client that half-closed in the middle of its header still gets an answer.
      if (header_started_ && is_end_of_stream(ec)) return refuse_cut_short();
      return close();
    }
    buffer_.commit(n);
    parse_header();
  }

  static bool is_end_of_stream(const beast::error_code& ec) {
    return ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
  }

  // The client ended its stream before its request was complete: the parser says what is
  // missing, and the client gets that refusal.
  void refuse_cut_short() {
    beast::error_code eof;
    parser_->put_eof(eof);
    refuse(refusal_for(*parser_, eof ? eof : bhttp::error::partial_message));
  }

  void on_header() {
    ++requests_;
    ++sequence_;
    phase_ = Phase::kHandler;
    start_ = Clock::now();
    RequestParser& parser = *parser_;

    Request request;
    request.method = parser.method;
    const size_t question = parser.target.find('?');
    request.path = parser.target.substr(0, question);
    if (question != std::string::npos) {
      request.raw_query = parser.target.substr(question + 1);
      parse_query(request.raw_query, request.query);
    }
    request.headers = std::move(parser.headers);
    request.remote_address = remote_address_;
    request.remote_port = remote_port_;
    if constexpr (kTls)
      request.client_cert_subject = peer_certificate_subject(stream_.native_handle());

    head_ = parser.method == "HEAD";
    version_ = parser.version;
    keep_alive_ = parser.keep_alive() && requests_ < options_.keep_alive_max_requests;
    record_ = AccessRecord{};
    record_.remote_address = remote_address_;
    record_.method = parser.method;
    record_.target = parser.target;

    const auto length = parser.content_length();
    const bool has_body = parser.chunked() || (length && *length > 0);
    // Empty runs_long: a handler with a body to pull runs on a worker.
    const bool runs_long = options_.runs_long ? options_.runs_long(request, has_body) : has_body;
    if (!has_body && !runs_long) {
      no_deadline();
      Reply reply = server_.route(request);
      record_.request_headers = std::move(request.headers);
      return send_reply(std::move(reply));
    }

    body_done_ = !has_body;
    reply_.reset();
    body_inline_ = false;
    bool expect_continue = false;
    if (has_body) {
      auto body = std::make_unique<PushedBody>();
      feed_ = body->feed();
      request.set_body(std::move(body));
      parser.feed = feed_.get();
      parser.eager(true);
      auto expect = request.headers.get("Expect");
      expect_continue = version_ >= 11 && expect && iequals(*expect, "100-continue");
      // Its handler may run here if the whole body came with the header (read_body() sees).
      body_inline_ = !runs_long && !expect_continue;
    }
    auto job = [self = self(), sequence = sequence_,
                request = std::make_shared<Request>(std::move(request))]() mutable {
      Reply reply = self->server_.route(*request);
      Headers headers = std::move(request->headers);
      request.reset();  // the body is gone: what still arrives is read and dropped
      asio::post(self->socket().get_executor(), [self, sequence, reply = std::move(reply),
                                                 headers = std::move(headers)]() mutable {
        self->on_handler_reply(sequence, std::move(reply), std::move(headers));
      });
    };
    if (!has_body) {
      server_.workers.submit(std::move(job));
      return no_deadline();
    }
    pending_job_ = std::move(job);  // dispatched by read_body() once enough of the body is here
    if (expect_continue) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      set_deadline(Clock::now() + options_.write_timeout);
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = self(), sequence = sequence_](const beast::error_code& ec, size_t) {
                          if (self->closed_ || sequence != self->sequence_) return;
                          if (ec) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  // Parses what is buffered into the body, then reads more unless the body is complete or the
  // handler's buffer is full.
  void read_body() {
    if (buffer_.size() > 0) {
      beast::error_code ec;
      size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec && ec != bhttp::error::need_more) return refuse(refusal_for(*parser_, ec));
    }
    if (parser_->is_done()) {
      body_done_ = true;
      parser_->feed = nullptr;
      feed_->end(std::nullopt);
      if (pending_job_) {
        // The whole body is in memory: a handler that may run here never waits on the client.
        auto job = std::exchange(pending_job_, nullptr);
        if (body_inline_) {
          job();
        } else {
          server_.workers.submit(std::move(job));
        }
      }
      if (reply_) return send_reply(std::move(*reply_));
      return no_deadline();  // the handler is still at work
    }
    body_inline_ = false;  // more is to come: the handler would wait for the client
    if (pending_job_ && feed_->queued() >= kDispatchBytes) {
      server_.workers.submit(std::exchange(pending_job_, nullptr));
    }
    auto resume = [weak = std::weak_ptr<ConnectionBase>(shared_from_this()), sequence = sequence_] {
      if (auto base = weak.lock()) {
        auto connection = std::static_pointer_cast<Connection>(base);
        asio::post(connection->socket().get_executor(), [connection, sequence] {
          if (connection->closed_ || sequence != connection->sequence_) return;
          connection->read_body();
        });
      }
    };
    if (feed_->pause_if_full(std::move(resume))) return no_deadline();
    set_deadline(Clock::now() + options_.read_timeout);
    stream_.async_read_some(
        buffer_.prepare(kBodyReadSize),
        [self = self(), sequence = sequence_](const beast::error_code& ec, size_t n) {
          if (self->closed_ || sequence != self->sequence_ || self->phase_ != Phase::kHandler) {
            return;
          }
          self->on_body_read(ec, n);
        });
  }

  void on_body_read(const beast::error_code& ec, size_t n) {
    if (ec) {
      if (is_end_of_stream(ec)) return refuse_cut_short();
      return close();
    }
    buffer_.commit(n);
    read_body();
  }

  void on_handler_reply(uint64_t sequence, Reply reply, Headers headers) {
    if (closed_ || sequence != sequence_ || phase_ != Phase::kHandler) return;
    record_.request_headers = std::move(headers);
    if (body_done_ || reply.action != ConnectionAction::kNone) return send_reply(std::move(reply));
    reply_ = std::move(reply);  // sent once the rest of the body has been read off the wire
  }

  // Answers a request the engine refuses (bad framing, over a limit), then closes.
  void refuse(const Refusal& refusal) {
    pending_job_ = nullptr;  // a request refused before its handler started never reaches it
    if (feed_) {
      feed_->end(
          refusal.status == 413
              ? Error{ErrorCode::kPayloadTooLarge, "request body too large"}
              : Error::invalid("the request body could not be read: cut short or badly framed"));
    }
    if (parser_) parser_->feed = nullptr;
    if (phase_ == Phase::kHeader) {
      start_ = Clock::now();
      record_ = AccessRecord{};
      record_.remote_address = remote_address_;
      if (parser_ && parser_->request_line_seen) {
        record_.method = parser_->method;
        record_.target = parser_->target;
        version_ = parser_->version;
        head_ = false;
      }
    }
    ++sequence_;  // a handler still at work answers no one
    phase_ = Phase::kHandler;
    keep_alive_ = false;
    Reply reply = error_reply(nullptr, refusal.condition, refusal.message);
    reply.status = refusal.status;
    send_reply(std::move(reply));
  }

  // --- Writing a reply. ---

  void send_reply(Reply reply) {
    phase_ = Phase::kWriting;
    reply_.reset();
    if (reply.action != ConnectionAction::kNone) return apply_fault(reply.action);
    const int status = reply.status > 0 ? reply.status : 500;
    const bool bodiless_status = status < 200 || status == 204 || status == 304;
    const bool stream = reply.is_stream();
    std::optional<uint64_t> length;
    if (stream) {
      length = std::get<StreamBody>(reply.body).length;
    } else {
      length = std::get<std::string>(reply.body).size();
    }

    std::string& out = head_text_;
    out.clear();
    out += "HTTP/1.1 ";
    out += std::to_string(status);
    out += ' ';
    out += reason_phrase(status);
    out += "\r\n";
    std::string content_type;
    for (const auto& [name, value] : reply.headers.fields()) {
      if (iequals(name, "Content-Type")) {
        if (content_type.empty()) content_type = value;
        continue;
      }
      if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
          iequals(name, "Connection")) {
        continue;
      }
      out += name;
      out += ": ";
      out += value;
      out += "\r\n";
    }
    if (content_type.empty() && (stream ? length != uint64_t{0} : *length > 0)) {
      content_type = "application/octet-stream";
    }
    if (!content_type.empty()) {
      out += "Content-Type: ";
      out += content_type;
      out += "\r\n";
    }
    chunked_ = false;
    if (!bodiless_status) {
      if (length) {
        out += "Content-Length: ";
        out += std::to_string(*length);
        out += "\r\n";
      } else if (version_ >= 11) {
        out += "Transfer-Encoding: chunked\r\n";
        chunked_ = true;
      } else {
        keep_alive_ = false;  // an HTTP/1.0 client reads a body of unknown length until close
      }
    }
    if (!keep_alive_) {
      out += "Connection: close\r\n";
    } else if (version_ < 11) {
      out += "Connection: keep-alive\r\n";
    }
    out += "\r\n";
    record_.status = status;
    record_.reply_headers = std::move(reply.headers);

    const bool send_body = !head_ && !bodiless_status;
    set_deadline(Clock::now() + options_.write_timeout);
    if (!stream || !send_body || length == uint64_t{0}) {
      body_text_ =
          stream || !send_body ? std::string() : std::move(std::get<std::string>(reply.body));
      record_.bytes_sent = body_text_.size();
      std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_text_),
                                                   asio::buffer(body_text_)};
      asio::async_write(stream_, buffers, [self = self()](const beast::error_code& ec, size_t) {
        // stop() may close the connection after the reply went out but before this ran: the
        // exchange still gets its access-log line.
        if (self->closed_) {
          if (!ec) self->log_access();
          return;
        }
        if (ec) return self->close_after_log();
        self->finish_exchange();
      });
      return;
    }
    StreamBody& body = std::get<StreamBody>(reply.body);
    provider_ = std::move(body.provider);
    stream_length_ = body.length;
    produced_ = 0;
    stream_done_ = false;
    write_stream();
  }

  // Collects the provider's bytes for one write.
  class BatchSink final : public Sink {
   public:
    explicit BatchSink(Connection& connection) : c_(connection) {}
    bool write(const char* data, size_t n) override {
      if (c_.stream_length_)
        n = static_cast<size_t>(std::min<uint64_t>(n, *c_.stream_length_ - c_.produced_));
      c_.batch_.append(data, n);
      c_.produced_ += n;
      return true;
    }
    void done() override { c_.stream_done_ = true; }

   private:
    Connection& c_;
  };

  void write_stream() {
    batch_.clear();
    BatchSink sink(*this);
    int idle_calls = 0;
    while (!stream_done_ && batch_.size() < kWriteBatch) {
      const size_t before = batch_.size();
      bool ok = false;
      try {
        ok = provider_(produced_, sink);
      } catch (const std::exception& e) {
        server_.log_error(std::string("body provider exception: ") + e.what());
      } catch (...) {
        server_.log_error("body provider exception: unknown");
      }
      if (stream_length_ && produced_ >= *stream_length_) stream_done_ = true;
      if (ok && batch_.size() == before && !stream_done_ && ++idle_calls > 64) {
        server_.log_error("body provider exception: no bytes after 64 calls");
        ok = false;
      }
      if (!ok) return close_after_log();  // the client sees the body cut short
    }
    record_.bytes_sent = produced_;

    std::array<asio::const_buffer, 4> buffers;
    size_t count = 0;
    if (!head_text_.empty()) buffers[count++] = asio::buffer(head_text_);
    if (chunked_) {
      chunk_prefix_.clear();
      if (!batch_.empty()) {
        static constexpr char kHex[] = "0123456789abcdef";
        char digits[17];
        size_t at = sizeof digits;
        for (size_t n = batch_.size(); n > 0; n >>= 4) digits[--at] = kHex[n & 0xf];
        chunk_prefix_.assign(digits + at, sizeof digits - at);
        chunk_prefix_ += "\r\n";
        buffers[count++] = asio::buffer(chunk_prefix_);
        buffers[count++] = asio::buffer(batch_);
      }
      static constexpr std::string_view kEnd = "\r\n0\r\n\r\n";
      std::string_view suffix = batch_.empty() ? std::string_view() : kEnd.substr(0, 2);
      if (stream_done_) suffix = batch_.empty() ? kEnd.substr(2) : kEnd;
      buffers[count++] = asio::buffer(suffix.data(), suffix.size());
    } else {
      buffers[count++] = asio::buffer(batch_);
    }
    set_deadline(Clock::now() + options_.write_timeout);
    asio::async_write(stream_,
                      std::vector<asio::const_buffer>(buffers.begin(), buffers.begin() + count),
                      [self = self()](const beast::error_code& ec, size_t) {
                        if (self->closed_) {  // as for a whole reply, once the last batch is out
                          if (!ec && self->stream_done_) self->log_access();
                          return;
                        }
                        if (ec) return self->close_after_log();
                        self->head_text_.clear();
                        if (!self->stream_done_) return self->write_stream();
                        self->finish_exchange();
                      });
  }

  void log_access() {
    if (!options_.access_log) return;
    record_.milliseconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_).count();
    if (head_) record_.bytes_sent = 0;
    options_.access_log(format_access_line(record_));
  }

  void finish_exchange() {
    // A provider that ended before its announced length leaves the client waiting for bytes.
    if (stream_length_ && produced_ != *stream_length_) keep_alive_ = false;
    stream_length_.reset();
    log_access();
    record_ = AccessRecord{};
    provider_ = nullptr;
    feed_.reset();
    body_text_.clear();
    if (batch_.capacity() > kWriteBatch * 2) std::string().swap(batch_);
    if (!keep_alive_) return linger_close();
    read_request();
  }

  void close_after_log() {
    log_access();
    close();
  }

  // --- Faults and closing. ---

  void apply_fault(ConnectionAction action) {
    record_.status = 0;
    log_access();
    record_ = AccessRecord{};
    beast::error_code ec;
    switch (action) {
      case ConnectionAction::kHang:
        phase_ = Phase::kParked;
        no_deadline();
        server_.park(shared_from_this());
        return;
      case ConnectionAction::kClose:
        socket().shutdown(tcp::socket::shutdown_both, ec);
        return close();
      case ConnectionAction::kReset:
        socket().set_option(asio::socket_base::linger(true, 0), ec);
        return close();
      case ConnectionAction::kGarbage:
        // Below TLS, on the socket itself, as a broken server would.
        asio::async_write(socket(), asio::buffer(kGarbageBytes.data(), kGarbageBytes.size()),
                          [self = self()](const beast::error_code&, size_t) {
                            beast::error_code ignored;
                            self->socket().shutdown(tcp::socket::shutdown_both, ignored);
                            self->close();
                          });
        return;
      case ConnectionAction::kNone:
        return;
    }
  }

  // Shuts the send side (the client sees the end of the reply at once), then reads and drops
  // what the client still sends for at most kLinger before closing.
  void linger_close() {
    phase_ = Phase::kLingering;
    beast::error_code ec;
    socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    set_deadline(Clock::now() + kLinger);
    linger_read();
  }

  void linger_read() {
    buffer_.consume(buffer_.size());
    socket().async_read_some(buffer_.prepare(kReadSize),
                             [self = self()](const beast::error_code& ec, size_t) {
                               if (self->closed_) return;
                               if (ec) return self->close();
                               self->linger_read();
                             });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    phase_ = Phase::kClosed;
    pending_job_ = nullptr;  // its handler never runs (and the job's hold on this connection ends)
    if (feed_) feed_->end(Error::io("the connection closed before the request body ended"));
    beast::error_code ec;
    timer_.cancel();
    socket().close(ec);
  }

  HttpServer::Impl& server_;
  const ServerOptions& options_;
  Stream stream_;
  asio::steady_timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_at_ = Clock::time_point::max();
  std::string remote_address_;
  int remote_port_ = 0;

  Phase phase_ = Phase::kHeader;
  bool closed_ = false;
  size_t requests_ = 0;
  uint64_t sequence_ = 0;  // of the request being answered; a stale callback compares it

  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  bool header_started_ = false;
  size_t header_bytes_ = 0;  // of the header block, consumed by the parser
  bool head_ = false;
  int version_ = 11;
  bool keep_alive_ = true;
  Clock::time_point start_;
  AccessRecord record_;

  std::shared_ptr<PushedBody::Feed> feed_;
  // The handler of a request with a body, until kDispatchBytes of the body (or all of it) arrived.
  std::function<void()> pending_job_;
  // Whether pending_job_ may run on this thread, if the body turns out whole in the first read.
  bool body_inline_ = false;
  bool body_done_ = true;
  std::optional<Reply> reply_;  // the handler's, while the rest of the body is read

  std::string head_text_;  // status line and header fields, until written
  std::string body_text_;
  BodyProvider provider_;
  std::optional<uint64_t> stream_length_;
  uint64_t produced_ = 0;
  bool stream_done_ = false;
  bool chunked_ = false;
  std::string batch_;
  std::string chunk_prefix_;
};

}  // namespace

Reply HttpServer::Impl::route(Request& request) const {
  std::string what = "unknown";
  try {
    return router.dispatch(request);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  log_error(escape_for_log("exception escaped the router (a bug) on " + request.method + " " +
                           request.path + ": " + what));
  return error_reply(nullptr, kInternalError);
}

Result<void> HttpServer::Impl::bind() {
  if (options.tls) {
    const TlsOptions& files = *options.tls;
    tls.emplace(asio::ssl::context::tls_server);
    beast::error_code ec;
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_compression,
                     ec);
    if (!ec) tls->use_certificate_chain_file(files.cert_file, ec);
    if (!ec) tls->use_private_key_file(files.key_file, asio::ssl::context::pem, ec);
    if (!ec && !files.client_ca_file.empty()) {
      tls->load_verify_file(files.client_ca_file, ec);
      if (!ec) {
        tls->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert, ec);
      }
    }
    if (ec) return Error::io("cannot load the TLS certificate, key or client CA files");
  }

  const std::string where = options.port == 0 ? options.host + " on any port"
                                              : options.host + ":" + std::to_string(options.port);
  beast::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, static_cast<unsigned short>(options.port));
  } else {
    tcp::resolver resolver(*ios.front());
    auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec || results.empty()) return Error::io("cannot bind " + where + ": unknown host");
    endpoint = results.begin()->endpoint();
  }
  acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR only (never SO_REUSEPORT, which would let a second server bind a port in use).
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error::io("cannot bind " + where + ": " + ec.message());
  port = acceptor.local_endpoint(ec).port();
  return {};
}

void HttpServer::Impl::accept() {
  acceptor.async_accept(asio::make_strand(next_context()),
                        [this](const beast::error_code& ec, tcp::socket socket) {
                          if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
                          if (ec) {
                            // Out of descriptors, most likely: try again shortly rather than spin.
                            log_error("accept: " + ec.message());
                            accept_retry.expires_after(std::chrono::milliseconds(50));
                            accept_retry.async_wait([this](const beast::error_code& error) {
                              if (!error && acceptor.is_open()) accept();
                            });
                            return;
                          }
                          start_connection(std::move(socket));
                          accept();
                        });
}

void HttpServer::Impl::start_connection(tcp::socket socket) {
  if (tls) {
    std::make_shared<Connection<asio::ssl::stream<tcp::socket>>>(
        *this, asio::ssl::stream<tcp::socket>(std::move(socket), *tls))
        ->start();
  } else {
    std::make_shared<Connection<tcp::socket>>(*this, std::move(socket))->start();
  }
}

void HttpServer::Impl::stop() {
  std::vector<std::shared_ptr<ConnectionBase>> open;
  std::vector<std::shared_ptr<ConnectionBase>> held;
  {
    std::lock_guard lock(connections_mutex);
    if (stopping) return;
    stopping = true;
    for (auto& [raw, weak] : connections) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
    held.swap(parked);
  }
  if (!started) return;
  asio::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
    accept_retry.cancel();
  });
  for (auto& connection : open) connection->close_soon();
  open.clear();
  held.clear();
  // Handlers still running get the end of their bodies (their connections closed) and finish;
  // their replies go nowhere. Then the I/O threads run out of work and return.
  workers.stop();
  work.clear();
  for (auto& thread : io_threads) thread.join();
}

HttpServer::HttpServer(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

HttpServer::~HttpServer() {
  stop();
}

Result<int> HttpServer::start() {
  Impl& impl = *impl_;
  if (auto bound = impl.bind(); !bound) return bound.error();
  impl.started = true;
  for (auto& context : impl.ios) impl.work.emplace_back(context->get_executor());
  impl.accept();
  for (auto& context : impl.ios) {
    impl.io_threads.emplace_back([io = context.get()] { io->run(); });
  }
  return impl.port;
}

void HttpServer::stop() {
  impl_->stop();
}

int HttpServer::port() const {
  return impl_->port;
}

}  // namespace drydock::simulator::http
