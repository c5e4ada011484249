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

// Issue 16, item 4: the keyboard behaves as a first-time user expects from a phone.
TEST_CASE("Shift is one-shot, a double tap locks it, a tap on the lock turns it off", "[keyboard][issue16]") {
    Keyboard kb;
    kb.reset("en");
    std::string text;
    kb.set_now(1'000);
    kb.tap_shift();
    CHECK(kb.shifted());
    CHECK(kb.tap_key("A", text, 500));
    CHECK_FALSE(kb.shifted());  // the next character only
    CHECK(kb.tap_key("b", text, 500));
    CHECK(text == "Ab");

    kb.set_now(5'000);
    kb.tap_shift();
    kb.set_now(5'000 + Keyboard::kDoubleTapMs);
    kb.tap_shift();  // double tap: locked
    CHECK(kb.shift_locked());
    CHECK(kb.tap_key("C", text, 500));
    CHECK(kb.tap_key("D", text, 500));
    CHECK(kb.shift_locked());
    kb.set_now(9'000);
    kb.tap_shift();
    CHECK_FALSE(kb.shifted());

    // Two taps further apart than a double tap: on, then off.
    kb.set_now(20'000);
    kb.tap_shift();
    kb.set_now(20'000 + Keyboard::kDoubleTapMs + 1);
    kb.tap_shift();
    CHECK_FALSE(kb.shifted());
    CHECK(text == "AbCD");
}

TEST_CASE("typed capitals leave Shift off, as one-shot taps would", "[keyboard][issue16]") {
    Keyboard kb;
    kb.reset("en");
    std::string text, why;
    REQUIRE(type(kb, text, "Hi", 500, why));
    CHECK_FALSE(kb.shifted());
}

TEST_CASE("clear asks nothing and offers undo for a few seconds", "[keyboard][issue16]") {
    Keyboard kb;
    kb.reset("th");
    std::string text = "รอนานมาก";
    kb.set_now(10'000);
    kb.clear(text);
    CHECK(text.empty());
    CHECK(kb.undo_offered());
    CHECK(kb.next_deadline() == 10'000 + Keyboard::kUndoMs);
    kb.set_now(10'000 + Keyboard::kUndoMs - 1);
    CHECK(kb.undo(text));
    CHECK(text == "รอนานมาก");
    CHECK_FALSE(kb.undo_offered());

    kb.clear(text);
    kb.set_now(10'000 + 2 * Keyboard::kUndoMs);  // too late: the offer is gone
    CHECK_FALSE(kb.undo(text));
    CHECK(text.empty());

    text = "ก";
    kb.clear(text);
    CHECK(kb.tap_key("ข", text, 500));  // typing ends the offer: it would drop what was typed
    CHECK_FALSE(kb.undo(text));
    CHECK(text == "ข");
}

TEST_CASE("a refused key says why, and เ after เ offers แ", "[keyboard][issue16]") {
    Keyboard kb;
    kb.reset("th");
    kb.set_now(1'000);
    std::string text = "ก่";
    CHECK_FALSE(kb.tap_key("้", text, 500));  // a second tone mark
    REQUIRE(kb.refusal());
    CHECK(kb.refusal()->key == "้");
    CHECK(std::string(kb.refusal()->why->en) == "A tone mark goes after a consonant, one only");
    CHECK(kb.refusal()->suggestion.empty());
    CHECK(kb.next_deadline() == 1'000 + Keyboard::kFeedbackMs);
    kb.set_now(1'000 + Keyboard::kFeedbackMs);
    CHECK_FALSE(kb.refusal());  // gone after a few seconds

    text = "เ";
    CHECK_FALSE(kb.tap_key("เ", text, 500));
    REQUIRE(kb.refusal());
    CHECK(kb.refusal()->suggestion == "แ");
    CHECK(kb.accept_suggestion(text, 500));
    CHECK(text == "แ");
    CHECK_FALSE(kb.refusal());
    CHECK(kb.tap_key("ก", text, 500));
    CHECK(text == "แก");

    std::string full = "abc";
    CHECK_FALSE(kb.tap_key("ก", full, 3));
    REQUIRE(kb.refusal());
    CHECK(std::string(kb.refusal()->why->en) == "The character limit is reached");
}

TEST_CASE("the English layer has ' @ : % ( ) ?", "[keyboard][issue16]") {
    Keyboard kb;
    kb.reset("en");
    std::string text, why;
    REQUIRE(type(kb, text, "it's 100% (ok)? a@b.th: yes", 500, why));
    CHECK(text == "it's 100% (ok)? a@b.th: yes");
    CHECK(kb.layout() == Keyboard::Layout::English);  // no trip to the Thai layer for them
}
