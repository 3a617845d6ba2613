#pragma once
// Transcript: the redacted record of every exchange, in the order they were recorded.
// A run keeps one for the whole run (the HAR file) and may keep one per check.
//
// Thread safety: every member may be called concurrently.

#include <memory>
#include <mutex>
#include <vector>

#include "drydock/conformance/exchange.h"
#include "drydock/conformance/redact.h"

namespace drydock::conformance {

class Transcript {
 public:
  // Records through `redactor` (shared with other transcripts of the run); null: a fresh one.
  explicit Transcript(std::shared_ptr<Redactor> redactor = nullptr);

  // Redacts `exchange` and appends it.
  void record(Exchange exchange);
  // Appends `exchange`, already redacted by redactor(): one exchange recorded in several
  // transcripts that share a redactor is redacted once.
  void record_redacted(Exchange exchange);
  // Returns a copy of every exchange recorded.
  std::vector<Exchange> exchanges() const;
  // Returns a copy of the exchanges recorded after the first `count`.
  std::vector<Exchange> since(std::size_t count) const;
  std::size_t size() const;
  // Returns every exchange recorded and forgets them (the transcript is then empty): for the
  // end of a run, which needs them once.
  std::vector<Exchange> take();

  Redactor& redactor() { return *redactor_; }

 private:
  std::shared_ptr<Redactor> redactor_;
  mutable std::mutex mutex_;
  std::vector<Exchange> exchanges_;  // guarded by mutex_
};

}  // namespace drydock::conformance
