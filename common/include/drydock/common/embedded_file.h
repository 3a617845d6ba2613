#pragma once
// A data file compiled into the binary by cmake/embed.cmake (spec JSON, flows). The bytes live
// for the whole program; `path` is relative to the component's source folder ("index-v1.openapi.json").

#include <string_view>
#include <vector>

namespace drydock {

struct EmbeddedFile {
  std::string_view path;
  std::string_view bytes;
};

}  // namespace drydock
