// The feedback-collector program as scripts and the sync tests use it: `serve` on port 0
// announcing its port, SIGTERM, `add-token`, `export`, usage errors, fault flags, and HTTPS
// with a throwaway CA made by the openssl CLI (a client that trusts the CA gets through, one
// that does not is refused).
#include <catch2/catch.hpp>
#include <httplib.h>
#include <sys/stat.h>

#include <regex>
#include <thread>

#include "../protocol/samples.h"
#include "collector_process.h"
#include "process.h"
#include "temp_dir.h"
#include "test_database.h"

using namespace feedback;
using feedback::testing::test_db;
using feedback::testing::CollectorProcess;
using feedback::testing::read_file;
using feedback::testing::run;
using feedback::testing::TempDir;

namespace {

const std::string kCollector = FEEDBACK_COLLECTOR_BIN;

// httplib::Client and httplib::SSLClient share no base with Post(), hence the template.
template <class Client>
httplib::Result post_batch(Client& client, const protocol::Batch& batch, const std::string& token) {
    httplib::Headers headers{{"Content-Encoding", "gzip"}, {"Idempotency-Key", batch.batch_id}};
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return client.Post("/v1/batches", headers, protocol::gzip(protocol::encode(batch)), "application/json");
}

int mode_of(const std::filesystem::path& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return static_cast<int>(st.st_mode & 0777);
}

void openssl(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"/usr/bin/openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto result = run(argv);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
}

}  // namespace

TEST_CASE("serve announces its port, runs open without tokens, and stops on SIGTERM", "[binary]") {
    TempDir dir;
    CollectorProcess collector(kCollector, {"serve", "--listen", "127.0.0.1:0", "--db", test_db(dir / "c.db")},
                               dir / "stderr");
    CHECK(std::regex_match(collector.first_line(), std::regex(R"(listening on 127\.0\.0\.1:[0-9]+)")));
    CHECK(collector.port() > 0);

    httplib::Client client("127.0.0.1", collector.port());
    const auto result = post_batch(client, samples::batch(), "");
    REQUIRE(result);
    CHECK(result->status == 200);

    CHECK(collector.stop(SIGTERM) == 0);
    const std::string log = read_file(dir / "stderr");
    CHECK_THAT(log, Catch::Contains("running OPEN"));
    CHECK_THAT(log, Catch::Contains("accepted=2"));
    CHECK_THAT(log, Catch::Contains("stopped"));
}

TEST_CASE("add-token prints a token once and the collector accepts only it", "[binary]") {
    TempDir dir;
    const auto tokens = dir / "tokens";
    const auto added = run({kCollector, "add-token", "--tokens", tokens.string(), "--device", "kiosk-01"});
    REQUIRE(added.exit_code == 0);
    const std::string token = added.out.substr(0, added.out.find('\n'));
    CHECK(std::regex_match(token, std::regex("[0-9a-f]{64}")));
    CHECK(mode_of(tokens) == 0600);
    CHECK(read_file(tokens).find(token) == std::string::npos);

    CollectorProcess collector(
        kCollector,
        {"serve", "--listen", "127.0.0.1:0", "--db", test_db(dir / "c.db"), "--tokens", tokens.string()},
        dir / "stderr");
    httplib::Client client("127.0.0.1", collector.port());
    const auto refused = post_batch(client, samples::batch(), std::string(64, '0'));
    REQUIRE(refused);
    CHECK(refused->status == 401);
    const auto accepted = post_batch(client, samples::batch(), token);
    REQUIRE(accepted);
    CHECK(accepted->status == 200);
    CHECK(collector.stop(SIGINT) == 0);
    const std::string log = read_file(dir / "stderr");
    CHECK(log.find(token) == std::string::npos);
    CHECK(log.find("OPEN") == std::string::npos);

    const auto bad = run({kCollector, "add-token", "--tokens", tokens.string(), "--device", "two words"});
    CHECK(bad.exit_code == 2);
}

