#include "drydock/simulator/accounts/database_breakage.h"

namespace drydock::accounts {

namespace {

thread_local DatabaseBreakage active_database_breakage_ = DatabaseBreakage::kNone;

}  // namespace

DatabaseBreakageActivation::DatabaseBreakageActivation(DatabaseBreakage breakage)
    : previous_(active_database_breakage_) {
  active_database_breakage_ = breakage;
}

DatabaseBreakageActivation::~DatabaseBreakageActivation() {
  active_database_breakage_ = previous_;
}

DatabaseBreakage active_database_breakage() {
  return active_database_breakage_;
}

}  // namespace drydock::accounts
