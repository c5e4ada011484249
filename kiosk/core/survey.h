// The survey a kiosk asks: the main question, its five levels, the reason chips, the optional
// dimension questions, the service points and the complaint categories (DESIGN.md §3, §5).
//
// Why a data file and not code: every office words its questions and names its divisions
// (สำนักปลัดฯ, กองคลัง …) differently, and the people who change that wording are office staff,
// not programmers. So the survey is a TOML file (assets/surveys/default.toml is the commented
// example, and a copy is compiled in so the kiosk runs with no assets installed).
//
// Design choices:
// - Every visible text is a LocalText with both Thai and English, both required: the language
//   toggle is on every screen, and a half-translated survey would show blanks to someone.
// - Loading is strict. Unknown keys, wrong types, missing translations, duplicate ids and a
//   wrong level set are errors naming file, line and dotted key (feedback::SourceError), because
//   a typo silently ignored would change what citizens are asked — and the report built on it.
//   Elements of arrays of tables are named 1-based, as a person counts them in the file:
//   "reasons[2].th" is the th key of the second [[reasons]] block.
// - Ids ([a-z0-9_-]{1,32}) are what entries store and reports group by; labels may be edited
//   freely later, ids should not be (old entries keep the old id). Ids are unique per list,
//   so a dimension and a complaint category may both be called "facilities".
// - Levels are kept in display order, left to right: index 0 is value 5 (มากที่สุด) and index 4
//   is value 1 (น้อยที่สุด), whatever order the file lists them in.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace feedback::core {

struct LocalText {
    std::string th;
    std::string en;
    // "en" gives English; anything else gives Thai, the kiosk's first language.
    const std::string& in(std::string_view lang) const;
};

struct Level {
    int value = 0;  // 5..1
    LocalText label;
};

struct Reason {
    std::string id;
    LocalText label;
    std::vector<int> ratings;  // which ratings show this chip (each 1..5, at least one)
};

struct Question {
    std::string id;
    LocalText text;
};

struct ServicePoint {
    std::string id;
    LocalText name;
};

struct ComplaintCategory {
    std::string id;
    LocalText label;
    // Sensitive categories (bribery) go to the executive, not to the division named in them;
    // the UI and reports treat them with more care.
    bool sensitive = false;
};

inline constexpr std::size_t kMaxDimensions = 8;

// An optional respondent-profile question (ข้อมูลทั่วไปของผู้ตอบแบบสอบถาม: sex, age group,
// occupation …), asked on one skippable screen AFTER the rating so one tap stays a complete
// answer. Entries store the chosen option id per question id.
struct ProfileOption {
    std::string id;
    LocalText label;
};
struct ProfileQuestion {
    std::string id;
    LocalText text;
    std::vector<ProfileOption> options;  // at least two, in display order
    const ProfileOption* find_option(std::string_view option_id) const;
};
inline constexpr std::size_t kMaxProfileQuestions = 4;
inline constexpr std::size_t kMaxProfileOptions = 10;

// A ready-made phrase for describing a complaint (tapped instead of typed). Shown for the
// listed categories, or for every category when the list is empty.
struct ComplaintChip {
    std::string id;
    LocalText label;
    std::vector<std::string> categories;
};

struct Survey {
    std::string version;  // recorded with every entry, so reports know what was asked
    LocalText title;
    Question main_question;
    std::array<Level, 5> levels;  // index 0 = value 5 … index 4 = value 1, as shown left to right
    std::vector<Reason> reasons;
    std::vector<Question> dimensions;  // 0..8 optional questions on the same five levels
    std::vector<ServicePoint> service_points;
    std::vector<ComplaintCategory> complaint_categories;
    std::vector<ComplaintChip> complaint_chips;
    std::vector<ProfileQuestion> profile;  // none by default: the office turns them on
    const ProfileQuestion* find_profile(std::string_view id) const;
    std::vector<const ComplaintChip*> chips_for(std::string_view category) const;
    const ComplaintChip* find_complaint_chip(std::string_view id) const;  // at least one

    // Reasons to offer after the given rating, in file order.
    std::vector<const Reason*> reasons_for(int rating) const;
    const Level* find_level(int value) const;
    const ServicePoint* find_service_point(std::string_view id) const;
    const Reason* find_reason(std::string_view id) const;
    const Question* find_dimension(std::string_view id) const;
    const ComplaintCategory* find_complaint_category(std::string_view id) const;
};

// True when the text can be a survey id: [a-z0-9_-]{1,32}.
bool is_valid_survey_id(std::string_view id);

// Parses and validates survey TOML. source_name is what messages call the file.
// Throws feedback::SourceError on any problem (syntax, unknown key, type, validation).
Survey parse_survey(std::string_view toml_text, const std::string& source_name);

// Reads and parses a survey file; a file that cannot be read is a SourceError with line 0.
Survey load_survey_file(const std::filesystem::path& path);

// The compiled-in default survey (assets/surveys/default.toml), parsed.
Survey default_survey();

}  // namespace feedback::core
