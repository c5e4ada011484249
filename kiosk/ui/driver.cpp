#include "ui/driver.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>

#include "core/clock.h"

namespace feedback::ui {
namespace {

const std::set<std::string> kVerbs = {"tap", "press", "type", "wait", "idle", "clock", "expect-screen", "screenshot"};

bool parse_int(const std::string& s, long long& out) {
    if (s.empty()) return false;
    std::size_t used = 0;
    try {
        out = std::stoll(s, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used == s.size() && out >= 0;
}

}  // namespace

std::vector<Step> parse_script(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot read the script");
    std::vector<Step> steps;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        const auto space = line.find(' ', start);
        Step step{number, line.substr(start, space == std::string::npos ? std::string::npos : space - start), ""};
        if (space != std::string::npos) step.argument = line.substr(space + 1);
        if (step.verb != "type") {  // typed text keeps its spaces; other arguments are trimmed
            while (!step.argument.empty() && (step.argument.back() == ' ' || step.argument.back() == '\t'))
                step.argument.pop_back();
        }
        const auto where = file.string() + ":" + std::to_string(number) + ": ";
        if (!kVerbs.count(step.verb))
            throw std::runtime_error(where + "unknown step '" + step.verb +
                                     "' (expected tap, press, type, wait, idle, clock, expect-screen or screenshot)");
        if (step.argument.empty()) throw std::runtime_error(where + step.verb + " needs an argument");
        long long value = 0;
        if (step.verb == "press") {
            const auto space_at = step.argument.rfind(' ');
            if (space_at == std::string::npos || !parse_int(step.argument.substr(space_at + 1), value))
                throw std::runtime_error(where + "press needs a widget id and milliseconds, e.g. press admin.corner 3000");
        }
        if ((step.verb == "wait" || step.verb == "idle") && !parse_int(step.argument, value))
            throw std::runtime_error(where + step.verb + " needs a whole number, got '" + step.argument + "'");
        if (step.verb == "clock" && !core::parse_iso_utc(step.argument))
            throw std::runtime_error(where + "clock needs a time such as 2026-11-28T20:00:00+07:00, got '" +
                                     step.argument + "'");
        steps.push_back(std::move(step));
    }
    return steps;
}

int run_script(const std::vector<Step>& steps, DriverHost& host) {
    for (const auto& step : steps) {
        std::string failure;
        if (step.verb == "tap" || step.verb == "press") {
            const std::string id = step.verb == "tap" ? step.argument : step.argument.substr(0, step.argument.rfind(' '));
            const auto& widgets = host.widgets();
            const WidgetInfo* found = nullptr;
            for (const auto& w : widgets)
                if (w.id == id) found = &w;
            if (!found) {
                failure = "no widget '" + id + "' on the " + host.screen_name() + " screen";
            } else if (step.verb == "tap") {
                host.tap_at(found->rect.center());
            } else {
                host.press_at(found->rect.center(), std::stoll(step.argument.substr(step.argument.rfind(' ') + 1)));
            }
        } else if (step.verb == "type") {
            std::string why;
            if (!host.type_text(step.argument, why)) failure = why;
        } else if (step.verb == "wait") {
            host.wait_real(std::stoi(step.argument));
        } else if (step.verb == "idle") {
            host.advance_idle_clock(std::stoll(step.argument) * 1000);
        } else if (step.verb == "clock") {
            host.set_clock(*core::parse_iso_utc(step.argument));
        } else if (step.verb == "expect-screen") {
            const auto actual = host.screen_name();
            if (actual != step.argument) failure = "expected screen " + step.argument + ", showing " + actual;
        } else if (step.verb == "screenshot") {
            std::string why;
            if (!host.screenshot(step.argument, why)) failure = why;
        }
        // Typed text may be personal data (a complaint's name and phone): never echoed.
        std::string shown = step.argument.size() > 60 ? step.argument.substr(0, 60) + "…" : step.argument;
        if (step.verb == "type") shown = "(" + std::to_string(step.argument.size()) + " bytes)";
        if (!failure.empty()) {
            std::fprintf(stderr, "script line %d: %s %s: FAILED: %s\n", step.line, step.verb.c_str(), shown.c_str(),
                         failure.c_str());
            return 1;
        }
        std::fprintf(stderr, "script line %d: %s %s: ok\n", step.line, step.verb.c_str(), shown.c_str());
    }
    return 0;
}

}  // namespace feedback::ui
