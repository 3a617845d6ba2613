#include "curl_command.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "drydock/conformance/transcript.h"

namespace drydock::conformance::report {
namespace {

// Runs `command` in /bin/sh with `curl` replaced by a function that prints each argument it
// gets on a line of its own, between brackets: what curl would have been handed.
std::vector<std::string> shell_arguments(const std::string& command) {
  std::filesystem::path script =
      std::filesystem::temp_directory_path() /
      ("drydock-curl-test-" + std::to_string(::getpid()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".sh");
  std::ofstream(script) << "curl() { for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; }\n"
                        << "DRYDOCK_USER=bob DRYDOCK_PASSWORD='pa$$ \"w\"' DRYDOCK_TOKEN=tok "
                        << "DRYDOCK_COOKIE=c=1 DRYDOCK_SECRET=s3\n"
                        << command << "\n";
  std::vector<std::string> args;
  FILE* out = ::popen(("/bin/sh " + script.string()).c_str(), "r");
  if (out == nullptr) return args;
  std::string all;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof(buffer), out)) all.append(buffer, n);
  ::pclose(out);
  std::filesystem::remove(script);
  for (std::size_t pos = 0; pos < all.size();) {
    std::size_t end = all.find("]\n[", pos);
    if (end == std::string::npos) end = all.size() - 2;  // the last "]\n"
    args.push_back(all.substr(pos + 1, end - pos - 1));
    pos = end + 2;
  }
  return args;
}

Exchange request(std::string method, std::string url) {
  Exchange e;
  e.request.method = std::move(method);
  e.request.url = std::move(url);
  return e;
}

TEST(ShellQuote, KeepsEverythingLiteral) {
  EXPECT_EQ(shell_quote("plain"), "'plain'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_arguments("curl " + shell_quote("a'b \"$HOME\" `id` $(id) \\ ;|&")),
            std::vector<std::string>{"a'b \"$HOME\" `id` $(id) \\ ;|&"});
}

TEST(CurlCommand, GetWithHeadersNeedsNoMethod) {
  Exchange e = request("GET", "http://r.test/v1/images/abc/json?x=1&y=2");
  e.request.headers.add("X-Odd", "say \"hi\" for $5 'now'");
  CurlCommand c = curl_command(e);
  EXPECT_EQ(shell_arguments(c.command),
            (std::vector<std::string>{"-sS", "-i", "http://r.test/v1/images/abc/json?x=1&y=2", "-H",
                                      "X-Odd: say \"hi\" for $5 'now'"}));
  EXPECT_TRUE(c.notes.empty());
}

TEST(CurlCommand, CredentialsComeFromTheEnvironment) {
  // Recorded through a Transcript, as every reported exchange is: redacted first.
  auto redactor = std::make_shared<Redactor>();
  Transcript transcript(redactor);
  Exchange e = request("PUT", "http://r.test/v1/repositories/bob/x/");
  e.request.headers.add("Authorization", "Basic Ym9iOnNlY3JldDE=");
  e.request.headers.add("Cookie", "session=abcdef123456");
  e.request.headers.add("Content-Type", "application/json");
  e.request.body = R"({"username":"bob","password":"secret1"})";
  e.request.body_size = e.request.body.size();
  transcript.record(e);
  CurlCommand c = curl_command(transcript.exchanges().front());
  EXPECT_EQ(c.command.find("secret1"), std::string::npos) << c.command;
  EXPECT_EQ(c.command.find("Ym9i"), std::string::npos) << c.command;
  EXPECT_NE(c.command.find("-u \"$DRYDOCK_USER:$DRYDOCK_PASSWORD\""), std::string::npos);
  EXPECT_EQ(shell_arguments(c.command),
            (std::vector<std::string>{
                "-sS", "-i", "-X", "PUT", "http://r.test/v1/repositories/bob/x/", "-u",
                "bob:pa$$ \"w\"", "-H", "Cookie: c=1", "-H", "Content-Type: application/json",
                "--data-binary", R"({"username":"bob","password":"pa$$ "w""})"}));
  EXPECT_EQ(c.notes.size(), 3u) << c.text();
}

TEST(CurlCommand, TokenNamesItsRepositoryAndAccessInANote) {
  Exchange e = request("GET", "http://r.test/v1/images/abc/layer");
  e.request.headers.add("Authorization",
                        "Token signature=<redacted>,repository=\"bob/x\",access=read");
  CurlCommand c = curl_command(e);
  EXPECT_EQ(shell_arguments(c.command),
            (std::vector<std::string>{"-sS", "-i", "http://r.test/v1/images/abc/layer", "-H",
                                      "Authorization: Token tok"}));
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("bob/x, access read"), std::string::npos) << c.notes[0];
  EXPECT_TRUE(c.text().starts_with("# DRYDOCK_TOKEN: ")) << c.text();
}

TEST(CurlCommand, LargeBinaryOrStreamedBodiesComeFromAFile) {
  Exchange streamed = request("PUT", "http://r.test/v1/images/abc/layer");
  streamed.request.body = "<6656 bytes streamed>";
  streamed.request.body_size = 6656;
  streamed.request.streamed = true;
  Exchange binary = request("PUT", "http://r.test/v1/images/abc/layer");
  binary.request.body = std::string("\0\1\2", 3);
  binary.request.body_size = 3;
  Exchange large = request("POST", "http://r.test/v1/users/");
  large.request.body = "\"" + std::string(kInlineBodyBytes, 'a') + "\"";
  large.request.body_size = large.request.body.size();
  for (const Exchange* e : {&streamed, &binary, &large}) {
    CurlCommand c = curl_command(*e);
    std::vector<std::string> args = shell_arguments(c.command);
    ASSERT_GE(args.size(), 2u);
    EXPECT_EQ(args.back(), "@body.bin") << c.command;
    EXPECT_EQ(args[args.size() - 2], "--data-binary");
    // No Content-Type was sent, so curl must not add its form default.
    EXPECT_NE(std::find(args.begin(), args.end(), "Content-Type:"), args.end()) << c.command;
    ASSERT_EQ(c.notes.size(), 1u);
    EXPECT_TRUE(c.notes[0].starts_with("body.bin: the request's body, " +
                                       std::to_string(e->request.body_size) + " bytes"))
        << c.notes[0];
  }
}

TEST(CurlCommand, HeadAndDelete) {
  EXPECT_EQ(shell_arguments(curl_command(request("HEAD", "http://r.test/x")).command),
            (std::vector<std::string>{"-sS", "-i", "--head", "http://r.test/x"}));
  EXPECT_EQ(shell_arguments(curl_command(request("DELETE", "http://r.test/x")).command),
            (std::vector<std::string>{"-sS", "-i", "-X", "DELETE", "http://r.test/x"}));
}

TEST(FailingExchange, TheFirstBrokenOneElseTheLast) {
  CheckResult r;
  EXPECT_EQ(failing_exchange(r), nullptr);
  r.exchanges = {request("GET", "http://a"), request("GET", "http://b"),
                 request("GET", "http://c")};
  EXPECT_EQ(failing_exchange(r)->request.url, "http://c");
  r.exchanges[1].error = "Recv failure: Connection reset by peer";
  EXPECT_EQ(failing_exchange(r)->request.url, "http://b");
}

}  // namespace
}  // namespace drydock::conformance::report
