// The only bridge between drydock and cpp-httplib (0.11.4, Debian's shared library): every
// request goes through Router::dispatch, with httplib's own behaviours that break the protocol
// switched off here (style.md "Traps found in the installed dependencies").
#include "drydock/simulator/http/server.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "connection_fault.h"
#include "drydock/simulator/http/access_log.h"
#include "drydock/simulator/http/error_reply.h"
#include "drydock/simulator/http/router.h"
#include "pushed_body.h"

namespace drydock::simulator::http {
namespace {

// Marks a response built by us, so the error handler leaves it alone; removed before sending.
constexpr const char* kOursMarker = "X-Drydock-Internal-Routed";
// Headers httplib adds to a request for its own use.
constexpr std::string_view kLibraryHeaders[] = {"REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR",
                                                "LOCAL_PORT"};

// The exchange being answered on this worker thread (httplib runs a request, its reply and its
// logger on one thread), for the access log.
struct Exchange {
  bool active = false;
  std::chrono::steady_clock::time_point start;
  AccessRecord record;
};
thread_local Exchange t_exchange;

class DataSinkAdapter : public Sink {
 public:
  explicit DataSinkAdapter(httplib::DataSink& sink) : sink_(sink) {}
  bool write(const char* data, size_t n) override {
    if (!sink_.write(data, n)) return false;
    t_exchange.record.bytes_sent += n;
    return true;
  }
  void done() override { sink_.done(); }

 private:
  httplib::DataSink& sink_;
};

std::optional<std::string> client_cert_subject(const httplib::Request& req) {
  if (req.ssl == nullptr) return std::nullopt;
  X509* cert = SSL_get1_peer_certificate(req.ssl);
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

Request to_request(const httplib::Request& req) {
  Request request;
  request.method = req.method;
  // httplib's req.path is already decoded; the spec matches the path as sent.
  request.path = req.target.substr(0, req.target.find('?'));
  for (const auto& [key, value] : req.params) request.query.emplace(key, value);
  for (const auto& [name, value] : req.headers) {
    bool internal = false;
    for (auto library_header : kLibraryHeaders) internal = internal || name == library_header;
    if (!internal) request.headers.add(name, value);
  }
  request.remote_address = req.remote_addr;
  request.remote_port = req.remote_port;
  request.client_cert_subject = client_cert_subject(req);
  return request;
}

}  // namespace

struct HttpServer::Impl {
  Impl(const Router& r, ServerOptions o) : router(r), options(std::move(o)) {}

  Result<void> create();
  void answer(const httplib::Request& req, httplib::Response& res,
              const httplib::ContentReader* reader);
  httplib::Server::HandlerResponse on_error(const httplib::Request& req, httplib::Response& res);
  void on_exception(const httplib::Request& req, httplib::Response& res, std::exception_ptr ep);
  void log_access(const httplib::Request& req, const httplib::Response& res);
  void write_reply(Reply& reply, httplib::Response& res);
  void apply_action(const httplib::Request& req, ConnectionAction action);
  void log_error(const std::string& line) {
    if (options.error_log) options.error_log(line);
  }

  const Router& router;
  ServerOptions options;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::atomic<bool> listen_returned{false};
  int port = 0;

  std::mutex stop_mutex;
  std::condition_variable stop_changed;
  bool stopping = false;
};

Result<void> HttpServer::Impl::create() {
  if (options.tls) {
    const TlsOptions& tls = *options.tls;
    server = std::make_unique<httplib::SSLServer>(
        tls.cert_file.c_str(), tls.key_file.c_str(),
        tls.client_ca_file.empty() ? nullptr : tls.client_ca_file.c_str());
  } else {
    server = std::make_unique<httplib::Server>();
  }
  if (!server->is_valid()) {
    return Error::io("cannot load the TLS certificate, key or client CA files");
  }
  size_t threads = options.threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_payload_max_length(options.max_body_bytes);
  server->set_read_timeout(options.read_timeout);
  server->set_write_timeout(options.write_timeout);
  server->set_keep_alive_timeout(options.keep_alive_timeout.count());
  server->set_keep_alive_max_count(options.keep_alive_max_requests);
  server->set_tcp_nodelay(true);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which lets a second server bind a
  // port already in use instead of failing.
  server->set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
  });

