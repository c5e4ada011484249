// The public tracking page (issue 18) as a value through Collector::handle(): what it shows,
// what it never shows, one "not found" for an unknown reference and a wrong key, the per-address
// limit, the key kept out of the log, and the collector's schema step that stores the key.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "../protocol/samples.h"
#include "collector.h"
#include "storage.h"
#include "temp_dir.h"
#include "test_database.h"
#include "labels.h"
#include "track_page.h"

using namespace feedback;
using feedback::testing::test_db;
using namespace feedback::collector;
using feedback::testing::TempDir;

namespace {

const std::string kKey = "7Q2MZ4K9XH3PRT8W";
const std::string kReference = "C-2026-0001";  // samples::complaint_entry()

struct Site {
    TempDir dir;
    std::vector<std::string> log;
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    std::unique_ptr<Collector> collector;

    explicit Site(unsigned limit = 0) {
        Options options;
        options.database = test_db(dir / "collector.db");
        options.track_lookups_per_minute = limit;
        options.now = [this] { return now; };
        options.log = [this](const std::string& line) { log.push_back(line); };
        collector = std::make_unique<Collector>(std::move(options));
        protocol::Batch batch = samples::batch();
        batch.entries[1].complaint->tracking_key = kKey;
        Request post;
        post.method = "POST";
        post.path = "/v1/batches";
        post.headers["Content-Type"] = "application/json";
        post.headers["Idempotency-Key"] = batch.batch_id;
        post.body = protocol::encode(batch);
        post.peer = "127.0.0.1:50000";
        REQUIRE(collector->handle(post).status == 200);
    }

