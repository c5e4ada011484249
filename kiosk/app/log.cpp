#include "app/log.h"

#include <cstdio>

namespace feedback::app {
namespace {

void emit(const char* level, std::string_view message) {
    std::fprintf(stderr, "feedback-kiosk: %s%.*s\n", level, static_cast<int>(message.size()),
                 message.data());
}

}  // namespace

void log_note(std::string_view message) { emit("", message); }
void log_warning(std::string_view message) { emit("warning: ", message); }
void log_error(std::string_view message) { emit("error: ", message); }

}  // namespace feedback::app
