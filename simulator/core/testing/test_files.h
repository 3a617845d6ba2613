#pragma once
// Files for tests of drydock as a process: a fresh scratch folder, a file read whole, a wait for a
// file the process writes (polling, never a fixed sleep), and a self-signed certificate.

#include <filesystem>
#include <string>
#include <string_view>

namespace drydock::simulator::testing {

// A new empty folder under the test's temporary directory, named "<prefix>-XXXXXX".
std::filesystem::path scratch_dir(std::string_view prefix);

// The whole file; "" when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// Waits, polling every 10 ms for up to 30 s, until `path` exists; returns whether it does.
bool appears(const std::filesystem::path& path);

// A self-signed certificate for 127.0.0.1 (cert.pem, key.pem) in a new scratch folder, made with
// the openssl CLI; returns the folder, or "" when openssl failed.
std::string make_certificate();

}  // namespace drydock::simulator::testing
