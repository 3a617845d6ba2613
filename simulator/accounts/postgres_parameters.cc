// The connection parameters of a postgresql:// URL, with drydock's default timeouts (database.h).
#include <libpq-fe.h>

#include <cstdlib>

#include "database.h"

namespace drydock::accounts {

namespace {

// The value of `keyword` among `parameters`, or nullptr.
std::string* parameter(PostgresParameters& parameters, std::string_view keyword) {
  for (size_t i = 0; i < parameters.keywords.size(); ++i) {
    if (parameters.keywords[i] == keyword) return &parameters.values[i];
  }
  return nullptr;
}

const char* environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

Result<PostgresParameters> postgres_parameters(const std::string& url) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
  if (options == nullptr) {
    std::string text = message ? message : "out of memory";
    PQfreemem(message);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return Error::invalid("postgresql: " + text);
  }
  PostgresParameters parameters;
  for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;  // only what the URL sets: libpq fills in the rest
    parameters.keywords.emplace_back(option->keyword);
    parameters.values.emplace_back(option->val);
  }
  PQconninfoFree(options);

  if (!parameter(parameters, "connect_timeout") && !environment("PGCONNECT_TIMEOUT")) {
    parameters.keywords.emplace_back("connect_timeout");
    parameters.values.push_back(std::to_string(kConnectTimeout.count()));
  }
  std::string* given = parameter(parameters, "options");
  std::string server_options = given ? *given : "";
  if (!given && environment("PGOPTIONS")) server_options = environment("PGOPTIONS");
  if (server_options.find("statement_timeout") == std::string::npos) {
    if (!server_options.empty()) server_options += ' ';
    server_options += "-c statement_timeout=" + std::to_string(kStatementTimeout.count());
    if (given) {
      *given = std::move(server_options);
    } else {
      parameters.keywords.emplace_back("options");
      parameters.values.push_back(std::move(server_options));
    }
  }
  return parameters;
}

}  // namespace drydock::accounts
