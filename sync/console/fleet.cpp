// The kiosk fleet (see fleet.h for the states, their precedence and the clocks used).
#include "fleet.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "dates.h"
#include "labels.h"
#include "pages.h"

namespace feedback::console {
namespace {

constexpr std::int64_t kDay = 86400;

// Monday = 0 for days since 1970-01-01 (a Thursday).
int weekday(std::int64_t days) { return static_cast<int>(((days + 3) % 7 + 7) % 7); }

constexpr std::array<const char*, 7> kDayNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::optional<int> day_index(std::string_view word) {
    for (std::size_t i = 0; i < kDayNames.size(); ++i)
        if (word == kDayNames[i]) return static_cast<int>(i);
    return std::nullopt;
}

// "08:30" -> 510; "24:00" allowed as the end of a day.
std::optional<int> clock_minutes(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    for (const std::size_t i : {0u, 1u, 3u, 4u})
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    const int h = (text[0] - '0') * 10 + (text[1] - '0');
    const int m = (text[3] - '0') * 10 + (text[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

// "+07:00" / "-03:30" -> minutes.
std::optional<int> offset_minutes(std::string_view text) {
    if (text.size() != 6 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
    const auto minutes = clock_minutes(text.substr(1));
    if (!minutes || *minutes > 14 * 60) return std::nullopt;
    return text[0] == '-' ? -*minutes : *minutes;
}

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (i > start) out.push_back(text.substr(start, i - start));
    }
    return out;
}

std::string two(int n) {
    char b[16];
    std::snprintf(b, sizeof b, "%02d", n);
    return b;
}

std::string offset_text(int minutes) {
    const int a = std::abs(minutes);
    return std::string(minutes < 0 ? "-" : "+") + two(a / 60) + ":" + two(a % 60);
}

}  // namespace

std::optional<OfficeHours> parse_office_hours(std::string_view spec, std::string* problem) {
    auto fail = [&](const std::string& why) -> std::optional<OfficeHours> {
        if (problem) *problem = why;
        return std::nullopt;
    };
    std::string lowered(spec);
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto parts = words(lowered);
    OfficeHours hours;
    if (!parts.empty() && (parts.back().front() == '+' || parts.back().front() == '-')) {
        const auto offset = offset_minutes(parts.back());
        if (!offset) return fail("expected a UTC offset like +07:00 at the end");
        hours.utc_offset_min = *offset;
        parts.pop_back();
    }
    if (parts.size() == 1 && parts[0] == "always") {
        hours.always = true;
        return hours;
    }
    if (parts.size() != 2) return fail("expected \"DAYS HH:MM-HH:MM [+07:00]\" (e.g. mon-fri 08:30-16:30) or \"always\"");
    hours.days.fill(false);
    std::size_t start = 0;
    const std::string_view days = parts[0];
    while (start <= days.size()) {
        const auto comma = days.find(',', start);
        const auto item = days.substr(start, comma == std::string_view::npos ? comma : comma - start);
        const auto dash = item.find('-');
        const auto first = day_index(item.substr(0, dash));
        const auto last = dash == std::string_view::npos ? first : day_index(item.substr(dash + 1));
        if (!first || !last) return fail("days: expected mon, tue, …, sun, ranges like mon-fri, separated by commas");
        for (int d = *first;; d = (d + 1) % 7) {
            hours.days[static_cast<std::size_t>(d)] = true;
            if (d == *last) break;
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    const std::string_view window = parts[1];
    const auto dash = window.find('-');
    const auto open = dash == std::string_view::npos ? std::nullopt : clock_minutes(window.substr(0, dash));
    const auto close = dash == std::string_view::npos ? std::nullopt : clock_minutes(window.substr(dash + 1));
    if (!open || !close || *open >= *close) return fail("hours: expected HH:MM-HH:MM with the opening first");
    hours.open_min = *open;
    hours.close_min = *close;
    return hours;
}

std::string to_string(const OfficeHours& hours) {
    const std::string offset = offset_text(hours.utc_offset_min);
    if (hours.always) return "always " + offset;
    std::string days;
    for (int d = 0; d < 7;) {
        if (!hours.days[static_cast<std::size_t>(d)]) {
            ++d;
            continue;
        }
        int e = d;
        while (e + 1 < 7 && hours.days[static_cast<std::size_t>(e + 1)]) ++e;
        if (!days.empty()) days += ",";
        days += kDayNames[static_cast<std::size_t>(d)];
        if (e > d) days += std::string("-") + kDayNames[static_cast<std::size_t>(e)];
        d = e + 1;
    }
    return days + " " + two(hours.open_min / 60) + ":" + two(hours.open_min % 60) + "-" + two(hours.close_min / 60) +
           ":" + two(hours.close_min % 60) + " " + offset;
}

std::int64_t office_seconds(const OfficeHours& hours, std::int64_t from, std::int64_t to, std::int64_t cap) {
    if (to <= from) return 0;
    if (hours.always) return std::min(to - from, cap);
    const std::int64_t shift = std::int64_t{hours.utc_offset_min} * 60;
    std::int64_t total = 0;
    // Local days from the one holding `from` to the one holding `to`; a year at most, which any
    // schedule with an office day reaches `cap` (a few heartbeat intervals) long before.
    const std::int64_t first = floor_div(from + shift, kDay);
    const std::int64_t last = std::min(floor_div(to + shift, kDay), first + 400);
    for (std::int64_t day = first; day <= last && total < cap; ++day) {
        if (!hours.days[static_cast<std::size_t>(weekday(day))]) continue;
        const std::int64_t open = day * kDay - shift + hours.open_min * 60;
        const std::int64_t close = day * kDay - shift + hours.close_min * 60;
        const std::int64_t a = std::max(open, from), b = std::min(close, to);
        if (b > a) total += b - a;
    }
    return std::min(total, cap);
}

std::string_view to_string(KioskState state) {
    switch (state) {
        case KioskState::Auth: return "auth";
        case KioskState::Silent: return "silent";
        case KioskState::WrongClock: return "clock";
        case KioskState::Backlog: return "backlog";
        case KioskState::Ok: break;
    }
    return "ok";
}

HeardTimes::HeardTimes(std::function<SteadyClock::time_point()> now) : now_(std::move(now)) {}

void HeardTimes::heard(const std::string& device) {
    const auto at = now_();
    const std::lock_guard lock(mutex_);
    last_[device] = at;
}

std::optional<std::chrono::milliseconds> HeardTimes::ago(const std::string& device) const {
    const auto now = now_();
    const std::lock_guard lock(mutex_);
    const auto it = last_.find(device);
    if (it == last_.end()) return std::nullopt;
    return std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(now - it->second));
}

KioskStatus assess(const FleetRow& row, const FleetPolicy& policy, std::int64_t now_utc_s,
                   std::optional<std::chrono::milliseconds> heard_ago) {
    KioskStatus s;
    s.row = row;
    if (heard_ago) {
        s.heartbeat_age_s = heard_ago->count() / 1000;
    } else if (const auto last = parse_utc(row.last_heartbeat_utc)) {
        s.heartbeat_age_s = std::max<std::int64_t>(0, now_utc_s - *last);
    }
    // ISO 8601 UTC strings of the collector's own clock compare as text. They have millisecond
    // resolution, so a refusal and an accepted request can carry the same stamp; the refusal
    // then counts (>=): a problem shown one heartbeat too long beats one never shown.
    const std::string& last_ok = std::max(row.last_heartbeat_utc, row.last_batch_utc);
    if (!row.auth_refused_utc.empty() && row.auth_refused_utc >= last_ok) s.states.push_back(KioskState::Auth);
    const std::int64_t silent_after = policy.heartbeat_interval.count() * policy.silent_intervals;
    if (!s.heartbeat_age_s ||
        office_seconds(policy.hours, now_utc_s - *s.heartbeat_age_s, now_utc_s, silent_after) >= silent_after)
        s.states.push_back(KioskState::Silent);
    if (row.clock_offset_ms && std::llabs(*row.clock_offset_ms) > policy.clock_tolerance.count() * 1000)
        s.states.push_back(KioskState::WrongClock);
    if (row.oldest_pending_age_s && *row.oldest_pending_age_s > policy.backlog_after.count())
        s.states.push_back(KioskState::Backlog);
    s.state = s.states.empty() ? KioskState::Ok : s.states.front();
    return s;
}

FleetBounds fleet_bounds(std::int64_t now_utc_s, int utc_offset_min) {
    const std::int64_t shift = std::int64_t{utc_offset_min} * 60;
    const std::int64_t today = floor_div(now_utc_s + shift, kDay);
    const CivilDate c = civil_from_days(today);
    int start_year = c.year, start_month = 4, fiscal_year = c.year, half = 2;
    if (c.month >= 10) {
        start_month = 10;
        fiscal_year = c.year + 1;
        half = 1;
    } else if (c.month <= 3) {
        start_year = c.year - 1;
        start_month = 10;
        half = 1;
    }
    FleetBounds b;
    b.today_start_utc = format_utc(today * kDay - shift);
    b.half_start_utc = format_utc(days_from_civil(start_year, start_month, 1) * kDay - shift);
    b.half_label = std::to_string(fiscal_year + 543) + "-H" + std::to_string(half);
    return b;
}

FleetView fleet_view(ConsoleStore& store, const std::string& office, const FleetPolicy& policy,
                     std::int64_t now_utc_s, const HeardTimes* heard, bool with_counts) {
    FleetView view;
    view.office = office;
    view.now_utc_s = now_utc_s;
    view.bounds = fleet_bounds(now_utc_s, policy.hours.utc_offset_min);
    // Bounds after every arrival count nothing (the store's range scan finds no row).
    const std::string never = "9999-12-31T00:00:00.000Z";
    for (const auto& row : store.fleet(office, with_counts ? view.bounds.today_start_utc : never,
                                       with_counts ? view.bounds.half_start_utc : never))
        view.kiosks.push_back(assess(row, policy, now_utc_s, heard ? heard->ago(row.device_id) : std::nullopt));
    return view;
}

namespace {

using json = nlohmann::ordered_json;

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

template <class T>
json value_or_null(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

std::string offset_seconds_text(const std::optional<std::int64_t>& ms) {
    if (!ms) return "-";
    // In tenths of a second, so that a kiosk a few milliseconds behind reads "0.0 s", not "-0.0 s".
    const long long tenths = std::llround(static_cast<double>(*ms) / 100.0);
    if (tenths == 0) return "0.0 s";
    char b[32];
    std::snprintf(b, sizeof b, "%+.1f s", static_cast<double>(tenths) / 10.0);
    return b;
}

// "3 s", "5 min", "2 h", "3 d"; in Thai words on the Thai page ("3 วินาที").
std::string age_text(const std::optional<std::int64_t>& seconds, bool thai = false) {
    if (!seconds) return "-";
    const std::int64_t s = *seconds;
    if (s < 120) return std::to_string(s) + (thai ? " วินาที" : " s");
    if (s < 7200) return std::to_string(s / 60) + (thai ? " นาที" : " min");
    if (s < 2 * kDay) return std::to_string(s / 3600) + (thai ? " ชั่วโมง" : " h");
    return std::to_string(s / kDay) + (thai ? " วัน" : " d");
}

}  // namespace

std::string fleet_json(const FleetView& view, const FleetPolicy& policy) {
    json j = json::object();
    j["generated_utc"] = format_utc(view.now_utc_s);
    j["office"] = view.office;
    j["today_start_utc"] = view.bounds.today_start_utc;
    j["half_year"] = json{{"label", view.bounds.half_label}, {"start_utc", view.bounds.half_start_utc}};
    j["policy"] = json{{"heartbeat_interval_s", policy.heartbeat_interval.count()},
                       {"silent_after_s", policy.heartbeat_interval.count() * policy.silent_intervals},
                       {"office_hours", to_string(policy.hours)},
                       {"clock_tolerance_s", policy.clock_tolerance.count()},
                       {"backlog_after_s", policy.backlog_after.count()}};
    json kiosks = json::array();
    for (const auto& k : view.kiosks) {
        const FleetRow& r = k.row;
        json states = json::array();
        for (const auto s : k.states) states.push_back(std::string(to_string(s)));
        const bool heard = !r.last_heartbeat_utc.empty();
        kiosks.push_back(json{
            {"office", r.office},
            {"device_id", r.device_id},
            {"device_name", r.device_name},
            {"app_version", text_or_null(r.app_version)},
            {"state", std::string(to_string(k.state))},
            {"states", states},
            {"last_heartbeat_utc", text_or_null(r.last_heartbeat_utc)},
            {"heartbeat_age_s", value_or_null(k.heartbeat_age_s)},
            {"last_batch_utc", text_or_null(r.last_batch_utc)},
            {"entries_today", r.entries_today},
            {"entries_half_year", r.entries_half},
            {"pending", heard ? json(r.pending) : json(nullptr)},
            {"oldest_pending_age_s", value_or_null(r.oldest_pending_age_s)},
            {"last_error", heard ? json(r.last_error) : json(nullptr)},
            {"kiosk_clock_utc", text_or_null(r.kiosk_clock_utc)},
            {"clock_offset_ms", value_or_null(r.clock_offset_ms)},
            {"auth_refused_utc", text_or_null(r.auth_refused_utc)},
            {"auth_refused_status", r.auth_refused_status ? json(r.auth_refused_status) : json(nullptr)},
            {"auth_refusals", r.auth_refusals},
        });
    }
    j["kiosks"] = std::move(kiosks);
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string fleet_table(const FleetView& view) {
    const std::vector<std::string> head{"OFFICE", "DEVICE", "NAME", "VERSION", "STATE", "HEARTBEAT", "LAST BATCH",
                                        "TODAY", "HALF", "PENDING", "OLDEST", "CLOCK", "LAST ERROR"};
    std::vector<std::vector<std::string>> rows{head};
    for (const auto& k : view.kiosks) {
        const FleetRow& r = k.row;
        std::string state(to_string(k.state));
        for (std::size_t i = 1; i < k.states.size(); ++i) state += "+" + std::string(to_string(k.states[i]));
        std::string error = r.last_error.substr(0, 60);
        for (auto& c : error)
            if (static_cast<unsigned char>(c) < 0x20) c = ' ';
        rows.push_back({r.office.empty() ? "-" : r.office, r.device_id, r.device_name.empty() ? "-" : r.device_name,
                        r.app_version.empty() ? "-" : r.app_version, state,
                        k.heartbeat_age_s ? age_text(k.heartbeat_age_s) + " ago" : "never",
                        r.last_batch_utc.empty() ? "never" : r.last_batch_utc.substr(0, 19) + "Z",
                        std::to_string(r.entries_today), std::to_string(r.entries_half), std::to_string(r.pending),
                        age_text(r.oldest_pending_age_s), offset_seconds_text(r.clock_offset_ms),
                        error.empty() ? "-" : error});
    }
    // Widths in code points, so Thai names line up as well as a terminal allows.
    const auto width = [](const std::string& s) {
        std::size_t n = 0;
        for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return n;
    };
    std::vector<std::size_t> widths(head.size(), 0);
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width(row[i]));
    std::string out = "fleet of " + (view.office == "*" ? std::string("every office") : "office " + view.office) +
                      " at " + format_utc(view.now_utc_s) + " (half-year " + view.bounds.half_label + ")\n";
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - width(row[i]) + 2, ' ');
        }
        out += line + "\n";
    }
    return out;
}

namespace {

const char* state_label(KioskState state, bool en) {
    switch (state) {
        case KioskState::Auth: return en ? "Token refused" : "รหัสเข้าถึงถูกปฏิเสธ";
        case KioskState::Silent: return en ? "Silent" : "ขาดการติดต่อ";
        case KioskState::WrongClock: return en ? "Clock wrong" : "นาฬิกาคลาดเคลื่อน";
        case KioskState::Backlog: return en ? "Backlog" : "ค้างส่ง";
        case KioskState::Ok: break;
    }
    return en ? "OK" : "ปกติ";
}

std::string t(const PageContext& ctx, const char* th, const char* en) { return ctx.en ? en : th; }

}  // namespace

std::string fleet_body(const PageContext& ctx, const FleetView& view, const FleetPolicy& policy) {
    std::string h = "<h1>" + t(ctx, "สถานะตู้รับความคิดเห็น", "Kiosk fleet") + "</h1>\n";
    const std::string hours = to_string(policy.hours);
    const std::string silent_after = std::to_string(policy.heartbeat_interval.count() * policy.silent_intervals);
    h += "<p class=\"muted\" id=\"fleet-policy\">" +
         // Each state word and each figure with its unit kept on one line (.term, .nowrap): a
         // browser may break Thai between dictionary words, and "ค้าง|ส่ง" or "3|วินาที" across
         // two lines reads as something else.
         (ctx.en ? "<span class=\"term\">Silent:</span> no heartbeat for <span class=\"nowrap\">" + silent_after +
                       " s</span> of office hours (" + escape(hours) + "). <span class=\"term\">Clock:</span> more than " +
                       "<span class=\"nowrap\">" + std::to_string(policy.clock_tolerance.count()) +
                       " s</span> off. <span class=\"term\">Backlog:</span> oldest pending entry older than " +
                       "<span class=\"nowrap\">" + std::to_string(policy.backlog_after.count() / 60) +
                       " min</span>. Half-year " + view.bounds.half_label + "."
                 : "<span class=\"term\">ขาดการติดต่อ:</span> ไม่ได้รับสัญญาณ <span class=\"nowrap\">" + silent_after +
                       " วินาที</span>ในเวลาทำการ (" + escape(hours) + ") <span class=\"term\">นาฬิกาคลาดเคลื่อน:</span> ต่างเกิน " +
                       "<span class=\"nowrap\">" + std::to_string(policy.clock_tolerance.count()) +
                       " วินาที</span> <span class=\"term\">ค้างส่ง:</span> รายการที่รอส่งนานกว่า <span class=\"nowrap\">" +
                       std::to_string(policy.backlog_after.count() / 60) + " นาที</span> ครึ่งปี " + view.bounds.half_label) +
         "</p>\n";
    // Nine columns, so that the table fits a 1000-pixel window without scrolling sideways: the
    // device's name and version sit under its id, the oldest pending entry under the pending
    // count, and a kiosk's last error gets a full-width row of its own under the kiosk (it is
    // the longest text and the one IT reads whole). The last batch is the office's local time
    // in B.E. like every date on the console, with the UTC instant in <time datetime>.
    h += "<table id=\"fleet\"><thead><tr><th>" + t(ctx, "สำนักงาน", "Office") + "</th><th>" +
         t(ctx, "อุปกรณ์", "Device") + "</th><th>" + t(ctx, "สถานะ", "State") + "</th><th>" +
         t(ctx, "สัญญาณล่าสุด", "Last heartbeat") + "</th><th>" + t(ctx, "ส่งข้อมูลล่าสุด", "Last batch") +
         "</th><th>" + t(ctx, "วันนี้", "Today") + "</th><th>" + t(ctx, "ครึ่งปีนี้", "Half-year") + "</th><th>" +
         t(ctx, "รอส่ง", "Pending") + "</th><th>" + t(ctx, "นาฬิกาต่าง", "Clock offset") +
         "</th></tr></thead><tbody>\n";
    for (const auto& k : view.kiosks) {
        const FleetRow& r = k.row;
        const std::string word(to_string(k.state));
        std::string also;
        for (std::size_t i = 1; i < k.states.size(); ++i)
            also += " <span class=\"also\" data-state=\"" + std::string(to_string(k.states[i])) + "\">+ " +
                    state_label(k.states[i], ctx.en) + "</span>";
        std::string batch = "-";
        if (const auto at = parse_utc(r.last_batch_utc))
            batch = "<time datetime=\"" + escape(format_utc(*at)) + "\">" +
                    escape(be_date_time(*at, policy.hours.utc_offset_min, ctx.en)) + "</time>";
        std::string pending = std::to_string(r.pending);
        if (r.pending > 0 && r.oldest_pending_age_s)
            pending += "<br><span class=\"muted\">" + t(ctx, "นานสุด ", "oldest ") + escape(age_text(r.oldest_pending_age_s, !ctx.en)) +
                       "</span>";
        h += "<tr class=\"kiosk state-" + word + "\" data-device=\"" + escape(r.device_id) + "\" data-state=\"" + word +
             "\"><td class=\"office\">" + escape(r.office) + "</td><td class=\"device\"><span class=\"id\">" +
             escape(r.device_id) + "</span>" +
             (r.device_name.empty() ? "" : "<br><span class=\"name\">" + escape(r.device_name) + "</span>") +
             (r.app_version.empty() ? "" : "<br><span class=\"muted version\">" + t(ctx, "รุ่น ", "version ") +
                                               escape(r.app_version) + "</span>") +
             "</td><td class=\"state\"><strong>" + state_label(k.state, ctx.en) + "</strong> <code>" + word +
             "</code>" + also + "</td><td class=\"heard\">" +
             (k.heartbeat_age_s ? escape(age_text(k.heartbeat_age_s, !ctx.en)) + t(ctx, "ที่แล้ว", " ago")
                                : t(ctx, "ไม่เคย", "never")) +
             "</td><td class=\"batch\">" + batch + "</td><td class=\"num today\">" + std::to_string(r.entries_today) +
             "</td><td class=\"num half\">" + std::to_string(r.entries_half) + "</td><td class=\"num pending\">" +
             pending + "</td><td class=\"num clock\">" + escape(offset_seconds_text(r.clock_offset_ms)) + "</td></tr>\n";
        if (!r.last_error.empty())
            h += "<tr class=\"kiosk-error\" data-device=\"" + escape(r.device_id) + "\"><td></td><td colspan=\"8\">" +
                 t(ctx, "ข้อผิดพลาดล่าสุด: ", "Last error: ") + "<span class=\"error\">" + escape(r.last_error) +
                 "</span></td></tr>\n";
    }
    h += "</tbody></table>\n";
    if (view.kiosks.empty())
        h += "<p id=\"fleet-empty\">" + t(ctx, "ยังไม่มีตู้ในสำนักงานนี้", "No kiosks in this office yet") + "</p>\n";
    return h;
}

}  // namespace feedback::console
