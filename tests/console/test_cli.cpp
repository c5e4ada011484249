// The feedback-collector commands that set up the console: offices, users (password on stdin),
// and device tokens bound to an office — exit codes, files and database contents.
#include <catch2/catch.hpp>

#include "console_fixture.h"
#include "process.h"

using namespace feedback;
using namespace feedback::testing;

namespace {

const std::string kBin = FEEDBACK_COLLECTOR_BIN;

// Runs the collector with `password_line` on its stdin (through sh, as an admin would pipe it).
ProcessResult with_stdin(const std::string& password_line, const std::vector<std::string>& args) {
    // sh -c SCRIPT pw bin args…: $0 is the password, $1 the binary, the rest its arguments.
    std::vector<std::string> argv{"/bin/sh", "-c",
                                  "pw=\"$0\"; bin=\"$1\"; shift; printf '%s\\n' \"$pw\" | \"$bin\" \"$@\"",
                                  password_line, kBin};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
}

}  // namespace

TEST_CASE("add-office, add-user, set-password and remove-user manage the console's users", "[console][cli]") {
    TempDir dir;
    const std::string db = test_db(dir / "c.db");
    REQUIRE(run({kBin, "add-office", "--db", db, "--code", "north", "--name-th", "สำนักงานเหนือ"}).exit_code == 0);
    CHECK(run({kBin, "add-office", "--db", db, "--code", "north", "--name-th", "ซ้ำ"}).exit_code == 2);
    CHECK(run({kBin, "add-office", "--db", db, "--code", "no spaces", "--name-th", "x"}).exit_code == 2);

    CHECK(with_stdin("short", {"add-user", "--db", db, "--user", "somchai", "--office", "north", "--role", "officer"})
              .exit_code == 2);
    CHECK(with_stdin("long enough 1", {"add-user", "--db", db, "--user", "somchai", "--office", "south", "--role",
                                       "officer"})
              .exit_code == 2);  // no such office
    CHECK(with_stdin("long enough 1", {"add-user", "--db", db, "--user", "somchai", "--office", "north", "--role",
                                       "boss"})
              .exit_code == 2);
    REQUIRE(with_stdin("long enough 1", {"add-user", "--db", db, "--user", "somchai", "--office", "north", "--role",
                                         "officer"})
                .exit_code == 0);
    REQUIRE(with_stdin("long enough 2", {"add-user", "--db", db, "--user", "boss", "--office", "*", "--role",
                                         "executive"})
                .exit_code == 0);
    {
        const auto store_owner = console::open_console_store(db);
        auto& store = *store_owner;
        const auto user = store.find_user("somchai");
        REQUIRE(user);
        CHECK(user->office == "north");
        CHECK(user->role == console::Role::Officer);
        CHECK(user->password_hash.rfind("$argon2id$", 0) == 0);
        CHECK(console::verify_password(user->password_hash, "long enough 1"));
        CHECK(store.find_user("boss")->office == "*");
    }
    REQUIRE(with_stdin("a new password", {"set-password", "--db", db, "--user", "somchai"}).exit_code == 0);
    {
        const auto store_owner = console::open_console_store(db);
        auto& store = *store_owner;
        CHECK(console::verify_password(store.find_user("somchai")->password_hash, "a new password"));
    }
    CHECK(with_stdin("a new password", {"set-password", "--db", db, "--user", "nobody"}).exit_code == 2);
    CHECK(run({kBin, "remove-user", "--db", db, "--user", "somchai"}).exit_code == 0);
    CHECK(run({kBin, "remove-user", "--db", db, "--user", "somchai"}).exit_code == 2);
    const auto store_owner = console::open_console_store(db);
    auto& store = *store_owner;
    CHECK_FALSE(store.find_user("somchai"));
}

TEST_CASE("the console's commands refuse a missing database instead of making an empty one", "[console][cli][sqlite]") {
    TempDir dir;
    const auto missing = dir / "mistyped.db";
    CHECK(run({kBin, "complaints-report", "--db", missing.string(), "--office", "*", "--month", "2026-11",
               "--format", "json"})
              .exit_code == 1);
    CHECK(with_stdin("long enough 1", {"add-user", "--db", missing.string(), "--user", "a", "--office", "*",
                                       "--role", "it"})
              .exit_code == 1);
    CHECK(run({kBin, "remove-user", "--db", missing.string(), "--user", "a"}).exit_code == 1);
    CHECK_FALSE(std::filesystem::exists(missing));
}

TEST_CASE("add-token binds a device to an office, optional while there is one office", "[console][cli][tokens]") {
    TempDir dir;
    const std::string db = test_db(dir / "c.db");
    const std::string tokens = (dir / "tokens").string();
    REQUIRE(run({kBin, "add-office", "--db", db, "--code", "north", "--name-th", "เหนือ"}).exit_code == 0);
    // One office: --office may be left out (the two-field line means "the only office").
    REQUIRE(run({kBin, "add-token", "--tokens", tokens, "--device", "kiosk-1", "--db", db}).exit_code == 0);
    CHECK(run({kBin, "add-token", "--tokens", tokens, "--device", "kiosk-2", "--office", "south", "--db", db})
              .exit_code == 2);
    REQUIRE(run({kBin, "add-office", "--db", db, "--code", "south", "--name-th", "ใต้"}).exit_code == 0);
    // Two offices: it must be said.
    CHECK(run({kBin, "add-token", "--tokens", tokens, "--device", "kiosk-2", "--db", db}).exit_code == 2);
    REQUIRE(run({kBin, "add-token", "--tokens", tokens, "--device", "kiosk-2", "--office", "south", "--db", db})
                .exit_code == 0);
    // Without --db the command is as it always was.
    REQUIRE(run({kBin, "add-token", "--tokens", tokens, "--device", "kiosk-3"}).exit_code == 0);
    const auto file = collector::TokenFile::load(tokens);
    CHECK(file.size() == 3);
    const auto map = file.device_offices();
    REQUIRE(map.size() == 1);
    CHECK(map[0] == std::pair<std::string, std::string>{"kiosk-2", "south"});
}
