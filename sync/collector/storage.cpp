// SQLite storage of the collector (see storage.h for why it is shaped this way; the facade
// that picks SQLite or PostgreSQL by the address is storage_open.cpp).
//
// The RAII over the SQLite C API is the shared one in common/sqlite.h (also the kiosk's store);
// every public method runs under guarded(), so what leaves this file is still StorageError with
// the messages the collector always wrote.
#include "sqlite_storage.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "common/sqlite.h"
#include "migrations.h"

#include <chrono>
#include <exception>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

namespace feedback::collector {
namespace {


bool transient_code(int code) {
    switch (code & 0xFF) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
            return true;
        default:
            return false;
    }
}

// The collector's messages, kept as they were before it used the shared wrapper (its log lines
// and the tests compare them): "database X: doing: sqlite3_errstr (sqlite3_errmsg)", where the
// kiosk says what the code means for staff instead. Rebuilt from the parts sqlite::Error keeps.
[[noreturn]] void throw_storage_error(const sqlite::Error& e, const std::filesystem::path& path) {
    using Op = sqlite::Error::Operation;
    const bool transient = transient_code(e.code());
    const auto failed = [&](const std::string& doing) {
        return "database " + path.string() + ": " + doing + ": " + sqlite3_errstr(e.code()) + " (" +
               e.sqlite_message() + ")";
    };
    switch (e.operation()) {
        case Op::Open: throw StorageError("cannot open database " + path.string() + ": " + sqlite3_errstr(e.code()), false);
        case Op::Prepare: throw StorageError(failed("preparing a statement"), transient);
        case Op::Bind: throw StorageError(failed("binding a value"), transient);
        case Op::Step: throw StorageError(failed("writing or reading"), transient);
        case Op::Exec: throw StorageError(failed(e.context()), transient);  // BEGIN IMMEDIATE, COMMIT
        case Op::Other: break;
    }
    throw StorageError(e.what(), transient);
}

// Runs `work`, turning the shared wrapper's errors into StorageError: the boundary where the
// collector's own error type (with its 503-or-500 `transient` flag) takes over.
template <class Work>
decltype(auto) guarded(const std::filesystem::path& path, Work&& work) {
    try {
        return work();
    } catch (const sqlite::Error& e) {
        throw_storage_error(e, path);
    }
}

std::string dimensions_json(const std::map<std::string, int>& dimensions) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, level] : dimensions) j[key] = level;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string profile_json(const std::map<std::string, std::string>& profile) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, option] : profile) j[key] = option;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string reasons_json(const std::vector<std::string>& reasons) {
    return nlohmann::json(reasons).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::int64_t utc_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<std::int64_t> utc_ms_of(std::string_view iso) {
    // "YYYY-MM-DDTHH:MM:SS[.fff…]Z", as protocol::is_utc_timestamp() accepts.
    if (!protocol::is_utc_timestamp(iso)) return std::nullopt;
    const auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (iso[i] - '0');
        return v;
    };
    std::tm tm{};
    tm.tm_year = num(0, 4) - 1900;
    tm.tm_mon = num(5, 2) - 1;
    tm.tm_mday = num(8, 2);
    tm.tm_hour = num(11, 2);
    tm.tm_min = num(14, 2);
    tm.tm_sec = num(17, 2);
    std::int64_t ms = 0;
    if (iso.size() > 20 && iso[19] == '.') {
        int digits = 0;
        for (std::size_t i = 20; i < iso.size() && iso[i] != 'Z' && digits < 3; ++i, ++digits) ms = ms * 10 + (iso[i] - '0');
        for (; digits < 3; ++digits) ms *= 10;
    }
    return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

std::string utc_now_iso() { return utc_iso_of_ms(utc_now_ms()); }

std::string utc_iso_of_ms(std::int64_t ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[64];  // room for any int the compiler imagines in tm's fields
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

SqliteStorage::SqliteStorage(const std::filesystem::path& path, Storage::Mode mode) : path_(path) {
    int flags = SQLITE_OPEN_READONLY;
    if (mode == Storage::Mode::ReadWrite) {
        // Create the file ourselves so that it is private from its first byte; SQLite gives its
        // -wal and -shm files the same mode.
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) throw StorageError("cannot create database " + path.string(), false);
        ::close(fd);
        flags = SQLITE_OPEN_READWRITE;
    } else if (!std::filesystem::exists(path)) {
        throw StorageError("no collector database at " + path.string(), false);
    }
    guarded(path_, [&] {
        db_ = std::make_unique<sqlite::Database>(path.string(), flags | SQLITE_OPEN_NOMUTEX);
        sqlite3_busy_timeout(db_->handle(), 10'000);
        if (mode == Storage::Mode::ReadWrite) {
            exec("PRAGMA journal_mode=WAL");
            exec("PRAGMA synchronous=FULL");
            sqlite::Statement version(*db_, "PRAGMA user_version");
            version.step();
            const auto found = version.int64(0);
            if (found > schema_version())
                throw StorageError("database " + path.string() + " was written by a newer collector (schema " +
                                       std::to_string(found) + ")",
                                   false);
            // Each step in its own transaction with its version: a crash between steps leaves
            // a database at a known version, which the next start carries on from.
            for (const auto& migration : migrations()) {
                if (migration.version <= found) continue;
                sqlite::Transaction tx(*db_);
                exec(std::string(migration.sql).c_str());
                exec(("PRAGMA user_version=" + std::to_string(migration.version)).c_str());
                tx.commit();
            }
        } else {
            sqlite::Statement check(*db_, "SELECT count(*) FROM sqlite_master WHERE name = 'entries'");
            if (!check.step() || check.int64(0) != 1)
                throw StorageError(path.string() + " is not a collector database", false);
        }
    });
}

SqliteStorage::~SqliteStorage() = default;

// Its own message ("database X: " and SQLite's), unlike the transaction's BEGIN / COMMIT.
void SqliteStorage::exec(const char* sql) {
    try {
        db_->exec(sql);
    } catch (const sqlite::Error& e) {
        throw StorageError("database " + path_.string() + ": " + e.sqlite_message(), transient_code(e.code()));
    }
}

std::optional<StoredBatch> SqliteStorage::find_batch(const std::string& device, const std::string& batch_id) {
    const std::lock_guard lock(mutex_);
    return guarded(path_, [&]() -> std::optional<StoredBatch> {
        sqlite::Statement stmt(*db_, "SELECT body_sha256, response FROM batches WHERE device_id = ?1 AND batch_id = ?2");
        stmt.bind(1, device).bind(2, batch_id);
        if (!stmt.step()) return std::nullopt;
        return StoredBatch{stmt.text(0), stmt.text(1)};
    });
}

// Group commit (issue 20, bench_collector): with synchronous=FULL every COMMIT waits for the
// disk (an fsync of the WAL), and one connection behind one mutex made that the ceiling —
// about 300 commits a second on the benchmark machine, whatever the batch size. Writers now
// queue their work; whoever finds no transaction running becomes the leader, takes every
// queued work item, and runs them all in ONE transaction, each inside its own SAVEPOINT, then
// COMMITs once. Writers that arrive meanwhile queue for the next round. The promises hold:
// - each caller returns (and the collector acknowledges) only after the COMMIT that holds its
//   work has returned, i.e. is on disk; if that COMMIT fails, every caller in the group gets
//   the error and nothing of theirs is acknowledged;
// - each batch stays atomic with its replay record: a failing item is rolled back to its
//   savepoint and only its caller gets the error; the others commit;
// - nothing waits on purpose: a lone writer commits at once, as before.
void SqliteStorage::write_grouped(const std::function<void()>& work) {
    Pending me{&work, false, nullptr};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&me);
    while (!me.done) {
        if (leading_) {
            queue_cv_.wait(lock);
            continue;
        }
        leading_ = true;
        std::vector<Pending*> group;
        group.swap(queue_);
        lock.unlock();
        run_group(group);
        lock.lock();
        leading_ = false;
        for (Pending* p : group) p->done = true;
        queue_cv_.notify_all();
    }
    if (me.error) std::rethrow_exception(me.error);
}

void SqliteStorage::run_group(const std::vector<Pending*>& group) {
    const std::lock_guard db_lock(mutex_);
    // Errors leave here as StorageError (guarded), as they always did.
    auto capture = [&](auto&& step) -> std::exception_ptr {
        try {
            guarded(path_, step);
            return nullptr;
        } catch (...) {
            return std::current_exception();
        }
    };
    if (auto failed = capture([&] { db_->exec("BEGIN IMMEDIATE"); })) {
        for (Pending* p : group) p->error = failed;
        return;
    }
    bool broken = false;  // the transaction itself can no longer be trusted: roll back everything
    for (Pending* p : group) {
        if (auto failed = capture([&] { db_->exec("SAVEPOINT item"); })) {
            p->error = failed;
            broken = true;
            break;
        }
        p->error = capture(*p->work);
        const auto undone = capture([&] {
            if (p->error) db_->exec("ROLLBACK TO item");
            db_->exec("RELEASE item");
        });
        if (undone) {
            if (!p->error) p->error = undone;
            broken = true;
            break;
        }
    }
    std::exception_ptr commit_error;
    if (broken) {
        commit_error = std::make_exception_ptr(
            StorageError("database " + path_.string() + ": a write failed and its transaction was rolled back", true));
    } else {
        commit_error = capture([&] { db_->exec("COMMIT"); });
    }
    if (commit_error) {
        try {
            db_->exec("ROLLBACK");
        } catch (const sqlite::Error&) {
            // SQLite rolls back by itself when COMMIT fails for I/O; nothing more to undo.
        }
        for (Pending* p : group)
            if (!p->error) p->error = commit_error;
    } else {
        ++commits_;
    }
}

protocol::BatchResponse SqliteStorage::store_batch(const std::string& device, const protocol::Batch& batch,
                                             const std::vector<protocol::WireEntry>& entries,
                                             const std::vector<protocol::Ack>& rejected,
                                             const std::optional<std::string>& body_sha256_to_record,
                                             std::vector<IdConflict>* conflicts) {
    // The work runs inside a transaction shared with other threads' writes (write_grouped);
    // `out` is only returned once that transaction has committed.
    protocol::BatchResponse out;
    write_grouped([&] {
        const std::string now = utc_now_iso();
        protocol::BatchResponse response;
        response.batch_id = batch.batch_id;
        response.results.reserve(entries.size() + rejected.size());

        sqlite::Statement insert(*db_, R"sql(
            INSERT INTO entries (id, kind, created_utc, utc_offset_min, device_id, service_point, rating,
              dimensions, reasons, comment, language, misuse, survey_version, channel,
              complaint_category, complaint_occurred, complaint_service_point, complaint_description,
              complaint_anonymous, complaint_contact_name, complaint_contact_phone, complaint_reference,
              complaint_sensitive, received_utc, received_from, batch_id, complaint_tracking_key, profile)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                    ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)
            ON CONFLICT(id) DO NOTHING)sql");
        sqlite::Statement holder(*db_, "SELECT device_id FROM entries WHERE id = ?1");
        for (const auto& e : entries) {
            insert.bind(1, e.id).bind(2, e.kind).bind(3, e.created_utc).bind(4, std::int64_t{e.utc_offset_min});
            insert.bind(5, e.device_id).bind(6, e.service_point);
            insert.bind(7, e.rating ? std::optional<std::int64_t>(*e.rating) : std::nullopt);
            insert.bind(8, dimensions_json(e.dimensions)).bind(9, reasons_json(e.reasons)).bind(10, e.comment);
            insert.bind(11, e.language).bind(12, std::int64_t{e.misuse ? 1 : 0}).bind(13, e.survey_version);
            insert.bind(14, e.channel);
            insert.bind(28, profile_json(e.profile));
            if (e.complaint) {
                const auto& c = *e.complaint;
                insert.bind(15, c.category).bind(16, c.occurred).bind(17, c.service_point).bind(18, c.description);
                insert.bind(19, std::int64_t{c.anonymous ? 1 : 0}).bind(20, c.contact_name).bind(21, c.contact_phone);
                insert.bind(22, c.reference).bind(23, std::int64_t{c.sensitive ? 1 : 0});
                if (c.tracking_key.empty()) insert.bind_null(27);
                else insert.bind(27, c.tracking_key);
            } else {
                for (int i = 15; i <= 23; ++i) insert.bind_null(i);
                insert.bind_null(27);
            }
            insert.bind(24, now).bind(25, device).bind(26, batch.batch_id);
            insert.step();
            const bool inserted = sqlite3_changes(db_->handle()) == 1;
            insert.reset();
            if (inserted) {
                response.results.push_back(protocol::Ack{e.id, protocol::AckStatus::Accepted, ""});
                continue;
            }
            holder.bind(1, e.id);
            const std::string held_by = holder.step() ? holder.text(0) : e.device_id;
            holder.reset();
            if (held_by == e.device_id) {
                response.results.push_back(protocol::Ack{e.id, protocol::AckStatus::Duplicate, ""});
            } else {
                response.results.push_back(protocol::Ack{
                    e.id, protocol::AckStatus::Rejected,
                    "id: already used by an entry of another device; this entry was not stored (reported to IT)"});
                if (conflicts) conflicts->push_back(IdConflict{e.id, e.device_id, held_by});
            }
        }
        response.results.insert(response.results.end(), rejected.begin(), rejected.end());

        if (body_sha256_to_record) {
            sqlite::Statement record(*db_, R"sql(
                INSERT INTO batches (device_id, batch_id, received_utc, body_sha256, response)
                VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT(device_id, batch_id) DO UPDATE SET
                  received_utc = excluded.received_utc, body_sha256 = excluded.body_sha256,
                  response = excluded.response)sql");
            record.bind(1, device).bind(2, batch.batch_id).bind(3, now).bind(4, *body_sha256_to_record);
            record.bind(5, protocol::encode(response));
            record.step();
        }
        out = std::move(response);
    });
    return out;
}

