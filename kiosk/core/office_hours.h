// When the office is open (office.hours, office.closed_dates), with no UI and no SQL.
//
// Why the kiosk cares: it stays on at night and over holidays. A visitor who answers then should
// know nobody is at the counter (the Welcome screen says the office is closed, and still takes
// the answer), and reports must be able to tell those answers apart (entries.outside_hours).
//
// Design:
// - Hours are written the way a notice on the door says them: groups of days and times,
//   "mon-fri 08:30-16:30; sat 09:00-12:00". Days are English three-letter names (mon … sun),
//   single, ranges ("mon-fri", wrapping past Sunday is allowed: "sat-mon") or comma lists
//   ("mon,wed,fri"); times are 24-hour H:MM or HH:MM, a group may have several ranges
//   ("mon-fri 08:30-12:00, 13:00-16:30"), "24:00" ends a range at midnight. A range that runs
//   past midnight is refused (write it as two groups): such offices do not exist here, and
//   "22:00-06:00" is as likely a typo as a night shift.
// - Empty hours = always open (closed dates still apply). Closed dates (public holidays) are
//   local ISO dates and close the whole day.
// - Everything is in the kiosk's local time, given as the UTC offset of the instant asked about
//   (core/clock.h's local_offset_min), like the entries themselves.
// - next_change() is for the main loop's wake-up, so that the Welcome banner appears and
//   disappears on time without polling.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/thai_calendar.h"

namespace feedback::core {

// What is wrong with an hours string or a closed date, as a phrase for a configuration error.
struct OfficeHoursError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

class OfficeHours {
public:
    OfficeHours() = default;  // always open

    // Parses office.hours ("" = always open). Throws OfficeHoursError.
    static OfficeHours parse(std::string_view hours);
    // Checks one closed date ("YYYY-MM-DD", C.E.). Throws OfficeHoursError.
    static CivilDate parse_closed_date(std::string_view text);
    // Both keys together. Throws OfficeHoursError.
    static OfficeHours parse(std::string_view hours, const std::vector<std::string>& closed_dates);

    void add_closed_date(CivilDate date);

    // No hours and no closed dates: never closed.
    bool always_open() const { return !restricted_ && closed_dates_.empty(); }
    bool has_hours() const { return restricted_; }
    bool is_open(std::int64_t utc_ms, int offset_min) const;
    // The first instant after utc_ms at which is_open() changes, at the same offset; nullopt when
    // it never changes (always open, or open around the clock with no closed dates ahead).
    std::optional<std::int64_t> next_change(std::int64_t utc_ms, int offset_min) const;

    // The hours for the Welcome banner: "จันทร์–ศุกร์ 08:30–16:30, เสาร์ 09:00–12:00" /
    // "Mon–Fri 08:30–16:30, Sat 09:00–12:00". Days with the same times are grouped. Empty when
    // no hours are set.
    std::string describe(std::string_view language) const;

    bool operator==(const OfficeHours&) const = default;

private:
    // By weekday, 0 = Sunday … 6 = Saturday: sorted, merged [start, end) in minutes of the day.
    std::array<std::vector<std::pair<int, int>>, 7> windows_{};
    bool restricted_ = false;
    std::vector<CivilDate> closed_dates_;  // sorted, unique

    bool closed_on(CivilDate date) const;
};

}  // namespace feedback::core
