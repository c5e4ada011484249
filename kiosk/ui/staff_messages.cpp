#include "ui/staff_messages.h"

#include <algorithm>
#include <cctype>

#include "ui/strings.h"

namespace feedback::ui {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
    const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it != haystack.end();
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// The HTTP status in "HTTP 503 from the collector" (or inside "malformed reply (HTTP 200, …"), 0 if none.
int http_status(const std::string& raw) {
    const auto at = raw.find("HTTP ");
    if (at == std::string::npos || at + 8 > raw.size()) return 0;
    int status = 0;
    for (std::size_t i = at + 5; i < at + 8; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(raw[i]))) return 0;
        status = status * 10 + (raw[i] - '0');
    }
    return status;
}

const Text& meaning(const std::string& raw) {
    using namespace strings;
    if (starts_with(raw, "TLS: ")) return kSyncErrorTls;
    if (starts_with(raw, "network: ")) {
        if (contains(raw, "resolve")) return kSyncErrorDns;
        if (contains(raw, "timeout") || contains(raw, "timed out")) return kSyncErrorTimeout;
        if (contains(raw, "proxy")) return kSyncErrorProxy;
        return kSyncErrorConnect;
    }
    if (starts_with(raw, "malformed reply") || contains(raw, "acknowledged none")) return kSyncErrorReply;
    if (const int status = http_status(raw)) {
        if (status == 401 || status == 403) return kAdminAuthAlert;
        if (status >= 500) return kSyncErrorServer;
        return kSyncErrorRefused;
    }
    if (contains(raw, "token")) return kSyncErrorToken;
    if (starts_with(raw, "kiosk database")) return kSyncErrorDatabase;
    return kSyncErrorOther;
}

}  // namespace

StaffMessage describe_sync_error(const std::string& raw, std::string_view language) {
    return {meaning(raw).in(language), raw};
}

}  // namespace feedback::ui
