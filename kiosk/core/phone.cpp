#include "core/phone.h"

namespace feedback::core {

std::optional<std::string> normalize_thai_phone(std::string_view typed) {
    std::string digits;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const char c = typed[i];
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c == '+' && digits.empty() && i + 2 < typed.size() && typed.substr(i + 1, 2) == "66") {
            digits.push_back('0');  // +66 replaces the trunk prefix 0 (digits is empty here)
            ++i;
            ++i;
        } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
            return std::nullopt;
        }
    }
    if (digits.size() == 10 && digits[0] == '0' && (digits[1] == '6' || digits[1] == '8' || digits[1] == '9'))
        return digits;
    if (digits.size() == 9 && digits[0] == '0' && ((digits[1] >= '2' && digits[1] <= '5') || digits[1] == '7'))
        return digits;
    return std::nullopt;
}

}  // namespace feedback::core