  // Every other method and path goes to the Router; the pattern matches any byte.
  const std::string any = R"([\s\S]*)";
  auto plain = [this](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, nullptr);
  };
  auto streamed = [this](const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& reader) { answer(req, res, &reader); };
  // Methods without a body are answered before httplib's routing, which would match a regular
  // expression against every path (a measurable share of a small GET).
  server->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    answer(req, res, nullptr);
    return httplib::Server::HandlerResponse::Handled;
  });
  server->Post(any, streamed).Post(any, plain);
  server->Put(any, streamed).Put(any, plain);
  server->Patch(any, streamed).Patch(any, plain);
  server->Delete(any, streamed).Delete(any, plain);

  server->set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) { return on_error(req, res); }));
  server->set_exception_handler([this](const httplib::Request& req, httplib::Response& res,
                                       std::exception_ptr ep) { on_exception(req, res, ep); });
  server->set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& res) { res.headers.erase(kOursMarker); });
  server->set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { log_access(req, res); });
  return {};
}

void HttpServer::Impl::answer(const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader* reader) {
  // httplib hands its own, non-const request as const. We clear what it would act on later:
  // ranges (it answers them wrongly on content providers) and Accept-Encoding (it would compress
  // JSON bodies, which no v1 server did).
  auto& library_request = const_cast<httplib::Request&>(req);
  library_request.ranges.clear();

  t_exchange = Exchange{true, std::chrono::steady_clock::now(), {}};
  Request request = to_request(req);
  library_request.headers.erase("Accept-Encoding");

  // A request with neither Content-Length nor chunked encoding has no body (RFC 7230 3.3.3);
  // httplib would read one until the connection closes, so its reader is not called at all.
  const bool has_body =
      req.has_header("Content-Length") ||
      req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
  PushedBody* pushed = nullptr;
  if (reader != nullptr && has_body) {
    auto body = std::make_unique<PushedBody>(
        [reader, &res](const PushedBody::Receiver& receive) -> std::optional<Error> {
          if ((*reader)([&](const char* data, size_t n) { return receive(data, n); })) {
            return std::nullopt;
          }
          if (res.status == 413)
            return Error{ErrorCode::kPayloadTooLarge, "request body too large"};
          // The client's doing: a body cut short, broken chunked framing, or a stalled upload.
          return Error::invalid("the request body could not be read: cut short or badly framed");
        });
    pushed = body.get();
    request.set_body(std::move(body));
  } else if (!req.body.empty()) {
    request.set_body(std::make_unique<StringBody>(req.body));
  }

  Reply reply = router.dispatch(request);
  if (reply.action != ConnectionAction::kNone) apply_action(req, reply.action);
  if (pushed != nullptr) pushed->finish();

  t_exchange.record.remote_address = request.remote_address;
  t_exchange.record.method = request.method;
  t_exchange.record.target = req.target;
  t_exchange.record.status = reply.action == ConnectionAction::kNone ? reply.status : 0;
  t_exchange.record.request_headers = std::move(request.headers);
  t_exchange.record.reply_headers = reply.headers;
  write_reply(reply, res);
}

void HttpServer::Impl::apply_action(const httplib::Request& req, ConnectionAction action) {
  if (action == ConnectionAction::kHang) {
    std::unique_lock lock(stop_mutex);
    stop_changed.wait(lock, [&] { return stopping; });
    action = ConnectionAction::kClose;
  }
  int fd = req.ssl != nullptr ? SSL_get_fd(req.ssl)
                              : find_connection_socket({req.local_addr, req.local_port,
                                                        req.remote_addr, req.remote_port});
  if (fd < 0) {
    log_error("fault: no socket found for the connection from " + req.remote_addr);
    return;
  }
  break_connection(fd, action);
}

void HttpServer::Impl::write_reply(Reply& reply, httplib::Response& res) {
  res.status = reply.status > 0 ? reply.status : 500;  // a fault's reply never reaches the client
  std::string content_type = reply.headers.get("Content-Type").value_or("");
  for (const auto& [name, value] : reply.headers.fields()) {
    if (iequals(name, "Content-Type") || iequals(name, "Content-Length") ||
        iequals(name, "Transfer-Encoding")) {
      continue;
    }
    res.headers.emplace(name, value);
  }
  res.headers.emplace(kOursMarker, "1");

  if (!reply.is_stream() || std::get<StreamBody>(reply.body).length == 0) {
    res.body = reply.is_stream() ? std::string() : std::move(std::get<std::string>(reply.body));
    if (!content_type.empty()) res.set_header("Content-Type", content_type);
    if (content_type.empty() && !res.body.empty()) {
      res.set_header("Content-Type", "application/octet-stream");
    }
    t_exchange.record.bytes_sent = res.body.size();
    return;
  }
  if (content_type.empty()) content_type = "application/octet-stream";
  StreamBody stream = std::move(std::get<StreamBody>(reply.body));
  auto log = options.error_log;
  auto guarded = [provider = std::move(stream.provider), log](uint64_t offset,
                                                              httplib::DataSink& sink) {
    DataSinkAdapter adapter(sink);
    try {
      return provider(offset, adapter);
    } catch (const std::exception& e) {
      if (log) log(std::string("body provider exception: ") + e.what());
    } catch (...) {
      if (log) log("body provider exception: unknown");
    }
    return false;
  };
  if (stream.length) {
    res.set_content_provider(static_cast<size_t>(*stream.length), content_type,
                             [guarded](size_t offset, size_t, httplib::DataSink& sink) {
                               return guarded(offset, sink);
                             });
  } else {
    res.set_chunked_content_provider(
        content_type,
        [guarded](size_t offset, httplib::DataSink& sink) { return guarded(offset, sink); });
  }
}

