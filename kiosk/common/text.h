// Small text helpers shared by every program (kiosk, sync daemon, collector): one trim, one
// ASCII lower-case, one TOML string quoter, one HTML escaper, instead of a private copy in each
// file.
#pragma once

#include <string>
#include <string_view>

namespace feedback::common {

// What std::isspace accepts in the C locale.
inline constexpr std::string_view kAsciiSpace = " \t\n\v\f\r";

// `text` without leading and trailing characters from `blanks`. Callers that accept only some
// blanks (" \t" in a header value) pass them, so each place keeps its own rule.
std::string_view trim(std::string_view text, std::string_view blanks = kAsciiSpace);
std::string_view trim_left(std::string_view text, std::string_view blanks = kAsciiSpace);

// ASCII letters lower-cased; every other byte (UTF-8 Thai included) unchanged.
std::string lower(std::string_view text);

// A string in TOML basic-string spelling ("…" with escapes), as a person would type it:
// \" \\ \n \t \r by name, other control characters as \u00XX (upper-case hex), everything else,
// UTF-8 included, as is.
//
// Why not toml++'s printer: it spells \b and \f by name, and `config show`, `config set` and
// survey error messages have always written \u0008 and \u000C; this keeps their output unchanged.
std::string toml_quote(std::string_view text);

// Text made safe for HTML element content and quoted attribute values: & < > " ' as entities,
// everything else (UTF-8 Thai included) as is. The kiosk's HTML report and the collector's
// console pages both print what visitors typed; one escaper means one rule to get right.
std::string html_escape(std::string_view text);

}  // namespace feedback::common
