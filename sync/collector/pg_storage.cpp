// PostgreSQL storage of the collector (see pg_storage.h for why it is shaped this way). The
// SQL mirrors storage.cpp's statement for statement, with $N placeholders; the schema is
// pg_migrations.cpp.
#include "pg_storage.h"

#include <nlohmann/json.hpp>

#include "pg_migrations.h"

namespace feedback::collector {
namespace {

std::string json_text(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string dimensions_json(const std::map<std::string, int>& dimensions) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, level] : dimensions) j[key] = level;
    return json_text(j);
}

std::string profile_json(const std::map<std::string, std::string>& profile) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, option] : profile) j[key] = option;
    return json_text(j);
}

pg::Param flag(bool b) { return std::string(b ? "1" : "0"); }

}  // namespace

// Every public method runs its work on a pooled connection; libpq's errors become
// StorageError here, the boundary where the collector's 503-or-500 flag takes over.
template <class Work>
decltype(auto) PgStorage::with_connection(Work&& work) {
    try {
        auto lease = pool_.take();
        return work(*lease);
    } catch (const pg::Error& e) {
        throw StorageError(std::string("database ") + e.what(), e.transient());
    }
}

PgStorage::PgStorage(const std::string& uri, Storage::Mode mode, std::size_t connections)
    : uri_(uri), pool_(uri, connections) {
    try {
        pg::check_uri(uri);
    } catch (const pg::Error& e) {
        throw StorageError(e.what(), false);
    }
    with_connection([&](pg::Connection& c) {
        if (mode == Storage::Mode::ReadWrite) {
            pg::migrate(c, pg_migrations(), kPgVersionTable, kPgMigrationLock, pg::shown(uri_));
        } else if (pg::schema_version(c, kPgVersionTable) < 1) {
            throw StorageError(pg::shown(uri_) + " is not a collector database", false);
        }
    });
}

PgStorage::~PgStorage() = default;

std::optional<StoredBatch> PgStorage::find_batch(const std::string& device, const std::string& batch_id) {
    return with_connection([&](pg::Connection& c) -> std::optional<StoredBatch> {
        const auto r = c.run("SELECT body_sha256, response FROM batches WHERE device_id = $1 AND batch_id = $2",
                             {device, batch_id});
        if (pg::rows(r) == 0) return std::nullopt;
        return StoredBatch{pg::text(r, 0, 0), pg::text(r, 0, 1)};
    });
}

protocol::BatchResponse PgStorage::store_batch(const std::string& device, const protocol::Batch& batch,
                                               const std::vector<protocol::WireEntry>& entries,
                                               const std::vector<protocol::Ack>& rejected,
                                               const std::optional<std::string>& body_sha256_to_record,
                                               std::vector<IdConflict>* conflicts) {
    return with_connection([&](pg::Connection& c) -> protocol::BatchResponse {
        const std::string now = utc_now_iso();
        protocol::BatchResponse response;
        response.batch_id = batch.batch_id;
        response.results.reserve(entries.size() + rejected.size());
        std::vector<IdConflict> found_conflicts;

        pg::Transaction tx(c);
        for (const auto& e : entries) {
            std::vector<pg::Param> p(28);
            p[0] = e.id;
            p[1] = e.kind;
            p[2] = e.created_utc;
            p[3] = std::to_string(e.utc_offset_min);
            p[4] = e.device_id;
            p[5] = e.service_point;
            if (e.rating) p[6] = std::to_string(*e.rating);
            p[7] = dimensions_json(e.dimensions);
            p[8] = json_text(nlohmann::json(e.reasons));
            p[9] = e.comment;
            p[10] = e.language;
            p[11] = flag(e.misuse);
            p[12] = e.survey_version;
            p[13] = e.channel;
            if (e.complaint) {
                const auto& k = *e.complaint;
                p[14] = k.category;
                p[15] = k.occurred;
                p[16] = k.service_point;
                p[17] = k.description;
                p[18] = flag(k.anonymous);
                p[19] = k.contact_name;
                p[20] = k.contact_phone;
                p[21] = k.reference;
                p[22] = flag(k.sensitive);
                if (!k.tracking_key.empty()) p[26] = k.tracking_key;
            }
            p[23] = now;
            p[24] = device;
            p[25] = batch.batch_id;
            p[27] = profile_json(e.profile);
            const auto inserted = c.run(R"sql(
                INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, service_point, rating,
                  dimensions, reasons, comment, language, misuse, survey_version, channel,
                  complaint_category, complaint_occurred, complaint_service_point, complaint_description,
                  complaint_anonymous, complaint_contact_name, complaint_contact_phone, complaint_reference,
                  complaint_sensitive, received_utc, received_from, batch_id, complaint_tracking_key, profile)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                        $20, $21, $22, $23, $24, $25, $26, $27, $28)
                ON CONFLICT (id) DO NOTHING RETURNING seq)sql",
                                        p);
            if (pg::rows(inserted) == 1) {
                response.results.push_back(protocol::Ack{e.id, protocol::AckStatus::Accepted, ""});
                continue;
            }
            // Not inserted: the id is held by a committed row (ON CONFLICT waited for any
            // transaction inserting it), whose device tells duplicate from conflict.
            const auto holder = c.run("SELECT device_id FROM entries WHERE id = $1", {e.id});
            const std::string held_by = pg::rows(holder) == 1 ? pg::text(holder, 0, 0) : e.device_id;
            if (held_by == e.device_id) {
                response.results.push_back(protocol::Ack{e.id, protocol::AckStatus::Duplicate, ""});
            } else {
                response.results.push_back(protocol::Ack{
                    e.id, protocol::AckStatus::Rejected,
                    "id: already used by an entry of another device; this entry was not stored (reported to IT)"});
                found_conflicts.push_back(IdConflict{e.id, e.device_id, held_by});
            }
        }
        response.results.insert(response.results.end(), rejected.begin(), rejected.end());

        if (body_sha256_to_record)
            c.run(R"sql(
                INSERT INTO batches (device_id, batch_id, received_utc, body_sha256, response)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (device_id, batch_id) DO UPDATE SET
                  received_utc = excluded.received_utc, body_sha256 = excluded.body_sha256,
                  response = excluded.response)sql",
                  {device, batch.batch_id, now, *body_sha256_to_record, protocol::encode(response)});
        tx.commit();
        // Reported only once committed: a failed commit reports nothing twice on the retry.
        if (conflicts) conflicts->insert(conflicts->end(), found_conflicts.begin(), found_conflicts.end());
        return response;
    });
}

