// Line-based kiosk.toml edits for `feedback-kiosk setup`; why line-based is in config_edit.h.
#include "app/config_edit.h"
#include "common/text.h"

#include <cstdio>
#include <vector>

namespace feedback::app {
namespace {

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(start));
            break;
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string_view trim_left(std::string_view s) { return common::trim_left(s, " \t"); }

// "[office]" (with optional spaces and a trailing comment) -> "office"; empty when not a header.
std::string section_of(std::string_view line) {
    line = trim_left(line);
    if (line.size() < 3 || line.front() != '[' || line[1] == '[') return {};
    const auto close = line.find(']');
    if (close == std::string_view::npos) return {};
    std::string name(line.substr(1, close - 1));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    return name;
}

// True when the line assigns `key` ("key = ..."), or is the commented-out default "# key = ...".
bool assigns(std::string_view line, std::string_view key, bool allow_comment) {
    line = trim_left(line);
    if (allow_comment && !line.empty() && line.front() == '#') line = trim_left(line.substr(1));
    if (line.substr(0, key.size()) != key) return false;
    line = trim_left(line.substr(key.size()));
    return !line.empty() && line.front() == '=';
}

}  // namespace

std::string set_toml_value(std::string_view text, std::string_view section, std::string_view key,
                           std::string_view toml_value) {
    auto lines = split_lines(text);
    const std::string assignment = std::string(key) + " = " + std::string(toml_value);

    bool found = false;
    std::size_t begin = lines.size(), end = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto name = section_of(lines[i]);
        if (name.empty()) continue;
        if (found) {
            end = i;
            break;
        }
        if (name == section) {
            found = true;
            begin = i + 1;
        }
    }

    std::string result;
    auto join = [&] {
        for (const auto& line : lines) result += line + "\n";
        return result;
    };
    if (!found) {  // no such section: append it
        if (!lines.empty() && !lines.back().empty()) lines.emplace_back();
        lines.push_back("[" + std::string(section) + "]");
        lines.push_back(assignment);
        return join();
    }
    // A live assignment wins over a commented example; among commented lines the last one is
    // the "key = default" line (examples come before it, "# Example: key = ..." never matches).
    for (std::size_t i = begin; i < end; ++i) {
        if (assigns(lines[i], key, false)) {
            lines[i] = assignment;
            return join();
        }
    }
    for (std::size_t i = end; i-- > begin;) {
        if (assigns(lines[i], key, true)) {
            lines[i] = assignment;
            return join();
        }
    }
    std::size_t insert_at = end;  // after the section's last non-empty line
    while (insert_at > begin && trim_left(lines[insert_at - 1]).empty()) --insert_at;
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(insert_at), assignment);
    return join();
}

}  // namespace feedback::app
