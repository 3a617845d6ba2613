#pragma once
// drydock's exit-code contract (tested by the suite): every command returns one of these.

namespace drydock::cli {

inline constexpr int kExitOk = 0;          // nothing failed
inline constexpr int kExitCheckFailed = 1; // drydock check: at least one check failed
inline constexpr int kExitError = 2;       // usage, configuration, connection or internal error

}  // namespace drydock::cli
