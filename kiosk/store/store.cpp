#include "store/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

#include "core/clock.h"
#include "store/file_lock.h"
#include "store/statements.h"
#include "store/tracking_key.h"
#include "core/reference.h"
#include "core/utf8.h"

namespace feedback::store {
namespace {

namespace fs = std::filesystem;



// The answer lists are stored as JSON text (queryable with SQLite's json_each). They are
// written by hand because this runs for every entry of a bulk write; reading uses nlohmann.
void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[(c >> 4) & 0xF];
            out += kHex[c & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
}

std::string dimensions_json(const core::Entry& e) {
    std::string out = "{";
    for (const auto& [id, level] : e.dimensions) {
        if (out.size() > 1) out += ',';
        append_json_string(out, id);
        out += ':';
        out += std::to_string(level);
    }
    return out + '}';
}

std::string profile_json(const core::Entry& e) {
    std::string out = "{";
    for (const auto& [question, option] : e.profile) {
        if (out.size() > 1) out += ',';
        append_json_string(out, question);
        out += ':';
        append_json_string(out, option);
    }
    return out + '}';
}

std::string reasons_json(const core::Entry& e) {
    std::string out = "[";
    for (const auto& reason : e.reasons) {
        if (out.size() > 1) out += ',';
        append_json_string(out, reason);
    }
    return out + ']';
}

void check_valid(const core::Entry& e) {
    if (auto problem = core::validate(e); !problem.empty())
        throw std::invalid_argument("entry " + e.id + ": " + problem);
}

// A complaint's text comes from the on-screen keyboard (valid by construction); checked anyway,
// because invalid UTF-8 stored here would reach batches and exports (issue 14).
void check_complaint_text(const core::Entry& e, const core::Complaint& c) {
    for (const auto& [field, text] : {std::pair<const char*, const std::string*>{"category", &c.category},
                                      {"occurred", &c.occurred},
                                      {"service point", &c.service_point},
                                      {"description", &c.description},
                                      {"contact name", &c.contact_name},
                                      {"contact phone", &c.contact_phone},
                                      {"reference", &c.reference}})
        if (const auto at = core::first_invalid_utf8(*text); at != std::string::npos)
            throw std::invalid_argument("entry " + e.id + ": complaint " + field + " is not valid UTF-8 (at byte " +
                                        std::to_string(at + 1) + ")");
}

// The entry's own text (and `now`) is borrowed, not copied: every caller runs the statement
// while both are alive, and a bulk import binds 100,000 entries. Text made here is copied.
void bind_entry(Statement& s, const core::Entry& e, const std::string& now, int first = 1) {
    std::optional<BorrowedText> service;
    if (!e.service_point.empty()) service = BorrowedText{e.service_point};
    std::optional<std::int64_t> rating;
    if (e.rating) rating = *e.rating;
    s.bind_from(first, BorrowedText{e.id}, BorrowedText{core::to_string(e.kind)},
                core::format_iso_utc(e.created_utc_ms), e.utc_offset_min, BorrowedText{e.device_id}, service,
                rating, dimensions_json(e), reasons_json(e), BorrowedText{e.comment}, BorrowedText{e.language},
                e.misuse ? 1 : 0, BorrowedText{core::to_string(e.state)}, BorrowedText{e.survey_version},
                BorrowedText{e.channel}, BorrowedText{now}, e.outside_hours ? 1 : 0, profile_json(e));
}

// Creates the parent directory (0700) and the file (0600) ourselves, before SQLite does: SQLite
// would create it with the process umask (often 0644), and its -wal and -shm files copy the
// database file's mode.
void create_private_file(const fs::path& path) {
    if (path.has_parent_path() && !fs::exists(path.parent_path())) {
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            throw StoreError(SQLITE_CANTOPEN, "cannot create directory " +
                                                  path.parent_path().string() + ": " + ec.message());
        // Answers and complaint contacts live here: a directory others can list is not kept.
        if (::chmod(path.parent_path().c_str(), 0700) != 0)
            throw StoreError(SQLITE_CANTOPEN, "cannot make directory " + path.parent_path().string() +
                                                  " private (0700): " + std::strerror(errno));
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
    } else if (errno != EEXIST) {
        throw StoreError(SQLITE_CANTOPEN,
                         "cannot create database " + path.string() + ": " + std::strerror(errno));
    }
}

std::string stamp_for_filename(std::int64_t utc_ms) {
    std::string iso = core::format_iso_utc(utc_ms);  // 2026-11-27T07:05:09.123Z
    std::string out;
    for (char c : iso)
        if (c != '-' && c != ':' && c != '.') out += c;
    return out;  // 20261127T070509123Z
}

core::Entry read_entry(Statement& s) {
    // (read_profile_json: store.h, shared with the outbox)
    core::Entry e;
    e.id = s.text(0);
    e.kind = core::entry_kind_from(s.text(1)).value_or(core::EntryKind::Rating);
    e.created_utc_ms = core::parse_iso_utc(s.text(2)).value_or(0);
    e.utc_offset_min = s.integer(3);
    e.device_id = s.text(4);
    e.service_point = s.optional_text(5).value_or("");
    if (!s.is_null(6)) e.rating = s.integer(6);
    const auto dimensions = nlohmann::json::parse(s.text(7));
    for (auto it = dimensions.begin(); it != dimensions.end(); ++it)
        e.dimensions[it.key()] = it.value().get<int>();
    e.reasons = nlohmann::json::parse(s.text(8)).get<std::vector<std::string>>();
    e.comment = s.text(9);
    e.language = s.text(10);
    e.misuse = s.integer(11) != 0;
    e.state = core::session_state_from(s.text(12)).value_or(core::SessionState::Closed);
    e.survey_version = s.text(13);
    e.channel = s.text(14);
    e.outside_hours = s.integer(15) != 0;
    read_profile_json(s.text(16), e);
    return e;
}

}  // namespace

void read_profile_json(std::string_view text, core::Entry& e) {
    if (text.empty() || text == "{}") return;
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.value().is_string()) e.profile[it.key()] = it.value().get<std::string>();
}

