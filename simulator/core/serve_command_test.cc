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
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "core/testing/drydock_process.h"
#include "core/testing/test_files.h"

namespace drydock::simulator::testing {
namespace {

using Drydock = DrydockProcess;

TEST(ServeCommand, ListFaultsPrintsTheCatalogue) {
  Drydock drydock({"serve", "--list-faults"});
  ASSERT_TRUE(drydock.started());
  std::string out = drydock.read_all();
  EXPECT_EQ(drydock.wait(), 0);
  EXPECT_NE(out.find("conn-reset\n  side:    server"), std::string::npos) << out;
  EXPECT_NE(out.find("side:    registry"), std::string::npos);
  EXPECT_NE(out.find("side:    index"), std::string::npos);
  EXPECT_NE(out.find("breaks:  "), std::string::npos);
  EXPECT_NE(out.find("layer-truncated\n  side:    registry\n  seam:    storage"), std::string::npos)
      << out;
  EXPECT_NE(out.find("database-slow\n  side:    index\n  seam:    database"), std::string::npos)
      << out;
  EXPECT_NE(out.find("survived: these still pass: flows/registerAndLogin"), std::string::npos)
      << out;
}

TEST(ServeCommand, ListFaultsMarkdownPrintsTheReadmeTable) {
  Drydock drydock({"serve", "--list-faults-markdown"});
  ASSERT_TRUE(drydock.started());
  std::string out = drydock.read_all();
  EXPECT_EQ(drydock.wait(), 0);
  EXPECT_TRUE(out.starts_with("| fault | side | seam | breaks | proven by |\n")) << out;
  EXPECT_NE(out.find("| `conn-reset` | server | connection |"), std::string::npos) << out;
  EXPECT_NE(out.find("| `store-slow` | registry | storage |"), std::string::npos) << out;
}

TEST(ServeCommand, ServesOnAnEphemeralPortUntilSigterm) {
  std::string pattern = ::testing::TempDir() + "drydock-serve-XXXXXX";
  std::string state = mkdtemp(pattern.data());
  ProcessSetup setup;
  setup.extra_env = {"XDG_STATE_HOME=" + state};
  Drydock drydock({"serve", "--listen", "127.0.0.1:0", "--quiet"}, setup);
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

TEST(ServeCommand, ServesHttpsAndDrydockCheckTrustsItsCertificate) {
  std::string dir = make_certificate();
  ASSERT_FALSE(dir.empty()) << "openssl could not make a certificate";
  Drydock drydock({"serve", "--memory", "--listen", "127.0.0.1:0", "--quiet", "--admin",
                   "tls_admin:tls-secret-1", "--tls-cert", dir + "/cert.pem", "--tls-key",
                   dir + "/key.pem", "--password-iterations", "1"});
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

// With the index and the registry on their own HTTPS listeners, the registry checks each token by
// asking its index over HTTPS, trusting the certificate the index serves: a push goes through.
TEST(ServeCommand, ServesHttpsOnSplitListenersAndItsRegistryTrustsItsOwnIndex) {
  std::string dir = make_certificate();
  ASSERT_FALSE(dir.empty()) << "openssl could not make a certificate";
  Drydock drydock({"serve", "--memory", "--index-listen", "127.0.0.1:0", "--registry-listen",
                   "127.0.0.1:0", "--quiet", "--admin", "tls_admin:tls-secret-1", "--tls-cert",
                   dir + "/cert.pem", "--tls-key", dir + "/key.pem", "--password-iterations", "1"});
  ASSERT_TRUE(drydock.started());
  std::string index = drydock.read_line();
  std::string registry = drydock.read_line();
  ASSERT_TRUE(index.starts_with("index    https://127.0.0.1:")) << index;
  ASSERT_TRUE(registry.starts_with("registry https://127.0.0.1:")) << registry;
  index = index.substr(index.find("https://"));
  index.pop_back();
  registry = registry.substr(registry.find("https://"));
  registry.pop_back();
  std::string check = std::string(DRYDOCK_BINARY) + " check --index " + index + " --registry " +
                      registry + " --cacert " + dir +
                      "/cert.pem --admin tls_admin --admin-password tls-secret-1 --only "
                      "flows/pushUserRepository,flows/pullUserRepository --report-dir " +
                      dir + "/reports >/dev/null 2>&1";
  int status = std::system(check.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << check;
  drydock.signal(SIGTERM);
  EXPECT_EQ(drydock.wait(), 0);
  std::filesystem::remove_all(dir);
}

// A temporary folder, removed at the end.
class Scratch {
 public:
  Scratch() {
    std::string pattern = ::testing::TempDir() + "drydock-serve-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~Scratch() { std::filesystem::remove_all(path_); }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string command_line_of(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/cmdline");
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// Logs in as `user` (GET /v1/users/ with Basic credentials) and returns the status.
int login_status(const std::string& url, const std::string& user, const std::string& password) {
  httplib::Client client(url);
  client.set_basic_auth(user.c_str(), password.c_str());
  auto reply = client.Get("/v1/users/");
  return reply ? reply->status : 0;
}

// Issue 12: --admin USER:PASS shows the password to anyone reading /proc/PID/cmdline.
TEST(ServeCommand, AdminPasswordFromAFileStaysOffTheCommandLine) {
  Scratch scratch;
  std::ofstream(scratch / "admin-password") << "file-secret-1\n";
  Drydock drydock({"serve", "--memory", "--listen", "127.0.0.1:0", "--quiet", "--admin",
                   "file_admin", "--admin-password-file", scratch / "admin-password"});
  ASSERT_TRUE(drydock.started());
  std::string url = drydock.read_serve_url();
  ASSERT_FALSE(url.empty());
  EXPECT_EQ(login_status(url, "file_admin", "file-secret-1"), 200);
  EXPECT_EQ(command_line_of(drydock.pid()).find("file-secret-1"), std::string::npos);
}

TEST(ServeCommand, AdminPasswordFromTheEnvironment) {
  ProcessSetup setup;
  setup.extra_env = {"DRYDOCK_ADMIN_PASSWORD=env-secret-1"};
  Drydock drydock(
      {"serve", "--memory", "--listen", "127.0.0.1:0", "--quiet", "--admin", "env_admin"}, setup);
  ASSERT_TRUE(drydock.started());
  std::string url = drydock.read_serve_url();
  ASSERT_FALSE(url.empty());
  EXPECT_EQ(login_status(url, "env_admin", "env-secret-1"), 200);
  EXPECT_EQ(command_line_of(drydock.pid()).find("env-secret-1"), std::string::npos);
}

// Issue 12: the data directory holds the token signing key; one that others can read is refused.
TEST(ServeCommand, RefusesADataDirectoryOthersCanRead) {
  Scratch scratch;
  std::filesystem::create_directory(scratch / "data");
  std::filesystem::permissions(scratch / "data", std::filesystem::perms(0755));
  ProcessSetup setup;
  setup.stderr_file = scratch / "stderr";
  Drydock drydock({"serve", "--data", scratch / "data", "--listen", "127.0.0.1:0", "--quiet"},
                  setup);
  ASSERT_TRUE(drydock.started());
  EXPECT_EQ(drydock.wait(), 2);
  std::ifstream err(scratch / "stderr");
  std::string message((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  EXPECT_NE(message.find("chmod 700"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(scratch / "data/index.db"));
}

// --database takes a postgresql:// URL; one that cannot be reached is a start-up error, and the
// message names the server without the URL's password.
TEST(ServeCommand, DatabaseThatIsNotPostgresOrUnreachableExitsTwo) {
  Scratch scratch;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"sqlite:///tmp/index.db", "expected a postgresql:// URL"},
      {"postgresql://drydock:hunter2@127.0.0.1:1/none?connect_timeout=5",
       "postgresql://drydock:***@127.0.0.1:1/none"},
  };
  for (const auto& [url, expected] : cases) {
    ProcessSetup setup;
    setup.stderr_file = scratch / "stderr";
    Drydock drydock({"serve", "--memory", "--listen", "127.0.0.1:0", "--database", url}, setup);
    ASSERT_TRUE(drydock.started());
    drydock.read_all();
    EXPECT_EQ(drydock.wait(), 2) << url;
    std::ifstream err(scratch / "stderr");
    std::string message((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(message.find(expected), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

// --database-connections takes 1 to 64, and only with --database: refused before connecting.
TEST(ServeCommand, DatabaseConnectionsOutOfRangeOrWithoutDatabaseExitTwo) {
  Scratch scratch;
  const std::string url = "postgresql://127.0.0.1:1/none?connect_timeout=5";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--database-connections", "4"}, "--database-connections requires --database"},
      {{"--database", url, "--database-connections", "0"}, "not in range"},
      {{"--database", url, "--database-connections", "65"}, "not in range"},
  };
  for (const auto& [options, expected] : cases) {
    std::vector<std::string> args = {"serve", "--memory", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), options.begin(), options.end());
    ProcessSetup setup;
    setup.stderr_file = scratch / "stderr";
    Drydock drydock(args, setup);
    ASSERT_TRUE(drydock.started());
    drydock.read_all();
    EXPECT_EQ(drydock.wait(), 2) << expected;
    std::ifstream err(scratch / "stderr");
    std::string message((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(message.find(expected), std::string::npos) << message;
    EXPECT_EQ(message.find("index database"), std::string::npos) << message;  // no connection
  }
}

TEST(ServeCommand, BadCombinationsExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {"serve", "--memory", "--data", "/tmp/x"},
      {"serve", "--index-listen", "127.0.0.1:0"},
      {"serve", "--standalone", "--index-listen", "127.0.0.1:0", "--registry-listen",
       "127.0.0.1:0"},
      {"serve", "--token-policy", "sometimes"},
      {"serve", "--memory", "--password-iterations", "0"},
      {"serve", "--memory", "--password-iterations", "10000001"},
      {"serve", "--memory", "--listen", "nowhere"},
      {"serve", "--memory", "--listen", "127.0.0.1:0", "--admin", "nopassword"},
      {"serve", "--memory", "--listen", "127.0.0.1:0", "--admin", "both:pass",
       "--admin-password-file", "/dev/null"},
  };
  for (const auto& args : cases) {
    Drydock drydock(args);
    ASSERT_TRUE(drydock.started());
    drydock.read_all();
    EXPECT_EQ(drydock.wait(), 2) << args[1] << " " << args[2];
  }
}

}  // namespace
}  // namespace drydock::simulator::testing
