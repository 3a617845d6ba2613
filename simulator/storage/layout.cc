#include "drydock/simulator/storage/layout.h"

namespace drydock::storage::layout {

namespace {

constexpr std::string_view kImages = "images/";
constexpr std::string_view kRepositories = "repositories/";
constexpr std::string_view kTagPrefix = "tag_";
constexpr std::string_view kTagJsonPrefix = "tagjson_";

bool is_plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void append_escaped(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

std::string image_file(std::string_view image_id, std::string_view file) {
  return image_dir(image_id) + "/" + std::string(file);
}

std::string repository_file(std::string_view ns, std::string_view repository,
                            std::string_view file) {
  return repository_dir(ns, repository) + "/" + std::string(file);
}

}  // namespace

std::string escape_component(std::string_view name) {
  std::string out;
  bool all_dots = name == "." || name == "..";
  // An empty name must still give a non-empty component: "%" alone is unambiguous (never
  // produced otherwise, since '%' is always followed by two hex digits).
  if (name.empty()) return "%";
  for (char c : name) {
    if (is_plain(c) && !all_dots) {
      out += c;
    } else {
      append_escaped(out, static_cast<unsigned char>(c));
    }
  }
  return out;
}

std::optional<std::string> unescape_component(std::string_view component) {
  if (component == "%") return std::string();
  std::string out;
  for (size_t i = 0; i < component.size(); ++i) {
    if (component[i] != '%') {
      out += component[i];
      continue;
    }
    if (i + 2 >= component.size()) return std::nullopt;
    int hi = hex_value(component[i + 1]);
    int lo = hex_value(component[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string image_dir(std::string_view image_id) {
  return std::string(kImages) + escape_component(image_id);
}
std::string image_json(std::string_view image_id) {
  return image_file(image_id, "json");
}
std::string image_layer(std::string_view image_id) {
  return image_file(image_id, "layer");
}
std::string image_checksum(std::string_view image_id) {
  return image_file(image_id, "_checksum");
}
std::string image_in_progress(std::string_view image_id) {
  return image_file(image_id, "_inprogress");
}
std::string image_ancestry(std::string_view image_id) {
  return image_file(image_id, "ancestry");
}

std::string repository_dir(std::string_view ns, std::string_view repository) {
  return std::string(kRepositories) + escape_component(ns) + "/" + escape_component(repository);
}
std::string repository_tag(std::string_view ns, std::string_view repository, std::string_view tag) {
  return repository_file(ns, repository, std::string(kTagPrefix) + escape_component(tag));
}
std::string repository_tag_json(std::string_view ns, std::string_view repository,
                                std::string_view tag) {
  return repository_file(ns, repository, std::string(kTagJsonPrefix) + escape_component(tag));
}
std::string repository_json(std::string_view ns, std::string_view repository) {
  return repository_file(ns, repository, "json");
}
std::string repository_index_images(std::string_view ns, std::string_view repository) {
  return repository_file(ns, repository, "_index_images");
}
std::string repository_private(std::string_view ns, std::string_view repository) {
  return repository_file(ns, repository, "_private");
}

std::optional<std::string> tag_from_key(std::string_view key) {
  size_t slash = key.rfind('/');
  std::string_view name = slash == std::string_view::npos ? key : key.substr(slash + 1);
  if (!name.starts_with(kTagPrefix)) return std::nullopt;
  return unescape_component(name.substr(kTagPrefix.size()));
}

bool is_image_layer(std::string_view key) {
  return key.starts_with(kImages) && key.ends_with("/layer") &&
         key.find('/', kImages.size()) == key.size() - std::string_view("/layer").size();
}

bool is_repository_tag(std::string_view key) {
  if (!key.starts_with(kRepositories)) return false;
  auto slash = key.rfind('/');
  return slash != std::string_view::npos && key.substr(slash + 1).starts_with(kTagPrefix);
}

}  // namespace drydock::storage::layout
