#pragma once
// Where the options of a subcommand come from besides its command line: DRYDOCK_* environment
// variables and a TOML or INI configuration file. The precedence is
//   command line > environment > configuration file > default:
// CLI11 reads the environment while it parses the command line (an option given on the command
// line keeps its value), and apply_config_file() then sets only the options neither of them set.

#include <string>

#include <CLI/CLI.hpp>

#include "drydock/common/result.h"

namespace drydock::cli {

// Returns the environment variable of a long option: "--report-dir" -> "DRYDOCK_REPORT_DIR".
std::string environment_name(const std::string& long_name);

// Gives every long option of `command` (but --help) its environment variable, DRYDOCK_<NAME>.
// REQUIRES: called after the options are added, before parsing.
void name_environment_variables(CLI::App& command);

// Reads `path` (INI when it ends in ".ini", TOML otherwise) and sets each option it names that the
// command line and the environment left unset, validated as on the command line. Keys are long
// option names without the dashes ("report-dir", or "report_dir"), at the top of the file or in
// a section named after the subcommand ("[check]"). Returns an Error naming the file (and the key)
// when the file cannot be read or parsed, names an unknown option (checked before any is set), or
// holds a value the option refuses.
// REQUIRES: `command` has been parsed.
Result<void> apply_config_file(CLI::App& command, const std::string& path);

}  // namespace drydock::cli