void SqliteStorage::record_heartbeat(const std::string& device, const protocol::Heartbeat& hb, const std::string& peer,
                                     std::int64_t now_ms) {
    // The decoder checked kiosk_clock_utc's form; an unreadable one (never expected) stores NULL.
    const auto kiosk_ms = utc_ms_of(hb.kiosk_clock_utc);
    // Plain values rather than an optional: GCC 12 warns (wrongly) that one captured by the
    // lambda below may be read uninitialised.
    const bool has_offset = kiosk_ms.has_value();
    const std::int64_t offset = has_offset ? *kiosk_ms - now_ms : 0;
    write_grouped([&] {
        sqlite::Statement stmt(*db_, R"sql(
            INSERT INTO heartbeats (device_id, received_utc, app_version, pending, oldest_pending_age_s,
                                    last_error, kiosk_clock_utc, peer, device_name, clock_offset_ms)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            ON CONFLICT(device_id) DO UPDATE SET
              received_utc = excluded.received_utc, app_version = excluded.app_version,
              pending = excluded.pending, oldest_pending_age_s = excluded.oldest_pending_age_s,
              last_error = excluded.last_error, kiosk_clock_utc = excluded.kiosk_clock_utc,
              peer = excluded.peer, device_name = excluded.device_name,
              clock_offset_ms = excluded.clock_offset_ms)sql");
        stmt.bind(1, device).bind(2, utc_iso_of_ms(now_ms)).bind(3, hb.app_version).bind(4, hb.pending);
        stmt.bind(5, hb.oldest_pending_age_s).bind(6, hb.last_error).bind(7, hb.kiosk_clock_utc).bind(8, peer);
        stmt.bind(9, hb.device_name);
        if (has_offset) stmt.bind(10, offset);
        else stmt.bind_null(10);
        stmt.step();
    });
}

