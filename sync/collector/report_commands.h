// `feedback-collector report` and `feedback-collector import` (issue 19): the office's combined
// report from the command line, and paper questionnaires imported at the centre. Kept out of
// main.cpp so the commands and their flags live beside each other; main.cpp registers them and
// runs the chosen one.
#pragma once

#include <memory>
#include <optional>

namespace CLI {
class App;
}

namespace feedback::collector {

class ReportCommands {
public:
    virtual ~ReportCommands() = default;
    // The exit code when one of these commands was chosen (0, 1 runtime error, 2 usage error),
    // nothing otherwise. Prints its own errors.
    virtual std::optional<int> run() = 0;
};

// Adds the subcommands `report` and `import` to `app`.
std::unique_ptr<ReportCommands> add_report_commands(CLI::App& app);

}  // namespace feedback::collector
