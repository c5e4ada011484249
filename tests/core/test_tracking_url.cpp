// complaint.tracking_url (issue 18): {ref} and {key} filled in; configs without placeholders
// keep what they did before.
#include <catch2/catch.hpp>

#include "core/reference.h"

using feedback::core::tracking_url;

TEST_CASE("the reference QR text from complaint.tracking_url", "[core][tracking]") {
    const std::string ref = "KT1-691127-0001", key = "7Q2MZ4K9XH3PRT8W";
    // Empty: the bare reference (the kiosk's behaviour before any URL was configured).
    CHECK(tracking_url("", ref, key) == ref);
    // Both placeholders, each wherever it stands.
    CHECK(tracking_url("https://central.example.go.th/track/{ref}?k={key}", ref, key) ==
          "https://central.example.go.th/track/KT1-691127-0001?k=7Q2MZ4K9XH3PRT8W");
    CHECK(tracking_url("https://x.example/t?k={key}&r={ref}&again={ref}", ref, key) ==
          "https://x.example/t?k=7Q2MZ4K9XH3PRT8W&r=KT1-691127-0001&again=KT1-691127-0001");
    // Only {ref}: as before issue 18 (the key is simply not used).
    CHECK(tracking_url("https://www.example.go.th/track?ref={ref}", ref, key) ==
          "https://www.example.go.th/track?ref=KT1-691127-0001");
    // No placeholder: one fixed page for every complaint, used as it is.
    CHECK(tracking_url("https://www.example.go.th/complaints", ref, key) == "https://www.example.go.th/complaints");
    // Braces that are not a placeholder are kept.
    CHECK(tracking_url("https://x.example/{reference}/{ref}", ref, key) == "https://x.example/{reference}/KT1-691127-0001");
}
