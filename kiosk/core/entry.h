// What a visitor leaves behind: one entry per session (a rating or a complaint).
//
// Data is kept in logical Unicode (never display-shaped text) and times in UTC with the
// kiosk's offset beside them, so that a report can show office-local time without guessing
// what zone the kiosk was in (DESIGN.md §5).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::core {

enum class EntryKind { Rating, Complaint };
enum class SessionState { Open, Closed };

std::string_view to_string(EntryKind kind);
std::string_view to_string(SessionState state);
std::optional<EntryKind> entry_kind_from(std::string_view text);
std::optional<SessionState> session_state_from(std::string_view text);

inline constexpr int kMinRating = 1;
inline constexpr int kMaxRating = 5;
inline constexpr std::size_t kMaxCommentBytes = 2000;  // ~600 Thai characters; the UI limits sooner

struct Entry {
    std::string id;                 // UUID made on the kiosk (v7: time-ordered, random tail)
    EntryKind kind = EntryKind::Rating;
    std::int64_t created_utc_ms = 0;
    int utc_offset_min = 0;         // kiosk's offset from UTC when the entry was made
    std::string device_id;
    std::string service_point;      // survey service-point id, empty when not asked
    std::optional<int> rating;      // 1..5; empty only for complaints
    std::map<std::string, int> dimensions;  // dimension id -> level 1..5
    std::vector<std::string> reasons;       // reason ids, in the order chosen
    // Respondent profile (survey [[profile]]): question id -> chosen option id. Only answered
    // questions are present; "not answered" is reported as ไม่ระบุ.
    std::map<std::string, std::string> profile;
    std::string comment;            // logical UTF-8
    std::string language = "th";    // "th" or "en": the language the visitor used
    bool misuse = false;            // tapped too soon after the previous answer (kept, not counted)
    SessionState state = SessionState::Open;
    std::string survey_version;
    std::string channel = "kiosk";  // where the answer came from
    bool outside_hours = false;     // given while the office was closed (office.hours,
                                    // office.closed_dates); set when the entry is made
};

// A new, open rating entry made now on this kiosk: fresh UUID, UTC time and local offset.
Entry make_rating_entry(int rating, std::string device_id, std::string survey_version,
                        std::string language);

// Returns an empty string when the entry is valid, else what is wrong (for messages).
std::string validate(const Entry& entry);

}  // namespace feedback::core