void SqliteStorage::record_auth_refusal(const std::string& device, int status, const std::string& peer) {
    // A write like the others: through the group commit (write_grouped), which holds the
    // connection's mutex for it.
    write_grouped([&] {
        sqlite::Statement stmt(*db_, R"sql(
            INSERT INTO auth_refusals (device_id, last_utc, status, count, peer) VALUES (?1, ?2, ?3, 1, ?4)
            ON CONFLICT(device_id) DO UPDATE SET
              last_utc = excluded.last_utc, status = excluded.status, count = count + 1,
              peer = excluded.peer)sql");
        stmt.bind(1, device).bind(2, utc_now_iso()).bind(3, std::int64_t{status}).bind(4, peer);
        stmt.step();
    });
}

std::optional<StoredHeartbeat> SqliteStorage::heartbeat(const std::string& device) {
    const std::lock_guard lock(mutex_);
    return guarded(path_, [&]() -> std::optional<StoredHeartbeat> {
        sqlite::Statement stmt(*db_, R"sql(
            SELECT received_utc, app_version, pending, oldest_pending_age_s, last_error, kiosk_clock_utc, peer,
                   device_name, clock_offset_ms
            FROM heartbeats WHERE device_id = ?1)sql");
        stmt.bind(1, device);
        if (!stmt.step()) return std::nullopt;
        StoredHeartbeat out;
        out.received_utc = stmt.text(0);
        out.heartbeat.device_id = device;
        out.heartbeat.app_version = stmt.text(1);
        out.heartbeat.pending = stmt.int64(2);
        if (!stmt.is_null(3)) out.heartbeat.oldest_pending_age_s = stmt.int64(3);
        out.heartbeat.last_error = stmt.text(4);
        out.heartbeat.kiosk_clock_utc = stmt.text(5);
        out.peer = stmt.text(6);
        out.heartbeat.device_name = stmt.text(7);
        if (!stmt.is_null(8)) out.clock_offset_ms = stmt.int64(8);
        return out;
    });
}

