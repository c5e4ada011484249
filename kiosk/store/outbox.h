// The outbox: the kiosk's side of sync bookkeeping (DESIGN.md §6), over the sync_state rows that
// every entry gets when it is stored.
//
// Why it lives in the store and not in the sync client: the admin screen and `status` read the
// same figures (pending, rejected, the authentication alert, last error / last success) without
// linking curl or the protocol. So this file speaks only in core::Entry and plain values; the
// sync client (sync/client) turns them into protocol messages. Dependency direction:
// sync/client -> store, never the other way.
//
// Design choices:
// - Only closed sessions are sent: an open entry may still gain a comment, and the collector
//   stores an entry once (it deduplicates on the id), so sending it early would lose the rest.
// - Oldest first (by local seq), so the oldest pending age in `status` shrinks steadily.
// - record_results() writes every entry's result of one batch, plus the "last success" marks,
//   in ONE transaction: a crash (or SIGKILL) either records the whole acknowledgement or none of
//   it. Not recording is always safe, because the entries stay pending, are sent again, and the
//   collector answers "duplicate" for those it already has.
// - Nothing is ever dropped: a rejected entry keeps its row, state 'rejected' and the
//   collector's reason, and is listed by rejected(); requeue_rejected() puts them back in line
//   when staff or IT have fixed the cause.
// - Health (alert, last error, last success) is kept in the `settings` table under the keys
//   below (documented in SCHEMA.md), because both processes can read that table and no schema
//   change is needed for it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/complaint.h"
#include "core/entry.h"

namespace feedback::sqlite {
class Statement;
}

namespace feedback::store {

class Store;
using Statement = sqlite::Statement;  // as in store/sqlite.h, without including SQLite here

// Settings keys the outbox owns. Absent key = nothing to report.
inline constexpr const char* kSyncAlertKey = "sync.alert";                 // authentication (or token file) problem, for staff
inline constexpr const char* kSyncAlertUtcKey = "sync.alert_utc";          // when it was raised
inline constexpr const char* kSyncLastErrorKey = "sync.last_error";        // reason of the last failed attempt
inline constexpr const char* kSyncLastErrorUtcKey = "sync.last_error_utc";
inline constexpr const char* kSyncLastSuccessUtcKey = "sync.last_success_utc";  // last batch acknowledged
inline constexpr const char* kSyncLastAttemptUtcKey = "sync.last_attempt_utc";  // last upload tried, either way

struct OutgoingEntry {
    std::int64_t seq = 0;        // local key; results are recorded by it
    core::Entry entry;
    // Complaint details that travel with a complaint entry (the complaints table, when it has a
    // row). Contact name and phone are personal data: never log them.
    std::optional<core::Complaint> complaint;
    std::int64_t attempts = 0;   // uploads tried so far
};

struct EntryResult {
    enum class Outcome {
        Sent,             // the collector has it (accepted or duplicate)
        Rejected,         // the collector refused it for good: kept, listed, never dropped
        NotAcknowledged,  // the response did not mention it: stays pending, attempts + 1
    };
    std::int64_t seq = 0;
    Outcome outcome = Outcome::NotAcknowledged;
    std::string reason;  // Rejected only

    static EntryResult sent(std::int64_t seq) { return {seq, Outcome::Sent, {}}; }
    static EntryResult rejected(std::int64_t seq, std::string why) {
        return {seq, Outcome::Rejected, std::move(why)};
    }
    static EntryResult not_acknowledged(std::int64_t seq) {
        return {seq, Outcome::NotAcknowledged, {}};
    }
};

struct OutboxCounts {
    std::int64_t pending = 0;   // not yet acknowledged, including open sessions
    std::int64_t ready = 0;     // pending and closed: what next_batch() can return
    std::int64_t sent = 0;
    std::int64_t rejected = 0;
};

struct RejectedEntry {
    std::int64_t seq = 0;
    std::string id;
    std::string kind;
    std::string created_utc;
    std::string reason;
    std::string batch_id;
    std::string acknowledged_utc;
};

struct SyncHealth {
    std::optional<std::string> alert;
    std::optional<std::string> alert_utc;
    std::optional<std::string> last_error;
    std::optional<std::string> last_error_utc;
    std::optional<std::string> last_success_utc;
    std::optional<std::string> last_attempt_utc;
};

class Outbox {
public:
    explicit Outbox(Store& store);
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // Up to max pending entries of closed sessions, oldest first, with seq > after_seq (the
    // sync daemon reads the batch after the one in flight while the collector works on it).
    // Reads one snapshot.
    std::vector<OutgoingEntry> next_batch(std::size_t max, std::int64_t after_seq = 0);

    // The collector's answer to one batch, in one transaction: per-entry state, attempts + 1,
    // batch id and times, and — since an answer proves the endpoint and token work —
    // sync.last_success_utc set and sync.last_error and sync.alert cleared. Results for entries
    // that are no longer pending (another process recorded them first) change nothing.
    void record_results(const std::string& batch_id, const std::vector<EntryResult>& results);

    // An upload of these entries failed as a whole (network, 5xx, malformed reply …): attempts
    // + 1 and last_attempt_utc for each, sync.last_error = reason; one transaction. The entries
    // stay pending. reason must not contain secrets or personal data.
    void record_attempt_failure(const std::string& batch_id, const std::vector<std::int64_t>& seqs,
                                const std::string& reason);

    OutboxCounts counts();
    // created_utc of the oldest pending entry (open or closed), for heartbeats and status.
    std::optional<std::int64_t> oldest_pending_utc_ms();

    // Rejected entries with the collector's reasons, oldest first.
    std::vector<RejectedEntry> rejected(std::size_t limit = 100);
    // Puts every rejected entry back in the queue (after the cause was fixed); returns how many.
    std::int64_t requeue_rejected();

    // The authentication alert the admin screen and `status` show. set_alert() is a no-op when
    // the same message is already set (so a daemon retrying hourly does not rewrite it).
    void set_alert(const std::string& message);
    void clear_alert();
    SyncHealth health();

private:
    Store& store_;
    std::unique_ptr<Statement> select_batch_, mark_sent_, mark_rejected_, mark_attempt_,
        put_setting_, delete_setting_;
};

}  // namespace feedback::store
