// The staff PIN: hash stored, never the PIN; growing lockout; every attempt audited.
#include <catch2/catch.hpp>

#include "core/pin_policy.h"
#include "store/admin_pin.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::TempDir;

TEST_CASE("lockout grows with consecutive wrong PINs, capped at an hour", "[pin]") {
    CHECK(core::pin_lockout_ms(0) == 0);
    CHECK(core::pin_lockout_ms(2) == 0);
    CHECK(core::pin_lockout_ms(3) == 30'000);
    CHECK(core::pin_lockout_ms(4) == 60'000);
    CHECK(core::pin_lockout_ms(5) == 120'000);
    CHECK(core::pin_lockout_ms(40) == 3'600'000);
}

TEST_CASE("the PIN is stored as an Argon2id hash and checked", "[pin]") {
    TempDir dir;
    store::Store db(dir / "kiosk.db");
    CHECK_FALSE(db.setting("admin.pin_hash").has_value());
    CHECK(store::check_admin_pin(db, "123456", 0).outcome == store::PinCheck::Outcome::NotSet);
    CHECK_THROWS_AS(store::set_admin_pin(db, "12a4", "cli"), std::invalid_argument);
    CHECK_THROWS_AS(store::set_admin_pin(db, "123", "cli"), std::invalid_argument);
    store::set_admin_pin(db, "482915", "cli");
    const auto hash = db.setting("admin.pin_hash");
    REQUIRE(hash);
    CHECK(hash->rfind("$argon2id$", 0) == 0);
    CHECK(hash->find("482915") == std::string::npos);
    // Nowhere in the database file is the PIN in clear.
    db.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    CHECK(testing::read_file(dir / "kiosk.db").find("482915") == std::string::npos);
    CHECK(store::check_admin_pin(db, "482915", 1000).outcome == store::PinCheck::Outcome::Accepted);
}

TEST_CASE("wrong PINs lock out for a growing delay that survives a restart", "[pin]") {
    TempDir dir;
    const std::int64_t t = 1'780'000'000'000;
    {
        store::Store db(dir / "kiosk.db");
        store::set_admin_pin(db, "482915", "cli");
        CHECK(store::check_admin_pin(db, "000000", t).outcome == store::PinCheck::Outcome::Wrong);
        CHECK(store::check_admin_pin(db, "111111", t + 1).outcome == store::PinCheck::Outcome::Wrong);
        const auto third = store::check_admin_pin(db, "222222", t + 2);
        CHECK(third.outcome == store::PinCheck::Outcome::Wrong);
        CHECK(third.locked_until_utc_ms == t + 2 + 30'000);
    }
    store::Store db(dir / "kiosk.db");  // restarting the kiosk does not lift the lockout
    const auto locked = store::check_admin_pin(db, "482915", t + 10'000);
    CHECK(locked.outcome == store::PinCheck::Outcome::LockedOut);
    CHECK(store::check_admin_pin(db, "333333", t + 2 + 30'000).locked_until_utc_ms == t + 2 + 30'000 + 60'000);
    CHECK(store::check_admin_pin(db, "482915", t + 2 + 30'000 + 60'000).outcome == store::PinCheck::Outcome::Accepted);
    CHECK(store::check_admin_pin(db, "999999", t + 200'000).locked_until_utc_ms == 0);  // counter reset

    std::vector<std::string> actions;
    for (const auto& line : db.audit_log(50)) actions.push_back(line.action);
    CHECK(std::count(actions.begin(), actions.end(), "pin-wrong") == 5);
    CHECK(std::count(actions.begin(), actions.end(), "pin-locked-out") == 1);
    CHECK(std::count(actions.begin(), actions.end(), "admin-login") == 1);
    CHECK(std::count(actions.begin(), actions.end(), "pin-set") == 1);
    for (const auto& line : db.audit_log(50)) CHECK(line.detail.find("482915") == std::string::npos);
}

// Issue 14, defect 6: with the wall clock moved back a day the pad asked to wait 86,431 s.
TEST_CASE("a PIN lockout is timed on the boot clock and never outlasts the policy", "[store][pin][clock]") {
    TempDir dir;
    store::Store db((dir / "pin.db").string());
    store::set_admin_pin(db, "482915", "test");
    const std::int64_t wall = 1'780'000'000'000, mono = 5'000'000;
    constexpr std::int64_t kDay = 86'400'000;
    for (int i = 0; i < 3; ++i) store::check_admin_pin(db, "000000", core::Instant{wall, mono});

    SECTION("same boot: the wall clock moved back a day changes nothing") {
        const auto locked = store::check_admin_pin(db, "482915", core::Instant{wall - kDay, mono + 1'000});
        CHECK(locked.outcome == store::PinCheck::Outcome::LockedOut);
        CHECK(locked.wait_ms == 29'000);
        CHECK(store::check_admin_pin(db, "482915", core::Instant{wall - kDay + 30'000, mono + 30'000}).outcome ==
              store::PinCheck::Outcome::Accepted);
    }
    SECTION("same boot: the wall clock moved forward does not end it early") {
        CHECK(store::check_admin_pin(db, "482915", core::Instant{wall + kDay, mono + 1'000}).outcome ==
              store::PinCheck::Outcome::LockedOut);
    }
    SECTION("after a reboot: the wall time is used, capped at the lockout's own length") {
        db.set_setting("admin.pin_locked_until_boot", "another-boot 123");
        const auto locked = store::check_admin_pin(db, "482915", core::Instant{wall - kDay, 10});
        CHECK(locked.outcome == store::PinCheck::Outcome::LockedOut);
        CHECK(locked.wait_ms == 30'000);  // not a day and 30 s
        CHECK(store::check_admin_pin(db, "482915", core::Instant{wall + 30'000, 20}).outcome ==
              store::PinCheck::Outcome::Accepted);
    }
}
