#include "database.h"

namespace drydock::accounts {

Result<void> Statement::run() {
  while (true) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

bool is_postgres_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::unique_ptr<Database>> open_database(const std::string& location) {
  if (is_postgres_url(location)) return open_postgres(location);
  return open_sqlite(location);
}

}  // namespace drydock::accounts
