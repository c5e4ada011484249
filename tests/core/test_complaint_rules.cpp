// Reference numbers and phone numbers: what a visitor reads aloud and what staff call back.
#include <catch2/catch.hpp>
#include <set>

#include "core/phone.h"
#include "core/reference.h"

using namespace feedback::core;

TEST_CASE("reference numbers are readable and unique per device and day", "[reference]") {
    CHECK(make_reference("KTM", {2026, 11, 27}, 42) == "KTM-691127-0042");
    CHECK(make_reference("KTM", {2026, 1, 5}, 12345) == "KTM-690105-12345");
    CHECK_THROWS(make_reference("KOO", {2026, 1, 5}, 1));  // O is a look-alike of 0
    CHECK_THROWS(make_reference("KTM", {2026, 1, 5}, 0));
}

TEST_CASE("100,000 references on one device and 50 devices never collide or use look-alikes", "[reference]") {
    std::set<std::string> seen;
    const std::string lookalikes = "OILZSBGQUV";
    // One busy device: 100,000 complaints over 50 days (2,000 a day).
    for (int i = 0; i < 100'000; ++i) {
        const CivilDate day = civil_from_days(days_from_civil({2026, 1, 1}) + i / 2000);
        const auto ref = make_reference("KTM", day, 1 + i % 2000);
        REQUIRE(seen.insert(ref).second);
        REQUIRE(ref.find_first_of(lookalikes) == std::string::npos);
    }
    // 50 kiosks, each with its own device code, 200 complaints each on the same day.
    std::set<std::string> codes;
    for (int d = 0; d < 50; ++d) {
        const std::string code = {kReferenceLetters[d % 16], kReferenceLetters[(d / 16) % 16]};
        REQUIRE(codes.insert(code).second);
        for (int seq = 1; seq <= 200; ++seq) {
            const auto ref = make_reference(code, {2026, 11, 27}, seq);
            REQUIRE(seen.insert(ref).second);
            REQUIRE(ref.find_first_of(lookalikes) == std::string::npos);
        }
    }
    CHECK(seen.size() == 110'000);
}

TEST_CASE("derived device codes are valid and stable", "[reference]") {
    CHECK(default_device_code("kiosk-01") == default_device_code("kiosk-01"));
    CHECK(default_device_code("kiosk-01") != default_device_code("kiosk-02"));
    for (const char* id : {"kiosk-01", "kiosk-counter", "x"}) CHECK(is_valid_device_code(default_device_code(id)));
    CHECK_FALSE(is_valid_device_code("A"));
    CHECK_FALSE(is_valid_device_code("ABCDEFG"));
    CHECK_FALSE(is_valid_device_code("A-1"));
}

TEST_CASE("Thai phone numbers are validated and normalised", "[phone]") {
    CHECK(normalize_thai_phone("081-234-5678") == "0812345678");
    CHECK(normalize_thai_phone("0812345678") == "0812345678");
    CHECK(normalize_thai_phone("+66 81 234 5678") == "0812345678");
    CHECK(normalize_thai_phone("06 1234 5678") == "0612345678");
    CHECK(normalize_thai_phone("02-123-4567") == "021234567");
    CHECK(normalize_thai_phone("056 123 456") == "056123456");
    CHECK(normalize_thai_phone("(074) 123456") == "074123456");
    CHECK_FALSE(normalize_thai_phone("12345"));
    CHECK_FALSE(normalize_thai_phone("081234567"));    // a mobile number one digit short
    CHECK_FALSE(normalize_thai_phone("01-234-5678"));  // no such prefix
    CHECK_FALSE(normalize_thai_phone("08x-234-5678"));
    CHECK_FALSE(normalize_thai_phone(""));
}
