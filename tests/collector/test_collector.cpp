// Collector::handle() as a pure function: every protocol rule of the central end, checked on
// values without a socket — acknowledgements, deduplication, per-entry rejection, replay,
// authentication, limits, encodings, versions, heartbeats, the fault plan, the token file and
// the CSV export.
#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

#include <sstream>

#include "../protocol/samples.h"
#include "collector.h"
#include "export.h"
#include "storage.h"
#include "temp_dir.h"
#include "test_database.h"
#include "tokens.h"

using namespace feedback;
using feedback::testing::test_db;
using namespace feedback::collector;
using feedback::testing::TempDir;
using nlohmann::json;

namespace {

struct Setup {
    TempDir dir;
    std::vector<std::string> log;
    std::string token1, token2;
    std::unique_ptr<Collector> collector;

    explicit Setup(bool with_tokens = true, std::size_t max_body = protocol::kMaxBodyBytes, FaultPlan faults = {}) {
        Options options;
        options.database = test_db(dir / "collector.db");
        if (with_tokens) {
            token1 = add_token(dir / "tokens", "kiosk-01");
            token2 = add_token(dir / "tokens", "kiosk-02");
            options.tokens = dir / "tokens";
        }
        options.max_body = max_body;
        options.faults = std::move(faults);
        options.log = [this](const std::string& line) { log.push_back(line); };
        collector = std::make_unique<Collector>(std::move(options));
    }

    Response post(const Request& request) { return collector->handle(request); }
    std::int64_t stored() { return collector->storage().entry_count(); }
    bool logged(const std::string& part) const {
        for (const auto& line : log)
            if (line.find(part) != std::string::npos) return true;
        return false;
    }
};

Request batch_request(const protocol::Batch& batch, const std::string& token, bool gzipped = true) {
    Request r;
    r.method = "POST";
    r.path = "/v1/batches";
    r.headers["Content-Type"] = "application/json";
    r.headers["Idempotency-Key"] = batch.batch_id;
    if (!token.empty()) r.headers["Authorization"] = "Bearer " + token;
    if (gzipped) {
        r.headers["Content-Encoding"] = "gzip";
        r.body = protocol::gzip(protocol::encode(batch));
    } else {
        r.body = protocol::encode(batch);
    }
    r.peer = "127.0.0.1:50000";
    return r;
}

protocol::BatchResponse acks(const Response& response) {
    REQUIRE(response.status == 200);
    auto decoded = protocol::decode_response(response.body);
    if (const auto* error = std::get_if<protocol::DecodeError>(&decoded)) FAIL(error->reason);
    return std::get<protocol::BatchResponse>(decoded);
}

protocol::AckStatus status_of(const protocol::BatchResponse& response, const std::string& id) {
    for (const auto& ack : response.results)
        if (ack.id == id) return ack.status;
    FAIL("no result for " << id);
    return protocol::AckStatus::Rejected;
}

std::string error_word(const Response& response) {
    auto decoded = protocol::decode_error(response.body);
    REQUIRE(std::holds_alternative<protocol::ErrorBody>(decoded));
    return std::get<protocol::ErrorBody>(decoded).error;
}

protocol::Batch batch_with_id(const std::string& batch_id) {
    auto b = samples::batch();
    b.batch_id = batch_id;
    return b;
}

const std::string kRating = samples::rating_entry().id;
const std::string kComplaint = samples::complaint_entry().id;

}  // namespace

TEST_CASE("a batch is stored and every entry acknowledged", "[collector]") {
    Setup s;
    const auto response = s.post(batch_request(samples::batch(), s.token1));
    CHECK(response.headers.at("content-type") == "application/json");
    const auto answer = acks(response);
    CHECK(answer.batch_id == samples::batch().batch_id);
    CHECK(answer.results.size() == 2);
    CHECK(status_of(answer, kRating) == protocol::AckStatus::Accepted);
    CHECK(status_of(answer, kComplaint) == protocol::AckStatus::Accepted);
    CHECK(s.stored() == 2);

    std::vector<StoredEntry> entries;
    s.collector->storage().for_each_entry([&](const StoredEntry& e) { entries.push_back(e); });
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].entry == samples::rating_entry());
    CHECK(entries[1].entry == samples::complaint_entry());
    CHECK(entries[0].received_from == "kiosk-01");
    CHECK(entries[0].batch_id == samples::batch().batch_id);
}

TEST_CASE("plain JSON bodies are accepted as well as gzip", "[collector]") {
    Setup s;
    CHECK(acks(s.post(batch_request(samples::batch(), s.token1, false))).results.size() == 2);
}

