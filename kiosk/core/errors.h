// Errors that cross a module boundary.
//
// Why exceptions: the kiosk has few boundaries (load config, open store, run a command) and
// each of them wants to stop what it is doing and report one clear message. Inside a module,
// expected outcomes (a duplicate, an empty queue) are plain return values, never exceptions.
#pragma once

#include <stdexcept>
#include <string>

namespace feedback {

// A problem in a file a person wrote (configuration, survey): names the file, the line and the
// key so that IT can fix it without reading our source. what() is the full one-line message:
//   "/etc/feedback-kiosk/kiosk.toml:12: sync.batch_size: expected an integer from 1 to 5000, got "abc""
class SourceError : public std::runtime_error {
public:
    SourceError(std::string file, int line, std::string key, const std::string& problem)
        : std::runtime_error(format(file, line, key, problem)),
          file_(std::move(file)), line_(line), key_(std::move(key)) {}

    const std::string& file() const noexcept { return file_; }
    int line() const noexcept { return line_; }  // 0 when the problem has no single line
    const std::string& key() const noexcept { return key_; }

private:
    static std::string format(const std::string& file, int line, const std::string& key,
                              const std::string& problem) {
        std::string out = file;
        if (line > 0) out += ":" + std::to_string(line);
        out += ": ";
        if (!key.empty()) out += key + ": ";
        return out + problem;
    }
    std::string file_;
    int line_;
    std::string key_;
};

}  // namespace feedback