std::vector<SuggestionApproval> Store::suggestion_approvals() {
    std::vector<SuggestionApproval> out;
    Statement s(*db_, "SELECT entry_id, approved_utc FROM suggestion_approvals ORDER BY approved_utc, entry_id");
    while (s.step()) out.push_back({s.text(0), s.text(1)});
    return out;
}

int Store::approve_suggestions(const std::vector<std::string>& entry_ids, const std::string& actor) {
    Transaction tx(*db_);
    Statement exists(*db_, "SELECT 1 FROM entries WHERE id = ?1 AND trim(comment) <> ''");
    Statement insert(*db_,
                     "INSERT INTO suggestion_approvals (entry_id, approved_utc, actor) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT (entry_id) DO NOTHING");
    Statement log(*db_, "INSERT INTO audit_log (at_utc, actor, action, detail) VALUES (?1, ?2, 'suggestion-approved', ?3)");
    const auto now = core::format_iso_utc(core::now_utc_ms());
    int changed = 0;
    for (const auto& id : entry_ids) {
        exists.reset();
        exists.bind_all(id);
        if (!exists.step()) throw std::invalid_argument("no entry with a comment has the id " + id);
        insert.reset();
        insert.bind_all(id, now, actor).run();
        if (sqlite3_changes(db_->handle()) > 0) {
            ++changed;
            log.reset();
            log.bind_all(now, actor, id).run();
        }
    }
    tx.commit();
    return changed;
}

int Store::revoke_suggestions(const std::vector<std::string>& entry_ids, const std::string& actor) {
    Transaction tx(*db_);
    Statement remove(*db_, "DELETE FROM suggestion_approvals WHERE entry_id = ?1");
    Statement log(*db_, "INSERT INTO audit_log (at_utc, actor, action, detail) VALUES (?1, ?2, 'suggestion-revoked', ?3)");
    const auto now = core::format_iso_utc(core::now_utc_ms());
    int changed = 0;
    for (const auto& id : entry_ids) {
        remove.reset();
        remove.bind_all(id).run();
        if (sqlite3_changes(db_->handle()) > 0) {
            ++changed;
            log.reset();
            log.bind_all(now, actor, id).run();
        }
    }
    tx.commit();
    return changed;
}

