#include "curl_command.h"

#include "drydock/conformance/redact.h"
#include "text.h"

namespace drydock::conformance::report {
namespace {

// Returns `text` as one shell word: its literal parts single-quoted, each "<redacted>" replaced by
// "$VARIABLE" in double quotes, so the shell expands the variable and nothing else.
std::string shell_word(std::string_view text, std::string_view variable) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find(kRedacted); at != std::string_view::npos;
       at = text.find(kRedacted, from)) {
    if (at > from) out += shell_quote(text.substr(from, at - from));
    out += "\"$" + std::string(variable) + "\"";
    from = at + kRedacted.size();
  }
  if (from < text.size() || out.empty()) out += shell_quote(text.substr(from));
  return out;
}

// Returns the value of parameter `name` ("repository") in a token, without quotes, or "".
std::string token_parameter(std::string_view token, std::string_view name) {
  std::string key = std::string(name) + "=";
  std::size_t at = token.find(key);
  if (at == std::string_view::npos) return "";
  std::string_view value = token.substr(at + key.size());
  value = value.substr(0, value.find(','));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

void add_note(std::vector<std::string>& notes, std::string note) {
  for (const std::string& n : notes) {
    if (n == note) return;
  }
  notes.push_back(std::move(note));
}

// Adds the options that send `h`; credentials become variables.
void add_header(const Header& h, std::string& command, std::vector<std::string>& notes) {
  std::string_view value = h.value;
  if (equals_ignore_case(h.name, "Content-Length")) return;  // curl counts the body itself
  if (equals_ignore_case(h.name, "Authorization")) {
    std::string_view scheme = value.substr(0, value.find(' '));
    if (equals_ignore_case(scheme, "Basic")) {
      command += " -u \"$DRYDOCK_USER:$DRYDOCK_PASSWORD\"";
      add_note(notes, "DRYDOCK_USER, DRYDOCK_PASSWORD: the account's name and password");
      return;
    }
    if (equals_ignore_case(scheme, "Token")) {
      command += " -H \"Authorization: Token $DRYDOCK_TOKEN\"";
      std::string repository = token_parameter(value, "repository");
      std::string access = token_parameter(value, "access");
      add_note(notes, "DRYDOCK_TOKEN: a token" + (repository.empty() ? "" : " for " + repository) +
                          (access.empty() ? "" : ", access " + access) +
                          ", from the index's X-Docker-Token reply header");
      return;
    }
    command +=
        " -H " + shell_quote(h.name + ": " + std::string(scheme) + " ") + "\"$DRYDOCK_CREDENTIAL\"";
    add_note(notes, "DRYDOCK_CREDENTIAL: the " + std::string(scheme) + " credential");
    return;
  }
  if (equals_ignore_case(h.name, "Cookie")) {
    command += " -H \"Cookie: $DRYDOCK_COOKIE\"";
    add_note(notes, "DRYDOCK_COOKIE: the session cookie (name=value) the registry set");
    return;
  }
  if (value.find(kRedacted) != std::string_view::npos) {
    command += " -H " + shell_word(h.name + ": " + h.value, "DRYDOCK_SECRET");
    add_note(notes, "DRYDOCK_SECRET: the secret the report redacted in " + h.name);
    return;
  }
  command += " -H " + shell_quote(h.name + ": " + h.value);
}

// Adds the options that send the request body, if any.
void add_body(const RecordedRequest& request, std::string& command,
              std::vector<std::string>& notes) {
  if (request.body_size == 0 && request.body.empty()) return;
  // A request body is recorded whole unless streamed (redaction may change its length).
  bool inline_body =
      !request.streamed && request.body.size() <= kInlineBodyBytes && is_text(request.body);
  if (!request.headers.contains("Content-Type")) {
    command += " -H 'Content-Type:'";  // else curl adds a form's
  }
  if (!inline_body) {
    command += " --data-binary @" + std::string(kBodyFile);
    add_note(notes, std::string(kBodyFile) + ": the request's body, " +
                        std::to_string(request.body_size) +
                        " bytes (not kept in the report: a layer or other large or binary body)");
    return;
  }
  command += " --data-binary " + shell_word(request.body, "DRYDOCK_PASSWORD");
  if (request.body.find(kRedacted) != std::string::npos) {
    add_note(notes, "DRYDOCK_PASSWORD: the password the body carried");
  }
}

}  // namespace

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::string CurlCommand::text() const {
  std::string out;
  for (const std::string& note : notes) out += "# " + note + "\n";
  return out + command;
}

const Exchange* failing_exchange(const CheckResult& result) {
  for (const Exchange& e : result.exchanges) {
    if (e.failed()) return &e;
  }
  return result.exchanges.empty() ? nullptr : &result.exchanges.back();
}

CurlCommand curl_command(const Exchange& exchange) {
  const RecordedRequest& request = exchange.request;
  CurlCommand out;
  out.command = "curl -sS -i";
  if (request.method == "HEAD") {
    out.command += " --head";
  } else if (request.method != "GET" || request.body_size > 0) {
    out.command += " -X " + shell_quote(request.method);
  }
  out.command += " " + shell_word(request.url, "DRYDOCK_PASSWORD");
  if (request.url.find(kRedacted) != std::string::npos) {
    add_note(out.notes, "DRYDOCK_PASSWORD: the password the URL carried");
  }
  for (const Header& h : request.headers) add_header(h, out.command, out.notes);
  add_body(request, out.command, out.notes);
  return out;
}

}  // namespace drydock::conformance::report
