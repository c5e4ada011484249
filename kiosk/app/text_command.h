// `feedback-kiosk text shape` and `feedback-kiosk text check-font FILE`: the Thai text library
// (kiosk/text) on the command line.
//
// Why they exist: IT and translators need to see what the kiosk will draw without a screen —
// to check a new survey's wording, to compare our shaping with another tool line by line, and
// to check a font before pointing display.font at it. They need no configuration or database,
// so they take none.
//
// Each has a stream overload so tests can drive it without a process; the plain forms use
// stdin/stdout/stderr. Both return the process exit code: 0 success, 1 runtime error.
#pragma once

#include <iosfwd>
#include <string>

namespace feedback::app {

// Reads UTF-8 lines and prints each line's display code points (text::shape_thai) as
// space-separated upper-case hex, one output line per input line: "ก่" prints "0E01 F70A", an
// empty line prints an empty line. A trailing CR (CRLF input) is not part of the line. On a
// line that is not valid UTF-8 it prints "line N: invalid UTF-8 at byte B" (both counted
// from 1) to `err` and stops with 1 (the lines before it have been printed).
int text_shape_command();
int text_shape_command(std::istream& in, std::ostream& out, std::ostream& err);

// Checks a font file (text::check_font): prints "ok  FAMILY  FILE" to `out` and returns 0, or
// prints each problem on its own line to `err` and returns 1.
int text_check_font_command(const std::string& file);
int text_check_font_command(const std::string& file, std::ostream& out, std::ostream& err);

}  // namespace feedback::app
