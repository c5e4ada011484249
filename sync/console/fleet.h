// The kiosk fleet at the centre (issue 19): every kiosk's facts (from its heartbeats, batches,
// entries and refused requests) and a *computed* state, for /console/fleet, `feedback-collector
// fleet` and /metrics.
//
// Why states are computed, never stored: a stored "silent" would have to be written by something
// that notices an absence, and would be wrong the moment the kiosk speaks again. Computing from
// facts at read time is always current and needs no timer.
//
// The states, and the precedence when several hold (the first wins `state`; all are listed in
// `states`):
//   auth     a request claiming the kiosk was refused for its token (401/403) after the last
//            heartbeat or batch that got through: nothing it sends arrives, and everything else
//            shown is stale; fixing the token comes first.
//   silent   no heartbeat for 3 heartbeat intervals counted in office hours only (a kiosk
//            switched off overnight is not silent until it has been quiet for 3 intervals of the
//            next office day); a known kiosk never heard from is silent. Its other figures are
//            old news, so this outranks them.
//   clock    |kiosk clock - collector clock| at the last heartbeat > 2 minutes: its entries carry
//            wrong times (and dates in the reports), a fault no backlog explains.
//   backlog  the oldest pending entry (as its last heartbeat said) is older than 1 hour: usually
//            a symptom (network, collector), hence last.
//   ok       none of the above.
//
// Time: heartbeat ages are measured on the steady clock by the serving process (HeardTimes),
// so changing the collector's wall clock cannot make every kiosk look silent; the wall clock is
// used only for heartbeats this process has not heard itself (after a restart, the command
// line) and for the office-hours calendar.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "console_store.h"

namespace feedback::console {

struct PageContext;

// When the centre expects kiosks to be on: weekdays and a daily [open, close) window in local
// time at a fixed UTC offset (Thailand has no daylight saving).
struct OfficeHours {
    std::array<bool, 7> days{true, true, true, true, true, false, false};  // Monday … Sunday
    int open_min = 8 * 60 + 30;    // minutes after local midnight
    int close_min = 16 * 60 + 30;  // exclusive
    int utc_offset_min = 7 * 60;   // Asia/Bangkok
    bool always = false;           // every minute counts (tests, 24-hour offices)
};

// "mon-fri 08:30-16:30" (the default), "mon,wed,sat 09:00-12:00", "always"; either may end with
// a UTC offset "+07:00". nullopt with *problem for anything else.
std::optional<OfficeHours> parse_office_hours(std::string_view spec, std::string* problem = nullptr);
std::string to_string(const OfficeHours& hours);

// Seconds of [from, to) (epoch seconds) that fall in office hours; counting stops at `cap`.
std::int64_t office_seconds(const OfficeHours& hours, std::int64_t from, std::int64_t to, std::int64_t cap);

struct FleetPolicy {
    // How often kiosks send heartbeats: the kiosk's default sync.heartbeat_s.
    std::chrono::seconds heartbeat_interval{300};
    int silent_intervals = 3;
    OfficeHours hours;
    std::chrono::seconds clock_tolerance{120};
    std::chrono::seconds backlog_after{3600};
};

// In precedence order.
enum class KioskState { Auth, Silent, WrongClock, Backlog, Ok };  // "clock" is WrongClock
std::string_view to_string(KioskState state);

// When this process last received each device's heartbeat, on a monotonic clock. Thread-safe.
class HeardTimes {
public:
    using SteadyClock = std::chrono::steady_clock;
    explicit HeardTimes(std::function<SteadyClock::time_point()> now = [] { return SteadyClock::now(); });
    void heard(const std::string& device);
    std::optional<std::chrono::milliseconds> ago(const std::string& device) const;

private:
    std::function<SteadyClock::time_point()> now_;
    mutable std::mutex mutex_;
    std::map<std::string, SteadyClock::time_point> last_;
};

struct KioskStatus {
    FleetRow row;
    KioskState state = KioskState::Ok;
    std::vector<KioskState> states;              // every state that holds; empty = ok
    std::optional<std::int64_t> heartbeat_age_s; // nullopt = never heard
};

// `now_utc_s`: the collector's wall clock. `heard_ago`: HeardTimes' age of the last heartbeat,
// preferred over the stored wall-clock time when this process received it.
KioskStatus assess(const FleetRow& row, const FleetPolicy& policy, std::int64_t now_utc_s,
                   std::optional<std::chrono::milliseconds> heard_ago = std::nullopt);

// Local midnight today and the start of the Thai fiscal half containing today (H1 = 1 Oct –
// 31 Mar, H2 = 1 Apr – 30 Sep, as kiosk/core/period.h), as ISO 8601 UTC; label "2569-H1".
struct FleetBounds {
    std::string today_start_utc;
    std::string half_start_utc;
    std::string half_label;
};
FleetBounds fleet_bounds(std::int64_t now_utc_s, int utc_offset_min);

struct FleetView {
    std::string office;  // "*" or a code
    std::int64_t now_utc_s = 0;
    FleetBounds bounds;
    std::vector<KioskStatus> kiosks;
};
// `with_counts` false: entries_today and entries_half stay 0 and cost nothing (/metrics, scraped
// every minute, needs only the states and ages; counting a half-year of entries does not).
FleetView fleet_view(ConsoleStore& store, const std::string& office, const FleetPolicy& policy,
                     std::int64_t now_utc_s, const HeardTimes* heard = nullptr, bool with_counts = true);

// `feedback-collector fleet --json` (README.md documents every field).
std::string fleet_json(const FleetView& view, const FleetPolicy& policy);
// The same as a table for a terminal.
std::string fleet_table(const FleetView& view);
// The body of /console/fleet: table#fleet, one tr.kiosk[data-device][data-state] per kiosk.
std::string fleet_body(const PageContext& ctx, const FleetView& view, const FleetPolicy& policy);

}  // namespace feedback::console
