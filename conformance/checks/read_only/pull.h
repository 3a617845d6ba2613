#pragma once
// A pull, as Docker 1.x clients made it (protocol-notes 6.3), of the repository a read-only run
// reads (RunOptions::repository), inside one check: the index's image list and its read token,
// the tags, the ancestry, each image's JSON and layer. Every answer it gets is judged by the
// check's verifier (CheckContext::expect) as the good answer of its operation, so a read check
// fails on a wrong answer of any step it takes. Nothing is written.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "drydock/conformance/check.h"

namespace drydock::conformance::checks {

// The repository named by `text`: "ns/name" or "ns/name:tag" ("name" alone is library/name).
struct ReadTarget {
  std::string namespace_name;
  std::string name;
  std::string tag;  // empty: none named
  bool library = false;
};
// Returns the target `text` names, or an Error saying what is wrong with it.
Result<ReadTarget> parse_read_target(const std::string& text);

class Pull {
 public:
  // REQUIRES: ctx.options().repository parses (the CLI checks it).
  explicit Pull(CheckContext& ctx);

  const ReadTarget& target() const { return target_; }

  // With an index: GET the repository's images with X-Docker-Token: true (with the account's
  // Basic credentials when one was given) and keep the read token for the registry calls.
  // Without, the account's Basic credentials (if any) go to the registry. Returns false when the
  // check cannot go on; the verdict says why. `require_endpoints`: X-Docker-Endpoints must come
  // back too.
  bool authorize(bool require_endpoints = false);
  // GET tags: tag -> image id; nullopt when the answer was wrong.
  std::optional<std::map<std::string, std::string>> tags();
  // Returns the image the run reads: the named tag's (GET tags/TAG), else "latest"'s, else the
  // first tag's; nullopt when there is none or an answer was wrong.
  std::optional<std::string> tagged_image();
  // GET ancestry of `id`: the ids, `id` first; nullopt when the answer was wrong.
  std::optional<std::vector<std::string>> ancestry(const std::string& id);
  // Authorizes, then returns tagged_image(); nullopt when the check cannot go on.
  std::optional<std::string> start();
  // start(), then the ancestry of that image: the images the run reads, top first.
  std::optional<std::vector<std::string>> images();
  // GET json of `id`; nullopt when the answer was wrong.
  std::optional<Response> image_json(const std::string& id);
  // For each image of images(), top first: GET its JSON and call `visit` with the id and that
  // answer. Stops at a wrong answer, or when `visit` returns false.
  void each_image(const std::function<bool(const std::string& id, const Response& json)>& visit);

  // Sends `call` with the authorization authorize() obtained.
  Result<Response> send(Call call);
  Result<Response> send_streamed(Call call, BodySink sink);
  // Returns "get" + "User"/"Library" + "Repository" + `suffix`: the operation for the target.
  std::string operation(const std::string& suffix) const;
  // The path parameters of the target repository.
  std::map<std::string, std::string> path() const;

 private:
  CheckContext& ctx_;
  ReadTarget target_;
  Repository* repo_ = nullptr;  // the target, as the context knows it (token sessions)
  std::string authorization_;
};

// Returns the payload checksum (protocol-notes 7) a GET json answer states: X-Docker-Checksum-
// Payload, X-Docker-Payload-Checksum (0.7-0.8), or an X-Docker-Checksum of the "sha256:" form;
// empty when it states none.
std::string stated_payload_checksum(const Response& json_answer);

}  // namespace drydock::conformance::checks
