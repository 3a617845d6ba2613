#pragma once
// One entry of the fault catalogue that `drydock serve --list-faults` prints: a fault's name (the
// value of the X-Drydock-Fault request header) and the one behaviour it breaks.

#include <string>

namespace drydock::simulator {

struct FaultInfo {
  std::string name;
  std::string description;
};

}  // namespace drydock::simulator
