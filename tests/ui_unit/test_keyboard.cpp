// The on-screen keyboard's typing path (the same one a key tap takes).
#include <catch2/catch.hpp>

#include "text/unicode.h"
#include "ui/keyboard.h"

using namespace feedback::ui;

namespace {
bool type(Keyboard& kb, std::string& text, std::string_view utf8, std::size_t limit, std::string& why) {
    for (char32_t c : feedback::text::decode_utf8(utf8))
        if (!kb.press_char(c, text, limit, why)) return false;
    return true;
}
}  // namespace

TEST_CASE("Thai, English and digits type into logical Unicode", "[keyboard]") {
    Keyboard kb;
    kb.reset("th");
    std::string text, why;
    REQUIRE(type(kb, text, "เจ้าหน้าที่ดีมาก OK 123", 500, why));
    CHECK(text == "เจ้าหน้าที่ดีมาก OK 123");
}

TEST_CASE("impossible Thai sequences are refused", "[keyboard]") {
    Keyboard kb;
    kb.reset("th");
    std::string text = "ก่", why;
    CHECK_FALSE(kb.press_char(U'\u0E49', text, 500, why));  // a second tone mark
    CHECK(text == "ก่");
    CHECK_THAT(why, Catch::Contains("cannot follow"));
    std::string empty;
    CHECK_FALSE(kb.press_char(U'\u0E48', empty, 500, why));  // a tone mark with no consonant
    CHECK(empty.empty());
}

TEST_CASE("the length limit stops typing with a reason", "[keyboard]") {
    Keyboard kb;
    kb.reset("en");
    std::string text, why;
    CHECK_FALSE(type(kb, text, std::string(12, 'a'), 10, why));
    CHECK(text == std::string(10, 'a'));
    CHECK_THAT(why, Catch::Contains("limit of 10"));
}

TEST_CASE("characters that are not on the keyboard are refused", "[keyboard]") {
    Keyboard kb;
    std::string text, why;
    CHECK_FALSE(kb.press_char(U'€', text, 500, why));
    CHECK_THAT(why, Catch::Contains("not on the keyboard"));
}

TEST_CASE("every key's character is in the atlas list", "[keyboard]") {
    const auto labels = Keyboard::all_key_labels();
    for (auto layout : {Keyboard::Layout::Thai, Keyboard::Layout::English})
        for (bool shift : {false, true})
            for (const auto& row : Keyboard::rows(layout, shift))
                for (const auto& key : row) CHECK(labels.find(key) != std::string::npos);
    // Kedmanee home row, unshifted.
    const auto& home = Keyboard::rows(Keyboard::Layout::Thai, false)[3];
    CHECK(home.front() == "ฟ");
    CHECK(home[2] == "ก");
}
