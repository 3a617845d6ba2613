#pragma once
// A curl command that sends a recorded request again, to reproduce a failure by hand.
//
// The exchange is already redacted, so credentials come from environment variables, never
// inline:
//   Authorization: Basic <redacted>        -> -u "$DRYDOCK_USER:$DRYDOCK_PASSWORD"
//   Authorization: Token signature=<redacted>,...  -> -H "Authorization: Token $DRYDOCK_TOKEN"
//   Cookie: session=<redacted>             -> -H "Cookie: $DRYDOCK_COOKIE"
//   a password in a JSON body              -> "$DRYDOCK_PASSWORD" in its place
//   any other redacted part                -> "$DRYDOCK_SECRET"
// (A redacted Basic credential does not say whose it was: the command names the main account;
// checks sent as the second, admin or inactive account need those credentials in the variables.)
// Every other word is single-quoted, so a value holding quotes, `$`, backquotes or spaces is sent
// as it is and never expands. A body that is binary, streamed or larger than kInlineBodyBytes is
// sent from a file (--data-binary @body.bin), with a note saying so.

#include <string>
#include <string_view>
#include <vector>

#include "drydock/conformance/check_result.h"

namespace drydock::conformance::report {

inline constexpr std::size_t kInlineBodyBytes = 2048;  // larger bodies go to a file
inline constexpr std::string_view kBodyFile = "body.bin";

struct CurlCommand {
  std::string command;             // one line: "curl -sS -i -X PUT 'http://...' ..."
  std::vector<std::string> notes;  // what to set or write first: variables, the body's file

  // Returns the notes as "# ..." lines, then the command.
  std::string text() const;
};

// Returns `text` as one shell word in single quotes ('it'\''s').
std::string shell_quote(std::string_view text);

// Returns the exchange that reproduces a check's failure: the first whose transport failed, or
// the last one sent; nullptr when the check sent nothing.
const Exchange* failing_exchange(const CheckResult& result);

// Returns the command that sends `exchange`'s request again.
CurlCommand curl_command(const Exchange& exchange);

}  // namespace drydock::conformance::report
