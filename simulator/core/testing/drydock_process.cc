#include "core/testing/drydock_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace drydock::simulator::testing {

DrydockProcess::DrydockProcess(std::vector<std::string> args, ProcessSetup setup) {
  int fds[2];
  if (pipe(fds) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  if (!setup.stderr_file.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, setup.stderr_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  }
  if (!setup.working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, setup.working_directory.c_str());
  }
  args.insert(args.begin(), DRYDOCK_BINARY);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = std::move(setup.extra_env);
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  if (posix_spawn(&pid_, DRYDOCK_BINARY, &actions, nullptr, argv.data(), envp.data()) != 0) {
    pid_ = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  out_ = fds[0];
}

DrydockProcess::~DrydockProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_ >= 0) close(out_);
}

std::string DrydockProcess::read_line() {
  std::string line;
  char c = 0;
  while (read(out_, &c, 1) == 1) {
    line += c;
    if (c == '\n') break;
  }
  return line;
}

std::string DrydockProcess::read_all() {
  std::string all;
  for (std::string line = read_line(); !line.empty(); line = read_line()) all += line;
  return all;
}

std::string DrydockProcess::read_serve_url() {
  std::string line = read_line();
  if (line.starts_with("index ")) line = read_line();
  if (!line.starts_with("registry ") || line.back() != '\n') return "";
  line.pop_back();
  return line.substr(line.find("http"));
}

bool DrydockProcess::alive() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == 0) return true;
  pid_ = -1;
  return false;
}

int DrydockProcess::wait() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void DrydockProcess::signal(int number) {
  kill(pid_, number);
}

}  // namespace drydock::simulator::testing