TEST_CASE("an entry already held is acknowledged as a duplicate", "[collector]") {
    Setup s;
    acks(s.post(batch_request(samples::batch(), s.token1)));
    auto again = batch_with_id("0190f3c2-7a1b-7c3d-8e4f-0000000000b2");
    again.entries.push_back(samples::rating_entry("0190f3c2-7a1b-7c3d-8e4f-000000000003"));
    const auto answer = acks(s.post(batch_request(again, s.token1)));
    CHECK(status_of(answer, kRating) == protocol::AckStatus::Duplicate);
    CHECK(status_of(answer, kComplaint) == protocol::AckStatus::Duplicate);
    CHECK(status_of(answer, "0190f3c2-7a1b-7c3d-8e4f-000000000003") == protocol::AckStatus::Accepted);
    CHECK(s.stored() == 3);
}

TEST_CASE("an invalid entry is rejected with a reason and the others are stored", "[collector]") {
    Setup s;
    json j = samples::batch_json();
    j["entries"][0]["rating"] = 9;
    Request r = batch_request(samples::batch(), s.token1, false);
    r.body = j.dump();
    const auto answer = acks(s.post(r));
    REQUIRE(answer.results.size() == 2);
    CHECK(status_of(answer, kComplaint) == protocol::AckStatus::Accepted);
    const auto rejected = std::find_if(answer.results.begin(), answer.results.end(),
                                       [](const auto& a) { return a.status == protocol::AckStatus::Rejected; });
    REQUIRE(rejected != answer.results.end());
    CHECK(rejected->id == kRating);
    CHECK(rejected->reason == "rating: expected an integer from 1 to 5 or null, got 9");
    CHECK(s.stored() == 1);
    CHECK(s.logged("rejected entry " + kRating));
}

TEST_CASE("a repeated Idempotency-Key with the same body gets the same answer", "[collector]") {
    Setup s;
    const auto first = s.post(batch_request(samples::batch(), s.token1));
    const auto second = s.post(batch_request(samples::batch(), s.token1));
    CHECK(second.status == 200);
    CHECK(second.body == first.body);  // "accepted" again, not "duplicate"
    CHECK(status_of(acks(second), kRating) == protocol::AckStatus::Accepted);
    CHECK(s.logged("replayed"));
    CHECK(s.stored() == 2);

    SECTION("the same key with another body is processed afresh") {
        auto changed = samples::batch();
        changed.entries.push_back(samples::rating_entry("0190f3c2-7a1b-7c3d-8e4f-000000000009"));
        const auto answer = acks(s.post(batch_request(changed, s.token1)));
        CHECK(status_of(answer, kRating) == protocol::AckStatus::Duplicate);
        CHECK(status_of(answer, "0190f3c2-7a1b-7c3d-8e4f-000000000009") == protocol::AckStatus::Accepted);
        CHECK(s.logged("re-used with a different body"));
    }
    SECTION("keys are scoped per device") {
        // Not kiosk-01's recorded answer ("accepted"): processed afresh, and since these
        // entries are kiosk-01's, kiosk-02 may not deliver them (issue 14).
        auto other = samples::batch();
        other.device_id = "kiosk-02";
        const auto answer = acks(s.post(batch_request(other, s.token2)));
        CHECK(status_of(answer, kRating) == protocol::AckStatus::Rejected);
        CHECK_FALSE(s.logged("replayed the answer recorded for this Idempotency-Key [kiosk-02]"));
    }
}

TEST_CASE("an Idempotency-Key that differs from batch_id is refused", "[collector]") {
    Setup s;
    Request r = batch_request(samples::batch(), s.token1);
    r.headers["Idempotency-Key"] = "0190f3c2-7a1b-7c3d-8e4f-0000000000ff";
    const auto response = s.post(r);
    CHECK(response.status == 400);
    CHECK(error_word(response) == "idempotency_key_mismatch");
    CHECK(s.stored() == 0);
}

TEST_CASE("devices authenticate with their bearer token", "[collector][auth]") {
    Setup s;
    SECTION("no token") {
        const auto response = s.post(batch_request(samples::batch(), ""));
        CHECK(response.status == 401);
        CHECK(error_word(response) == "unauthorized");
        CHECK(response.headers.at("WWW-Authenticate").rfind("Bearer", 0) == 0);
    }
    SECTION("a wrong token") {
        const auto response = s.post(batch_request(samples::batch(), std::string(64, 'a')));
        CHECK(response.status == 401);
        CHECK_THAT(response.headers.at("WWW-Authenticate"), Catch::Contains("invalid_token"));
    }
    SECTION("not a bearer token") {
        Request r = batch_request(samples::batch(), "");
        r.headers["Authorization"] = "Basic a2lvc2s6cGFzcw==";
        CHECK(s.post(r).status == 401);
    }
    SECTION("another device's token") {
        const auto response = s.post(batch_request(samples::batch(), s.token2));
        CHECK(response.status == 403);
        CHECK(error_word(response) == "forbidden");
    }
    SECTION("the scheme is case-insensitive") {
        Request r = batch_request(samples::batch(), "");
        r.headers["authorization"] = "bearer " + s.token1;
        CHECK(s.post(r).status == 200);
    }
    // Tokens never reach the log.
    for (const auto& line : s.log) {
        CHECK(line.find(s.token1) == std::string::npos);
        CHECK(line.find(s.token2) == std::string::npos);
    }
}

