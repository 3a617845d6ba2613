// nginx_config (static_export.h): the nginx server block that serves an export.

#include <sstream>

#include "drydock/simulator/export/static_export.h"
#include "drydock/simulator/version.h"

namespace drydock::static_registry {

namespace {

// The reply to every URL the export has no file for: JSON, as the registry's errors are.
constexpr const char* kNotFoundBody = R"('{"error": "Not found"}\n')";

void write_version_header(std::ostream& out, const std::string& indent) {
  out << indent << "add_header X-Docker-Registry-Version " << simulator::kRegistryVersion << ";\n";
}

// `value` as one nginx argument: double-quoted. nginx reads "$" as a variable even there, and
// has no escape for a quote, so values holding either (or a control character) are refused.
Result<std::string> nginx_argument(const std::string& what, const std::string& value) {
  for (char c : value) {
    if (c == '"' || c == '$' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      return Error::invalid(what + " " + value +
                            ": nginx cannot be given it (it holds \", $, \\ or a control "
                            "character)");
    }
  }
  if (value.empty()) return Error::invalid(what + " is empty");
  return "\"" + value + "\"";
}

}  // namespace

Result<std::string> nginx_config(const NginxSite& site, const ExportPlan& plan) {
  auto root = nginx_argument("the export folder", site.root.string());
  auto listen = nginx_argument("the nginx listen address", site.listen);
  auto certificate = nginx_argument("the certificate", site.certificate);
  auto key = nginx_argument("the certificate key", site.certificate_key);
  for (const auto* argument : {&root, &listen, &certificate, &key}) {
    if (!argument->ok()) return argument->error();
  }
  std::ostringstream out;
  out << "# A read-only Docker Registry v1 served by nginx from the tree `drydock export` wrote "
         "to\n"
         "# "
      << site.root.string()
      << ". Include this file in the http {} block of nginx.conf (for instance as\n"
         "# /etc/nginx/sites-enabled/drydock-registry), replace the certificate and key below,\n"
         "# and reload nginx. `drydock export` writes it again with each export: the image JSON\n"
         "# headers (X-Docker-Size, X-Docker-Checksum-Payload, X-Docker-Checksum) are listed per\n"
         "# image.\n"
         "#\n"
         "# The URL /v1/X is the file v1/X, except under /v1/repositories/, where it is\n"
         "# v1/X.json (\".../tags\" is a document and \".../tags/\" a folder); a library\n"
         "# repository is also read without its namespace (/v1/repositories/NAME/tags).\n"
         "# Ranges, If-Modified-Since and HEAD are nginx's own.\n"
         "server {\n"
         "    listen "
      << *listen
      << " ssl;\n"
         "    ssl_certificate     "
      << *certificate
      << ";\n"
         "    ssl_certificate_key "
      << *key
      << ";\n"
         "    root "
      << *root
      << ";\n\n"
         "    # Every document is JSON, whatever its name ends with; layers are bytes (below).\n"
         "    types { }\n"
         "    default_type application/json;\n";
  write_version_header(out, "    ");
  out << "    error_page 404 @drydock_not_found;\n\n"
         "    location @drydock_not_found {\n"
         "        return 404 "
      << kNotFoundBody
      << ";\n"
         "    }\n"
         "    location / {\n"
         "        return 404;\n"
         "    }\n\n"
         "    # GET /v1/_ping: a standalone registry (no index tokens), as the documents say.\n"
         "    location = /v1/_ping {\n";
  write_version_header(out, "        ");
  out << "        add_header X-Docker-Registry-Standalone true;\n"
         "        try_files $uri =404;\n"
         "    }\n\n"
         "    # GET /v1/images/ID/json, ancestry and layer.\n"
         "    location /v1/images/ {\n"
         "        try_files $uri =404;\n"
         "        location ~ ^/v1/images/[^/]+/layer$ {\n"
         "            default_type application/octet-stream;\n"
         "            try_files $uri =404;\n"
         "        }\n"
         "    }\n\n"
         "    # GET /v1/repositories/NS/NAME/tags, .../tags/TAG and .../images; then as\n"
         "    # library/NAME.\n"
         "    location /v1/repositories/ {\n"
         "        try_files $uri.json @drydock_library;\n"
         "    }\n"
         "    location @drydock_library {\n"
         "        rewrite ^/v1/repositories/([^/]+/(tags|tags/[^/]+|images))$ "
         "/v1/repositories/library/$1.json break;\n"
         "        return 404;\n"
         "    }\n";
  if (!plan.images.empty()) {
    out << "\n    # Each image's JSON with the headers its layer's pull reads (protocol-notes 5.1 "
           "R7, "
           "7).\n";
  }
  for (const auto& [id, image] : plan.images) {
    out << "    location = /v1/images/" << id << "/json {\n";
    write_version_header(out, "        ");
    out << "        add_header X-Docker-Size " << image.layer_size << ";\n";
    if (!image.payload_checksum.empty()) {
      out << "        add_header X-Docker-Checksum-Payload " << image.payload_checksum << ";\n";
    }
    if (!image.tarsum.empty()) {
      out << "        add_header X-Docker-Checksum " << image.tarsum << ";\n";
    }
    out << "        try_files $uri =404;\n"
           "    }\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace drydock::static_registry
