// core/utf8.h: the validity check every input passes and the U+FFFD repair every exporter uses
// (issue 14, defect 5), and core::validate refusing entries whose text is not UTF-8.
#include <catch2/catch.hpp>

#include "core/entry.h"
#include "core/utf8.h"

using namespace feedback;

TEST_CASE("UTF-8 validity: well-formed text passes, each kind of bad sequence is found", "[utf8]") {
    CHECK(core::is_valid_utf8(""));
    CHECK(core::is_valid_utf8("plain ASCII, long enough to take the eight-byte path"));
    CHECK(core::is_valid_utf8("ความพึงพอใจ 5 ดาว"));
    CHECK(core::is_valid_utf8("\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));  // U+1F600, U+10FFFF
    CHECK(core::first_invalid_utf8("ab\xff\xfe") == 2);            // the bytes from the issue
    CHECK(core::first_invalid_utf8("\xC0\xAF") == 0);              // overlong '/'
    CHECK(core::first_invalid_utf8("\xE0\x80\xAF") == 0);          // overlong, three bytes
    CHECK(core::first_invalid_utf8("x\xED\xA0\x80") == 1);         // surrogate U+D800
    CHECK(core::first_invalid_utf8("\xF4\x90\x80\x80") == 0);      // above U+10FFFF
    CHECK(core::first_invalid_utf8("0123456789\x80") == 10);       // stray continuation after ASCII
    CHECK(core::first_invalid_utf8("ก\xE0\xB8") == 3);             // cut off at the end
}

TEST_CASE("UTF-8 repair replaces each maximal invalid subpart with one U+FFFD", "[utf8]") {
    CHECK(core::to_valid_utf8("ความ") == "ความ");
    CHECK(core::to_valid_utf8("a\xff\xfe" "b") == "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
    CHECK(core::to_valid_utf8("\xE0\xB8") == "\xEF\xBF\xBD");             // one truncated sequence
    CHECK(core::to_valid_utf8("\xE0\xB8" "A") == "\xEF\xBF\xBD" "A");
    CHECK(core::to_valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // as browsers do
    CHECK(core::is_valid_utf8(core::to_valid_utf8("\xC0\xAF\xF5\x80\xE1\x80\x41")));
}

TEST_CASE("an entry whose text is not UTF-8 is invalid, naming the field and byte", "[utf8][entry]") {
    auto e = core::make_rating_entry(4, "kiosk-1", "v1", "th");
    CHECK(core::validate(e).empty());
    e.comment = "ok \xff";
    CHECK(core::validate(e) == "comment is not valid UTF-8 (at byte 4)");
    e.comment = "ok";
    e.reasons = {"fast", "\xfe"};
    CHECK(core::validate(e) == "reason id is not valid UTF-8 (at byte 1)");
}
