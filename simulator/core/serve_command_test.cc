// `drydock serve` as a process: --list-faults, a start on an ephemeral port read from its stdout,
// a request, SIGTERM and a clean exit; bad option combinations exit 2.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

extern char** environ;

namespace {

// A child process running the drydock binary, its stdout on a pipe.
class Drydock {
 public:
  explicit Drydock(std::vector<std::string> args, std::vector<std::string> extra_env = {}) {
    int fds[2];
    if (pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    args.insert(args.begin(), DRYDOCK_BINARY);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = std::move(extra_env);
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
  ~Drydock() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
  }

  bool started() const { return pid_ > 0; }

  // Reads stdout up to and including the next newline; empty at end of file.
  std::string read_line() {
    std::string line;
    char c = 0;
    while (read(out_, &c, 1) == 1) {
      line += c;
      if (c == '\n') break;
    }
    return line;
  }
  std::string read_all() {
    std::string all;
    for (std::string line = read_line(); !line.empty(); line = read_line()) all += line;
    return all;
  }

  // Waits for the process; returns its exit code, or -1 if a signal ended it.
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  void signal(int number) { kill(pid_, number); }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

TEST(ServeCommand, ListFaultsPrintsTheCatalogue) {
  Drydock drydock({"serve", "--list-faults"});
  ASSERT_TRUE(drydock.started());
  std::string out = drydock.read_all();
  EXPECT_EQ(drydock.wait(), 0);
  EXPECT_NE(out.find("conn-reset\n  side:    server"), std::string::npos) << out;
  EXPECT_NE(out.find("side:    registry"), std::string::npos);
  EXPECT_NE(out.find("side:    index"), std::string::npos);
  EXPECT_NE(out.find("breaks:  "), std::string::npos);
}

TEST(ServeCommand, ServesOnAnEphemeralPortUntilSigterm) {
  std::string pattern = ::testing::TempDir() + "drydock-serve-XXXXXX";
  std::string state = mkdtemp(pattern.data());
  Drydock drydock({"serve", "--listen", "127.0.0.1:0", "--quiet"}, {"XDG_STATE_HOME=" + state});
  ASSERT_TRUE(drydock.started());
  std::string index = drydock.read_line();
  std::string registry = drydock.read_line();
  ASSERT_TRUE(index.starts_with("index    http://127.0.0.1:")) << index;
  ASSERT_TRUE(registry.starts_with("registry http://127.0.0.1:")) << registry;
  std::string url = registry.substr(registry.find("http://"));
  url.pop_back();  // the newline
  EXPECT_EQ(index.substr(index.find("http://")), url + "\n");

  httplib::Client client(url);
  auto ping = client.Get("/v1/_ping");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(state) / "drydock" / "index.db"));

  drydock.signal(SIGTERM);
  EXPECT_EQ(drydock.wait(), 0);
  std::filesystem::remove_all(state);
}

// A self-signed certificate for 127.0.0.1 in a fresh temporary folder (openssl CLI, as the HTTP
// layer's TLS tests make theirs).
std::string make_certificate() {
  std::string pattern = ::testing::TempDir() + "drydock-tls-XXXXXX";
  std::string dir = mkdtemp(pattern.data());
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
      " -addext subjectAltName=IP:127.0.0.1 -keyout " +
      dir + "/key.pem -out " + dir + "/cert.pem 2>/dev/null";
  return std::system(command.c_str()) == 0 ? dir : "";
}

TEST(ServeCommand, ServesHttpsAndDrydockCheckTrustsItsCertificate) {
  std::string dir = make_certificate();
  ASSERT_FALSE(dir.empty()) << "openssl could not make a certificate";
  Drydock drydock({"serve", "--memory", "--listen", "127.0.0.1:0", "--quiet", "--admin",
                   "tls_admin:tls-secret-1", "--tls-cert", dir + "/cert.pem", "--tls-key",
                   dir + "/key.pem"});
  ASSERT_TRUE(drydock.started());
  std::string index = drydock.read_line();
  ASSERT_TRUE(index.starts_with("index    https://127.0.0.1:")) << index;
  std::string url = index.substr(index.find("https://"));
  url.pop_back();  // the newline

  httplib::SSLClient client("127.0.0.1", std::stoi(url.substr(url.rfind(':') + 1)));
  client.set_ca_cert_path((dir + "/cert.pem").c_str());
  client.enable_server_certificate_verification(true);
  auto ping = client.Get("/v1/_ping");
  ASSERT_TRUE(ping) << httplib::to_string(ping.error());
  EXPECT_EQ(ping->status, 200);

  // The runner over HTTPS: a push through the token flow, trusting the certificate.
  std::string check = std::string(DRYDOCK_BINARY) + " check --index " + url + " --cacert " + dir +
                      "/cert.pem --admin tls_admin --admin-password tls-secret-1 --only "
                      "registry/ping,flows/pushUserRepository --report-dir " +
                      dir + "/reports >/dev/null 2>&1";
  int status = std::system(check.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << check;
  // Without the certificate the run cannot connect: exit 2.
  std::string untrusted = std::string(DRYDOCK_BINARY) + " check --index " + url +
                          " --only registry/ping --report-dir " + dir + "/reports2 >/dev/null 2>&1";
  status = std::system(untrusted.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << untrusted;

  drydock.signal(SIGTERM);
  EXPECT_EQ(drydock.wait(), 0);
  std::filesystem::remove_all(dir);
}

TEST(ServeCommand, BadCombinationsExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {"serve", "--memory", "--data", "/tmp/x"},
      {"serve", "--index-listen", "127.0.0.1:0"},
      {"serve", "--standalone", "--index-listen", "127.0.0.1:0", "--registry-listen",
       "127.0.0.1:0"},
      {"serve", "--token-policy", "sometimes"},
      {"serve", "--memory", "--listen", "nowhere"},
      {"serve", "--memory", "--listen", "127.0.0.1:0", "--admin", "nopassword"},
  };
  for (const auto& args : cases) {
    Drydock drydock(args);
    ASSERT_TRUE(drydock.started());
    drydock.read_all();
    EXPECT_EQ(drydock.wait(), 2) << args[1] << " " << args[2];
  }
}

}  // namespace
