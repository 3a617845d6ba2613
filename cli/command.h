#pragma once
// A subcommand of drydock. Each one adds its options to a CLI11 subcommand and, when chosen,
// runs and returns an exit code from exit_codes.h. Registered in main.cc.

#include <CLI/CLI.hpp>

namespace drydock::cli {

class Command {
 public:
  virtual ~Command() = default;
  // Adds the subcommand and its options to `app`. Called once, before parsing.
  virtual void add_to(CLI::App& app) = 0;
  // Returns whether this subcommand (or one of its own subcommands) was chosen.
  virtual bool chosen() const = 0;
  // Runs the chosen subcommand. Returns an exit code; never throws.
  virtual int run() = 0;
};

}  // namespace drydock::cli
