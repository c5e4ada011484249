// UTF-8 codec tests. The reference for invalid input is the worked example in the Unicode
// Standard §3.9 ("U+FFFD Substitution of Maximal Subparts"), not our own decoder.
#include <catch2/catch.hpp>

#include <string>

#include "text/unicode.h"

using namespace feedback::text;

TEST_CASE("maximal subparts become one U+FFFD each (Unicode §3.9 example)", "[unicode]") {
    // 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64
    const std::string bytes = "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64";
    CHECK(decode_utf8(bytes) == U"a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd");
    CHECK(find_invalid_utf8(bytes) == 1);
}

TEST_CASE("well-formed text decodes and encodes back", "[unicode]") {
    const std::string text = "A ก่ € \U0001F600 \u00E9 \U0010FFFF";
    CHECK(encode_utf8(decode_utf8(text)) == text);
    CHECK(decode_utf8(text) == U"A ก่ € \U0001F600 \u00E9 \U0010FFFF");
    CHECK(find_invalid_utf8(text) == std::string_view::npos);
    CHECK(find_invalid_utf8("") == std::string_view::npos);
}

TEST_CASE("overlongs, surrogates and values past U+10FFFF are invalid", "[unicode]") {
    CHECK(decode_utf8("\xC0\x80") == U"\uFFFD\uFFFD");          // overlong NUL
    CHECK(decode_utf8("\xE0\x80\xAF") == U"\uFFFD\uFFFD\uFFFD");  // overlong '/'
    CHECK(decode_utf8("\xED\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");  // U+D800
    CHECK(decode_utf8("\xF4\x90\x80\x80") == U"\uFFFD\uFFFD\uFFFD\uFFFD");  // U+110000
    CHECK(decode_utf8("\xF0\x9F\x98") == U"\uFFFD");             // truncated emoji: one
    CHECK(find_invalid_utf8("ok\xF0\x9F\x98") == 2);
    const Decoded d = decode_at("\xE0\xB8", 0);
    CHECK_FALSE(d.valid);
    CHECK(d.length == 2);
    // Encoding never produces invalid UTF-8 either.
    CHECK(encode_utf8(std::u32string{char32_t{0xD800}, char32_t{0x110000}}) == "\uFFFD\uFFFD");
}
