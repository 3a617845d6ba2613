#include "drydock/conformance/transcript.h"

#include <utility>

namespace drydock::conformance {

Transcript::Transcript(std::shared_ptr<Redactor> redactor)
    : redactor_(redactor ? std::move(redactor) : std::make_shared<Redactor>()) {}

void Transcript::record(Exchange exchange) {
  redactor_->redact(exchange);
  record_redacted(std::move(exchange));
}

void Transcript::record_redacted(Exchange exchange) {
  std::lock_guard lock(mutex_);
  exchanges_.push_back(std::move(exchange));
}

std::vector<Exchange> Transcript::exchanges() const {
  std::lock_guard lock(mutex_);
  return exchanges_;
}

std::vector<Exchange> Transcript::since(std::size_t count) const {
  std::lock_guard lock(mutex_);
  if (count >= exchanges_.size()) return {};
  return {exchanges_.begin() + static_cast<std::ptrdiff_t>(count), exchanges_.end()};
}

std::vector<Exchange> Transcript::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(exchanges_, {});
}

std::size_t Transcript::size() const {
  std::lock_guard lock(mutex_);
  return exchanges_.size();
}

}  // namespace drydock::conformance
