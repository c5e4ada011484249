// Masking personal data that visitors type into comments, before a comment leaves the kiosk in a
// report (issue 17): phone numbers, e-mail addresses, Thai national ID numbers and names.
//
// Why a scanner and not std::regex: comments are UTF-8 Thai, visitors type Thai digits
// (๐–๙) as often as ASCII ones, and Thai has no spaces between words, so "a name" is found by
// its title (นาย, นางสาว, คุณ, Mr …) rather than by word boundaries. The rules are deliberately
// eager: a comment that loses a word too many is a smaller harm than a published phone number.
// Known words that begin like a title (ขอบคุณ, คุณภาพ, นายก, ทนาย, นางพยาบาล …) are left alone.
//
// Rules (documented in REPORT.md):
// - a run of digits (ASCII or Thai) joined by single '-', ' ', '.' or a leading '+' holding
//   13 digits is a national ID -> "[เลขประจำตัว]"; 9 to 12 or more than 13 digits is a phone
//   number (or another account number) -> "[เบอร์โทร]". Shorter runs (amounts, dates, times)
//   stay.
// - local@domain.tld -> "[อีเมล]".
// - a title followed by a name: the next word (a run of Thai letters, or a Latin word) ->
//   "[ชื่อ]"; after a formal title (นาย, นาง, นางสาว, น.ส., ด.ช., ด.ญ., Mr, Mrs, Ms, Miss) the
//   word after one space (the surname) is masked too.
#pragma once

#include <string>
#include <string_view>

namespace feedback::report {

inline constexpr std::string_view kMaskPhone = "[เบอร์โทร]";
inline constexpr std::string_view kMaskEmail = "[อีเมล]";
inline constexpr std::string_view kMaskNationalId = "[เลขประจำตัว]";
inline constexpr std::string_view kMaskName = "[ชื่อ]";

// The text with personal data replaced by the tokens above. Pure; valid UTF-8 in, valid out
// (bytes that are not UTF-8 are kept as they are).
std::string mask_personal_data(std::string_view text);

}  // namespace feedback::report
