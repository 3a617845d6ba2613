#pragma once
// ConnectionPool: up to `size` connections to one database, each leased by one call of Accounts
// at a time, so calls on different connections run at once. The first connection is opened by
// the caller (it creates the schema); the others are opened on demand, when every open one is
// leased, and then kept. Each connection has its own mutex, which a lease holds: a call finding
// every open connection leased (and no more to open) waits for one of them, taken in turn, so
// with one connection calls queue on one mutex exactly as they would without a pool.
//
// Thread-safe.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "database.h"
#include "drydock/common/result.h"

namespace drydock::accounts {

class ConnectionPool {
 public:
  using Connect = std::function<Result<std::unique_ptr<Database>>()>;

  // REQUIRES: `first` is open; size >= 1.
  ConnectionPool(std::unique_ptr<Database> first, Connect connect, int size);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

 private:
  struct Slot {
    std::mutex mu;                 // held by the slot's lease
    std::unique_ptr<Database> db;  // nullptr until opened; guarded by mu
  };

 public:
  // One connection for the lessee alone; back to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : slot_(std::exchange(other.slot_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (slot_ != nullptr) slot_->mu.unlock();
    }

    Database& operator*() const { return *slot_->db; }
    Database* operator->() const { return slot_->db.get(); }

   private:
    friend class ConnectionPool;
    explicit Lease(Slot* slot) : slot_(slot) {}  // REQUIRES: slot->mu held, slot->db open

    Slot* slot_;
  };

  // Returns an idle connection, else opens one if fewer than size() are open (and no other
  // lease is opening one), else waits for one of those open. Never fails: a connection that
  // cannot be opened leaves the lease to wait. Tells the connection a call starts
  // (Database::start_call).
  Lease lease();

  int size() const { return static_cast<int>(slots_.size()); }

 private:
  // Opens the next slot's connection, unless another lease is opening one; returns it held.
  Slot* open_next();

  const Connect connect_;
  std::vector<std::unique_ptr<Slot>> slots_;  // size() of them, fixed; slots_[0, open_) open
  std::atomic<int> open_{1};
  std::mutex opening_;                  // held while one more connection is opened
  std::atomic<unsigned> next_wait_{0};  // which open slot the next waiting lease takes
};

}  // namespace drydock::accounts
