#include "core/testing/test_files.h"

#include <stdlib.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include <gtest/gtest.h>

namespace drydock::simulator::testing {

std::filesystem::path scratch_dir(std::string_view prefix) {
  std::string pattern = ::testing::TempDir() + std::string(prefix) + "-XXXXXX";
  const char* made = mkdtemp(pattern.data());
  return made == nullptr ? std::filesystem::path() : std::filesystem::path(made);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool appears(const std::filesystem::path& path) {
  for (int i = 0; i < 3000 && !std::filesystem::exists(path); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::filesystem::exists(path);
}

std::string make_certificate() {
  const std::filesystem::path dir = scratch_dir("drydock-tls");
  if (dir.empty()) return {};
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
      " -addext subjectAltName=IP:127.0.0.1 -keyout " +
      (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " 2>/dev/null";
  return std::system(command.c_str()) == 0 ? dir.string() : "";
}

}  // namespace drydock::simulator::testing
