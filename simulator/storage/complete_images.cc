#include "drydock/simulator/storage/complete_images.h"

#include <algorithm>

namespace drydock::storage {

bool CompleteImages::contains(std::string_view id) const {
  std::lock_guard lock(mu_);
  return images_.find(id) != images_.end();
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