TEST_CASE("fault flags reach the server", "[binary][faults]") {
    TempDir dir;
    CollectorProcess collector(kCollector,
                               {"serve", "--listen", "127.0.0.1:0", "--db", test_db(dir / "c.db"), "--fault",
                                "503,drop-after-store", "--fault-every", "2"},
                               dir / "stderr");
    httplib::Client client("127.0.0.1", collector.port());
    auto batch = samples::batch();
    std::vector<int> seen;
    for (int i = 1; i <= 4; ++i) {
        batch.batch_id = "0190f3c2-7a1b-7c3d-8e4f-00000000000" + std::to_string(i);
        const auto result = post_batch(client, batch, "");
        seen.push_back(result ? result->status : 0);
        if (i == 2) {
            REQUIRE(result);
            CHECK(result->get_header_value("Retry-After") == "1");
        }
    }
    CHECK(seen == std::vector<int>{200, 503, 200, 0});  // 0: closed without a response
    CHECK(collector.stop() == 0);
}

TEST_CASE("export writes CSV files, sensitive complaints apart, both private", "[binary][export]") {
    TempDir dir;
    const auto db = test_db(dir / "c.db");
    {
        CollectorProcess collector(kCollector, {"serve", "--listen", "127.0.0.1:0", "--db", db}, dir / "stderr");
        httplib::Client client("127.0.0.1", collector.port());
        auto batch = samples::batch();
        batch.entries[0].comment = "@evil ดีมาก";
        const auto result = post_batch(client, batch, "");
        REQUIRE(result);
        REQUIRE(result->status == 200);
        CHECK(collector.stop() == 0);
    }
    const auto out = dir / "report.csv";
    const auto exported = run({kCollector, "export", "--db", db, "--out", out.string()});
    REQUIRE(exported.exit_code == 0);
    const std::string csv = read_file(out);
    CHECK(csv.rfind("\xEF\xBB\xBFid,kind,", 0) == 0);
    CHECK(csv.find("'@evil ดีมาก") != std::string::npos);
    CHECK(csv.find(samples::complaint_entry().id) == std::string::npos);
    const auto sensitive = dir / "report-sensitive.csv";
    CHECK(read_file(sensitive).find(samples::complaint_entry().id) != std::string::npos);
    CHECK(mode_of(out) == 0600);
    CHECK(mode_of(sensitive) == 0600);

    const auto to_stdout = run({kCollector, "export", "--db", db});
    REQUIRE(to_stdout.exit_code == 0);
    CHECK(to_stdout.out == csv);
    CHECK_THAT(to_stdout.err, Catch::Contains("1 sensitive complaint(s) left out"));

    CHECK(run({kCollector, "export", "--db", (dir / "missing.db").string()}).exit_code == 1);
}

TEST_CASE("usage and start-up errors have distinct exit codes", "[binary]") {
    TempDir dir;
    const auto db = test_db(dir / "c.db");
    CHECK(run({kCollector}).exit_code == 2);
    CHECK(run({kCollector, "serve"}).exit_code == 2);  // --db is required
    CHECK(run({kCollector, "serve", "--db", db, "--fault", "teapot"}).exit_code == 2);
    CHECK(run({kCollector, "serve", "--db", db, "--listen", "nowhere"}).exit_code == 2);
    CHECK(run({kCollector, "serve", "--db", db, "--fault-every", "0"}).exit_code == 2);
    const auto not_here = run({kCollector, "serve", "--db", db, "--listen", "192.0.2.1:0"});
    CHECK(not_here.exit_code == 1);
    CHECK_THAT(not_here.err, Catch::Contains("cannot listen on 192.0.2.1"));
    const auto bad_tls = run({kCollector, "serve", "--db", db, "--listen", "127.0.0.1:0", "--tls-cert",
                              (dir / "none.pem").string(), "--tls-key", (dir / "none.key").string()});
    CHECK(bad_tls.exit_code == 1);
    CHECK_THAT(bad_tls.err, Catch::Contains("cannot read TLS certificate"));
}

