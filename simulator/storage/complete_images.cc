#include "drydock/simulator/storage/complete_images.h"

#include <algorithm>

namespace drydock::storage {

std::optional<CompleteImage> CompleteImages::find(std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = images_.find(id);
  if (it == images_.end()) return std::nullopt;
  return it->second;
}

void CompleteImages::add(std::string_view id) {
  std::lock_guard lock(mu_);
  if (capacity_ == 0 || !images_.emplace(std::string(id), CompleteImage{}).second) return;
  order_.emplace_back(id);
  while (images_.size() > capacity_ && !order_.empty()) {
    images_.erase(order_.front());
    order_.pop_front();
  }
}

void CompleteImages::update(std::string_view id, const CompleteImage& facts) {
  std::lock_guard lock(mu_);
  auto it = images_.find(id);
  if (it == images_.end()) return;
  CompleteImage& entry = it->second;
  if (facts.json) entry.json = facts.json;
  if (facts.ancestry) entry.ancestry = facts.ancestry;
  if (facts.checksums) entry.checksums = facts.checksums;
  if (facts.layer_size) entry.layer_size = facts.layer_size;
}

void CompleteImages::forget(std::string_view id) {
  std::lock_guard lock(mu_);
  auto it = images_.find(id);
  if (it == images_.end()) return;
  images_.erase(it);
  order_.erase(std::find(order_.begin(), order_.end(), id));
}

size_t CompleteImages::size() const {
  std::lock_guard lock(mu_);
  return images_.size();
}

}  // namespace drydock::storage
