// The public results routes (issue 19, item 3), served on the collector's own listener with no
// sign-in:
//
//   GET /public/<office-code>          the page (Thai; ?lang=en for English)
//   GET /public/<office-code>.json     the figures as JSON (README.md documents every field)
//   GET /public/<office-code>/embed    a small page for an office website's <iframe> (?lang=en)
//
// Why it is shaped this way:
// - Only offices published with `feedback-collector publish … on` have pages. An unknown and
//   an unpublished office get the same 404 with the same body, so the pages do not tell which
//   office codes exist. The flag is read on every request, so `publish … off` takes effect at
//   once for the collector (a browser or proxy may still show its copy for max-age seconds).
// - The figures of one office are computed at most once per `cache_seconds` (the kiosk's report
//   over a half-year of entries is real work, and these pages are open to the whole internet);
//   the cache keeps the computed model, not the rendering, so the three forms always agree.
// - Headers: no cookies ever; Cache-Control public with max-age = cache_seconds;
//   Content-Security-Policy forbids scripts and every outside resource. The page and the JSON
//   may not be framed (frame-ancestors 'none'); the embed may be framed by any site
//   (frame-ancestors *), which is its purpose; the JSON carries Access-Control-Allow-Origin: *
//   so an office website may fetch it from its own script. Referrer-Policy no-referrer.
// - Nothing here knows the collector or HTTP library: the collector supplies the published
//   office, the kiosk report for an office and a period, and the clock; it converts requests.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "public_results.h"

namespace feedback::publicresults {

struct PublishedOffice {
    std::string code;
    std::string name_th;
    std::string name_en;
};

// The office when it exists and is published, else nullopt. May throw (a 500 page).
using OfficeLookup = std::function<std::optional<PublishedOffice>(const std::string& code)>;
// The kiosk's report (kiosk/report) over the office's entries in the period. May throw.
using FiguresSource = std::function<report::Report(const std::string& office_code, const core::Period& period)>;

struct PublicOptions {
    unsigned cache_seconds = 300;  // 0: compute on every request (tests)
    // Wall clock in UTC milliseconds: decides today's office-local date, hence the halves.
    std::function<std::int64_t()> now_utc_ms;
    // Monotonic clock for the cache.
    std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
};

struct PublicResponse {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

class PublicPages {
public:
    PublicPages(OfficeLookup office, FiguresSource figures, PublicOptions options);

    // True for "/public/…".
    static bool handles(std::string_view path);
    // GET (or HEAD, answered as GET) of one of the routes; `query` holds lang=. Thread-safe.
    // Throws what the lookup or the figures throw (the collector answers 500/503).
    PublicResponse handle(std::string_view path, std::string_view query);

    // The published figures of an office now (the cache applied); nullopt when not published.
    std::optional<Results> results(const std::string& code);

private:
    OfficeLookup office_;
    FiguresSource figures_;
    PublicOptions options_;
    std::mutex mutex_;
    struct Cached {
        std::chrono::steady_clock::time_point at;
        Results results;
    };
    std::map<std::string, Cached> cache_;  // by office code
};

}  // namespace feedback::publicresults
