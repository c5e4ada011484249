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
// - The status and public responses are the console's case history (ConsoleStore::history);
//   internal notes and the officers' names in it are never shown. A complaint no officer has
//   touched yet reads "received, waiting for an officer" with the date the collector got it.
// - It is part of the console library (no collector types): the collector converts requests
//   and supplies the lookup of the wire fields (the tracking key) from its own storage.
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

#include "auth.h"
#include "console.h"
#include "console_store.h"

namespace feedback::console {

// What the page may know of a complaint to find it: never its description, contact details or
// notes, so they are not even read. The collector's storage provides it (the wire fields live
// in its `entries` table).
struct TrackedComplaint {
    std::int64_t seq = 0;      // the entry's seq: the case and its history
    std::string id;
    std::string tracking_key;  // "" when the kiosk sent none: such a complaint cannot be tracked
    std::string category;
    std::string created_utc;
    int utc_offset_min = 0;
    std::string received_utc;
};

// Complaints with this reference (normally one; kiosks of different offices may share a device
// code), oldest first. May throw; the collector turns that into a 5xx.
using TrackLookup = std::function<std::vector<TrackedComplaint>(const std::string& reference)>;

struct TrackPolicy {
    unsigned lookups_per_minute = 10;  // per address; 0 = no limit
};

class TrackPage {
public:
    // `store` gives each complaint's public history (case_history: status, date, public response).
    TrackPage(TrackLookup lookup, ConsoleStore& store, TrackPolicy policy, Clock now);

    // True for the paths this page answers ("/track/…").
    static bool handles(std::string_view path);
    // Thread-safe. request.address is the per-address limit's key; query holds k= and lang=.
    ConsoleResponse handle(const ConsoleRequest& request);

private:
    bool admit(const std::string& address);

    TrackLookup lookup_;
    ConsoleStore& store_;
    TrackPolicy policy_;
    Clock now_;
    std::mutex mutex_;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> lookups_;  // by address
};

// "6 ธันวาคม 2569 เวลา 14:05 น." / "6 December 2026, 14:05": an ISO UTC time shown at the
// kiosk's offset. "" when `utc` is not an ISO time.
std::string format_local_time(std::string_view utc, int utc_offset_min, bool thai);

}  // namespace feedback::console
