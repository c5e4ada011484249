// The default survey, compiled into the program.
//
// Why embedded: the kiosk must start and be usable on a counter PC where nothing but the binary
// was installed (or where someone deleted /usr/share/feedback-kiosk). The text is generated at
// build time from assets/surveys/default.toml by kiosk/core/embed.cmake, so the file an office
// reads and edits and the copy the program falls back to can never drift apart.
#pragma once

#include <string_view>

namespace feedback::core {

// The exact bytes of assets/surveys/default.toml (UTF-8 TOML), valid for the program's lifetime.
std::string_view default_survey_toml();

}  // namespace feedback::core
