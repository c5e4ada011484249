// `feedback-kiosk record`: one answer stored non-interactively, exactly as a visitor's tap
// would store it (same validation, same single durable transaction, the same misuse and
// outside-hours marks). For scripts, tests and IT checking that the database accepts writes.
//
// The misuse flag (issue 14, defect 8; issue 16): a bare face is flagged when it comes within
// session.misuse_interval_s of the previous visitor on the kiosk. `record` is its own
// process, so "the previous completed session" is the last closed kiosk entry of this device
// stored in the database, and the interval is measured from its last change (when it was closed) on
// the wall clock — the only clock two processes share across restarts. The same rule
// (core::too_soon_for_an_answer) decides, so a negative interval (the clock was moved back
// since) flags nothing, as a tap after such a jump would not be flagged either.
#include <cstdio>
#include <string>

#include "app/commands.h"
#include "core/clock.h"
#include "core/session.h"
#include "store/sqlite.h"
#include "core/utf8.h"

namespace feedback::app {

int record_command(const Context& context, const RecordOptions& options) {
    const auto& survey = context.survey;
    const auto& config = context.config();
    auto entry = core::make_rating_entry(options.rating, config.device.id, survey.version,
                                         options.language.value_or(config.display.language));
    entry.state = core::SessionState::Closed;  // a scripted answer is a finished session
    entry.channel = "kiosk";
    // Marked like a tap at this moment would be (office.hours, office.closed_dates).
    entry.outside_hours = !office_hours(config).is_open(entry.created_utc_ms, entry.utc_offset_min);

    if (!options.service_point.empty()) {
        if (!survey.find_service_point(options.service_point))
            throw UsageError("--service: unknown service point '" + options.service_point +
                             "' (the survey defines them; see `feedback-kiosk doctor`)");
        entry.service_point = options.service_point;
    }
    for (const auto& reason : options.reasons) {
        if (!survey.find_reason(reason))
            throw UsageError("--reasons: unknown reason '" + reason + "'");
        entry.reasons.push_back(reason);
    }
    for (const auto& answer : options.dimensions) {
        const auto equals = answer.find('=');
        const std::string id = answer.substr(0, equals);
        if (equals == std::string::npos || !survey.find_dimension(id))
            throw UsageError("--dimension: expected ID=LEVEL with a dimension of the survey, got '" +
                             answer + "'");
        int level = 0;
        try {
            level = std::stoi(answer.substr(equals + 1));
        } catch (const std::exception&) {
        }
        if (level < 1 || level > 5)
            throw UsageError("--dimension " + id + ": level must be from 1 to 5");
        entry.dimensions[id] = level;
    }
    // Refused before anything is opened, naming the flag (issue 14): invalid bytes would reach
    // the exports and the collector.
    if (const auto at = core::first_invalid_utf8(options.comment); at != std::string::npos)
        throw UsageError("--comment: not valid UTF-8 (at byte " + std::to_string(at + 1) + "); nothing was stored");
    entry.comment = options.comment;
    if (auto problem = core::validate(entry); !problem.empty()) throw UsageError(problem);

    auto store = open_store(context);
    {
        // The last closed session of this kiosk in insertion order (seq, the table's key: a
        // walk back from the end), not by time, which a clock change can reorder.
        store::Statement previous(store->database(),
                                  "SELECT updated_utc FROM entries WHERE device_id = ?1 AND channel = 'kiosk' "
                                  "AND session_state = 'closed' ORDER BY seq DESC LIMIT 1");
        previous.bind_all(entry.device_id);
        std::optional<std::int64_t> since;
        if (previous.step())
            if (const auto closed_ms = core::parse_iso_utc(previous.text(0)))
                since = entry.created_utc_ms - *closed_ms;
        // As for a tap, only a bare face is a rapid repeat: an answer with a reason, service point,
        // dimension or comment is a person answering (REPORT.md, "Misuse").
        entry.misuse = core::too_soon_for_an_answer(since, config.session.misuse_interval_s * 1000LL) &&
                       !core::answers_more_than_the_face(entry);
    }
    store->add_entry(entry);
    // The id on stdout is the receipt: it is printed only after the commit returned.
    std::printf("%s\n", entry.id.c_str());
    return std::fflush(stdout) == 0 ? kExitOk : kExitRuntimeError;
}

}  // namespace feedback::app
