#include "connection_pool.h"

#include <utility>

namespace drydock::accounts {

ConnectionPool::ConnectionPool(std::unique_ptr<Database> first, Connect connect, int size)
    : connect_(std::move(connect)) {
  for (int i = 0; i < size; ++i) slots_.push_back(std::make_unique<Slot>());
  slots_[0]->db = std::move(first);
}

ConnectionPool::Lease ConnectionPool::lease() {
  Slot* leased = nullptr;
  const int open = open_.load();
  for (int i = 0; i < open && leased == nullptr; ++i) {
    if (slots_[i]->mu.try_lock()) leased = slots_[i].get();
  }
  if (leased == nullptr && open < size()) leased = open_next();
  if (leased == nullptr) {
    // Every open connection is leased: wait for one, taken in turn.
    leased = slots_[next_wait_++ % static_cast<unsigned>(open_.load())].get();
    leased->mu.lock();
  }
  leased->db->start_call();
  return Lease(leased);
}

ConnectionPool::Slot* ConnectionPool::open_next() {
  std::unique_lock opening(opening_, std::try_to_lock);
  if (!opening.owns_lock()) return nullptr;
  const int next = open_.load();
  if (next == size()) return nullptr;
  Slot* slot = slots_[next].get();
  slot->mu.lock();  // uncontended: no lease takes a slot beyond open_
  auto opened = connect_();
  if (!opened) {  // the server may take no more connections: the lease waits for one of ours
    slot->mu.unlock();
    return nullptr;
  }
  slot->db = std::move(opened).value();
  open_.store(next + 1);
  return slot;
}

}  // namespace drydock::accounts
