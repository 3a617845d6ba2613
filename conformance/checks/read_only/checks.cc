// The read-only catalogue (catalogue.h, make_read_only_catalogue): what a Docker 1.x pull reads
// (protocol-notes 6.3), checked against a repository already on the target without writing
// anything. Each check cites the level and source of the operation and condition it judges, per
// profile, as the derived checks do; a MAY-level one (ranges) never fails a server for not doing
// what it allows.

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"
#include "drydock/common/payload_checksum.h"
#include "drydock/conformance/catalogue.h"
#include "pull.h"

namespace drydock::conformance {

namespace {

using checks::Pull;
using checks::stated_payload_checksum;

// The most layer bytes the range check keeps to compare (a window of the layer).
constexpr std::uint64_t kRangeWindow = 64 * 1024;

void ping(CheckContext& ctx) {
  ctx.expect(ctx.send(Call{"ping", {}, {}, {}, {}}), "ping", "ok");
}

void repository_images(CheckContext& ctx) {
  Pull pull(ctx);
  pull.authorize(/*require_endpoints=*/true);
}

void tags(CheckContext& ctx) {
  Pull pull(ctx);
  if (!pull.authorize()) return;
  std::optional<std::map<std::string, std::string>> all = pull.tags();
  const std::string& tag = pull.target().tag;
  if (!all || tag.empty()) return;
  auto listed = all->find(tag);
  if (listed == all->end()) {
    ctx.fail("the tags list has no \"" + tag + "\"");
    return;
  }
  std::optional<std::string> id = pull.tagged_image();
  if (id && *id != listed->second) {
    ctx.fail("GET tags/" + tag + " names " + *id + ", the tags list " + listed->second);
  }
}

// The token flow for reads (protocol-notes 4.3, 6.3): a registry read without a token is refused,
// with the read token from the index it is answered.
void token_required(CheckContext& ctx) {
  Pull pull(ctx);
  Call bare{pull.operation("Tags"), pull.path(), {}, {}, {}};
  ctx.expect(ctx.send(bare), bare.operation_id, "missing-auth");
  if (!pull.authorize()) return;
  ctx.expect(pull.send(bare), bare.operation_id, "ok");
}

void image_json(CheckContext& ctx) {
  Pull pull(ctx);
  pull.each_image([&](const std::string& id, const Response& json) {
    Result<nlohmann::json> body = parse_json(json.body);
    if (!body.ok() || !body->is_object() || body->value("id", std::string()) != id) {
      ctx.fail("GET json of " + id + " is not that image's JSON (its \"id\" differs)");
      return false;
    }
    return true;
  });
}

// The ancestry is consistent: it starts with the image, and each image's parent is the next one.
void ancestry(CheckContext& ctx) {
  Pull pull(ctx);
  std::optional<std::string> top = pull.start();
  if (!top) return;
  std::optional<std::vector<std::string>> ids = pull.ancestry(*top);
  if (!ids) return;
  if (ids->front() != *top) {
    ctx.fail("the ancestry of " + *top + " starts with " + ids->front() + ", not the image");
    return;
  }
  for (std::size_t i = 0; i < ids->size(); ++i) {
    std::optional<Response> json = pull.image_json((*ids)[i]);
    if (!json) return;
    Result<nlohmann::json> body = parse_json(json->body);
    std::string parent = body.ok() && body->is_object() ? body->value("parent", std::string()) : "";
    std::string next = i + 1 < ids->size() ? (*ids)[i + 1] : "";
    if (parent != next) {
      ctx.fail("the ancestry lists " + (next.empty() ? "nothing" : next) + " after " + (*ids)[i] +
               ", whose JSON names the parent " + (parent.empty() ? "none" : parent));
      return;
    }
  }
}

// Returns the X-Docker-Size a GET json answer states, or nullopt.
std::optional<std::uint64_t> stated_size(const Response& json) {
  std::string text = json.headers.get("X-Docker-Size").value_or("");
  if (text.empty() || text.size() > 19 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoull(text);
}

// Every layer, streamed (hashed as it arrives, never held), against X-Docker-Size and the payload
// checksum sha256(json + "\n" + layer) its JSON answer states (protocol-notes 7).
void layers(CheckContext& ctx) {
  Pull pull(ctx);
  pull.each_image([&](const std::string& id, const Response& json) {
    PayloadChecksum payload(json.body);
    std::uint64_t received = 0;
    BodySink sink = [&](std::string_view chunk) {
      payload.update(chunk);
      received += chunk.size();
      return true;
    };
    Call get{"getImageLayer", {{"image_id", id}}, {}, {}, {}};
    Result<Response> layer = pull.send_streamed(get, sink);
    if (!ctx.expect(layer, "getImageLayer", "ok")) return false;
    if (layer->status != 200) {
      ctx.skip("GET layer of " + id + " answered " + std::to_string(layer->status) +
               ": a redirect this check does not follow; its bytes were not compared");
      return false;
    }
    std::optional<std::uint64_t> size = stated_size(json);
    if (size && *size != received) {
      ctx.fail("the layer of " + id + " is " + std::to_string(received) +
               " bytes; its JSON answer said X-Docker-Size: " + std::to_string(*size));
      return false;
    }
    std::string stated = stated_payload_checksum(json);
    std::string computed = payload.finish();
    if (!stated.empty() && stated != computed) {
      ctx.fail("the layer of " + id + " does not match its checksum: stated " + stated +
               ", sha256(json + \"\\n\" + layer) is " + computed);
      return false;
    }
    return true;
  });
}

// A Range read of the tagged image's layer, when the registry says Accept-Ranges: bytes
// (protocol-notes 5.1 R8, 8): 206 with exactly the bytes asked for, or a 200 (ranges ignored).
void layer_range(CheckContext& ctx) {
  Pull pull(ctx);
  std::optional<std::string> top = pull.start();
  if (!top) return;
  std::optional<Response> json = pull.image_json(*top);
  if (!json) return;
  std::optional<std::uint64_t> size = stated_size(*json);
  if (!size || *size < 2) {
    ctx.skip("the layer of " + *top +
             " states no X-Docker-Size of 2 bytes or more to take a "
             "range of");
    return;
  }
  const std::uint64_t first = *size / 2;
  const std::uint64_t last = std::min(*size - 1, first + kRangeWindow - 1);
  std::string window;  // the layer's bytes [first, last], kept as they pass
  std::uint64_t offset = 0;
  BodySink keep = [&](std::string_view chunk) {
    const std::uint64_t end = offset + chunk.size();
    if (end > first && offset <= last) {
      const std::uint64_t from = std::max(first, offset) - offset;
      const std::uint64_t to = std::min(last + 1, end) - offset;
      window.append(chunk.substr(from, to - from));
    }
    offset = end;
    return true;
  };
  Call get{"getImageLayer", {{"image_id", *top}}, {}, {}, {}};
  Result<Response> whole = pull.send_streamed(get, keep);
  if (!ctx.expect(whole, "getImageLayer", "ok")) return;
  if (whole->status != 200 ||
      whole->headers.get("Accept-Ranges").value_or("").find("bytes") == std::string::npos) {
    ctx.skip("not supported (MAY): the layer's answer does not say Accept-Ranges: bytes");
    return;
  }
  get.headers.set("Range", "bytes=" + std::to_string(first) + "-" + std::to_string(last));
  Result<Response> part = pull.send(get);
  if (!part.ok()) {
    ctx.expect(part, "getImageLayer", "partial-content");
    return;
  }
  if (part->status == 200) {
    ctx.skip("not supported (MAY): the registry answered a Range with the whole layer");
    return;
  }
  if (part->status != 206) {
    ctx.fail("answered " + std::to_string(part->status) +
             " to a Range after Accept-Ranges: "
             "bytes: neither 206 nor the whole layer");
    return;
  }
  if (ctx.expect(part, "getImageLayer", "partial-content") && part->body != window) {
    ctx.fail("206 with the wrong bytes: " + std::to_string(part->body.size()) +
             " bytes that are not bytes " + std::to_string(first) + "-" + std::to_string(last) +
             " of the layer");
  }
}

constexpr spec::Profile kProfiles[] = {spec::Profile::kDocs, spec::Profile::kDockerRegistry,
                                       spec::Profile::kCompat};

// A read check citing, per profile, the level and source of `operation_id` under `condition`.
Check read_check(const spec::Spec& spec, std::string id, std::string title,
                 const std::string& operation_id, const std::string& condition,
                 std::vector<std::string_view> needs, std::function<void(CheckContext&)> run) {
  Check check;
  check.id = "read-only/" + std::move(id);
  check.title = std::move(title);
  const spec::Operation* op = spec.find(operation_id);
  for (spec::Profile profile : kProfiles) {
    ProfileCitation& citation = check.profiles[static_cast<std::size_t>(profile)];
    if (op == nullptr) continue;
    spec::Expectation expected = op->expectation(condition, profile);
    citation.level = expected.responses.empty() ? op->level : expected.level;
    citation.source = expected.source.document.empty() ? op->source : expected.source;
    citation.statuses = expected.statuses();
  }
  check.requirement = "As " + operation_id + " " + condition + " (" +
                      check.under(spec::Profile::kCompat).source.to_string() +
                      "), on the repository --repository names";
  check.hint = "Serve the pull of an existing repository as Docker 1.x clients read it.";
  for (std::string_view need : needs) check.needs.emplace_back(need);
  check.run = std::move(run);
  return check;
}

}  // namespace

Result<void> check_read_only_repository(const std::string& repository) {
  Result<checks::ReadTarget> target = checks::parse_read_target(repository);
  if (!target.ok()) return target.error();
  return {};
}

std::vector<Check> make_read_only_catalogue(const spec::Spec& spec) {
  std::vector<Check> all{
      read_check(spec, "registry/ping", "GET /v1/_ping on the registry", "ping", "ok",
                 {kNeedsRegistry}, ping),
      read_check(spec, "index/repository-images",
                 "GET the repository's images with X-Docker-Token: true: the list, a read "
                 "token and X-Docker-Endpoints",
                 "getUserRepositoryImages", "ok", {kNeedsIndex}, repository_images),
      read_check(spec, "registry/tags",
                 "GET the repository's tags (and tags/TAG when a tag is named), with the read "
                 "token",
                 "getUserRepositoryTags", "ok", {kNeedsRegistry}, tags),
      read_check(spec, "registry/token-required",
                 "GET the tags without a token (401), then with the index's read token (200)",
                 "getUserRepositoryTags", "missing-auth", {kNeedsIndex, kNeedsRegistry},
                 token_required),
      read_check(spec, "registry/image-json",
                 "GET the JSON of every image of the tag's ancestry (X-Docker-Size, checksum)",
                 "getImageJson", "ok", {kNeedsRegistry}, image_json),
      read_check(spec, "registry/ancestry",
                 "GET the tag's ancestry: the image first, each image's parent next",
                 "getImageAncestry", "ok", {kNeedsRegistry}, ancestry),
      read_check(spec, "registry/layer",
                 "GET every layer of the tag's ancestry, streamed, against X-Docker-Size and the "
                 "payload checksum",
                 "getImageLayer", "ok", {kNeedsRegistry}, layers),
      read_check(spec, "registry/layer-range",
                 "GET a Range of the tag's layer when the registry says Accept-Ranges: bytes",
                 "getImageLayer", "partial-content", {kNeedsRegistry}, layer_range),
  };
  std::sort(all.begin(), all.end(), [](const Check& a, const Check& b) { return a.id < b.id; });
  return all;
}

}  // namespace drydock::conformance
