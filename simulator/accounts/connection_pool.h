#pragma once
// ConnectionPool: up to `size` connections to one database, each leased by one call of Accounts
// at a time, so calls on different connections run at once. The first connection is opened by
// the caller (it creates the schema); the others are opened on demand, when every open one is
// leased, and then kept. A call finding every open connection leased (and no more to open) waits
// for whichever comes back first: a slow statement on one connection holds up no call that
// another could serve. If the server refuses one more connection (max_connections), the pool
// stays at the size it reached.
//
// With one connection (SQLite), a lease is one mutex: calls queue on it exactly as they would
// without a pool.
//
// Thread-safe.

#include <condition_variable>
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

  // One connection for the lessee alone; back to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), db_(std::exchange(other.db_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_ != nullptr) pool_->give_back(db_);
    }

    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, Database* db) : pool_(pool), db_(db) {}

    ConnectionPool* pool_;
    Database* db_;
  };

  // Returns an idle connection, else opens one if fewer than size() are open, else waits for
  // the first to come back. Never fails: a connection that cannot be opened leaves the lease to
  // wait. Tells the connection a call starts (Database::start_call).
  Lease lease();

  int size() const { return size_; }

 private:
  void give_back(Database* db);

  const Connect connect_;
  const int size_;
  std::mutex single_;  // size() == 1: held by the lease of the one connection

  std::mutex mu_;
  std::condition_variable returned_;             // a connection came back to idle_
  std::vector<std::unique_ptr<Database>> open_;  // guarded by mu_
  std::vector<Database*> idle_;                  // guarded by mu_
  int limit_;             // how many may be open: size(), less once the server refused one; mu_
  bool opening_ = false;  // a lease is opening a connection (outside mu_); guarded by mu_
};

}  // namespace drydock::accounts
