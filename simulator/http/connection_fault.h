#pragma once
// Private to http/: breaks a client connection on purpose (faults), below the HTTP library, on
// the connection's socket.

#include <string>

#include "drydock/simulator/http/reply.h"

namespace drydock::simulator::http {

struct ConnectionAddress {
  std::string local_address;
  int local_port = 0;
  std::string remote_address;
  int remote_port = 0;
};

// Returns the descriptor of this process's TCP socket connecting these two endpoints, or -1.
int find_connection_socket(const ConnectionAddress& address);

// Applies kClose (both directions shut: the client sees EOF), kReset (the client sees a reset)
// or kGarbage (bytes that are not HTTP, then shut) to socket `fd`. The descriptor stays open
// (the HTTP library closes it), so a descriptor number is never reused under it.
// kNone and kHang do nothing here.
void break_connection(int fd, ConnectionAction action);

}  // namespace drydock::simulator::http
