// The exit codes of every program (feedback-kiosk, feedback-sync, feedback-collector), written
// once so scripts and systemd units can rely on the same meaning everywhere.
#pragma once

namespace feedback::common {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntimeError = 1;
inline constexpr int kExitUsageError = 2;

}  // namespace feedback::common