void PgStorage::record_heartbeat(const std::string& device, const protocol::Heartbeat& hb, const std::string& peer,
                                 std::int64_t now_ms) {
    // As SqliteStorage: the offset is measured against the collector's clock at receipt; NULL
    // when the kiosk's clock is unreadable (the decoder makes that never expected).
    const auto kiosk_ms = utc_ms_of(hb.kiosk_clock_utc);
    with_connection([&](pg::Connection& c) {
        c.run(R"sql(
            INSERT INTO heartbeats (device_id, received_utc, app_version, pending, oldest_pending_age_s,
                                    last_error, kiosk_clock_utc, peer, device_name, clock_offset_ms)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (device_id) DO UPDATE SET
              received_utc = excluded.received_utc, app_version = excluded.app_version,
              pending = excluded.pending, oldest_pending_age_s = excluded.oldest_pending_age_s,
              last_error = excluded.last_error, kiosk_clock_utc = excluded.kiosk_clock_utc,
              peer = excluded.peer, device_name = excluded.device_name,
              clock_offset_ms = excluded.clock_offset_ms)sql",
              {device, utc_iso_of_ms(now_ms), hb.app_version, std::to_string(hb.pending),
               hb.oldest_pending_age_s ? pg::Param(std::to_string(*hb.oldest_pending_age_s)) : std::nullopt,
               hb.last_error, hb.kiosk_clock_utc, peer, hb.device_name,
               kiosk_ms ? pg::Param(std::to_string(*kiosk_ms - now_ms)) : std::nullopt});
    });
}

void PgStorage::record_auth_refusal(const std::string& device, int status, const std::string& peer) {
    // One statement: concurrent refusals on several collectors each count (the row lock of
    // ON CONFLICT DO UPDATE serialises them).
    with_connection([&](pg::Connection& c) {
        c.run(R"sql(
            INSERT INTO auth_refusals (device_id, last_utc, status, count, peer) VALUES ($1, $2, $3, 1, $4)
            ON CONFLICT (device_id) DO UPDATE SET
              last_utc = excluded.last_utc, status = excluded.status, count = auth_refusals.count + 1,
              peer = excluded.peer)sql",
              {device, utc_now_iso(), std::to_string(status), peer});
    });
}

std::optional<StoredHeartbeat> PgStorage::heartbeat(const std::string& device) {
    return with_connection([&](pg::Connection& c) -> std::optional<StoredHeartbeat> {
        const auto r = c.run(R"sql(
            SELECT received_utc, app_version, pending, oldest_pending_age_s, last_error, kiosk_clock_utc, peer,
                   device_name, clock_offset_ms
            FROM heartbeats WHERE device_id = $1)sql",
                             {device});
        if (pg::rows(r) == 0) return std::nullopt;
        StoredHeartbeat out;
        out.received_utc = pg::text(r, 0, 0);
        out.heartbeat.device_id = device;
        out.heartbeat.app_version = pg::text(r, 0, 1);
        out.heartbeat.pending = pg::int64(r, 0, 2);
        if (!pg::is_null(r, 0, 3)) out.heartbeat.oldest_pending_age_s = pg::int64(r, 0, 3);
        out.heartbeat.last_error = pg::text(r, 0, 4);
        out.heartbeat.kiosk_clock_utc = pg::text(r, 0, 5);
        out.peer = pg::text(r, 0, 6);
        out.heartbeat.device_name = pg::text(r, 0, 7);
        if (!pg::is_null(r, 0, 8)) out.clock_offset_ms = pg::int64(r, 0, 8);
        return out;
    });
}

