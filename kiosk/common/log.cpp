// Lines are written with one fprintf each: stderr is unbuffered, and one call keeps a line whole
// when the journal interleaves several processes.
#include "common/log.h"

#include <errno.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace feedback::common {
namespace {

std::atomic<bool> g_verbose{false};

const char* label(Priority priority) {
    switch (priority) {
        case Priority::error: return "error: ";
        case Priority::warning: return "warning: ";
        default: return "";
    }
}

}  // namespace

void set_verbose(bool on) { g_verbose.store(on); }
bool verbose() { return g_verbose.load(); }

bool is_journal_stream(const char* journal_stream, int fd) {
    if (!journal_stream) return false;
    unsigned long long dev = 0, ino = 0;
    if (std::sscanf(journal_stream, "%llu:%llu", &dev, &ino) != 2) return false;
    struct stat st {};
    if (::fstat(fd, &st) != 0) return false;
    return static_cast<unsigned long long>(st.st_dev) == dev && static_cast<unsigned long long>(st.st_ino) == ino;
}

void log(Priority priority, std::string_view message) {
    if (priority == Priority::debug && !verbose()) return;
    // Checked on every line, not once: a test (or a daemon whose stderr is re-pointed) sees
    // the stream it writes to now. One getenv and one fstat are nothing beside the write.
    char prefix[8] = "";
    if (is_journal_stream(std::getenv("JOURNAL_STREAM"), 2))
        std::snprintf(prefix, sizeof prefix, "<%d>", static_cast<int>(priority));
    std::fprintf(stderr, "%s%s: %s%.*s\n", prefix, program_invocation_short_name, label(priority),
                 static_cast<int>(message.size()), message.data());
}

}  // namespace feedback::common
