#pragma once
// Static export (drydock export): the repositories of a simulator's store written out as a file
// tree that any static HTTPS server serves as a read-only Docker Registry v1 ("read-only
// registries can be powered by a simple static HTTPS server", registry-api-v1.md; protocol-notes
// 6.6), with a ready nginx configuration. The tree holds exactly what a Docker 1.x pull reads
// (protocol-notes 6.3):
//
//   v1/_ping                                   GET /v1/_ping                (true, or "")
//   v1/images/<id>/json                        GET /v1/images/<id>/json     (bytes as pushed)
//   v1/images/<id>/layer                       GET /v1/images/<id>/layer
//   v1/images/<id>/ancestry                    GET /v1/images/<id>/ancestry
//   v1/repositories/<ns>/<name>/tags.json      GET /v1/repositories/<ns>/<name>/tags
//   v1/repositories/<ns>/<name>/tags/<tag>.json  GET .../tags/<tag>       (a JSON string)
//   v1/repositories/<ns>/<name>/images.json    GET .../images               (the image list)
//   nginx.conf.example                         (unless written elsewhere)
//
// Under v1/repositories/ a URL is its file with ".json" added: ".../tags" is a document and
// ".../tags/" a folder of documents, which one file tree cannot hold under one name. A static
// server maps them (nginx: try_files $uri.json); library/<name> is also read as <name>.
//
// Only complete images are exported: a tag whose image, or any of its ancestors, is still being
// uploaded (or lacks its layer or ancestry) is left out, with a note saying so.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/simulator/storage/storage.h"

namespace drydock::static_registry {

// One image of an export, and what its GET json answer carries besides the JSON.
struct ExportedImage {
  std::string id;
  std::vector<std::string> ancestry;  // self first
  uint64_t layer_size = 0;            // X-Docker-Size
  std::string payload_checksum;       // X-Docker-Checksum-Payload ("sha256:..."), "" if none
  std::string tarsum;                 // X-Docker-Checksum ("tarsum+sha256:..."), "" if none
};

struct ExportedRepository {
  std::string ns;
  std::string name;
  std::map<std::string, std::string> tags;  // tag -> image id
  std::vector<std::string> images;          // every tag's ancestry, top first, each id once
};

// What an export holds, read from a store before anything is written.
struct ExportPlan {
  std::vector<ExportedRepository> repositories;
  std::map<std::string, ExportedImage> images;
  std::vector<std::string> notes;  // what was left out, and why
};

// Reads from `store` (through layout.h) what to export. `repositories` names them "ns/name" (or
// "name": library/name); empty: every repository of the store, private ones only with
// `include_private` (they are noted otherwise). Returns kNotFound for a named repository the
// store lacks, kForbidden for a named private one without `include_private`, kInvalidArgument
// for a name that is not one, kIo when the store cannot be read.
Result<ExportPlan> plan_export(storage::Storage& store,
                               const std::vector<std::string>& repositories, bool include_private);

// The nginx site that serves an export.
struct NginxSite {
  std::string listen = "443";  // nginx's listen address: "443", "127.0.0.1:8443"
  std::string certificate = "/etc/ssl/certs/drydock-registry.pem";  // placeholders by default
  std::string certificate_key = "/etc/ssl/private/drydock-registry.key";
  std::filesystem::path root;  // the export's folder, absolute
};

// Returns a `server` block that serves `plan`'s tree from `site.root` over HTTPS: content types,
// X-Docker-Size, X-Docker-Checksum-Payload and X-Docker-Checksum (the tarsum, as the simulator
// sends them) on each image's JSON, X-Docker-Registry-Version and
// X-Docker-Registry-Standalone on _ping, JSON 404s. For nginx's http {} context. kInvalidArgument
// when a path or the listen address holds what nginx cannot take (", $, \, control characters).
Result<std::string> nginx_config(const NginxSite& site, const ExportPlan& plan);

// Where the documents and docker-registry disagree on what a static file can carry: the _ping
// body is `true` under kDockerRegistry (protocol-notes 5.1 R1), `""` under kDocs. The headers of
// image JSON satisfy both.
enum class ExportProfile { kDockerRegistry, kDocs };

struct ExportOptions {
  std::filesystem::path out;  // the folder the tree becomes
  ExportProfile profile = ExportProfile::kDockerRegistry;
  bool force = false;                // replace an `out` that is not empty
  std::filesystem::path nginx_conf;  // empty: out/nginx.conf.example
  NginxSite nginx;                   // its root is set to `out` (absolute)
  // Asked between files and between a layer's chunks: true stops the export (kCancelled), which
  // then leaves `out` as it was and nothing beside it. Unset: never stopped.
  std::function<bool()> stopped;
};

// Writes `plan`'s tree, reading images from `store`: layers are streamed, never held whole.
// The tree is built in a temporary folder beside `out` and renamed into place at the end, so a
// failure leaves `out` as it was and nothing beside it. Files are made world-readable (0644,
// folders 0755): the export is meant to be published. Returns kConflict when `out` exists and
// is not empty, unless options.force; kCancelled when options.stopped said so.
Result<void> write_export(storage::Storage& store, const ExportPlan& plan,
                          const ExportOptions& options);

}  // namespace drydock::static_registry