std::optional<std::string> Store::comment_entry_by_prefix(const std::string& prefix) {
    if (prefix.size() < 8 || prefix.size() > 36) return std::nullopt;
    // substr instead of LIKE: an id holds no wildcards, but a typed prefix might.
    Statement s(*db_, "SELECT id FROM entries WHERE substr(id, 1, length(?1)) = ?1 AND trim(comment) <> '' LIMIT 2");
    s.bind_all(prefix);
    if (!s.step()) return std::nullopt;
    std::string id = s.text(0);
    if (s.step()) return std::nullopt;
    return id;
}

void bind_new_entry(Statement& insert, const core::Entry& entry, const std::string& now_utc, int first) {
    check_valid(entry);
    bind_entry(insert, entry, now_utc, first);
}

Store::Store(fs::path path, StoreOptions options) : path_(std::move(path)) {
    open_checked(options);
}

namespace {

fs::path sidecar(const fs::path& db, const char* suffix) {
    fs::path p = db;
    p += suffix;
    return p;
}

// The prefix every set-aside copy of `db` has in its file name.
std::string set_aside_prefix(const fs::path& db) { return db.filename().string() + ".corrupt-"; }

bool is_set_aside_name(const std::string& name, const std::string& prefix) {
    if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) return false;
    for (const char* companion : {"-wal", "-shm", "-journal"}) {
        const std::string_view c(companion);
        if (name.size() >= c.size() && name.compare(name.size() - c.size(), c.size(), c) == 0) return false;
    }
    return true;
}

std::string set_aside_key(const std::string& file_name) { return "set_aside.cleared:" + file_name; }

// The first lines of a check's verdict, for a message (it lists page numbers, never content).
std::string shorten(const std::string& verdict) {
    std::string out = verdict.substr(0, 200);
    for (char& c : out)
        if (c == '\n') c = ';';
    return verdict.size() > out.size() ? out + "…" : out;
}

}  // namespace

Integrity classify_integrity(int error_code, const std::string& verdict) {
    if (error_code != 0) {
        const int primary = error_code & 0xFF;
        return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? Integrity::Damaged : Integrity::ReadError;
    }
    if (verdict == "ok") return Integrity::Healthy;
    // No rows at all: the check did not really run.
    if (verdict.empty()) return Integrity::ReadError;
    // SQLite's check lists a page it could not read as "unable to get the page. error code=N"
    // or "failed to get page N" (btree.c): N decides whether that is damage or a read that
    // failed (an I/O error, 266 = SQLITE_IOERR_READ, or out of memory). One such line makes the
    // whole verdict untrustworthy, so it is a read error, to be retried — never damage.
    static constexpr std::string_view kCode = "error code=";
    for (auto at = verdict.find(kCode); at != std::string::npos; at = verdict.find(kCode, at + 1)) {
        int code = 0;
        std::size_t i = at + kCode.size();
        while (i < verdict.size() && verdict[i] >= '0' && verdict[i] <= '9') code = code * 10 + (verdict[i++] - '0');
        const int primary = code & 0xFF;
        if (primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) return Integrity::ReadError;
    }
    if (verdict.find("failed to get page") != std::string::npos) return Integrity::ReadError;
    return Integrity::Damaged;
}

// Runs `pragma` (quick_check or integrity_check), again up to read_error_retries times while
// it fails with a read error. Pages read well stay in the connection's cache and a page whose
// read failed is not kept, so each retry reads again only what failed: a flaky disk that fails
// one read in twenty still gets through a check of a few hundred pages.
Integrity Store::check(const char* pragma, const StoreOptions& options, std::string& verdict, int& code) {
    Integrity result = Integrity::ReadError;
    for (int attempt = 0; attempt <= options.read_error_retries; ++attempt) {
        verdict.clear();
        code = 0;
        try {
            Statement s(*db_, pragma);
            while (s.step()) {
                if (!verdict.empty()) verdict += '\n';
                verdict += s.text(0);
            }
        } catch (const StoreError& e) {
            code = e.code();
            verdict = e.what();
        }
        result = classify_integrity(code, verdict);
        if (result != Integrity::ReadError) break;
    }
    return result;
}

