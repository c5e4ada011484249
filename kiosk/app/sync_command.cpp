// See sync_command.h for why this execs feedback-sync rather than syncing in-process.
#include "app/sync_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "app/commands.h"
#include "app/log.h"

namespace feedback::app {

std::filesystem::path sync_program_path() {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "feedback-sync";
    return self.parent_path() / "feedback-sync";
}

std::vector<std::string> sync_once_arguments(const Context& context, bool verbose) {
    std::vector<std::string> args = {sync_program_path().string(), "--once", "--db",
                                     context.database_path.string()};
    if (!context.loaded.from_defaults && !context.loaded.source.empty()) {
        args.push_back("--config");
        args.push_back(context.loaded.source.string());
    }
    if (verbose) args.push_back("--verbose");
    return args;
}

int sync_once_command(const Context& context, bool verbose) {
    const auto args = sync_once_arguments(context, verbose);
    if (::access(args[0].c_str(), X_OK) != 0) {
        log_error("cannot run " + args[0] + ": " + std::strerror(errno) +
                  ". feedback-sync must be installed in the same directory as feedback-kiosk");
        return kExitRuntimeError;
    }
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    // Anything buffered would be lost by exec.
    std::fflush(stdout);
    std::fflush(stderr);
    ::execv(argv[0], argv.data());
    log_error("cannot run " + args[0] + ": " + std::strerror(errno));
    return kExitRuntimeError;
}

}  // namespace feedback::app
