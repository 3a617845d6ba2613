#pragma once
// Directories and files only the server's own user may read: a data directory holds the token
// signing key, password hashes and every pushed layer. Modes are set explicitly (0700 for
// directories, 0600 for files), whatever the process's umask.

#include <filesystem>

#include "drydock/common/result.h"

namespace drydock {

// Creates `dir` and each missing ancestor with mode 0700. Existing directories are left as they
// are. Fails if a component exists and is not a directory.
Result<void> create_private_directories(const std::filesystem::path& dir);

// Creates `file` empty with mode 0600 if it does not exist; an existing file is left as it is.
Result<void> create_private_file(const std::filesystem::path& file);

// Makes `dir` a private data directory: creates it (0700) when missing, refuses it when it is not
// a directory, belongs to another user, or lets other users in (group or other permission bits:
// the message says to run chmod 700), then removes group and other permissions from everything
// inside it (files and directories, symbolic links not followed).
Result<void> open_private_directory(const std::filesystem::path& dir);

}  // namespace drydock
