// The `text` subcommands (text_command.h says why). Thin: all Thai knowledge lives in
// kiosk/text; this file only turns lines into hex and reports into lines, with the exit-code
// contract of commands.h.
#include "app/text_command.h"

#include <cstdio>
#include <iostream>
#include <string>

#include "app/commands.h"
#include "text/font_check.h"
#include "text/shaper.h"
#include "text/unicode.h"

namespace feedback::app {

int text_shape_command(std::istream& in, std::ostream& out, std::ostream& err) {
    std::string line;
    std::size_t number = 0;
    char hex[16];
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (const auto bad = text::find_invalid_utf8(line); bad != std::string::npos) {
            out.flush();
            err << "line " << number << ": invalid UTF-8 at byte " << bad + 1 << "\n";
            return kExitRuntimeError;
        }
        std::string printed;
        for (const char32_t c : text::shape_thai(text::decode_utf8(line))) {
            std::snprintf(hex, sizeof hex, "%s%04X", printed.empty() ? "" : " ", static_cast<unsigned>(c));
            printed += hex;
        }
        out << printed << '\n';
    }
    out.flush();
    if (in.bad() || !out) {
        err << "text shape: " << (in.bad() ? "cannot read standard input" : "cannot write the output") << "\n";
        return kExitRuntimeError;
    }
    return kExitOk;
}

int text_shape_command() { return text_shape_command(std::cin, std::cout, std::cerr); }

int text_check_font_command(const std::string& file, std::ostream& out, std::ostream& err) {
    const text::FontReport report = text::check_font(file);
    if (report.ok) {
        out << "ok  " << report.family << "  " << file << "\n";
        return kExitOk;
    }
    for (const auto& problem : report.problems) err << problem << "\n";
    return kExitRuntimeError;
}

int text_check_font_command(const std::string& file) {
    return text_check_font_command(file, std::cout, std::cerr);
}

}  // namespace feedback::app