void Store::open_checked(const StoreOptions& options, int reopen_budget) {
    create_private_file(path_);
    // NOMUTEX: a Store belongs to one thread; processes are what run concurrently here.
    db_ = std::make_unique<Database>(path_.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
    sqlite3_busy_timeout(db_->handle(), options.busy_timeout_ms);
    // Which file this connection has, so that file_replaced() and the set-aside below can tell
    // when another process has put a new one at the same path.
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0) {
        opened_dev_ = st.st_dev;
        opened_ino_ = st.st_ino;
    }

    if (options.check_integrity) {
        std::string verdict;
        int code = 0;
        Integrity result = check("PRAGMA quick_check", options, verdict, code);
        const auto read_error = [&] {
            return StoreError(code != 0 ? code : SQLITE_IOERR,
                              "database " + path_.string() + " could not be read for its integrity check (" +
                                  shorten(verdict) + "); nothing was changed: check the disk and try again");
        };
        if (result == Integrity::ReadError) throw read_error();
        if (result == Integrity::Damaged) {
            const std::string problem =
                "database " + path_.string() + " failed its integrity check (" + shorten(verdict) + ")";
            if (!options.recover_corrupt) throw StoreError(code != 0 ? code : SQLITE_CORRUPT, problem);
            if (options.before_set_aside) options.before_set_aside();
            bool reopen = false;
            {
                FileLock lock(sidecar(path_, ".setaside-lock"), FileLock::Mode::Wait);
                if (file_replaced()) {
                    // Another process set this file aside and started a fresh one while we
                    // checked: use theirs, never rename it.
                    reopen = true;
                } else {
                    // Confirm with the full check before touching anything — five times, each on
                    // a fresh connection (an empty page cache). Damage is on the disk and shows
                    // every time. A read that fails at random (a failing disk; libfiu in the
                    // tests) can make SQLite fail the check statement itself with
                    // SQLITE_CORRUPT ("malformed") although the file is sound: under 5 % failed
                    // preads that happened to three checks in a row about once in 350 runs.
                    // A kiosk's database is small, so the extra checks cost milliseconds.
                    for (int round = 0; round < 5 && result == Integrity::Damaged; ++round) {
                        db_ = std::make_unique<Database>(path_.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
                        sqlite3_busy_timeout(db_->handle(), options.busy_timeout_ms);
                        result = check("PRAGMA integrity_check", options, verdict, code);
                    }
                    if (result == Integrity::ReadError) throw read_error();
                }
                if (!reopen && result == Integrity::Damaged) {
                    const std::string confirmed = "database " + path_.string() +
                                                  " failed its integrity check (" + shorten(verdict) + ")";
                    db_.reset();
                    fs::path aside = path_;
                    aside += ".corrupt-" + stamp_for_filename(core::now_utc_ms());
                    // Move the WAL and shared-memory files with it: they belong to that file, and
                    // a new database must not pick up pages from the old one's log. The database
                    // itself goes last, so a crash in between leaves its log beside it.
                    for (const char* suffix : {"-wal", "-shm", ""}) {
                        fs::path from = path_, to = aside;
                        from += suffix;
                        to += suffix;
                        std::error_code ec;
                        if (fs::exists(from, ec)) {
                            fs::rename(from, to, ec);
                            if (ec)
                                throw StoreError(code != 0 ? code : SQLITE_CORRUPT,
                                                 confirmed + "; moving it aside to " + to.string() +
                                                     " failed: " + ec.message());
                        }
                    }
                    moved_aside_ = aside;
                    StoreOptions fresh = options;
                    fresh.recover_corrupt = false;
                    fresh.before_set_aside = nullptr;
                    open_checked(fresh);  // still under the lock: nobody renames the new file
                    audit("system", "database-moved-aside", confirmed + "; kept as " + aside.string());
                    return;
                }
            }
            if (reopen) {
                db_.reset();
                if (reopen_budget <= 0)
                    throw StoreError(SQLITE_BUSY, "database " + path_.string() +
                                                      " was replaced again and again while it was being opened");
                StoreOptions again = options;
                again.before_set_aside = nullptr;
                open_checked(again, reopen_budget - 1);
                return;
            }
            // The full check found nothing: the quick check's finding did not hold up.
        }
    }

    if (db_->query_text("PRAGMA journal_mode=WAL") != "wal")
        throw StoreError(SQLITE_ERROR, "database " + path_.string() + ": cannot switch to WAL mode");
    // secure_delete: erased contact details (retention) are overwritten with zeros in the file,
    // not left readable in free pages.
    db_->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;");
    migrate(*db_, options.target_version);
}

bool Store::file_replaced() const {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) return errno == ENOENT;
    return static_cast<std::uintmax_t>(st.st_dev) != opened_dev_ ||
           static_cast<std::uintmax_t>(st.st_ino) != opened_ino_;
}

