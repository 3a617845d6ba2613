#pragma once
// ConnectionPool: up to `size` connections to one database, each leased by one call of Accounts
// at a time, so calls on different connections run at once. The first connection is opened by
// the caller (it creates the schema); the others are opened on demand, when every open one is
// leased, and then kept. A call finding all `size` leased waits for one to come back.
//
// Thread-safe.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
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
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}

    ConnectionPool* pool_;
    std::unique_ptr<Database> db_;
  };

  // Returns an idle connection, opens one if fewer than size() are open, or waits for one to be
  // given back. Tells the connection a call starts (Database::start_call). kIo if a new
  // connection cannot be opened.
  Result<Lease> lease();

  int size() const { return size_; }

 private:
  void give_back(std::unique_ptr<Database> db);

  const int size_;
  const Connect connect_;
  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Database>> idle_;  // guarded by mu_
  int open_ = 0;                                 // idle, leased or being opened; guarded by mu_
};

}  // namespace drydock::accounts
