#include "core/entry.h"

#include "core/clock.h"
#include "core/utf8.h"
#include "core/uuid.h"

#include <utility>

namespace feedback::core {

std::string_view to_string(EntryKind kind) {
    return kind == EntryKind::Rating ? "rating" : "complaint";
}

std::string_view to_string(SessionState state) {
    return state == SessionState::Open ? "open" : "closed";
}

std::optional<EntryKind> entry_kind_from(std::string_view text) {
    if (text == "rating") return EntryKind::Rating;
    if (text == "complaint") return EntryKind::Complaint;
    return std::nullopt;
}

std::optional<SessionState> session_state_from(std::string_view text) {
    if (text == "open") return SessionState::Open;
    if (text == "closed") return SessionState::Closed;
    return std::nullopt;
}

Entry make_rating_entry(int rating, std::string device_id, std::string survey_version,
                        std::string language) {
    Entry e;
    e.created_utc_ms = now_utc_ms();
    e.id = make_uuid_v7(e.created_utc_ms);
    e.utc_offset_min = local_offset_min(e.created_utc_ms);
    e.kind = EntryKind::Rating;
    e.rating = rating;
    e.device_id = std::move(device_id);
    e.survey_version = std::move(survey_version);
    e.language = std::move(language);
    e.state = SessionState::Open;
    return e;
}

std::string validate(const Entry& entry) {
    if (entry.id.size() != 36) return "entry id must be a UUID";
    if (entry.kind == EntryKind::Rating && !entry.rating) return "a rating entry needs a rating";
    if (entry.rating && (*entry.rating < kMinRating || *entry.rating > kMaxRating))
        return "rating must be from 1 to 5, got " + std::to_string(*entry.rating);
    for (const auto& [id, level] : entry.dimensions)
        if (level < kMinRating || level > kMaxRating)
            return "dimension '" + id + "' must be from 1 to 5, got " + std::to_string(level);
    if (entry.utc_offset_min < -14 * 60 || entry.utc_offset_min > 14 * 60)
        return "UTC offset out of range";
    if (entry.comment.size() > kMaxCommentBytes)
        return "comment longer than " + std::to_string(kMaxCommentBytes) + " bytes";
    if (entry.language != "th" && entry.language != "en") return "language must be th or en";
    if (entry.device_id.empty()) return "device id is empty";
    // Text that is not UTF-8 would end up in exports and batches (issue 14): refused here, where
    // every writer passes. Messages name the field and the byte, never the text.
    const auto utf8_problem = [](std::string_view field, std::string_view text) -> std::string {
        const auto at = first_invalid_utf8(text);
        if (at == std::string_view::npos) return {};
        return std::string(field) + " is not valid UTF-8 (at byte " + std::to_string(at + 1) + ")";
    };
    for (const auto& [field, text] : {std::pair<std::string_view, std::string_view>{"comment", entry.comment},
                                      {"service point", entry.service_point},
                                      {"device id", entry.device_id},
                                      {"survey version", entry.survey_version},
                                      {"channel", entry.channel}})
        if (auto problem = utf8_problem(field, text); !problem.empty()) return problem;
    for (const auto& reason : entry.reasons)
        if (auto problem = utf8_problem("reason id", reason); !problem.empty()) return problem;
    for (const auto& [id, level] : entry.dimensions)
        if (auto problem = utf8_problem("dimension id", id); !problem.empty()) return problem;
    for (const auto& [question, option] : entry.profile) {
        if (auto problem = utf8_problem("profile question id", question); !problem.empty()) return problem;
        if (auto problem = utf8_problem("profile answer", option); !problem.empty()) return problem;
        if (question.empty() || option.empty()) return "profile question and answer ids must not be empty";
    }
    return {};
}

}  // namespace feedback::core