TEST_CASE("without a token file the collector is open and says so", "[collector][auth]") {
    Setup s(false);
    CHECK(s.logged("running OPEN"));
    CHECK(acks(s.post(batch_request(samples::batch(), ""))).results.size() == 2);
}

TEST_CASE("bodies over the limit are refused with 413", "[collector][limits]") {
    SECTION("sent size") {
        Setup s(true, 1000);
        const auto response = s.post(batch_request(samples::batch(), s.token1, false));
        CHECK(response.status == 413);
        CHECK(error_word(response) == "payload_too_large");
    }
    SECTION("inflated size: a decompression bomb") {
        Setup s(true, 100'000);
        Request r = batch_request(samples::batch(), s.token1);
        r.body = protocol::gzip(std::string(50u << 20, ' '));
        CHECK(r.body.size() < 100'000);
        const auto response = s.post(r);
        CHECK(response.status == 413);
        CHECK_THAT(response.body, Catch::Contains("inflates to more than"));
    }
    SECTION("the HTTP layer stopped reading") {
        Setup s;
        Request r = batch_request(samples::batch(), s.token1);
        r.body_state = BodyState::TooLarge;
        CHECK(s.post(r).status == 413);
    }
    SECTION("too many entries") {
        Setup s;
        json j = samples::batch_json();
        const json entry = j["entries"][0];
        j["entries"] = json::array();
        for (std::size_t i = 0; i <= protocol::kMaxEntriesPerBatch; ++i) j["entries"].push_back(entry);
        Request r = batch_request(samples::batch(), s.token1, false);
        r.body = j.dump();
        CHECK(s.post(r).status == 413);
    }
}

TEST_CASE("unsupported encodings and media types get 415", "[collector]") {
    Setup s;
    Request r = batch_request(samples::batch(), s.token1);
    SECTION("brotli") {
        r.headers["Content-Encoding"] = "br";
        CHECK(s.post(r).status == 415);
        CHECK(error_word(s.post(r)) == "unsupported_encoding");
    }
    SECTION("a form") {
        r.headers["Content-Type"] = "application/x-www-form-urlencoded";
        CHECK(error_word(s.post(r)) == "unsupported_media_type");
    }
    SECTION("charset parameters are fine") {
        r.headers["Content-Type"] = "application/json; charset=utf-8";
        CHECK(s.post(r).status == 200);
    }
}

TEST_CASE("unreadable bodies get 400, unknown versions 422", "[collector]") {
    Setup s;
    Request r = batch_request(samples::batch(), s.token1, false);
    SECTION("truncated JSON") {
        r.body = r.body.substr(0, r.body.size() / 2);
        const auto response = s.post(r);
        CHECK(response.status == 400);
        CHECK(error_word(response) == "malformed");
    }
    SECTION("damaged gzip") {
        r.headers["Content-Encoding"] = "gzip";
        r.body = protocol::gzip(r.body).substr(0, 30);
        CHECK(s.post(r).status == 400);
    }
    SECTION("a newer protocol version") {
        json j = samples::batch_json();
        j["version"] = 2;
        r.body = j.dump();
        const auto response = s.post(r);
        CHECK(response.status == 422);
        CHECK(error_word(response) == "unsupported_version");
        CHECK_THAT(response.body, Catch::Contains("unsupported protocol version 2"));
    }
    CHECK(s.stored() == 0);
}

TEST_CASE("unknown paths and methods", "[collector]") {
    Setup s;
    Request r = batch_request(samples::batch(), s.token1);
    r.path = "/v2/batches";
    CHECK(s.post(r).status == 404);
    r.path = "/v1/batches";
    r.method = "GET";
    const auto response = s.post(r);
    CHECK(response.status == 405);
    CHECK(response.headers.at("Allow") == "POST");
}

TEST_CASE("heartbeats are stored per device and answered 204", "[collector][heartbeat]") {
    Setup s;
    Request r;
    r.method = "POST";
    r.path = "/v1/heartbeat";
    r.headers["Authorization"] = "Bearer " + s.token1;
    r.headers["Content-Encoding"] = "gzip";
    r.body = protocol::gzip(protocol::encode(samples::heartbeat()));
    const auto response = s.post(r);
    CHECK(response.status == 204);
    CHECK(response.body.empty());
    const auto stored = s.collector->storage().heartbeat("kiosk-01");
    REQUIRE(stored);
    CHECK(stored->heartbeat == samples::heartbeat());

    auto later = samples::heartbeat();
    later.pending = 0;
    later.oldest_pending_age_s.reset();
    r.body = protocol::gzip(protocol::encode(later));
    CHECK(s.post(r).status == 204);
    CHECK(s.collector->storage().heartbeat("kiosk-01")->heartbeat == later);

    SECTION("for its own device only") {
        r.headers["Authorization"] = "Bearer " + s.token2;
        CHECK(s.post(r).status == 403);
    }
    SECTION("malformed") {
        r.body = "{\"version\":1}";
        r.headers.erase("Content-Encoding");
        CHECK(s.post(r).status == 400);
    }
}

TEST_CASE("faults take turns on every Nth batch request", "[collector][faults]") {
    Setup s(true, protocol::kMaxBodyBytes, FaultPlan{parse_faults("500, drop"), 2});
    CHECK(s.logged("fault injection ON: 500,drop on every 2. batch request"));
    std::vector<int> statuses;
    std::vector<Delivery> deliveries;
    for (int i = 1; i <= 6; ++i) {
        const auto batch = batch_with_id("0190f3c2-7a1b-7c3d-8e4f-00000000000" + std::to_string(i));
        const auto response = s.post(batch_request(batch, s.token1));
        statuses.push_back(response.status);
        deliveries.push_back(response.delivery);
    }
    CHECK(statuses == std::vector<int>{200, 500, 200, 200, 200, 500});
    CHECK(deliveries[3] == Delivery::Drop);
    CHECK(deliveries[2] == Delivery::Send);
    CHECK_THROWS_WITH(parse_faults("500,teapot"), Catch::Contains("unknown fault \"teapot\""));
}

TEST_CASE("each fault mode, as a value", "[collector][faults]") {
    auto with = [](const std::string& mode) { return FaultPlan{parse_faults(mode), 1}; };
    protocol::Batch four = samples::batch();
    four.entries.push_back(samples::rating_entry("0190f3c2-7a1b-7c3d-8e4f-000000000003"));
    four.entries.push_back(samples::rating_entry("0190f3c2-7a1b-7c3d-8e4f-000000000004"));

    SECTION("500, 503 and 429 store nothing; 503 and 429 say when to come back") {
        for (const auto& [mode, status] : std::initializer_list<std::pair<const char*, int>>{
                 {"500", 500}, {"503", 503}, {"429", 429}}) {
            Setup s(true, protocol::kMaxBodyBytes, with(mode));
            const auto response = s.post(batch_request(four, s.token1));
            CHECK(response.status == status);
            if (status != 500) CHECK(response.headers.at("Retry-After") == "1");
            CHECK(s.stored() == 0);
        }
    }
    SECTION("stall and drop store nothing and answer nothing") {
        Setup stall(true, protocol::kMaxBodyBytes, with("stall"));
        CHECK(stall.post(batch_request(four, stall.token1)).delivery == Delivery::StallThenDrop);
        CHECK(stall.stored() == 0);
        Setup drop(true, protocol::kMaxBodyBytes, with("drop"));
        CHECK(drop.post(batch_request(four, drop.token1)).delivery == Delivery::Drop);
        CHECK(drop.stored() == 0);
    }
    SECTION("drop-after-store stores, then drops; the re-sent batch is answered by replay") {
        Setup s(true, protocol::kMaxBodyBytes, FaultPlan{parse_faults("drop-after-store"), 2});
        auto first = batch_with_id("0190f3c2-7a1b-7c3d-8e4f-0000000000c1");
        first.entries = {samples::rating_entry("0190f3c2-7a1b-7c3d-8e4f-0000000000a9")};
        acks(s.post(batch_request(first, s.token1)));  // request 1: fine
        const auto dropped = s.post(batch_request(four, s.token1));
        CHECK(dropped.delivery == Delivery::Drop);
        CHECK(s.stored() == 5);
        const auto answer = acks(s.post(batch_request(four, s.token1)));  // request 3: the retry
        CHECK(answer.results.size() == 4);
        for (const auto& ack : answer.results) CHECK(ack.status == protocol::AckStatus::Accepted);
    }
    SECTION("partial stores and acknowledges the first half only") {
        Setup s(true, protocol::kMaxBodyBytes, with("partial"));
        const auto answer = acks(s.post(batch_request(four, s.token1)));
        REQUIRE(answer.results.size() == 2);
        CHECK(answer.results[0].id == four.entries[0].id);
        CHECK(answer.results[1].id == four.entries[1].id);
        CHECK(s.stored() == 2);
    }
    SECTION("html is a 200 with a web page, nothing stored") {
        Setup s(true, protocol::kMaxBodyBytes, with("html"));
        const auto response = s.post(batch_request(four, s.token1));
        CHECK(response.status == 200);
        CHECK_THAT(response.headers.at("Content-Type"), Catch::StartsWith("text/html"));
        CHECK_THAT(std::get<protocol::DecodeError>(protocol::decode_response(response.body)).reason,
                   Catch::Contains("HTML"));
        CHECK(s.stored() == 0);
    }
    SECTION("garbage stores, then answers 200 with half a JSON document") {
        Setup s(true, protocol::kMaxBodyBytes, with("garbage"));
        const auto response = s.post(batch_request(four, s.token1));
        CHECK(response.status == 200);
        CHECK_THAT(std::get<protocol::DecodeError>(protocol::decode_response(response.body)).reason,
                   Catch::Contains("not valid JSON"));
        CHECK(s.stored() == 4);
    }
    SECTION("heartbeats are never faulted") {
        Setup s(true, protocol::kMaxBodyBytes, with("500"));
        Request r;
        r.method = "POST";
        r.path = "/v1/heartbeat";
        r.headers["Authorization"] = "Bearer " + s.token1;
        r.body = protocol::encode(samples::heartbeat());
        CHECK(s.post(r).status == 204);
    }
}

TEST_CASE("the token file: hashes only, private, with clear errors", "[collector][tokens]") {
    TempDir dir;
    const auto path = dir / "tokens";
    const std::string token = add_token(path, "kiosk-01");
    CHECK(token.size() == 64);
    CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string text = feedback::testing::read_file(path);
    CHECK(text.find(token) == std::string::npos);
    CHECK(text.find("kiosk-01 " + sha256_hex(token)) != std::string::npos);

    const auto file = TokenFile::load(path);
    CHECK(file.size() == 1);
    CHECK(file.device_for(token) == std::optional<std::string>("kiosk-01"));
    CHECK_FALSE(file.device_for(token.substr(1)));
    CHECK_FALSE(file.device_for(""));

    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK_THROWS_AS(add_token(path, "kiosk 01"), std::invalid_argument);
    CHECK_THROWS_AS(add_token(path, ""), std::invalid_argument);

    feedback::testing::write_file(dir / "bad", "# comment\n\nkiosk-01 " + sha256_hex("x") + "\nkiosk-02 nothex\n");
    CHECK_THROWS_WITH(TokenFile::load(dir / "bad"), Catch::Contains("bad:4: the second field must be 64"));
    CHECK_THROWS_WITH(TokenFile::load(dir / "missing"), Catch::Contains("cannot read token file"));
}

TEST_CASE("the database file is private", "[collector][sqlite]") {
    Setup s;
    struct stat st {};
    REQUIRE(::stat((s.dir / "collector.db").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("CSV cells are quoted and neutralised", "[collector][export]") {
    CHECK(csv_cell("plain") == "plain");
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
    CHECK(csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(csv_cell("+1") == "'+1");
    CHECK(csv_cell("-cmd") == "'-cmd");
    CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_cell("-420", false) == "-420");
}

TEST_CASE("export writes every entry with a BOM and keeps sensitive complaints apart", "[collector][export]") {
    Setup s;
    auto batch = samples::batch();
    batch.entries[0].comment = "=1+1 ดีมาก";
    auto open_complaint = samples::complaint_entry("0190f3c2-7a1b-7c3d-8e4f-000000000005");
    open_complaint.complaint->sensitive = false;
    batch.entries.push_back(open_complaint);
    acks(s.post(batch_request(batch, s.token1)));

    std::ostringstream main, sensitive;
    const auto counts = export_csv(s.collector->storage(), main, &sensitive);
    CHECK(counts.entries == 2);
    CHECK(counts.sensitive == 1);
    const std::string text = main.str();
    REQUIRE(text.rfind("\xEF\xBB\xBFid,kind,created_utc,utc_offset_min,device_id,", 0) == 0);
    CHECK(text.find("\r\n") != std::string::npos);
    CHECK(text.find(",'=1+1 ดีมาก,") != std::string::npos);
    CHECK(text.find(",420,") != std::string::npos);
    CHECK(text.find("process=3;staff=5") != std::string::npos);
    CHECK(text.find("fast;friendly") != std::string::npos);
    CHECK(text.find(open_complaint.id) != std::string::npos);
    CHECK(text.find(kComplaint) == std::string::npos);  // the sensitive one
    CHECK(sensitive.str().rfind("\xEF\xBB\xBFid,", 0) == 0);
    CHECK(sensitive.str().find(kComplaint) != std::string::npos);
    CHECK(sensitive.str().find("สมชาย ใจดี") != std::string::npos);

    std::ostringstream only_main;
    CHECK(export_csv(s.collector->storage(), only_main, nullptr).sensitive == 1);
    CHECK(only_main.str() == text);
}

// ---- issue 14: attacks on the collector ---------------------------------------------------

namespace {

protocol::WireEntry entry_of(const std::string& id, const std::string& device) {
    auto e = samples::rating_entry(id);
    e.device_id = device;
    return e;
}

protocol::Batch batch_of(const std::string& batch_id, const std::string& device,
                         std::vector<protocol::WireEntry> entries) {
    auto b = batch_with_id(batch_id);
    b.device_id = device;
    b.entries = std::move(entries);
    return b;
}

std::string reason_of(const protocol::BatchResponse& response, const std::string& id) {
    for (const auto& ack : response.results)
        if (ack.id == id) return ack.reason;
    return {};
}

}  // namespace

TEST_CASE("an entry naming another device than the token's is rejected with a reason", "[collector][auth][issue14]") {
    Setup s;
    const std::string forged = "0190f3c2-7a1b-7c3d-8e4f-0000000000f1";
    const std::string own = "0190f3c2-7a1b-7c3d-8e4f-0000000000f2";
    // kiosk-01's token, kiosk-01's batch, but one entry claims to come from kiosk-02.
    const auto answer = acks(s.post(batch_request(
        batch_of("0190f3c2-7a1b-7c3d-8e4f-0000000000b7", "kiosk-01",
                 {entry_of(forged, "kiosk-02"), entry_of(own, "kiosk-01")}),
        s.token1)));
    CHECK(status_of(answer, forged) == protocol::AckStatus::Rejected);
    CHECK_THAT(reason_of(answer, forged), Catch::StartsWith("device_id: "));
    CHECK(status_of(answer, own) == protocol::AckStatus::Accepted);
    CHECK(s.stored() == 1);
    CHECK(s.logged("entry " + forged + " names device kiosk-02"));

    // The real kiosk-02 later sends its entry with that id: stored, not "duplicate".
    const auto real = acks(s.post(batch_request(
        batch_of("0190f3c2-7a1b-7c3d-8e4f-0000000000b8", "kiosk-02", {entry_of(forged, "kiosk-02")}), s.token2)));
    CHECK(status_of(real, forged) == protocol::AckStatus::Accepted);
    CHECK(s.stored() == 2);
}

TEST_CASE("an id already held from another device is never answered duplicate to it", "[collector][auth][issue14]") {
    Setup s;
    const std::string id = "0190f3c2-7a1b-7c3d-8e4f-0000000000f3";
    // kiosk-01 takes the id first (a copied database, or a guess at kiosk-02's next id).
    auto first = samples::rating_entry(id);
    first.device_id = "kiosk-01";
    first.rating = 1;
    CHECK(status_of(acks(s.post(batch_request(batch_of("0190f3c2-7a1b-7c3d-8e4f-0000000000b9", "kiosk-01", {first}),
                                              s.token1))),
                    id) == protocol::AckStatus::Accepted);

    auto theirs = entry_of(id, "kiosk-02");
    theirs.comment = "โทร 0812345678";
    const auto answer = acks(s.post(batch_request(
        batch_of("0190f3c2-7a1b-7c3d-8e4f-0000000000ba", "kiosk-02", {theirs, theirs}), s.token2)));
    REQUIRE(answer.results.size() == 2);
    for (const auto& ack : answer.results) {
        CHECK(ack.status == protocol::AckStatus::Rejected);
        CHECK_THAT(ack.reason, Catch::StartsWith("id: "));
    }
    // The stored entry is kiosk-01's, unchanged; IT sees both devices and the id, no content.
    std::vector<StoredEntry> entries;
    s.collector->storage().for_each_entry([&](const StoredEntry& e) { entries.push_back(e); });
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].entry.rating == 1);
    CHECK(s.logged("entry " + id + " of device kiosk-02 has the id of an entry already held from device kiosk-01"));
    for (const auto& line : s.log) CHECK(line.find("0812345678") == std::string::npos);

    // The device that holds it still gets "duplicate" for its own re-send.
    CHECK(status_of(acks(s.post(batch_request(batch_of("0190f3c2-7a1b-7c3d-8e4f-0000000000bb", "kiosk-01", {first}),
                                              s.token1))),
                    id) == protocol::AckStatus::Duplicate);
}

TEST_CASE("a malformed batch's reason and log quote none of its content", "[collector][privacy][issue14]") {
    Setup s;
    const std::string good = protocol::encode(samples::batch());
    Request r = batch_request(samples::batch(), s.token1, false);
    // Cut inside the complaint's phone number, as a broken proxy or a crash might.
    const auto phone = good.find(samples::complaint_entry().complaint->contact_phone);
    REQUIRE(phone != std::string::npos);
    r.body = good.substr(0, phone + 6);
    const auto response = s.post(r);
    CHECK(response.status == 400);
    CHECK(error_word(response) == "malformed");
    INFO(response.body);
    const std::string number = samples::complaint_entry().complaint->contact_phone;
    CHECK(response.body.find(number.substr(0, 6)) == std::string::npos);
    CHECK(response.body.find("last read") == std::string::npos);
    CHECK(response.body.find('\'') == std::string::npos);
    CHECK(s.logged("not valid JSON at line 1"));
    for (const auto& line : s.log) {
        CHECK(line.find(number.substr(0, 6)) == std::string::npos);
        CHECK(line.find("last read") == std::string::npos);
    }
}

TEST_CASE("gzip inside gzip is refused", "[collector][limits][issue14]") {
    Setup s;
    Request r = batch_request(samples::batch(), s.token1);
    SECTION("sent raw") { r.body = protocol::gzip(r.body); }
    SECTION("already inflated once by the HTTP layer") { r.body_state = BodyState::Decoded; }
    const auto response = s.post(r);
    CHECK(response.status == 400);
    CHECK_THAT(response.body, Catch::Contains("gzip inside gzip"));
    CHECK(s.stored() == 0);
}

TEST_CASE("screen() decides on headers alone, before any body is read", "[collector][auth][issue14]") {
    Setup s;
    Request r = batch_request(samples::batch(), s.token1);
    r.body.clear();
    CHECK_FALSE(s.collector->screen(r).has_value());  // read the body, then handle()
    r.headers["Authorization"] = "Bearer " + std::string(64, 'b');
    REQUIRE(s.collector->screen(r).has_value());
    CHECK(s.collector->screen(r)->status == 401);
    r.headers["Authorization"] = "Bearer " + s.token1;
    r.headers["Content-Encoding"] = "br";
    REQUIRE(s.collector->screen(r).has_value());
    CHECK(s.collector->screen(r)->status == 415);
    r.headers["Content-Encoding"] = "gzip";
    r.path = "/v1/nothing";
    CHECK(s.collector->screen(r)->status == 404);
}

TEST_CASE("repeated wrong tokens from one address are slowed down with 429", "[collector][auth][issue14]") {
    auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    TempDir dir;
    std::vector<std::string> log;
    const std::string token = add_token(dir / "tokens", "kiosk-01");
    Options options;
    options.database = test_db(dir / "collector.db");
    options.tokens = dir / "tokens";
    options.now = [&] { return now; };
    options.log = [&](const std::string& line) { log.push_back(line); };
    Collector collector(std::move(options));

    Request wrong = batch_request(samples::batch(), std::string(64, 'c'));
    wrong.peer = "192.0.2.7:40000";
    for (int i = 0; i < 5; ++i) CHECK(collector.handle(wrong).status == 401);
    // The sixth failure starts the delays: 1 s, then 2, 4, …
    CHECK(collector.handle(wrong).status == 401);
    auto refused = collector.handle(wrong);
    CHECK(refused.status == 429);
    CHECK(refused.headers.at("Retry-After") == "1");
    CHECK(error_word(refused) == "too_many_requests");
    // While slowed down, even a right token from that address waits (it is not even checked).
    Request right = batch_request(samples::batch(), token);
    right.peer = "192.0.2.7:40001";
    CHECK(collector.handle(right).status == 429);
    // Another address is not affected.
    right.peer = "198.51.100.1:40000";
    CHECK(collector.handle(right).status == 200);

    now += std::chrono::seconds(1);
    CHECK(collector.handle(wrong).status == 401);  // the 7th failure: 2 s
    CHECK(collector.handle(wrong).headers.at("Retry-After") == "2");
    now += std::chrono::seconds(2);
    CHECK(collector.handle(wrong).status == 401);  // the 8th: 4 s
    CHECK(collector.screen(wrong)->headers.at("Retry-After") == "4");
    // After the wait a valid token from the address gets through again.
    now += std::chrono::seconds(4);
    right.peer = "192.0.2.7:40002";
    CHECK(collector.handle(right).status == 200);
    // A quiet window forgets the address.
    now += std::chrono::minutes(11);
    CHECK(collector.handle(wrong).status == 401);
    CHECK(collector.handle(wrong).status == 401);
    bool warned = false;
    for (const auto& line : log) warned = warned || line.find("address 192.0.2.7: 6 requests without a valid token") != std::string::npos;
    CHECK(warned);
}

// The collector's storage uses the shared SQLite wrapper (common/sqlite.h) since issue 15, but its
// errors keep the collector's own wording and transient flag, which its log lines carry: these
// pin them as they were with its former private wrapper.
TEST_CASE("storage errors keep the collector's wording", "[collector][storage][sqlite]") {
    TempDir dir;
    const auto path = dir / "collector.db";

    SECTION("a file that is not a database") {
        feedback::testing::write_file(path, std::string(4096, 'x'));
        try {
            Storage storage(path);
            FAIL("opened a file that is not a database");
        } catch (const StorageError& e) {
            CHECK(std::string(e.what()) == "database " + path.string() + ": file is not a database");
            CHECK_FALSE(e.transient());
        }
    }
    SECTION("writing through a read-only storage") {
        { Storage create(path); }
        Storage storage(path, Storage::Mode::ReadOnly);
        protocol::Heartbeat hb;
        hb.device_id = "kiosk-01";
        try {
            storage.record_heartbeat("kiosk-01", hb, "192.0.2.1:1");
            FAIL("wrote through a read-only storage");
        } catch (const StorageError& e) {
            CHECK(std::string(e.what()) == "database " + path.string() +
                                               ": writing or reading: attempt to write a readonly database"
                                               " (attempt to write a readonly database)");
            CHECK_FALSE(e.transient());
        }
        const auto batch = samples::batch();
        REQUIRE_FALSE(batch.entries.empty());
        try {
            storage.store_batch("kiosk-01", batch, batch.entries, {}, std::nullopt);
            FAIL("stored a batch through a read-only storage");
        } catch (const StorageError& e) {
            CHECK(std::string(e.what()) == "database " + path.string() +
                                               ": writing or reading: attempt to write a readonly database"
                                               " (attempt to write a readonly database)");
        }
        CHECK(storage.entry_count() == 0);
    }
}

// Issue 17: the collector keeps the optional profile (nothing a kiosk sends is lost) and
// exports it; a version 1 database gains the column on open with its entries intact.
TEST_CASE("profile answers are stored, read back and exported, a schema 1 file is upgraded", "[collector][profile][sqlite]") {
    TempDir dir;
    const auto path = dir / "collector.db";
    {
        // A collector database as version 1 wrote it: no profile column.
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        const std::string v1 =
            "CREATE TABLE entries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
            "created_utc TEXT NOT NULL, utc_offset_min INTEGER NOT NULL, device_id TEXT NOT NULL, "
            "service_point TEXT NOT NULL, rating INTEGER, dimensions TEXT NOT NULL, reasons TEXT NOT NULL, "
            "comment TEXT NOT NULL, language TEXT NOT NULL, misuse INTEGER NOT NULL, survey_version TEXT NOT NULL, "
            "channel TEXT NOT NULL, complaint_category TEXT, complaint_occurred TEXT, complaint_service_point TEXT, "
            "complaint_description TEXT, complaint_anonymous INTEGER, complaint_contact_name TEXT, "
            "complaint_contact_phone TEXT, complaint_reference TEXT, complaint_sensitive INTEGER, "
            "received_utc TEXT NOT NULL, received_from TEXT NOT NULL, batch_id TEXT NOT NULL);"
            "CREATE TABLE batches (device_id TEXT NOT NULL, batch_id TEXT NOT NULL, received_utc TEXT NOT NULL, "
            "body_sha256 TEXT NOT NULL, response TEXT NOT NULL, PRIMARY KEY (device_id, batch_id)) WITHOUT ROWID;"
            "CREATE TABLE heartbeats (device_id TEXT PRIMARY KEY, received_utc TEXT NOT NULL, app_version TEXT NOT NULL, "
            "pending INTEGER NOT NULL, oldest_pending_age_s INTEGER, last_error TEXT NOT NULL, "
            "kiosk_clock_utc TEXT NOT NULL, peer TEXT NOT NULL) WITHOUT ROWID;"
            "INSERT INTO entries VALUES (1, '0190f3c2-7a1b-7c3d-8e4f-0000000000aa', 'rating', '2026-01-05T02:00:00.000Z', "
            "420, 'kiosk-01', '', 4, '{}', '[]', '', 'th', 0, '1', 'kiosk', NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
            "NULL, NULL, '2026-01-05T02:00:01.000Z', 'kiosk-01', 'b');"
            "PRAGMA user_version = 1;";
        REQUIRE(sqlite3_exec(db, v1.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    Options options;
    options.database = path;
    options.log = [](const std::string&) {};
    Collector collector(options);
    auto batch = samples::batch();
    batch.entries[0].profile = {{"age", "60_plus"}, {"sex", "male"}};
    REQUIRE(collector.handle(batch_request(batch, "")).status == 200);

    std::vector<StoredEntry> entries;
    collector.storage().for_each_entry([&](const StoredEntry& e) { entries.push_back(e); });
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].entry.profile.empty());  // the version 1 entry, kept
    CHECK(entries[1].entry.profile == batch.entries[0].profile);
    CHECK(entries[1].entry == batch.entries[0]);
    std::ostringstream main;
    export_csv(collector.storage(), main, nullptr);
    CHECK(main.str().find(",batch_id,profile\r\n") != std::string::npos);
    CHECK(main.str().find(",age=60_plus;sex=male\r\n") != std::string::npos);
}
