// UTF-8 validity for text that enters or leaves the kiosk's data (issue 14, defect 5).
//
// Why in core and not kiosk/text: the store, the import and the exporters need it and must not
// depend on the text library (libthai, FreeType). kiosk/text/unicode.h decodes for display and
// follows the same replacement policy.
//
// Policy: inputs (record --comment, import --csv, every stored entry's text) are refused when
// not valid UTF-8, naming where; exporters never emit invalid UTF-8, so text already stored by
// an older release or another tool is written with each maximal invalid subpart replaced by
// U+FFFD (Unicode §3.9), the same as browsers and nlohmann::json's replace handler do.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace feedback::core {

// Byte offset of the first invalid sequence (overlong, surrogate, above U+10FFFF, stray or
// missing continuation byte, cut off at the end), or std::string_view::npos when valid.
std::size_t first_invalid_utf8(std::string_view text) noexcept;

inline bool is_valid_utf8(std::string_view text) noexcept {
    return first_invalid_utf8(text) == std::string_view::npos;
}

// `text` with each maximal invalid subpart replaced by U+FFFD (EF BF BD); valid text unchanged.
std::string to_valid_utf8(std::string_view text);

}  // namespace feedback::core
