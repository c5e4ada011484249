// Keyboard rule tests: impossible sequences are refused, every real word can be typed key by
// key in its normal order, the one correction (a vowel typed after the tone mark) reorders
// without losing anything, and limits count characters, not bytes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "text/thai_input.h"
#include "text/unicode.h"

using namespace feedback::text;

namespace {

constexpr char32_t kMaiEk = 0x0E48;    // ่
constexpr char32_t kMaiTho = 0x0E49;   // ้
constexpr char32_t kSaraI = 0x0E34;    // ิ
constexpr char32_t kSaraU = 0x0E38;    // ุ
constexpr char32_t kSaraE = 0x0E40;    // เ
constexpr char32_t kLakkhang = 0x0E45; // ๅ

// Types `text` one code point at a time, as the on-screen keyboard does.
std::string type(const std::string& text, std::size_t max_chars = 1000) {
    std::string field;
    for (const char32_t key : decode_utf8(text)) field = apply_key(field, key, max_chars);
    return field;
}

}  // namespace

TEST_CASE("impossible sequences are refused", "[thai_input]") {
    CHECK_FALSE(accepts("", kMaiEk));            // a tone mark at the start
    CHECK_FALSE(accepts("สวัสดี ", kMaiEk));     // ... or after a space
    CHECK_FALSE(accepts("abc", kMaiEk));         // ... or after a Latin letter
    CHECK_FALSE(accepts("ก่", kMaiTho));         // two tone marks in a row
    CHECK_FALSE(accepts("ก่", kMaiEk));
    CHECK_FALSE(accepts("ก่", kSaraI));          // an upper vowel after a tone mark
    CHECK_FALSE(accepts("กิ", kSaraU));          // a lower vowel on an upper one
    CHECK_FALSE(accepts("เ", kMaiEk));           // a tone mark on a leading vowel
    CHECK_FALSE(accepts("", kSaraU));
    // Strict mode: a leading vowel twice ("เเ" typed for "แ") and ๅ after anything but ฤ ฦ.
    CHECK_FALSE(accepts("เ", kSaraE));
    CHECK_FALSE(accepts("ก", kLakkhang));
    CHECK(accepts("ฤ", kLakkhang));

    CHECK(apply_key("", kMaiEk, 100) == "");
    CHECK(apply_key("ก่", kMaiTho, 100) == "ก่");  // not replaced: see thai_input.h
    CHECK(apply_key("กิ", 0x0E35, 100) == "กิ");   // nor is a vowel
    CHECK(apply_key("เ", kSaraE, 100) == "เ");
}

TEST_CASE("what can be written is accepted", "[thai_input]") {
    CHECK(accepts("", U'ก'));
    CHECK(accepts("ก", kMaiEk));
    CHECK(accepts("กิ", kMaiEk));  // tone on top of an upper vowel
    CHECK(accepts("กุ", kMaiEk));
    CHECK(accepts("ก่", 0x0E33));  // น้ำ: tone then sara am
    CHECK(accepts("ก่", U'a'));    // WTT constrains Thai only
    CHECK(accepts("", U'1'));
    const std::vector<std::string> words = {
        "ท่านพึงพอใจการให้บริการของเจ้าหน้าที่เพียงใด",
        "มากที่สุด มาก ปานกลาง น้อย น้อยที่สุด",
        "รอนาน ขั้นตอนยุ่งยาก เจ้าหน้าที่ไม่สุภาพ รวดเร็ว เป็นกันเอง",
        "แจ้งเรื่องร้องเรียน ต้องการเวลาเพิ่ม",
        "น้ำ กี่ ปั้ม ก็ ฤๅษี ฦๅ กรุงเทพฯ ฯลฯ ต่าง ๆ ๒๕๖๙ ฿",
        "องค์การบริหารส่วนตำบลดงมูลเหล็ก อำเภอเมืองเพชรบูรณ์",
        "ITA 2567, e-service: ok! โทร 081-234-5678 (ทดสอบ) “ร่วมใจ”",
    };
    for (const auto& w : words) {
        INFO(w);
        CHECK(type(w) == w);
    }
}

TEST_CASE("a vowel typed after the tone mark is put before it", "[thai_input]") {
    CHECK(apply_key("ก่", kSaraI, 100) == "กิ่");
    CHECK(apply_key("ที่", 0x0E32, 100) == "ที่า");  // sara aa is its own cell: just appended
    CHECK(apply_key("ป้", 0x0E31, 100) == "ปั้");
    CHECK(type("ก่ิ") == "กิ่");  // the order people sometimes type in
    CHECK(count_chars(apply_key("ก่", kSaraI, 3)) == 3);
    CHECK(apply_key("ก่", kSaraI, 2) == "ก่");  // the correction also respects the limit
}

TEST_CASE("limits count code points, not bytes", "[thai_input]") {
    CHECK(apply_key("abc", U'd', 3) == "abc");
    CHECK(apply_key("abc", U'd', 4) == "abcd");
    CHECK(apply_key("กขค", U'ง', 3) == "กขค");  // 9 bytes, 3 characters
    CHECK(apply_key("กขค", U'ง', 4) == "กขคง");
    CHECK(apply_key("", U'a', 0) == "");
    CHECK(type("ท่านพึงพอใจ", 5) == "ท่านพ");
    CHECK(count_chars("") == 0);
    CHECK(count_chars("กี่") == 3);
    CHECK(count_chars("abc") == 3);
    CHECK(count_chars("\xFF\xFE") == 2);     // each invalid byte is one character
    CHECK(count_chars("\xE0\xB8") == 1);     // a truncated sequence is one
    CHECK(count_chars("\U0001F600") == 1);
}

TEST_CASE("characters nobody types are refused", "[thai_input]") {
    for (const char32_t c : {char32_t{'\n'}, char32_t{'\t'}, char32_t{0}, char32_t{0x7F}, char32_t{0x85},
                             char32_t{0xF70A}, char32_t{0xF700}, char32_t{0xFFFD}, char32_t{0xD800},
                             char32_t{0x110000}, char32_t{0xFFFF}, char32_t{0xFDD0}}) {
        INFO(static_cast<unsigned>(c));
        CHECK_FALSE(accepts("ก", c));
        CHECK(apply_key("ก", c, 100) == "ก");
    }
    CHECK(accepts("", U'é'));
    CHECK(accepts("", 0x1F600));
}

TEST_CASE("backspace removes one code point", "[thai_input]") {
    CHECK(backspace("กี่") == "กี");  // the tone mark only: it can be corrected
    CHECK(backspace("กี") == "ก");
    CHECK(backspace("ก") == "");
    CHECK(backspace("") == "");
    CHECK(backspace("ab") == "a");
    CHECK(backspace("a\U0001F600") == "a");
}

TEST_CASE("invalid UTF-8 in the field never survives an edit", "[thai_input]") {
    CHECK(apply_key("ก\xFF", U'a', 10) == "ก\uFFFDa");
    CHECK_FALSE(accepts("ก\xFF", kMaiEk));  // U+FFFD is not a base for a tone mark
    CHECK(backspace("ab\xFF") == "ab");      // the invalid byte is the last character
    CHECK(backspace("a\xFF" "b") == "a\uFFFD");
    CHECK(apply_key("\xE0\xB8", U'ก', 10) == "\uFFFDก");
}
