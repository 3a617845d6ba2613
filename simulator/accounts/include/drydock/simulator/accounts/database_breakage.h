#pragma once
// Database breakage: the simulator's database faults (simulator/faults/faults.h). Which breakage
// applies is chosen per request, on the thread that serves it (DatabaseBreakageActivation), as
// storage::FaultyStorage::Activation does for the storage faults, so one Accounts serves every
// request and breaks only the calls of those that asked. Every public call of Accounts but
// shared() consults it before it touches the database.

#include <chrono>

namespace drydock::accounts {

enum class DatabaseBreakage {
  kNone,
  kFailing,  // every call fails with kIo "the database is unavailable", as on a failed server
  kSlow,     // every call waits kSlowDatabaseDelay first, then runs normally
};

// What kSlow adds to each call, before it takes a connection (other threads' calls are not held
// up).
inline constexpr std::chrono::milliseconds kSlowDatabaseDelay{50};

// Makes `breakage` the calling thread's until destroyed; the previous one comes back then.
class DatabaseBreakageActivation {
 public:
  explicit DatabaseBreakageActivation(DatabaseBreakage breakage);
  ~DatabaseBreakageActivation();
  DatabaseBreakageActivation(const DatabaseBreakageActivation&) = delete;
  DatabaseBreakageActivation& operator=(const DatabaseBreakageActivation&) = delete;

 private:
  DatabaseBreakage previous_;
};

// The calling thread's breakage (kNone unless an activation is alive on it).
DatabaseBreakage active_database_breakage();

}  // namespace drydock::accounts