std::vector<SetAsideFile> Store::set_aside_files() {
    std::vector<SetAsideFile> out;
    const fs::path dir = path_.has_parent_path() ? path_.parent_path() : fs::path(".");
    const std::string prefix = set_aside_prefix(path_);
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!is_set_aside_name(name, prefix) || setting(set_aside_key(name))) continue;
        SetAsideFile file;
        file.path = it->path();
        std::error_code size_ec;
        file.size_bytes = fs::file_size(file.path, size_ec);
        if (size_ec) file.size_bytes = 0;
        if (auto wal = fs::file_size(sidecar(file.path, "-wal"), size_ec); !size_ec) file.size_bytes += wal;
        out.push_back(std::move(file));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    return out;
}

bool Store::clear_set_aside(const fs::path& file, const std::string& how) {
    const std::string name = file.filename().string();
    if (!is_set_aside_name(name, set_aside_prefix(path_))) return false;
    std::error_code ec;
    const fs::path dir = path_.has_parent_path() ? path_.parent_path() : fs::path(".");
    if (!fs::exists(dir / name, ec)) return false;
    Transaction tx(*db_);
    Statement s(*db_,
                "INSERT INTO settings (key, value, updated_utc) VALUES (?1, ?2, ?3) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc");
    const std::string now = core::format_iso_utc(core::now_utc_ms());
    s.bind_all(set_aside_key(name), how + " " + now, now).run();
    Statement log(*db_, "INSERT INTO audit_log (at_utc, actor, action, detail) VALUES (?1, 'system', ?2, ?3)");
    log.bind_all(now, "set-aside-" + how, name).run();
    tx.commit();
    return true;
}

void Store::add_entry(const core::Entry& entry) {
    check_valid(entry);
    const std::string now = core::format_iso_utc(core::now_utc_ms());
    // Prepared once per Store: a visitor's tap should cost the fsync and little else.
    if (!insert_entry_) insert_entry_ = std::make_unique<Statement>(*db_, sql::kInsertEntry);
    if (!queue_entry_) queue_entry_ = std::make_unique<Statement>(*db_, sql::kQueueEntry);
    Transaction tx(*db_);
    bind_entry(*insert_entry_, entry, now);
    insert_entry_->run();
    queue_entry_->bind_all(sqlite3_last_insert_rowid(db_->handle()), now).run();
    tx.commit();
}

