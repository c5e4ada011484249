// Lines are written with one fprintf each: stderr is unbuffered, and one call keeps a line whole
// when the journal interleaves several processes.
#include "log.h"

#include <atomic>
#include <cstdio>

namespace feedback::sync {
namespace {

std::atomic<bool> g_verbose{false};

void emit(const char* level, std::string_view message) {
    std::fprintf(stderr, "feedback-sync: %s%.*s\n", level, static_cast<int>(message.size()),
                 message.data());
}

}  // namespace

void set_verbose(bool on) { g_verbose.store(on); }
bool verbose() { return g_verbose.load(); }

void log_debug(std::string_view message) {
    if (verbose()) emit("", message);
}
void log_info(std::string_view message) { emit("", message); }
void log_warning(std::string_view message) { emit("warning: ", message); }
void log_error(std::string_view message) { emit("error: ", message); }

}  // namespace feedback::sync