std::int64_t SqliteStorage::entry_count() {
    const std::lock_guard lock(mutex_);
    return guarded(path_, [&]() -> std::int64_t {
        sqlite::Statement stmt(*db_, "SELECT count(*) FROM entries");
        stmt.step();
        return stmt.int64(0);
    });
}

std::vector<TrackedComplaint> SqliteStorage::tracked_complaints(const std::string& reference) {
    const std::lock_guard lock(mutex_);
    return guarded(path_, [&]() -> std::vector<TrackedComplaint> {
        sqlite::Statement stmt(*db_, R"sql(
            SELECT e.id, coalesce(e.complaint_tracking_key, ''), e.complaint_category, e.created_utc,
                   e.utc_offset_min, e.received_utc, e.seq
            FROM cases c JOIN entries e ON e.seq = c.entry_seq
            WHERE c.reference = ?1 ORDER BY c.entry_seq)sql");
        stmt.bind(1, reference);
        std::vector<TrackedComplaint> out;
        while (stmt.step())
            out.push_back({.seq = stmt.int64(6), .id = stmt.text(0), .tracking_key = stmt.text(1),
                           .category = stmt.text(2), .created_utc = stmt.text(3),
                           .utc_offset_min = static_cast<int>(stmt.int64(4)), .received_utc = stmt.text(5)});
        return out;
    });
}