void Store::add_complaint(const core::Entry& entry, const core::Complaint& complaint) {
    check_valid(entry);
    if (entry.kind != core::EntryKind::Complaint)
        throw std::invalid_argument("entry " + entry.id + ": a complaint needs an entry of kind complaint");
    if (complaint.category.empty()) throw std::invalid_argument("entry " + entry.id + ": complaint has no category");
    check_complaint_text(entry, complaint);
    const std::string now = core::format_iso_utc(core::now_utc_ms());
    if (!insert_entry_) insert_entry_ = std::make_unique<Statement>(*db_, sql::kInsertEntry);
    if (!queue_entry_) queue_entry_ = std::make_unique<Statement>(*db_, sql::kQueueEntry);
    Transaction tx(*db_);
    bind_entry(*insert_entry_, entry, now);
    insert_entry_->run();
    const auto seq = sqlite3_last_insert_rowid(db_->handle());
    Statement details(*db_,
                      "INSERT INTO complaints (entry_seq, category, occurred, service_point, description, "
                      "anonymous, contact_name, contact_phone, reference, sensitive, tracking_key) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    auto optional = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
    details.bind_all(seq, complaint.category, optional(complaint.occurred), optional(complaint.service_point),
                     complaint.description, complaint.anonymous ? 1 : 0, optional(complaint.contact_name),
                     optional(complaint.contact_phone), optional(complaint.reference), complaint.sensitive ? 1 : 0,
                     optional(complaint.tracking_key));
    details.run();
    queue_entry_->bind_all(seq, now).run();
    tx.commit();
}

std::optional<core::Complaint> Store::find_complaint(const std::string& entry_id) {
    Statement s(*db_,
                "SELECT c.category, c.occurred, c.service_point, c.description, c.anonymous, c.contact_name, "
                "c.contact_phone, c.reference, c.sensitive, c.tracking_key FROM complaints c JOIN entries e ON e.seq = c.entry_seq "
                "WHERE e.id = ?1");
    s.bind_all(entry_id);
    if (!s.step()) return std::nullopt;
    core::Complaint c;
    c.category = s.text(0);
    c.occurred = s.optional_text(1).value_or("");
    c.service_point = s.optional_text(2).value_or("");
    c.description = s.text(3);
    c.anonymous = s.integer(4) != 0;
    c.contact_name = s.optional_text(5).value_or("");
    c.contact_phone = s.optional_text(6).value_or("");
    c.reference = s.optional_text(7).value_or("");
    c.sensitive = s.integer(8) != 0;
    c.tracking_key = s.optional_text(9).value_or("");
    return c;
}

namespace {

void bind_complaint_details(Statement& s, std::int64_t seq, const core::Complaint& c) {
    auto optional = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
    s.bind_all(seq, c.category, optional(c.occurred), optional(c.service_point), c.description, c.anonymous ? 1 : 0,
               optional(c.contact_name), optional(c.contact_phone), optional(c.reference), c.sensitive ? 1 : 0,
               optional(c.tracking_key));
}

constexpr const char* kUpdateComplaint =
    "UPDATE complaints SET category = ?2, occurred = ?3, service_point = ?4, description = ?5, anonymous = ?6, "
    "contact_name = ?7, contact_phone = ?8, reference = ?9, sensitive = ?10, tracking_key = ?11 "
    "WHERE entry_seq = ?1";

}  // namespace

bool Store::update_complaint(const core::Entry& entry, const core::Complaint& complaint) {
    check_complaint_text(entry, complaint);
    Transaction tx(*db_);
    Statement find(*db_, "SELECT seq FROM entries WHERE id = ?1 AND session_state = 'open' AND kind = 'complaint'");
    find.bind_all(entry.id);
    if (!find.step()) return false;
    const auto seq = find.int64(0);
    Statement update(*db_, kUpdateComplaint);
    bind_complaint_details(update, seq, complaint);
    update.run();
    Statement touch(*db_, "UPDATE entries SET language = ?2, updated_utc = ?3 WHERE seq = ?1");
    touch.bind_all(seq, entry.language, core::format_iso_utc(core::now_utc_ms())).run();
    tx.commit();
    return true;
}

core::Complaint Store::close_complaint(const core::Entry& entry, core::Complaint complaint,
                                       const std::string& device_code, core::CivilDate local_date) {
    check_complaint_text(entry, complaint);
    Transaction tx(*db_);
    Statement find(*db_, "SELECT seq FROM entries WHERE id = ?1 AND session_state = 'open' AND kind = 'complaint'");
    find.bind_all(entry.id);
    if (!find.step()) throw std::invalid_argument("complaint " + entry.id + " is not open");
    const auto seq = find.int64(0);
    if (!device_code.empty() && complaint.reference.empty()) {
        // The sequence restarts each local day; kept in settings as "YYYY-MM-DD N", updated in
        // this same transaction so two complaints can never get one number.
        const std::string day = core::format_iso_date(local_date);
        int next = 1;
        Statement read(*db_, "SELECT value FROM settings WHERE key = 'complaint.sequence'");
        if (read.step()) {
            const std::string value = read.text(0);
            if (value.rfind(day + " ", 0) == 0) next = std::stoi(value.substr(day.size() + 1)) + 1;
        }
        complaint.reference = core::make_reference(device_code, local_date, next);
        Statement write(*db_,
                        "INSERT INTO settings (key, value, updated_utc) VALUES ('complaint.sequence', ?1, ?2) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc");
        write.bind_all(day + " " + std::to_string(next), core::format_iso_utc(core::now_utc_ms())).run();
        // The reference's secret companion for the public tracking page (store/tracking_key.h):
        // made with the reference, so every reference a visitor sees has one.
        if (complaint.tracking_key.empty()) complaint.tracking_key = make_tracking_key();
    }
    Statement update(*db_, kUpdateComplaint);
    bind_complaint_details(update, seq, complaint);
    update.run();
    Statement close(*db_, "UPDATE entries SET session_state = 'closed', language = ?2, updated_utc = ?3 WHERE seq = ?1");
    close.bind_all(seq, entry.language, core::format_iso_utc(core::now_utc_ms())).run();
    tx.commit();
    return complaint;
}

std::int64_t Store::erase_expired_contacts(std::int64_t now_utc_ms, int days) {
    const std::string cutoff = core::format_iso_utc(now_utc_ms - static_cast<std::int64_t>(days) * 86'400'000);
    const std::string now = core::format_iso_utc(now_utc_ms);
    Transaction tx(*db_);
    Statement erase(*db_,
                    "UPDATE complaints SET contact_name = NULL, contact_phone = NULL, contact_erased_utc = ?2 "
                    "WHERE (contact_name IS NOT NULL OR contact_phone IS NOT NULL) AND entry_seq IN "
                    "(SELECT entry_seq FROM sync_state WHERE state = 'sent' AND acknowledged_utc IS NOT NULL "
                    "AND acknowledged_utc <= ?1 "
                    // A kiosk that never syncs (no collector, or offline for good) must not keep
                    // contacts forever: they also go `days` after the complaint was made.
                    "UNION SELECT seq FROM entries WHERE kind = 'complaint' AND created_utc <= ?1)");
    erase.bind_all(cutoff, now).run();
    const std::int64_t erased = sqlite3_changes(db_->handle());
    if (erased > 0) {
        // The audit line says how many and under which rule, never whose.
        Statement log(*db_, "INSERT INTO audit_log (at_utc, actor, action, detail) VALUES (?1, 'system', "
                            "'contacts-erased', ?2)");
        log.bind_all(now, std::to_string(erased) + " complaint contact(s) erased, made or acknowledged more than " +
                              std::to_string(days) + " days ago").run();
    }
    tx.commit();
    return erased;
}

bool Store::update_entry(const core::Entry& entry) {
    check_valid(entry);
    Transaction tx(*db_);
    Statement s(*db_,
                "UPDATE entries SET service_point = ?2, rating = ?3, dimensions = ?4, reasons = ?5, "
                "comment = ?6, language = ?7, misuse = ?8, session_state = ?9, updated_utc = ?10, "
                "profile = ?11 WHERE id = ?1 AND session_state = 'open'");
    std::optional<std::string> service;
    if (!entry.service_point.empty()) service = entry.service_point;
    std::optional<std::int64_t> rating;
    if (entry.rating) rating = *entry.rating;
    s.bind_all(entry.id, service, rating, dimensions_json(entry), reasons_json(entry),
               entry.comment, entry.language, entry.misuse ? 1 : 0, core::to_string(entry.state),
               core::format_iso_utc(core::now_utc_ms()), profile_json(entry));
    s.run();
    const bool changed = sqlite3_changes(db_->handle()) > 0;
    tx.commit();
    return changed;
}

bool Store::close_entry(const std::string& id) {
    Statement s(*db_,
                "UPDATE entries SET session_state = 'closed', updated_utc = ?2 "
                "WHERE id = ?1 AND session_state = 'open'");
    s.bind_all(id, core::format_iso_utc(core::now_utc_ms())).run();
    return sqlite3_changes(db_->handle()) > 0;
}

std::int64_t Store::close_open_entries() {
    Statement s(*db_,
                "UPDATE entries SET session_state = 'closed', updated_utc = ?1 "
                "WHERE session_state = 'open'");
    s.bind_all(core::format_iso_utc(core::now_utc_ms())).run();
    return sqlite3_changes(db_->handle());
}

std::optional<core::Entry> Store::find_entry(const std::string& id) {
    Statement s(*db_,
                "SELECT id, kind, created_utc, utc_offset_min, device_id, service_point, rating, "
                "dimensions, reasons, comment, language, misuse, session_state, survey_version, "
                "channel, outside_hours, profile FROM entries WHERE id = ?1");
    s.bind_all(id);
    if (!s.step()) return std::nullopt;
    return read_entry(s);
}

StoreStatus Store::status() {
    StoreStatus st;
    st.path = path_;
    std::error_code ec;
    st.size_bytes = fs::file_size(path_, ec);
    fs::path wal = path_;
    wal += "-wal";
    if (auto wal_size = fs::file_size(wal, ec); !ec) st.size_bytes += wal_size;
    st.schema_version = static_cast<int>(db_->query_int("PRAGMA user_version"));

    // One read transaction so that the figures agree with each other.
    db_->exec("BEGIN");
    try {
        Statement counts(*db_,
                         "SELECT count(*), coalesce(sum(kind = 'rating'), 0), "
                         "coalesce(sum(kind = 'complaint'), 0), coalesce(sum(session_state = "
                         "'open'), 0), coalesce(sum(misuse), 0) FROM entries");
        counts.step();
        st.entries = counts.int64(0);
        st.ratings = counts.int64(1);
        st.complaints = counts.int64(2);
        st.open_sessions = counts.int64(3);
        st.misuse = counts.int64(4);
        Statement states(*db_, "SELECT state, count(*) FROM sync_state GROUP BY state");
        while (states.step()) {
            const std::string state = states.text(0);
            if (state == "pending") st.sync.pending = states.int64(1);
            if (state == "sent") st.sync.sent = states.int64(1);
            if (state == "rejected") st.sync.rejected = states.int64(1);
        }
        Statement oldest(*db_,
                         "SELECT e.created_utc FROM sync_state s JOIN entries e ON e.seq = "
                         "s.entry_seq WHERE s.state = 'pending' ORDER BY s.entry_seq LIMIT 1");
        if (oldest.step()) st.oldest_pending_utc_ms = core::parse_iso_utc(oldest.text(0));
    } catch (...) {
        db_->exec("ROLLBACK");
        throw;
    }
    db_->exec("COMMIT");
    st.set_aside = set_aside_files();
    return st;
}

std::optional<std::string> Store::setting(const std::string& key) {
    Statement s(*db_, "SELECT value FROM settings WHERE key = ?1");
    s.bind_all(key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void Store::set_setting(const std::string& key, const std::string& value) {
    Statement s(*db_,
                "INSERT INTO settings (key, value, updated_utc) VALUES (?1, ?2, ?3) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_utc = excluded.updated_utc");
    s.bind_all(key, value, core::format_iso_utc(core::now_utc_ms())).run();
}

void Store::audit(const std::string& actor, const std::string& action, const std::string& detail) {
    Statement s(*db_, "INSERT INTO audit_log (at_utc, actor, action, detail) VALUES (?1, ?2, ?3, ?4)");
    s.bind_all(core::format_iso_utc(core::now_utc_ms()), actor, action, detail).run();
}

std::vector<AuditRecord> Store::audit_log(int limit) {
    Statement s(*db_,
                "SELECT id, at_utc, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1");
    s.bind_all(limit);
    std::vector<AuditRecord> out;
    while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4)});
    return out;
}

