#include "drydock/simulator/storage/caching_storage.h"

#include <utility>

namespace drydock::storage {
namespace {

// What a remembered answer may be: a value, or the kNotFound that says "absent". Other errors
// (an invalid key, an I/O failure) are answered but never remembered.
template <typename T>
bool rememberable(const Result<T>& answer) {
  return answer.ok() || answer.error().code == ErrorCode::kNotFound;
}

constexpr size_t kEntryOverhead = 96;  // map node, Entry, and the string headers, roughly

}  // namespace

// Forwards to the backend's Writer; commit() goes through the cache's change brackets.
class CachingStorage::CommitForgettingWriter : public Writer {
 public:
  CommitForgettingWriter(CachingStorage& owner, std::string key, std::unique_ptr<Writer> inner)
      : owner_(owner), key_(std::move(key)), inner_(std::move(inner)) {}

  Result<void> append(std::string_view data) override { return inner_->append(data); }
  Result<void> commit() override {
    owner_.begin_change();
    auto committed = inner_->commit();
    owner_.end_change(key_, /*subtree=*/false);
    return committed;
  }
  void cancel() override { inner_->cancel(); }
  uint64_t size() const override { return inner_->size(); }

 private:
  CachingStorage& owner_;
  const std::string key_;
  const std::unique_ptr<Writer> inner_;
};

CachingStorage::CachingStorage(std::shared_ptr<Storage> backend, CacheLimits limits)
    : StorageWrapper(std::move(backend)), limits_(limits) {}

uint64_t CachingStorage::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

template <typename T>
std::optional<T> CachingStorage::lookup(std::string_view key, std::optional<T> Entry::*part) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end() && (it->second.*part).has_value()) {
    ++hits_;
    return it->second.*part;
  }
  ++misses_;
  return std::nullopt;
}

template <typename T>
void CachingStorage::remember(std::string_view key, std::optional<T> Entry::*part, T answer,
                              uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;  // a change began or ended meanwhile: maybe stale
  auto it = entries_.find(key);
  if (it == entries_.end()) it = entries_.emplace(std::string(key), Entry{}).first;
  bytes_ -= std::min(bytes_, cost(it->first, it->second));
  it->second.*part = std::move(answer);
  bytes_ += cost(it->first, it->second);
  if (bytes_ > limits_.max_total_bytes) {
    entries_.clear();
    bytes_ = 0;
  }
}

void CachingStorage::begin_change() {
  std::lock_guard lock(mu_);
  ++generation_;
}

void CachingStorage::end_change(std::string_view key, bool subtree) {
  std::lock_guard lock(mu_);
  ++generation_;
  auto forget = [this](std::string_view k) {
    auto it = entries_.find(k);
    if (it != entries_.end()) erase_locked(it);
  };
  forget(key);
  for (size_t slash = key.find('/'); slash != std::string_view::npos;
       slash = key.find('/', slash + 1)) {
    forget(key.substr(0, slash));
  }
  if (subtree) {
    std::string below = std::string(key) + "/";
    auto it = entries_.lower_bound(below);
    while (it != entries_.end() && it->first.starts_with(below)) {
      auto next = std::next(it);
      erase_locked(it);
      it = next;
    }
  }
}

void CachingStorage::erase_locked(std::map<std::string, Entry, std::less<>>::iterator it) {
  bytes_ -= std::min(bytes_, cost(it->first, it->second));
  entries_.erase(it);
}

size_t CachingStorage::cost(std::string_view key, const Entry& entry) {
  size_t value = entry.value && entry.value->ok() ? (*entry.value)->size() : 0;
  return kEntryOverhead + key.size() + value;
}

Result<std::string> CachingStorage::get(std::string_view key) {
  if (auto known = lookup(key, &Entry::value)) return std::move(*known);
  uint64_t at = generation();
  auto answer = target().get(key);
  if (rememberable(answer) && (!answer.ok() || answer->size() <= limits_.max_value_bytes)) {
    remember(key, &Entry::value, answer, at);
  }
  return answer;
}

Result<Stat> CachingStorage::stat(std::string_view key) {
  if (auto known = lookup(key, &Entry::stat)) return std::move(*known);
  uint64_t at = generation();
  auto answer = target().stat(key);
  if (rememberable(answer)) remember(key, &Entry::stat, answer, at);
  return answer;
}

Result<bool> CachingStorage::exists(std::string_view key) {
  if (auto known = lookup(key, &Entry::exists)) return *known;
  uint64_t at = generation();
  auto answer = target().exists(key);
  if (answer.ok()) remember(key, &Entry::exists, *answer, at);
  return answer;
}

Result<void> CachingStorage::put(std::string_view key, std::string_view value) {
  begin_change();
  auto done = target().put(key, value);
  end_change(key, /*subtree=*/false);
  return done;
}

Result<void> CachingStorage::remove(std::string_view key) {
  begin_change();
  auto done = target().remove(key);
  end_change(key, /*subtree=*/true);
  return done;
}

Result<std::unique_ptr<Writer>> CachingStorage::write(std::string_view key) {
  auto inner = target().write(key);
  if (!inner.ok()) return inner.error();
  return std::unique_ptr<Writer>(
      new CommitForgettingWriter(*this, std::string(key), std::move(inner).value()));
}

CachingStorage::Counters CachingStorage::counters() const {
  std::lock_guard lock(mu_);
  return {hits_, misses_, entries_.size(), bytes_};
}

}  // namespace drydock::storage
