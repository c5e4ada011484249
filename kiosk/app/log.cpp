#include "app/log.h"

#include <errno.h>

#include <cstdio>

namespace feedback::app {
namespace {

// The program's own name (feedback-kiosk, feedback-sync), so the journal says who spoke.
void emit(const char* level, std::string_view message) {
    std::fprintf(stderr, "%s: %s%.*s\n", program_invocation_short_name, level, static_cast<int>(message.size()),
                 message.data());
}

}  // namespace

void log_note(std::string_view message) { emit("", message); }
void log_warning(std::string_view message) { emit("warning: ", message); }
void log_error(std::string_view message) { emit("error: ", message); }

}  // namespace feedback::app
