// Routes, headers and the cache of the public results (see public_pages.h for why).
#include "public_pages.h"

#include "core/clock.h"
#include "core/thai_calendar.h"

namespace feedback::publicresults {
namespace {

enum class Form { Page, Json, Embed };

bool english(std::string_view query) {
    // lang=en anywhere in the query; anything else is Thai, the first language.
    std::size_t start = 0;
    while (start <= query.size()) {
        const auto amp = query.find('&', start);
        const auto part = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        if (part == "lang=en") return true;
        if (amp == std::string_view::npos) break;
        start = amp + 1;
    }
    return false;
}

// The office code and form of a path, or nullopt when it is none of the routes. Codes are
// A-Z a-z 0-9 _ - . (office_code_problem); anything else cannot be an office.
std::optional<std::pair<std::string, Form>> route(std::string_view path) {
    constexpr std::string_view prefix = "/public/";
    if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::string_view rest = path.substr(prefix.size());
    Form form = Form::Page;
    constexpr std::string_view json_suffix = ".json", embed_suffix = "/embed";
    if (rest.size() > json_suffix.size() && rest.substr(rest.size() - json_suffix.size()) == json_suffix) {
        form = Form::Json;
        rest.remove_suffix(json_suffix.size());
    } else if (rest.size() > embed_suffix.size() && rest.substr(rest.size() - embed_suffix.size()) == embed_suffix) {
        form = Form::Embed;
        rest.remove_suffix(embed_suffix.size());
    }
    if (rest.empty() || rest.size() > 64) return std::nullopt;
    for (const char c : rest) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || c == '.';
        if (!ok) return std::nullopt;
    }
    return std::make_pair(std::string(rest), form);
}

constexpr const char* kNoFraming =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
constexpr const char* kAnyFraming =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *";

PublicResponse not_found() {
    PublicResponse r;
    r.status = 404;
    r.body = not_found_html();
    // Not cached: publishing an office shows its page at once.
    r.headers = {{"Cache-Control", "no-store"},
                 {"Content-Security-Policy", kNoFraming},
                 {"X-Content-Type-Options", "nosniff"},
                 {"Referrer-Policy", "no-referrer"}};
    return r;
}

}  // namespace

PublicPages::PublicPages(OfficeLookup office, FiguresSource figures, PublicOptions options)
    : office_(std::move(office)), figures_(std::move(figures)), options_(std::move(options)) {
    if (!options_.now_utc_ms) options_.now_utc_ms = [] { return core::now_utc_ms(); };
}

bool PublicPages::handles(std::string_view path) { return path.substr(0, 8) == "/public/"; }

std::optional<Results> PublicPages::results(const std::string& code) {
    const auto office = office_(code);
    if (!office) return std::nullopt;
    const auto now = options_.now();
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = cache_.find(code); it != cache_.end() && options_.cache_seconds > 0 &&
                                               now - it->second.at < std::chrono::seconds(options_.cache_seconds)) {
            Results cached = it->second.results;
            // Names may have changed; the figures are what is cached.
            cached.office_name_th = office->name_th;
            cached.office_name_en = office->name_en;
            return cached;
        }
    }
    // Computed outside the lock: one slow office does not hold up another's page. Two requests
    // for the same office at the same moment may both compute; both get the same figures.
    const std::int64_t now_ms = options_.now_utc_ms();
    const core::CivilDate today = core::local_date_of(now_ms, core::kOfficeOffsetMin);
    const Periods periods = periods_on(today);
    Results results;
    results.office_code = office->code;
    results.office_name_th = office->name_th;
    results.office_name_en = office->name_en;
    results.generated_utc_ms = now_ms;
    results.halves.push_back(half_from(figures_(office->code, periods.last_completed), true, periods.last_completed.last));
    results.halves.push_back(half_from(figures_(office->code, periods.current), false, today));
    const std::lock_guard lock(mutex_);
    cache_[code] = Cached{now, results};
    return results;
}

PublicResponse PublicPages::handle(std::string_view path, std::string_view query) {
    const auto target = route(path);
    if (!target) return not_found();
    const auto& [code, form] = *target;
    const auto found = results(code);
    if (!found) return not_found();
    PublicResponse r;
    const std::string max_age = "public, max-age=" + std::to_string(options_.cache_seconds);
    r.headers = {{"Cache-Control", options_.cache_seconds > 0 ? max_age : std::string("no-cache")},
                 {"X-Content-Type-Options", "nosniff"},
                 {"Referrer-Policy", "no-referrer"}};
    const bool en = english(query);
    switch (form) {
    case Form::Json:
        r.content_type = "application/json; charset=utf-8";
        r.body = to_json(*found);
        r.headers.emplace_back("Content-Security-Policy", kNoFraming);
        r.headers.emplace_back("Access-Control-Allow-Origin", "*");
        break;
    case Form::Embed:
        r.body = embed_html(*found, en);
        r.headers.emplace_back("Content-Security-Policy", kAnyFraming);
        break;
    case Form::Page:
        r.body = page_html(*found, en);
        r.headers.emplace_back("Content-Security-Policy", kNoFraming);
        r.headers.emplace_back("X-Frame-Options", "DENY");
        break;
    }
    return r;
}

}  // namespace feedback::publicresults
