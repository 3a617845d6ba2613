#include "connection_pool.h"

#include <utility>

namespace drydock::accounts {

ConnectionPool::ConnectionPool(std::unique_ptr<Database> first, Connect connect, int size)
    : connect_(std::move(connect)), size_(size), limit_(size) {
  idle_.push_back(first.get());
  open_.push_back(std::move(first));
}

ConnectionPool::Lease ConnectionPool::lease() {
  if (size_ == 1) {
    single_.lock();
    open_.front()->start_call();
    return Lease(this, open_.front().get());
  }
  std::unique_lock lock(mu_);
  Database* db = nullptr;
  while (db == nullptr) {
    if (!idle_.empty()) {
      db = idle_.back();
      idle_.pop_back();
    } else if (!opening_ && static_cast<int>(open_.size()) < limit_) {
      opening_ = true;
      lock.unlock();  // connecting takes a round trip or more: hold up no other lease
      auto opened = connect_();
      lock.lock();
      opening_ = false;
      if (opened) {
        db = opened->get();
        open_.push_back(std::move(opened).value());
      } else {
        limit_ = static_cast<int>(open_.size());  // the server takes no more of ours
      }
    } else {
      returned_.wait(lock);
    }
  }
  lock.unlock();
  db->start_call();
  return Lease(this, db);
}

void ConnectionPool::give_back(Database* db) {
  if (size_ == 1) {
    single_.unlock();
    return;
  }
  {
    std::lock_guard lock(mu_);
    idle_.push_back(db);
  }
  returned_.notify_one();
}

}  // namespace drydock::accounts
