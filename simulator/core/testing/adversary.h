#pragma once
// The stateful half of the adversarial test (adversarial_test.cc): an account, a repository whose
// index list names every image id the test uses, one image pushed whole, and then uploads out of
// order and concurrent pushes of one id, all as raw requests, each counted in a Tally. The
// expect_ functions fail the running test (gtest): wrap them in ASSERT_NO_FATAL_FAILURE.

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/testing/raw_http.h"

namespace drydock::simulator::testing {

// Every exchange of the test: a count, and the problems worth failing for (a 5xx, or a connection
// held past the deadline). 501 is no failure: it is the answer RFC 7231 6.6.2 and RFC 7230 3.3.1
// give to a method or a transfer coding the server does not implement. Thread-safe.
// Whether `status` is a server failure: a 5xx other than 501.
inline bool is_server_failure(int status) {
  return status >= 500 && status != 501;
}

class Tally {
 public:
  void record(std::string_view what, std::string_view request, const RawExchange& exchange);
  size_t requests() const;
  size_t unanswered() const;  // connections closed without any reply (not a failure)
  std::vector<std::string> problems() const;

 private:
  mutable std::mutex mutex_;
  size_t requests_ = 0;
  size_t unanswered_ = 0;
  std::vector<std::string> problems_;
};

class Adversary {
 public:
  static constexpr int kAbandonedImages = 40;  // ids listed, uploads never completed
  static constexpr int kContestedImages = 6;   // ids pushed by several clients at once

  Adversary(int port, Tally& tally) : port_(port), tally_(tally) {}

  // Registers the account, declares the repository with every id, pushes one image whole, and
  // takes a write and a read token.
  void set_up();

  std::string abandoned_id(int i) const;
  std::string json_path(int abandoned) const;
  std::string layer_path(int abandoned) const;
  std::string complete_layer_path() const;
  const std::string& write_token() const { return write_token_; }
  const std::string& read_token() const { return read_token_; }
  std::vector<std::string> write_headers() const;
  std::vector<std::string> read_headers() const;

  // Uploads of abandoned images in every wrong order: a layer before its JSON, a checksum before
  // its layer or wrong, a layer cut short, the JSON alone. None completes.
  void upload_out_of_order();
  // Eight clients push each contested id at once, with the same and with different layers.
  void push_concurrently();

  // GET json, layer and ancestry of every abandoned image answer anything but 200.
  void expect_incomplete_images_unreadable();
  // Each contested image is either unreadable, or its JSON and layer are one client's: their
  // payload checksum is the one the registry reports.
  void expect_concurrent_pushes_consistent();

 private:
  RawReply send(std::string_view method, std::string_view path, std::vector<std::string> headers,
                std::string_view body = "");
  std::string contested_id(int i) const;

  int port_;
  Tally& tally_;
  std::string write_token_;
  std::string read_token_;
};

}  // namespace drydock::simulator::testing
