// The outbox over sync_state; see outbox.h for why it is shaped this way.
//
// Statements are prepared once per Outbox and reused: the sync daemon calls next_batch() and
// record_results() for every batch of a 100,000-entry backlog, and preparing is a measurable
// share of that at 20,000 entries/s.
#include "store/outbox.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/store.h"

namespace feedback::store {
namespace {

constexpr const char* kSelectBatch =
    "SELECT s.entry_seq, s.attempts, e.id, e.kind, e.created_utc, e.utc_offset_min, e.device_id, "
    "e.service_point, e.rating, e.dimensions, e.reasons, e.comment, e.language, e.misuse, "
    "e.session_state, e.survey_version, e.channel, "
    "c.entry_seq, c.category, c.occurred, c.service_point, c.description, c.anonymous, "
    "c.contact_name, c.contact_phone, c.reference, c.sensitive, c.tracking_key, e.profile "
    "FROM sync_state s JOIN entries e ON e.seq = s.entry_seq "
    "LEFT JOIN complaints c ON c.entry_seq = s.entry_seq "
    "WHERE s.state = 'pending' AND s.entry_seq > ?2 AND e.session_state = 'closed' "
    "ORDER BY s.entry_seq LIMIT ?1";

// The `state = 'pending'` guard keeps a late answer from undoing an earlier one: if another
// process already recorded this entry, the second record changes nothing.
// Sent and not-acknowledged entries are updated by one statement each per batch, the seqs
// passed as a JSON array: one statement step instead of 200 is a third of the cost of
// recording a batch.
constexpr const char* kMarkSent =
    "UPDATE sync_state SET state = 'sent', reason = NULL, batch_id = ?2, attempts = attempts + 1, "
    "last_attempt_utc = ?3, acknowledged_utc = ?3 "
    "WHERE entry_seq IN (SELECT value FROM json_each(?1)) AND state = 'pending'";
constexpr const char* kMarkRejected =
    "UPDATE sync_state SET state = 'rejected', reason = ?4, batch_id = ?2, "
    "attempts = attempts + 1, last_attempt_utc = ?3, acknowledged_utc = ?3 "
    "WHERE entry_seq = ?1 AND state = 'pending'";
constexpr const char* kMarkAttempt =
    "UPDATE sync_state SET batch_id = ?2, attempts = attempts + 1, last_attempt_utc = ?3 "
    "WHERE entry_seq IN (SELECT value FROM json_each(?1)) AND state = 'pending'";
constexpr const char* kPutSetting =
    "INSERT INTO settings (key, value, updated_utc) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc";
constexpr const char* kDeleteSetting = "DELETE FROM settings WHERE key = ?1";

Statement& prepared(std::unique_ptr<Statement>& slot, Database& db, const char* sql) {
    if (!slot) slot = std::make_unique<Statement>(db, sql);
    return *slot;
}

// Most answers have no dimensions and no reasons; skipping the parser for the empty literal is
// most of the read cost of a backlog drain.
void read_dimensions(const std::string& text, core::Entry& e) {
    if (text == "{}") return;
    const auto j = nlohmann::json::parse(text);
    for (auto it = j.begin(); it != j.end(); ++it) e.dimensions[it.key()] = it.value().get<int>();
}

void read_reasons(const std::string& text, core::Entry& e) {
    if (text == "[]") return;
    e.reasons = nlohmann::json::parse(text).get<std::vector<std::string>>();
}

OutgoingEntry read_outgoing(const Statement& s) {
    OutgoingEntry out;
    out.seq = s.int64(0);
    out.attempts = s.int64(1);
    core::Entry& e = out.entry;
    e.id = s.text(2);
    e.kind = core::entry_kind_from(s.text(3)).value_or(core::EntryKind::Rating);
    e.created_utc_ms = core::parse_iso_utc(s.text(4)).value_or(0);
    e.utc_offset_min = s.integer(5);
    e.device_id = s.text(6);
    e.service_point = s.optional_text(7).value_or("");
    if (!s.is_null(8)) e.rating = s.integer(8);
    read_dimensions(s.text(9), e);
    read_reasons(s.text(10), e);
    e.comment = s.text(11);
    e.language = s.text(12);
    e.misuse = s.integer(13) != 0;
    e.state = core::session_state_from(s.text(14)).value_or(core::SessionState::Closed);
    e.survey_version = s.text(15);
    e.channel = s.text(16);
    read_profile_json(s.text(28), e);
    if (!s.is_null(17)) {
        core::Complaint c;
        c.category = s.text(18);
        c.occurred = s.optional_text(19).value_or("");
        c.service_point = s.optional_text(20).value_or("");
        c.description = s.text(21);
        c.anonymous = s.integer(22) != 0;
        c.contact_name = s.optional_text(23).value_or("");
        c.contact_phone = s.optional_text(24).value_or("");
        c.reference = s.optional_text(25).value_or("");
        c.sensitive = s.integer(26) != 0;
        c.tracking_key = s.optional_text(27).value_or("");
        out.complaint = std::move(c);
    }
    return out;
}

std::string now_text() { return core::format_iso_utc(core::now_utc_ms()); }

// Builds "[1,2,3" for close_array(); seqs are integers, so no escaping is needed.
void append_seq(std::string& array, std::int64_t seq) {
    array += array.empty() ? '[' : ',';
    array += std::to_string(seq);
}

std::string close_array(std::string array) { return array.empty() ? "[]" : array + ']'; }

}  // namespace

Outbox::Outbox(Store& store) : store_(store) {}
Outbox::~Outbox() = default;

std::vector<OutgoingEntry> Outbox::next_batch(std::size_t max, std::int64_t after_seq) {
    std::vector<OutgoingEntry> out;
    if (max == 0) return out;
    out.reserve(max);
    auto& s = prepared(select_batch_, store_.database(), kSelectBatch);
    s.bind(1, static_cast<std::int64_t>(max));
    s.bind(2, after_seq);
    try {
        while (s.step()) out.push_back(read_outgoing(s));
    } catch (...) {
        s.reset();
        throw;
    }
    s.reset();
    return out;
}

void Outbox::record_results(const std::string& batch_id, const std::vector<EntryResult>& results) {
    auto& db = store_.database();
    auto& sent = prepared(mark_sent_, db, kMarkSent);
    auto& rejected = prepared(mark_rejected_, db, kMarkRejected);
    auto& attempt = prepared(mark_attempt_, db, kMarkAttempt);
    auto& put = prepared(put_setting_, db, kPutSetting);
    auto& del = prepared(delete_setting_, db, kDeleteSetting);
    const std::string now = now_text();

    std::string sent_seqs, unacknowledged_seqs;
    for (const auto& r : results) {
        if (r.outcome == EntryResult::Outcome::Sent) append_seq(sent_seqs, r.seq);
        if (r.outcome == EntryResult::Outcome::NotAcknowledged) append_seq(unacknowledged_seqs, r.seq);
    }

    Transaction tx(db);
    if (!sent_seqs.empty()) sent.bind_all(close_array(sent_seqs), batch_id, now).run();
    if (!unacknowledged_seqs.empty()) attempt.bind_all(close_array(unacknowledged_seqs), batch_id, now).run();
    for (const auto& r : results)
        if (r.outcome == EntryResult::Outcome::Rejected)
            rejected.bind_all(r.seq, batch_id, now, r.reason).run();
    put.bind_all(kSyncLastSuccessUtcKey, now, now).run();
    put.bind_all(kSyncLastAttemptUtcKey, now, now).run();
    for (const char* key : {kSyncLastErrorKey, kSyncLastErrorUtcKey, kSyncAlertKey, kSyncAlertUtcKey})
        del.bind_all(key).run();
    tx.commit();
}

void Outbox::record_attempt_failure(const std::string& batch_id,
                                    const std::vector<std::int64_t>& seqs,
                                    const std::string& reason) {
    auto& db = store_.database();
    auto& attempt = prepared(mark_attempt_, db, kMarkAttempt);
    auto& put = prepared(put_setting_, db, kPutSetting);
    const std::string now = now_text();
    std::string array;
    for (const auto seq : seqs) append_seq(array, seq);
    Transaction tx(db);
    if (!array.empty()) attempt.bind_all(close_array(array), batch_id, now).run();
    put.bind_all(kSyncLastErrorKey, reason, now).run();
    put.bind_all(kSyncLastErrorUtcKey, now, now).run();
    put.bind_all(kSyncLastAttemptUtcKey, now, now).run();
    tx.commit();
}

OutboxCounts Outbox::counts() {
    auto& db = store_.database();
    Statement s(db,
                "SELECT coalesce(sum(s.state = 'pending'), 0), "
                "coalesce(sum(s.state = 'pending' AND e.session_state = 'closed'), 0), "
                "coalesce(sum(s.state = 'sent'), 0), coalesce(sum(s.state = 'rejected'), 0) "
                "FROM sync_state s JOIN entries e ON e.seq = s.entry_seq");
    OutboxCounts c;
    if (s.step()) {
        c.pending = s.int64(0);
        c.ready = s.int64(1);
        c.sent = s.int64(2);
        c.rejected = s.int64(3);
    }
    return c;
}

std::optional<std::int64_t> Outbox::oldest_pending_utc_ms() {
    Statement s(store_.database(),
                "SELECT e.created_utc FROM sync_state s JOIN entries e ON e.seq = s.entry_seq "
                "WHERE s.state = 'pending' ORDER BY s.entry_seq LIMIT 1");
    if (!s.step()) return std::nullopt;
    return core::parse_iso_utc(s.text(0));
}

std::vector<RejectedEntry> Outbox::rejected(std::size_t limit) {
    Statement s(store_.database(),
                "SELECT s.entry_seq, e.id, e.kind, e.created_utc, coalesce(s.reason, ''), "
                "coalesce(s.batch_id, ''), coalesce(s.acknowledged_utc, '') "
                "FROM sync_state s JOIN entries e ON e.seq = s.entry_seq "
                "WHERE s.state = 'rejected' ORDER BY s.entry_seq LIMIT ?1");
    s.bind(1, static_cast<std::int64_t>(limit));
    std::vector<RejectedEntry> out;
    while (s.step())
        out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)});
    return out;
}

