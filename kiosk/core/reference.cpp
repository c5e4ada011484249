#include "core/reference.h"

#include <cstdio>
#include <stdexcept>

namespace feedback::core {

std::string default_device_code(std::string_view device_id) {
    std::uint32_t hash = 2166136261u;
    for (const char c : device_id) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 16777619u;
    }
    std::string code;
    for (int i = 0; i < 3; ++i) {
        code += kReferenceLetters[hash % kReferenceLetters.size()];
        hash /= static_cast<std::uint32_t>(kReferenceLetters.size());
    }
    return code;
}

bool is_valid_device_code(std::string_view code) {
    if (code.size() < 2 || code.size() > 6) return false;
    for (const char c : code)
        if (kReferenceLetters.find(c) == std::string_view::npos && (c < '0' || c > '9')) return false;
    return true;
}

std::string make_reference(std::string_view device_code, CivilDate local_date, int sequence) {
    if (!is_valid_device_code(device_code)) throw std::invalid_argument("invalid device code");
    if (sequence < 1) throw std::invalid_argument("sequence starts at 1");
    const int yy = to_buddhist_year(local_date.year) % 100;
    char tail[40];
    std::snprintf(tail, sizeof tail, "-%02d%02d%02d-%04d", yy, local_date.month, local_date.day, sequence);
    std::string out(device_code);
    out.append(tail);
    return out;
}

std::string tracking_url(std::string_view url_template, std::string_view reference, std::string_view tracking_key) {
    if (url_template.empty()) return std::string(reference);
    std::string out;
    out.reserve(url_template.size() + reference.size() + tracking_key.size());
    for (std::size_t i = 0; i < url_template.size();) {
        const auto rest = url_template.substr(i);
        if (rest.substr(0, 5) == "{ref}") {
            out += reference;
            i += 5;
        } else if (rest.substr(0, 5) == "{key}") {
            out += tracking_key;
            i += 5;
        } else {
            out += url_template[i++];
        }
    }
    return out;
}

}  // namespace feedback::core
