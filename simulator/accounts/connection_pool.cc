#include "connection_pool.h"

#include <utility>

namespace drydock::accounts {

ConnectionPool::ConnectionPool(std::unique_ptr<Database> first, Connect connect, int size)
    : size_(size), connect_(std::move(connect)) {
  idle_.push_back(std::move(first));
  open_ = 1;
}

ConnectionPool::Lease::~Lease() {
  if (db_) pool_->give_back(std::move(db_));
}

Result<ConnectionPool::Lease> ConnectionPool::lease() {
  std::unique_lock lock(mu_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
  std::unique_ptr<Database> db;
  if (!idle_.empty()) {
    db = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
  } else {
    ++open_;  // reserved: opened below, outside the lock (it takes a round trip or more)
    lock.unlock();
    auto opened = connect_();
    if (!opened) {
      lock.lock();
      --open_;
      returned_.notify_one();
      return opened.error();
    }
    db = std::move(opened).value();
  }
  db->start_call();  // outside the lock: it may reconnect
  return Lease(this, std::move(db));
}

void ConnectionPool::give_back(std::unique_ptr<Database> db) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(db));
  }
  returned_.notify_one();
}

}  // namespace drydock::accounts