struct Store::BulkWriter::Impl {
    Impl(Store& s, std::size_t c) : store(s), chunk(c) { begin(); }
    void begin() {
        tx = std::make_unique<Transaction>(*store.db_);
        insert = std::make_unique<Statement>(*store.db_, sql::kInsertEntry);
        queue = std::make_unique<Statement>(*store.db_, sql::kQueueEntry);
    }
    void commit() {
        insert.reset();
        queue.reset();
        tx->commit();
        tx.reset();
    }
    Store& store;
    std::size_t chunk;
    std::size_t in_chunk = 0;
    std::string now = core::format_iso_utc(core::now_utc_ms());
    std::unique_ptr<Transaction> tx;
    std::unique_ptr<Statement> insert, queue;
};

Store::BulkWriter::BulkWriter(Store& store, std::size_t chunk)
    : impl_(std::make_unique<Impl>(store, chunk)) {}

Store::BulkWriter::~BulkWriter() = default;

void Store::BulkWriter::add(const core::Entry& entry) {
    check_valid(entry);
    if (!impl_->tx) impl_->begin();
    bind_entry(*impl_->insert, entry, impl_->now);
    impl_->insert->run();
    impl_->queue->bind_all(sqlite3_last_insert_rowid(impl_->store.db_->handle()), impl_->now).run();
    ++written_;
    if (++impl_->in_chunk >= impl_->chunk) {
        impl_->commit();
        impl_->in_chunk = 0;
    }
}

void Store::BulkWriter::finish() {
    if (impl_->tx) impl_->commit();
}

}  // namespace feedback::store