// httplib calls this for every reply of status >= 400 before sending it. Ours carry the marker;
// the others are httplib's own answers, given before any handler ran.
httplib::Server::HandlerResponse HttpServer::Impl::on_error(const httplib::Request& req,
                                                            httplib::Response& res) {
  if (res.has_header(kOursMarker)) return httplib::Server::HandlerResponse::Unhandled;
  auto& library_request = const_cast<httplib::Request&>(req);
  library_request.ranges.clear();
  bool bodiless = req.method == "GET" || req.method == "HEAD" || req.method == "TRACE" ||
                  req.method == "CONNECT";
  // 416: httplib refused a Range it could not parse; RFC 7233 says ignore it, so route the
  // request. 404: a method httplib has no table for (TRACE...); the Router answers 405.
  if ((res.status == 416 || res.status == 404) && bodiless) {
    res.headers.clear();
    answer(req, res, nullptr);
    return httplib::Server::HandlerResponse::Handled;
  }
  std::string_view condition = res.status == 413   ? kPayloadTooLarge
                               : res.status == 414 ? kUriTooLong
                                                   : kBadRequest;
  Reply reply = error_reply(nullptr, condition);
  reply.status = res.status;
  t_exchange = Exchange{true, std::chrono::steady_clock::now(), {}};
  t_exchange.record = {req.remote_addr, req.method, req.target, reply.status, 0, 0, {}, {}};
  write_reply(reply, res);
  return httplib::Server::HandlerResponse::Handled;
}

void HttpServer::Impl::on_exception(const httplib::Request& req, httplib::Response& res,
                                    std::exception_ptr ep) {
  std::string what = "unknown";
  try {
    if (ep) std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  log_error(escape_for_log("exception escaped the router (a bug) on " + req.method + " " +
                           req.path + ": " + what));
  res.headers.clear();
  Reply reply = error_reply(nullptr, kInternalError);
  t_exchange.record.status = reply.status;
  write_reply(reply, res);
}

void HttpServer::Impl::log_access(const httplib::Request& req, const httplib::Response& res) {
  Exchange exchange = std::move(t_exchange);
  t_exchange = Exchange{};
  if (!options.access_log) return;
  if (!exchange.active) {
    exchange.record = {req.remote_addr, req.method, req.target, res.status,
                       res.body.size(), 0,          {},         {}};
  } else {
    exchange.record.milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::steady_clock::now() - exchange.start)
                                       .count();
    if (req.method == "HEAD") exchange.record.bytes_sent = 0;
  }
  options.access_log(format_access_line(exchange.record));
}

HttpServer::HttpServer(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

HttpServer::~HttpServer() {
  stop();
}

Result<int> HttpServer::start() {
  Impl& impl = *impl_;
  if (auto created = impl.create(); !created) return created.error();
  const auto& host = impl.options.host;
  if (impl.options.port == 0) {
    impl.port = impl.server->bind_to_any_port(host);
    if (impl.port < 0) return Error::io("cannot bind " + host + " on any port");
  } else {
    if (!impl.server->bind_to_port(host, impl.options.port)) {
      return Error::io("cannot bind " + host + ":" + std::to_string(impl.options.port));
    }
    impl.port = impl.options.port;
  }
  impl.thread = std::thread([&impl] {
    impl.server->listen_after_bind();
    impl.listen_returned = true;
  });
  // The socket already listens; wait (without sleeping) until the accept loop runs, so that a
  // stop() right after start() cannot be missed by it.
  while (!impl.server->is_running() && !impl.listen_returned) std::this_thread::yield();
  return impl.port;
}

void HttpServer::stop() {
  Impl& impl = *impl_;
  {
    std::lock_guard lock(impl.stop_mutex);
    impl.stopping = true;
  }
  impl.stop_changed.notify_all();
  if (impl.server) impl.server->stop();
  if (impl.thread.joinable()) impl.thread.join();
}

int HttpServer::port() const {
  return impl_->port;
}

}  // namespace drydock::simulator::http