    Response get(const std::string& path, std::map<std::string, std::string> query = {},
                 const std::string& peer = "203.0.113.5:41000") {
        Request r;
        r.method = "GET";
        r.path = path;
        std::string q;
        for (const auto& [name, value] : query) q += (q.empty() ? "" : "&") + name + "=" + console::url_encode(value);
        r.query = q;
        r.peer = peer;
        return collector->handle(r);
    }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A response header, wherever the collector put it (the console's go to repeated_headers).
std::string header(const Response& r, const std::string& name) {
    if (const auto it = r.headers.find(name); it != r.headers.end()) return it->second;
    for (const auto& [n, v] : r.repeated_headers)
        if (n == name) return v;
    return "<none>";
}

}  // namespace

TEST_CASE("the tracking page shows reference, category, filed date and status, nothing private", "[collector][track]") {
    Site site;
    const auto page = site.get("/track/" + kReference, {{"k", kKey}});
    REQUIRE(page.status == 200);
    CHECK(header(page, "Content-Type") == "text/html; charset=utf-8");
    CHECK(contains(header(page, "Content-Security-Policy"), "default-src 'none'"));
    CHECK(header(page, "Referrer-Policy") == "no-referrer");
    CHECK(header(page, "Cache-Control") == "no-store");
    const auto& html = page.body;
    CHECK(contains(html, "<html lang=\"th\">"));
    CHECK(contains(html, "<dd id=\"reference\">C-2026-0001</dd>"));
    CHECK(contains(html, "<dd id=\"category\">เรียกรับเงินหรือสินบน</dd>"));
    // Filed 2026-11-27T07:05Z at +07:00: 14:05 on 27 November B.E. 2569.
    CHECK(contains(html, "<dd id=\"filed\">27 พฤศจิกายน 2569 เวลา 14:05 น.</dd>"));
    CHECK(contains(html, "<dd id=\"status\">ได้รับเรื่องแล้ว รอเจ้าหน้าที่รับเรื่อง</dd>"));
    CHECK(contains(html, "id=\"no-responses\""));
    // Never the description, the contact details, or anything fetched from elsewhere.
    for (const std::string secret : {"เรียกรับเงินเพิ่ม", "สมชาย", "0812345678", "engineering"})
        CHECK_FALSE(contains(html, secret));
    for (const std::string external : {"<script", "http://", "https://", "src=", "@import"})
        CHECK_FALSE(contains(html, external));

    const auto english = site.get("/track/" + kReference, {{"k", kKey}, {"lang", "en"}});
    REQUIRE(english.status == 200);
    CHECK(contains(english.body, "<html lang=\"en\">"));
    CHECK(contains(english.body, "<dd id=\"category\">Asking for money or a bribe</dd>"));
    CHECK(contains(english.body, "<dd id=\"filed\">27 November 2026, 14:05</dd>"));
    CHECK(contains(english.body, "<dd id=\"status\">Received, waiting for an officer</dd>"));
    CHECK(contains(english.body, "href=\"?k=7Q2MZ4K9XH3PRT8W&amp;lang=th\""));
    CHECK(contains(html, "href=\"?k=7Q2MZ4K9XH3PRT8W&amp;lang=en\""));
}

TEST_CASE("an unknown reference and a wrong key get the same answer", "[collector][track]") {
    Site site;
    const auto wrong_key = site.get("/track/" + kReference, {{"k", "7Q2MZ4K9XH3PRT8X"}});
    const auto no_key = site.get("/track/" + kReference);
    const auto unknown = site.get("/track/C-2026-0002", {{"k", kKey}});
    const auto english = site.get("/track/C-2026-0002", {{"k", kKey}, {"lang", "en"}});
    const auto odd = site.get("/track/" + kReference + "/x", {{"k", kKey}});
    const auto empty = site.get("/track/", {{"k", kKey}});
    CHECK(wrong_key.status == 404);
    for (const auto* other : {&no_key, &unknown, &english, &odd, &empty}) {
        CHECK(other->status == wrong_key.status);
        CHECK(other->body == wrong_key.body);
        CHECK(other->headers == wrong_key.headers);
        CHECK(other->repeated_headers == wrong_key.repeated_headers);
    }
    CHECK(contains(wrong_key.body, "ไม่พบเรื่องร้องเรียน"));
    CHECK(contains(wrong_key.body, "Complaint not found"));
    CHECK_FALSE(contains(wrong_key.body, kReference));
}

TEST_CASE("a complaint sent without a tracking key cannot be tracked", "[collector][track]") {
    Site site;
    protocol::Batch batch = samples::batch();
    batch.batch_id = "0190f3c2-7a1b-7c3d-8e4f-0000000000b2";
    batch.entries = {samples::complaint_entry("0190f3c2-7a1b-7c3d-8e4f-000000000009")};
    batch.entries[0].complaint->reference = "OLD-1";
    Request post;
    post.method = "POST";
    post.path = "/v1/batches";
    post.headers["Content-Type"] = "application/json";
    post.headers["Idempotency-Key"] = batch.batch_id;
    post.body = protocol::encode(batch);
    REQUIRE(site.collector->handle(post).status == 200);
    CHECK(site.get("/track/OLD-1", {{"k", ""}}).status == 404);
    CHECK(site.get("/track/OLD-1").status == 404);
}

TEST_CASE("lookups are limited per address per minute", "[collector][track]") {
    Site site(3);
    for (int i = 0; i < 3; ++i) CHECK(site.get("/track/" + kReference, {{"k", kKey}}).status == 200);
    auto refused = site.get("/track/" + kReference, {{"k", kKey}});
    CHECK(refused.status == 429);
    CHECK(header(refused, "Retry-After") == "60");
    CHECK(contains(refused.body, "Too many lookups"));
    // Wrong guesses count the same, and another port of the same address is the same address.
    CHECK(site.get("/track/C-2026-0002", {{"k", kKey}}, "203.0.113.5:41999").status == 429);
    // Another address is not affected.
    CHECK(site.get("/track/" + kReference, {{"k", kKey}}, "198.51.100.1:40000").status == 200);
    // A minute later the address may look again.
    site.now += std::chrono::seconds(61);
    CHECK(site.get("/track/" + kReference, {{"k", kKey}}).status == 200);
}

TEST_CASE("the tracking page is GET only and its key never reaches the log", "[collector][track][privacy]") {
    Site site;
    Request post;
    post.method = "POST";
    post.path = "/track/" + kReference;
    post.query = "k=" + kKey;
    const auto refused = site.collector->handle(post);
    CHECK(refused.status == 405);
    CHECK(header(refused, "Allow") == "GET, HEAD");
    CHECK(site.get("/track/" + kReference, {{"k", kKey}}).status == 200);
    CHECK(site.get("/track/" + kReference, {{"k", "WRONGKEYWRONGKEY"}}).status == 404);
    bool logged_lookup = false;
    for (const auto& line : site.log) {
        CHECK_FALSE(contains(line, kKey));
        CHECK_FALSE(contains(line, "WRONGKEY"));
        logged_lookup = logged_lookup || contains(line, "GET /track/C-2026-0001 from 203.0.113.5:41000: 200");
    }
    CHECK(logged_lookup);
}

TEST_CASE("the collector stores the tracking key, and upgrades a schema-1 database", "[collector][track][storage][sqlite]") {
    TempDir dir;
    const auto path = dir / "old.db";
    {
        // A collector database as the release before issue 18 left it: schema 1, one complaint.
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
        const char* v1 =
            "CREATE TABLE entries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
            " created_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL, device_id TEXT NOT NULL,"
            " service_point TEXT NOT NULL, rating INTEGER, dimensions TEXT NOT NULL, reasons TEXT NOT NULL,"
            " comment TEXT NOT NULL, language TEXT NOT NULL, misuse INTEGER NOT NULL, survey_version TEXT NOT NULL,"
            " channel TEXT NOT NULL, complaint_category TEXT, complaint_occurred TEXT, complaint_service_point TEXT,"
            " complaint_description TEXT, complaint_anonymous INTEGER, complaint_contact_name TEXT,"
            " complaint_contact_phone TEXT, complaint_reference TEXT, complaint_sensitive INTEGER,"
            " received_utc TEXT NOT NULL, received_from TEXT NOT NULL, batch_id TEXT NOT NULL);"
            "CREATE TABLE batches (device_id TEXT NOT NULL, batch_id TEXT NOT NULL, received_utc TEXT NOT NULL,"
            " body_sha256 TEXT NOT NULL, response TEXT NOT NULL, PRIMARY KEY (device_id, batch_id)) WITHOUT ROWID;"
            "CREATE TABLE heartbeats (device_id TEXT PRIMARY KEY, received_utc TEXT NOT NULL, app_version TEXT NOT NULL,"
            " pending INTEGER NOT NULL, oldest_pending_age_s INTEGER, last_error TEXT NOT NULL,"
            " kiosk_clock_utc TEXT NOT NULL, peer TEXT NOT NULL) WITHOUT ROWID;"
            "INSERT INTO entries VALUES (1, 'e1', 'complaint', '2026-11-27T07:05:09.123Z', 420, 'k', '', NULL, '{}',"
            " '[]', '', 'th', 0, 'v', 'kiosk', 'rude', '', '', 'd', 1, '', '', 'OLD-1', 0,"
            " '2026-11-27T07:06:00.000Z', 'k', 'b');"
            "PRAGMA user_version = 1;";
        REQUIRE(sqlite3_exec(raw, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    Storage storage(path);
    const auto old = storage.tracked_complaints("OLD-1");
    REQUIRE(old.size() == 1);
    CHECK(old[0].tracking_key.empty());
    CHECK(old[0].category == "rude");

    protocol::Batch batch = samples::batch();
    batch.entries[1].complaint->tracking_key = kKey;
    storage.store_batch("kiosk-01", batch, batch.entries, {}, std::nullopt);
    const auto stored = storage.tracked_complaints(kReference);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].tracking_key == kKey);
    CHECK(stored[0].created_utc == "2026-11-27T07:05:09.123Z");
    CHECK(stored[0].utc_offset_min == 420);
}

TEST_CASE("local times on the page: B.E. in Thai, across midnight and month ends", "[collector][track]") {
    using feedback::console::format_local_time;
    CHECK(format_local_time("2026-12-31T17:30:00.000Z", 420, true) == "1 มกราคม 2570 เวลา 00:30 น.");
    CHECK(format_local_time("2026-12-31T17:30:00.000Z", 420, false) == "1 January 2027, 00:30");
    CHECK(format_local_time("2028-03-01T01:00:00Z", -120, false) == "29 February 2028, 23:00");
    CHECK(format_local_time("not a time", 420, true).empty());
}

TEST_CASE("the page follows the console's case history: status, date and public responses only",
          "[collector][track]") {
    Site site;
    auto& store = site.collector->console_store();
    const auto found = site.collector->storage().tracked_complaints(kReference);
    REQUIRE(found.size() == 1);
    const auto seq = found[0].seq;
    REQUIRE(store.change_status(seq, "new",
                                {"accepted", "2026-11-28T02:00:00.000Z", "รับเรื่องไว้แล้ว จะตรวจสอบภายใน 7 วัน",
                                 "ผู้ร้องเคยร้องเรื่องนี้มาก่อน", "", "officer1"}));
    REQUIRE(store.change_status(seq, "accepted",
                                {"resolved", "2026-12-01T09:30:00.000Z", "ได้ตักเตือนเจ้าหน้าที่แล้ว ขออภัยในความไม่สะดวก",
                                 "บันทึกภายใน: เรื่องวินัย", "", "officer1"}));
    const auto page = site.get("/track/" + kReference, {{"k", kKey}});
    REQUIRE(page.status == 200);
    const auto& html = page.body;
    CHECK(contains(html, "<dd id=\"status\">ดำเนินการแล้วเสร็จ</dd>"));
    CHECK(contains(html, "<dd id=\"status-date\">1 ธันวาคม 2569 เวลา 16:30 น.</dd>"));
    CHECK(contains(html, "รับเรื่องไว้แล้ว จะตรวจสอบภายใน 7 วัน"));
    CHECK(contains(html, "ได้ตักเตือนเจ้าหน้าที่แล้ว ขออภัยในความไม่สะดวก"));
    CHECK_FALSE(contains(html, "no-responses"));
    // Internal notes and the officer's name never reach the visitor.
    CHECK_FALSE(contains(html, "ผู้ร้องเคยร้องเรื่องนี้มาก่อน"));
    CHECK_FALSE(contains(html, "เรื่องวินัย"));
    CHECK_FALSE(contains(html, "officer1"));
    const auto english = site.get("/track/" + kReference, {{"k", kKey}, {"lang", "en"}});
    CHECK(contains(english.body, "<dd id=\"status-date\">1 December 2026, 16:30</dd>"));
}

TEST_CASE("the key may arrive percent-encoded", "[collector][track]") {
    Site site;
    Request r;
    r.method = "GET";
    r.path = "/track/" + kReference;
    r.query = "lang=th&k=%37Q2MZ4K9XH3PRT8W";  // %37 is '7'
    r.peer = "203.0.113.5:41000";
    CHECK(site.collector->handle(r).status == 200);
    r.query = "k=7Q2MZ4K9XH3PRT8W%";  // a stray '%' is kept as it is: no longer the key
    CHECK(site.collector->handle(r).status == 404);
}
