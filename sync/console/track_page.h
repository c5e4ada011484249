// The public tracking page (issue 18): GET /track/<reference>?k=<tracking key>, served by the
// collector's own listener, for the visitor who scanned the QR code on the kiosk's reference
// screen.
//
// What it shows: reference, category, filed date (B.E. in Thai), the current status with its
// date, and the public responses — in Thai, or English with ?lang=en (a link, no JavaScript).
// What it never shows, and never even reads: the description, contact details, internal notes.
//
// Why it is shaped this way:
// - The reference alone is guessable (kiosk code, date, daily sequence), so the page needs the
//   complaint's tracking key too. An unknown reference and a wrong key get the SAME answer
//   (404, one constant bilingual body), and the key is compared in constant time against a
//   stand-in when the reference is unknown, so neither the answer nor its timing tells an
//   enumerator which references exist.
// - Each address may look up `lookups_per_minute` pages per rolling minute; beyond that it is
//   answered 429 with Retry-After. 80-bit keys are not what the limit protects; it keeps a
//   scraper from costing the collector work and from probing references for free.
// - The page is one self-contained HTML document: inline CSS, the kiosk report's Thai font stack,
//   no external resource, no script (Content-Security-Policy forbids both), Referrer-Policy
//   no-referrer (the key is in the URL) and Cache-Control no-store.
// - The key and the query never reach the log; the collector logs the path only.
// - Status history belongs to the console (sync/console, case handling). Until a complaint has
//   any, it reads "received" with the date the collector received it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "collector.h"

namespace feedback::collector {
class Storage;
}

namespace feedback::console {

struct TrackPolicy {
    unsigned lookups_per_minute = 10;  // per address; 0 = no limit (tests only)
};

// One public step of a complaint's handling, as the visitor sees it.
struct PublicStep {
    std::string status;    // received | accepted | in_progress | resolved | referred
    std::string at_utc;    // ISO 8601 UTC
    std::string response;  // the public response ("" when none was given)
    std::string referred_to;
};

class TrackPage {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    TrackPage(collector::Storage& storage, TrackPolicy policy, Clock now);

    // True for the paths this page answers ("/track/…").
    static bool handles(std::string_view path);
    // Thread-safe. Throws collector::StorageError (the collector turns it into a 5xx).
    collector::Response handle(const collector::Request& request);

private:
    bool admit(const std::string& address);

    collector::Storage& storage_;
    TrackPolicy policy_;
    Clock now_;
    std::mutex mutex_;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> lookups_;  // by address
};

// "6 ธันวาคม 2569 เวลา 14:05 น." / "6 December 2026, 14:05": an ISO UTC time shown at the
// kiosk's offset. "" when `utc` is not an ISO time.
std::string format_local_time(std::string_view utc, int utc_offset_min, bool thai);

}  // namespace feedback::console
