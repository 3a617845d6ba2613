#pragma once
// A child process running the drydock binary (DRYDOCK_BINARY), for tests of `drydock serve` as
// its users run it: its stdout on a pipe (the bound addresses are read from it), its stderr to a
// file when asked, in a working directory and with extra environment variables of the test's
// choosing. The destructor kills it.

#include <sys/types.h>

#include <string>
#include <vector>

namespace drydock::simulator::testing {

struct ProcessSetup {
  std::vector<std::string> extra_env;  // "NAME=value", before the test's own environment
  std::string working_directory;       // empty: the test's
  std::string stderr_file;             // empty: the test's stderr
};

class DrydockProcess {
 public:
  explicit DrydockProcess(std::vector<std::string> args, ProcessSetup setup = {});
  ~DrydockProcess();
  DrydockProcess(const DrydockProcess&) = delete;
  DrydockProcess& operator=(const DrydockProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Reads stdout up to and including the next newline; empty at end of file.
  std::string read_line();
  // Reads stdout to its end.
  std::string read_all();
  // Reads the two address lines `drydock serve` prints and returns the registry's URL
  // ("http://127.0.0.1:PORT"), or "" if they did not come.
  std::string read_serve_url();

  // Returns whether the process is still running (it has not exited or been killed).
  bool alive();
  // Waits for the process; returns its exit code, or -1 if a signal ended it.
  int wait();
  void signal(int number);

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

}  // namespace drydock::simulator::testing