std::int64_t PgStorage::entry_count() {
    return with_connection([&](pg::Connection& c) { return pg::int64(c.run("SELECT count(*) FROM entries"), 0, 0); });
}

std::vector<TrackedComplaint> PgStorage::tracked_complaints(const std::string& reference) {
    return with_connection([&](pg::Connection& c) {
        const auto r = c.run(R"sql(
            SELECT e.id, coalesce(e.complaint_tracking_key, ''), e.complaint_category, e.created_utc,
                   e.utc_offset_min, e.received_utc, e.seq
            FROM cases c JOIN entries e ON e.seq = c.entry_seq
            WHERE c.reference = $1 ORDER BY c.entry_seq)sql",
                             {reference});
        std::vector<TrackedComplaint> out;
        for (int i = 0; i < pg::rows(r); ++i)
            out.push_back({.seq = pg::int64(r, i, 6), .id = pg::text(r, i, 0), .tracking_key = pg::text(r, i, 1),
                           .category = pg::text(r, i, 2), .created_utc = pg::text(r, i, 3),
                           .utc_offset_min = static_cast<int>(pg::int64(r, i, 4)), .received_utc = pg::text(r, i, 5)});
        return out;
    });
}

void PgStorage::for_each_entry(const std::function<void(const StoredEntry&)>& visit) {
    with_connection([&](pg::Connection& c) {
        // In pages by seq, so a large export does not hold every row in memory at once.
        std::int64_t after = 0;
        for (;;) {
            const auto r = c.run(R"sql(
                SELECT id, kind, created_utc, utc_offset_min, device_id, service_point, rating, dimensions,
                       reasons, comment, language, misuse, survey_version, channel, complaint_category,
                       complaint_occurred, complaint_service_point, complaint_description,
                       complaint_anonymous, complaint_contact_name, complaint_contact_phone,
                       complaint_reference, complaint_sensitive, received_utc, received_from, batch_id, profile, seq
                FROM entries WHERE seq > $1 ORDER BY seq LIMIT 1000)sql",
                                 {std::to_string(after)});
            const int n = pg::rows(r);
            if (n == 0) return;
            for (int i = 0; i < n; ++i) {
                StoredEntry s;
                auto& e = s.entry;
                e.id = pg::text(r, i, 0);
                e.kind = pg::text(r, i, 1);
                e.created_utc = pg::text(r, i, 2);
                e.utc_offset_min = static_cast<int>(pg::int64(r, i, 3));
                e.device_id = pg::text(r, i, 4);
                e.service_point = pg::text(r, i, 5);
                if (!pg::is_null(r, i, 6)) e.rating = static_cast<int>(pg::int64(r, i, 6));
                // As storage.cpp: a hand-edited row that no longer parses exports empty lists.
                const auto dimensions = nlohmann::json::parse(pg::text(r, i, 7), nullptr, false);
                if (dimensions.is_object())
                    for (const auto& [key, level] : dimensions.items())
                        if (level.is_number_integer()) e.dimensions[key] = level.get<int>();
                const auto reasons = nlohmann::json::parse(pg::text(r, i, 8), nullptr, false);
                if (reasons.is_array())
                    for (const auto& reason : reasons)
                        if (reason.is_string()) e.reasons.push_back(reason.get<std::string>());
                e.comment = pg::text(r, i, 9);
                e.language = pg::text(r, i, 10);
                e.misuse = pg::int64(r, i, 11) != 0;
                e.survey_version = pg::text(r, i, 12);
                e.channel = pg::text(r, i, 13);
                const auto profile = nlohmann::json::parse(pg::text(r, i, 26), nullptr, false);
                if (profile.is_object())
                    for (const auto& [key, option] : profile.items())
                        if (option.is_string()) e.profile[key] = option.get<std::string>();
                if (!pg::is_null(r, i, 14)) {
                    protocol::WireComplaint k;
                    k.category = pg::text(r, i, 14);
                    k.occurred = pg::text(r, i, 15);
                    k.service_point = pg::text(r, i, 16);
                    k.description = pg::text(r, i, 17);
                    k.anonymous = pg::int64(r, i, 18) != 0;
                    k.contact_name = pg::text(r, i, 19);
                    k.contact_phone = pg::text(r, i, 20);
                    k.reference = pg::text(r, i, 21);
                    k.sensitive = pg::int64(r, i, 22) != 0;
                    e.complaint = std::move(k);
                }
                s.received_utc = pg::text(r, i, 23);
                s.received_from = pg::text(r, i, 24);
                s.batch_id = pg::text(r, i, 25);
                after = pg::int64(r, i, 27);
                visit(s);
            }
        }
    });
}

}  // namespace feedback::collector
