#include "stop_signals.h"

#include <unistd.h>

#include <atomic>
#include <cstring>

namespace drydock::cli {
namespace {

std::atomic<conformance::StopRequest*> g_stop{nullptr};
std::atomic<bool> g_cleans_up{true};

constexpr char kFirst[] =
    "\ndrydock: check: interrupted: finishing, cleaning up and writing the reports (send it "
    "again to quit at once)\n";
constexpr char kFirstNothingToClean[] =
    "\ndrydock: check: interrupted: finishing and writing the reports (send it again to quit at "
    "once)\n";

void on_signal(int signal) {
  conformance::StopRequest* stop = g_stop.load();
  if (stop == nullptr || stop->requested()) _exit(128 + signal);
  stop->request(signal);
  const bool cleans_up = g_cleans_up.load();
  ssize_t ignored =
      cleans_up ? write(STDERR_FILENO, kFirst, sizeof(kFirst) - 1)
                : write(STDERR_FILENO, kFirstNothingToClean, sizeof(kFirstNothingToClean) - 1);
  (void)ignored;
}

}  // namespace

StopOnSignals::StopOnSignals(conformance::StopRequest& stop, bool cleans_up) {
  g_cleans_up.store(cleans_up);
  g_stop.store(&stop);
  struct sigaction action {};
  action.sa_handler = &on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

StopOnSignals::~StopOnSignals() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
  g_stop.store(nullptr);
}

}  // namespace drydock::cli