TEST_CASE("HTTPS with --tls-cert/--tls-key: verified with the CA, refused without it", "[binary][tls]") {
    TempDir dir;
    const auto path = [&](const char* name) { return (dir / name).string(); };
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
             path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=feedback test CA"});
    openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
             path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"});
    feedback::testing::write_file(dir / "ext.cnf",
                                  "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n");
    openssl({"x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
             "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("ext.cnf")});

    CollectorProcess collector(kCollector,
                               {"serve", "--listen", "127.0.0.1:0", "--db", test_db(path("c.db")), "--tls-cert",
                                path("server.pem"), "--tls-key", path("server.key")},
                               dir / "stderr");

    httplib::SSLClient trusting("127.0.0.1", collector.port());
    trusting.set_ca_cert_path(path("ca.pem"));
    trusting.enable_server_certificate_verification(true);
    const auto ok = post_batch(trusting, samples::batch(), "");
    REQUIRE(ok);
    CHECK(ok->status == 200);

    httplib::SSLClient untrusting("127.0.0.1", collector.port());
    untrusting.enable_server_certificate_verification(true);
    const auto refused = post_batch(untrusting, samples::batch(), "");
    CHECK_FALSE(refused);
    CHECK(refused.error() == httplib::Error::SSLServerVerification);

    httplib::Client plain("127.0.0.1", collector.port());
    CHECK_FALSE(post_batch(plain, samples::batch(), ""));  // plain HTTP to an HTTPS port

    CHECK(collector.stop() == 0);
    CHECK_THAT(read_file(dir / "stderr"), Catch::Contains("serving HTTPS"));
}

// Issue 20: the PostgreSQL password never goes on the command line. A URI carrying one is
// refused before any connection; --db-password-file must be private; and (on the -pg run,
// against a user that must give a password) the file's password is what signs in, and is in
// no message.
TEST_CASE("the PostgreSQL password comes from a private file, never from the command line", "[binary][postgres]") {
    TempDir dir;
    const auto in_uri = run({kCollector, "export", "--db", "postgresql://feedback:hunter2-secret@127.0.0.1/feedback"});
    CHECK(in_uri.exit_code == 1);
    CHECK_THAT(in_uri.err, Catch::Contains("carries a password"));
    CHECK_THAT(in_uri.err, !Catch::Contains("hunter2-secret"));

    const auto open_file = dir / "db-password-open";
    feedback::testing::write_file(open_file, "hunter2-secret\n");
    ::chmod(open_file.c_str(), 0640);
    const auto refused = run({kCollector, "export", "--db", test_db(dir / "c.db"), "--db-password-file", open_file.string()});
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Catch::Contains("chmod 600"));

    if (!feedback::testing::testing_postgres()) return;  // the rest needs a server that asks for it
    // A user that must sign in with a password on this cluster (the others are trusted).
    const std::string role = "pw" + std::to_string(::getpid());
    const std::string uri = test_db(dir / "c.db");
    const std::string database = uri.substr(std::string("postgresql:///").size(), uri.find('?') - 14);
    feedback::testing::pg_admin("CREATE ROLE " + role + " LOGIN PASSWORD 'right-password-1'");
    feedback::testing::pg_admin("ALTER DATABASE " + database + " OWNER TO " + role);
    const auto cluster = feedback::testing::pg_cluster_dir();
    const auto hba = std::filesystem::path(cluster) / "data" / "pg_hba.conf";
    feedback::testing::write_file(hba, "local all " + role + " scram-sha-256\n" + read_file(hba));
    feedback::testing::pg_admin("SELECT pg_reload_conf()");
    const std::string as_role = feedback::testing::pg_uri(cluster, database).replace(
        feedback::testing::pg_uri(cluster, database).find("user=postgres"), 13, "user=" + role);
    // The reload is asynchronous: wait until the server asks this user for a password.
    const auto asks_password = [&] {
        std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(as_role.c_str()), &PQfinish);
        return PQstatus(c.get()) != CONNECTION_OK;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!asks_password() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(asks_password());

    const auto right = dir / "db-password";
    feedback::testing::write_file(right, "right-password-1\n");
    ::chmod(right.c_str(), 0600);
    const auto wrong = dir / "db-password-wrong";
    feedback::testing::write_file(wrong, "wrong-password-1\n");
    ::chmod(wrong.c_str(), 0600);
    const auto without = run({kCollector, "add-office", "--db", as_role, "--code", "north", "--name-th", "เหนือ"});
    CHECK(without.exit_code == 1);
    const auto mistaken = run({kCollector, "add-office", "--db", as_role, "--code", "north", "--name-th", "เหนือ",
                               "--db-password-file", wrong.string()});
    CHECK(mistaken.exit_code == 1);
    CHECK_THAT(mistaken.err, Catch::Contains("password authentication failed"));
    CHECK_THAT(mistaken.err, !Catch::Contains("wrong-password-1"));
    const auto signed_in = run({kCollector, "--db-password-file", right.string(), "add-office", "--db", as_role,
                                "--code", "north", "--name-th", "เหนือ"});
    CHECK(signed_in.exit_code == 0);
    CHECK_THAT(signed_in.err, !Catch::Contains("right-password-1"));
}
