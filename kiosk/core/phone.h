// Thai phone numbers as visitors type them: "081-234-5678", "02 123 4567", "+66 81 234 5678".
// Normalised to the national form with a leading 0 and digits only, so the office can call back
// whatever the visitor typed. Validation is by the numbering plan, not a library: mobile numbers
// are 10 digits starting 06, 08 or 09; fixed lines are 9 digits starting 02–05 or 07.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace feedback::core {

// Digits only ("0812345678"), or nullopt when it is not a Thai phone number.
std::optional<std::string> normalize_thai_phone(std::string_view typed);

}  // namespace feedback::core
