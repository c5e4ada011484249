// Changing one key of a kiosk.toml text without losing what a person wrote around it.
//
// Why not parse and re-serialise with toml++: that drops every comment, and kiosk.toml is
// mostly comments (it is the reference IT reads). `feedback-kiosk setup` instead replaces the
// key's line in its section (a commented-out "# key = ..." line that shows the default counts
// too, so the value lands where its documentation is), or appends the key to the section, or
// appends the section. The result is always loaded again by the real parser before it is
// written, so an edit can never produce a file the kiosk refuses.
#pragma once

#include <string>
#include <string_view>

#include "common/text.h"

namespace feedback::app {

// A TOML basic string literal for any UTF-8 text: quotes, backslashes and control characters
// escaped (the one quoter, shared with `config show` and survey errors).
using common::toml_quote;

// Returns `text` with `key = toml_value` in [section]. toml_value is already TOML (quoted
// string, number, array).
std::string set_toml_value(std::string_view text, std::string_view section, std::string_view key,
                           std::string_view toml_value);

}  // namespace feedback::app