std::int64_t Outbox::requeue_rejected() {
    auto& db = store_.database();
    Transaction tx(db);
    Statement s(db,
                "UPDATE sync_state SET state = 'pending', acknowledged_utc = NULL "
                "WHERE state = 'rejected'");
    s.run();
    const auto changed = sqlite3_changes(db.handle());
    tx.commit();
    return changed;
}

void Outbox::set_alert(const std::string& message) {
    if (store_.setting(kSyncAlertKey) == message) return;
    auto& db = store_.database();
    auto& put = prepared(put_setting_, db, kPutSetting);
    const std::string now = now_text();
    Transaction tx(db);
    put.bind_all(kSyncAlertKey, message, now).run();
    put.bind_all(kSyncAlertUtcKey, now, now).run();
    tx.commit();
}

void Outbox::clear_alert() {
    auto& db = store_.database();
    auto& del = prepared(delete_setting_, db, kDeleteSetting);
    Transaction tx(db);
    del.bind_all(kSyncAlertKey).run();
    del.bind_all(kSyncAlertUtcKey).run();
    tx.commit();
}

SyncHealth Outbox::health() {
    SyncHealth h;
    Statement s(store_.database(), "SELECT key, value FROM settings WHERE key LIKE 'sync.%'");
    while (s.step()) {
        const std::string key = s.text(0);
        std::string value = s.text(1);
        if (key == kSyncAlertKey) h.alert = std::move(value);
        else if (key == kSyncAlertUtcKey) h.alert_utc = std::move(value);
        else if (key == kSyncLastErrorKey) h.last_error = std::move(value);
        else if (key == kSyncLastErrorUtcKey) h.last_error_utc = std::move(value);
        else if (key == kSyncLastSuccessUtcKey) h.last_success_utc = std::move(value);
        else if (key == kSyncLastAttemptUtcKey) h.last_attempt_utc = std::move(value);
    }
    return h;
}

}  // namespace feedback::store