void SqliteStorage::for_each_entry(const std::function<void(const StoredEntry&)>& visit) {
    const std::lock_guard lock(mutex_);
    return guarded(path_, [&]() -> void {
        sqlite::Statement stmt(*db_, R"sql(
            SELECT id, kind, created_utc, utc_offset_min, device_id, service_point, rating, dimensions,
                   reasons, comment, language, misuse, survey_version, channel, complaint_category,
                   complaint_occurred, complaint_service_point, complaint_description,
                   complaint_anonymous, complaint_contact_name, complaint_contact_phone,
                   complaint_reference, complaint_sensitive, received_utc, received_from, batch_id, profile
            FROM entries ORDER BY seq)sql");
        while (stmt.step()) {
            StoredEntry s;
            auto& e = s.entry;
            e.id = stmt.text(0);
            e.kind = stmt.text(1);
            e.created_utc = stmt.text(2);
            e.utc_offset_min = static_cast<int>(stmt.int64(3));
            e.device_id = stmt.text(4);
            e.service_point = stmt.text(5);
            if (!stmt.is_null(6)) e.rating = static_cast<int>(stmt.int64(6));
            // Written by store_batch from validated values; a hand-edited row that no longer
            // parses is exported with empty lists rather than stopping the export.
            const auto dimensions = nlohmann::json::parse(stmt.text(7), nullptr, false);
            if (dimensions.is_object())
                for (const auto& [key, level] : dimensions.items())
                    if (level.is_number_integer()) e.dimensions[key] = level.get<int>();
            const auto reasons = nlohmann::json::parse(stmt.text(8), nullptr, false);
            if (reasons.is_array())
                for (const auto& reason : reasons)
                    if (reason.is_string()) e.reasons.push_back(reason.get<std::string>());
            e.comment = stmt.text(9);
            e.language = stmt.text(10);
            e.misuse = stmt.int64(11) != 0;
            e.survey_version = stmt.text(12);
            e.channel = stmt.text(13);
            const auto profile = nlohmann::json::parse(stmt.text(26), nullptr, false);
            if (profile.is_object())
                for (const auto& [key, option] : profile.items())
                    if (option.is_string()) e.profile[key] = option.get<std::string>();
            if (!stmt.is_null(14)) {
                protocol::WireComplaint c;
                c.category = stmt.text(14);
                c.occurred = stmt.text(15);
                c.service_point = stmt.text(16);
                c.description = stmt.text(17);
                c.anonymous = stmt.int64(18) != 0;
                c.contact_name = stmt.text(19);
                c.contact_phone = stmt.text(20);
                c.reference = stmt.text(21);
                c.sensitive = stmt.int64(22) != 0;
                e.complaint = std::move(c);
            }
            s.received_utc = stmt.text(23);
            s.received_from = stmt.text(24);
            s.batch_id = stmt.text(25);
            visit(s);
        }
    });
}

}  // namespace feedback::collector
