#pragma once
// Requests a hostile or sloppy client sends (issue 12), as raw bytes, one list per class. Each list
// is deterministic for a given random generator, so a failure can be replayed.

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace drydock::simulator::testing {

// A well-formed request: "METHOD PATH HTTP/1.1", Host, the headers given ("Name: value" each),
// Content-Length when there is a body, and Connection: close.
std::string http_request(std::string_view method, std::string_view path,
                         const std::vector<std::string>& headers = {}, std::string_view body = "");

// Bytes that are not HTTP at all: `count` runs of 1 to 4096 random bytes.
std::vector<std::string> random_bytes(std::mt19937& random, int count);
// Request lines that are not one: no version, a version from the future, NUL bytes, a bare CR...
std::vector<std::string> broken_request_lines();
// A URL, a header line and a header count each far over any server's limits.
std::vector<std::string> oversized_requests();
// `count` requests with bytes that are not UTF-8 in the path, the query or a header.
std::vector<std::string> not_utf8(std::mt19937& random, int count);
// Bodies longer or shorter than their Content-Length, and lengths that are not numbers.
std::vector<std::string> wrong_content_length(std::string_view path,
                                              const std::vector<std::string>& headers);
// Chunked bodies with bad sizes, missing CRLFs, or cut short.
std::vector<std::string> broken_chunking(std::string_view path,
                                         const std::vector<std::string>& headers);
// Range headers no server can satisfy or parse, on a layer GET with these headers.
std::vector<std::string> malformed_ranges(std::string_view layer_path,
                                          const std::vector<std::string>& headers);
// `token` cut short at every length, with characters changed, and sent under other schemes.
std::vector<std::string> forged_tokens(std::mt19937& random, std::string_view token,
                                       std::string_view path);
// `count` Authorization: Basic values that are not base64 of user:password.
std::vector<std::string> garbage_basic(std::mt19937& random, int count);
// Paths, repository names and tags that climb out of a directory: "..", "%2e%2e", "%2f".
std::vector<std::string> path_traversals(const std::vector<std::string>& headers);
// Image JSON nested 40,000 to 100,000 levels, and bodies of a few megabytes.
std::vector<std::string> deep_and_huge_json(std::string_view image_id,
                                            const std::vector<std::string>& headers);

}  // namespace drydock::simulator::testing
