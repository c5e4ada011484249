// Survey loading and validation (see survey.h for the file's shape and the rules).
//
// Why a hand-written reader over toml++ rather than a schema library: the messages are the
// product here. Each check knows the dotted key and the line it is looking at, and reports the
// earliest problem in file order, so the person editing the file fixes errors top to bottom.
// Unknown keys are checked before missing ones: a misspelt "tn" is better reported as unknown
// than as "th missing".
#include "core/survey.h"

#include "core/default_survey.h"
#include "core/errors.h"
#include "common/file.h"
#include "common/text.h"

#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <system_error>

namespace feedback::core {

const std::string& LocalText::in(std::string_view lang) const {
    return lang == "en" ? en : th;
}

std::vector<const Reason*> Survey::reasons_for(int rating) const {
    std::vector<const Reason*> out;
    for (const auto& reason : reasons)
        if (std::find(reason.ratings.begin(), reason.ratings.end(), rating) != reason.ratings.end())
            out.push_back(&reason);
    return out;
}

namespace {

template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
    for (const auto& item : items)
        if (item.id == id) return &item;
    return nullptr;
}

}  // namespace

const Level* Survey::find_level(int value) const {
    for (const auto& level : levels)
        if (level.value == value) return &level;
    return nullptr;
}

const ServicePoint* Survey::find_service_point(std::string_view id) const {
    return find_by_id(service_points, id);
}

const Reason* Survey::find_reason(std::string_view id) const { return find_by_id(reasons, id); }

const Question* Survey::find_dimension(std::string_view id) const {
    return find_by_id(dimensions, id);
}

std::vector<const ComplaintChip*> Survey::chips_for(std::string_view category) const {
    std::vector<const ComplaintChip*> out;
    for (const auto& chip : complaint_chips)
        if (chip.categories.empty() ||
            std::find(chip.categories.begin(), chip.categories.end(), category) != chip.categories.end())
            out.push_back(&chip);
    return out;
}

const ProfileQuestion* Survey::find_profile(std::string_view id) const { return find_by_id(profile, id); }

const ProfileOption* ProfileQuestion::find_option(std::string_view option_id) const {
    return find_by_id(options, option_id);
}

const ComplaintChip* Survey::find_complaint_chip(std::string_view id) const {
    return find_by_id(complaint_chips, id);
}

const ComplaintCategory* Survey::find_complaint_category(std::string_view id) const {
    return find_by_id(complaint_categories, id);
}

bool is_valid_survey_id(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

namespace {

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
int line_of(const toml::key& key) { return static_cast<int>(key.source().begin.line); }

// How a wrong value is shown after "got": short, and in TOML spelling so the person can find it.
std::string show(const toml::node& node) {
    if (node.is_table()) return "a table";
    if (node.is_array()) return "an array";
    if (const auto* s = node.as_string()) {
        std::string text = s->get();
        if (text.size() > 40) {
            std::size_t cut = 40;  // not inside a UTF-8 sequence
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
            text = text.substr(0, cut) + "…";
        }
        return common::toml_quote(text);
    }
    if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
    std::ostringstream out;
    node.visit([&](const auto& v) { out << v; });
    return out.str();
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// One TOML table being read: knows its dotted name and line so every message can say where.
class Table {
public:
    Table(const std::string& file, const toml::table& table, std::string path, int line)
        : file_(file), table_(table), path_(std::move(path)), line_(line) {}

    std::string key(std::string_view name) const {
        return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
    }

    [[noreturn]] void fail(int line, const std::string& key, const std::string& problem) const {
        throw SourceError(file_, line, key, problem);
    }

    // The earliest key (in file order) that is not in `allowed` is an error.
    void only(std::initializer_list<std::string_view> allowed) const {
        const toml::key* first = nullptr;
        for (const auto& [k, v] : table_) {
            if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
            if (!first || line_of(k) < line_of(*first)) first = &k;
        }
        if (!first) return;
        std::string expected;
        for (auto name : allowed) expected += (expected.empty() ? "" : ", ") + std::string(name);
        fail(line_of(*first), key(first->str()), "unknown key; expected one of: " + expected);
    }

    const toml::node* find(std::string_view name) const { return table_.get(name); }

    const toml::node& require(std::string_view name, std::string_view what) const {
        const toml::node* node = find(name);
        if (!node) fail(line_, key(name), "missing; expected " + std::string(what));
        return *node;
    }

    std::string text(std::string_view name, std::string_view what = "a non-empty string") const {
        const toml::node& node = require(name, what);
        const auto* s = node.as_string();
        if (!s) fail(line_of(node), key(name), "expected " + std::string(what) + ", got " + show(node));
        if (blank(s->get())) fail(line_of(node), key(name), "must not be empty");
        return s->get();
    }

    LocalText local_text() const {
        LocalText out;
        if (!find("th")) fail(line_, key("th"), "missing Thai text (th)");
        out.th = text("th", "Thai text (a string)");
        if (!find("en")) fail(line_, key("en"), "missing English text (en)");
        out.en = text("en", "English text (a string)");
        return out;
    }

    std::string id() const {
        const std::string value = text("id", "an id (a string)");
        if (!is_valid_survey_id(value))
            fail(line_of(*find("id")), key("id"),
                 "expected an id of 1 to 32 characters from a-z 0-9 _ -, got " + show(*find("id")));
        return value;
    }

    int integer(std::string_view name, int min, int max) const {
        const std::string what =
            "an integer from " + std::to_string(min) + " to " + std::to_string(max);
        return integer_in(require(name, what), key(name), min, max);
    }

    int integer_in(const toml::node& node, const std::string& where, int min, int max) const {
        const auto* i = node.as_integer();
        if (!i || i->get() < min || i->get() > max)
            fail(line_of(node), where,
                 "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                     ", got " + show(node));
        return static_cast<int>(i->get());
    }

    bool boolean(std::string_view name, bool fallback) const {
        const toml::node* node = find(name);
        if (!node) return fallback;
        const auto* b = node->as_boolean();
        if (!b) fail(line_of(*node), key(name), "expected true or false, got " + show(*node));
        return b->get();
    }

    Table table(std::string_view name) const {
        const toml::node& node = require(name, "a table");
        const auto* t = node.as_table();
        if (!t) fail(line_of(node), key(name), "expected a table, got " + show(node));
        return Table(file_, *t, key(name), line_of(node));
    }

    // An array of tables ([[name]] blocks), each element named name[1], name[2] … in messages.
    // A missing key is an empty list unless `required`.
    std::vector<Table> tables(std::string_view name, bool required) const {
        std::vector<Table> out;
        const toml::node* node = find(name);
        if (!node) {
            if (required) fail(line_, key(name), "missing; add at least one [[" + key(name) + "]]");
            return out;
        }
        const auto* array = node->as_array();
        if (!array)
            fail(line_of(*node), key(name),
                 "expected [[" + key(name) + "]] blocks (an array of tables), got " + show(*node));
        if (required && array->empty()) fail(line_of(*node), key(name), "needs at least one entry");
        std::size_t index = 0;
        for (const auto& element : *array) {
            ++index;
            const std::string where = key(name) + "[" + std::to_string(index) + "]";
            const auto* t = element.as_table();
            if (!t) fail(line_of(element), where, "expected a table, got " + show(element));
            out.emplace_back(file_, *t, where, line_of(element));
        }
        return out;
    }

    const toml::node* node(std::string_view name) const { return find(name); }
    int line() const { return line_; }
    const std::string& path() const { return path_; }

private:
    const std::string& file_;
    const toml::table& table_;
    std::string path_;
    int line_;
};

// Ids are unique per list; remembers where each was first used for the message.
class IdSet {
public:
    void add(const Table& t, const std::string& id) {
        const int line = line_of(*t.node("id"));
        auto [it, inserted] = seen_.emplace(id, line);
        if (!inserted)
            t.fail(line, t.key("id"),
                   "duplicate id \"" + id + "\" (first used at line " + std::to_string(it->second) +
                       ")");
    }

private:
    std::map<std::string, int> seen_;
};

void read_levels(const Table& root, Survey& survey) {
    const auto blocks = root.tables("levels", true);
    std::map<int, int> line_of_value;
    for (const auto& t : blocks) {
        t.only({"value", "th", "en"});
        const int value = t.integer("value", 1, 5);
        const int line = line_of(*t.node("value"));
        if (auto it = line_of_value.find(value); it != line_of_value.end())
            t.fail(line, t.key("value"),
                   "level " + std::to_string(value) + " is listed twice (first at line " +
                       std::to_string(it->second) + "); expected the values 5, 4, 3, 2, 1 once each");
        line_of_value.emplace(value, line);
        // Display order: value 5 on the left (index 0) … value 1 on the right (index 4).
        Level& level = survey.levels[static_cast<std::size_t>(5 - value)];
        level.value = value;
        level.label = t.local_text();
    }
    if (blocks.size() != 5) {
        std::string missing;
        for (int value = 5; value >= 1; --value)
            if (!line_of_value.count(value))
                missing += (missing.empty() ? "" : ", ") + std::to_string(value);
        root.fail(line_of(*root.node("levels")), root.key("levels"),
                  "expected exactly five levels with the values 5, 4, 3, 2, 1 once each; missing " +
                      missing);
    }
}

void read_reasons(const Table& root, Survey& survey) {
    IdSet ids;
    for (const auto& t : root.tables("reasons", false)) {
        t.only({"id", "th", "en", "ratings"});
        Reason reason;
        reason.id = t.id();
        ids.add(t, reason.id);
        reason.label = t.local_text();
        const toml::node& node = t.require("ratings", "an array of ratings from 1 to 5");
        const auto* array = node.as_array();
        if (!array)
            t.fail(line_of(node), t.key("ratings"),
                   "expected an array of ratings from 1 to 5, e.g. [1, 2], got " + show(node));
        if (array->empty())
            t.fail(line_of(node), t.key("ratings"),
                   "must list at least one rating, or the chip is never shown");
        for (const auto& element : *array) {
            const int rating = t.integer_in(element, t.key("ratings"), 1, 5);
            if (std::find(reason.ratings.begin(), reason.ratings.end(), rating) !=
                reason.ratings.end())
                t.fail(line_of(element), t.key("ratings"),
                       "rating " + std::to_string(rating) + " is listed twice");
            reason.ratings.push_back(rating);
        }
        survey.reasons.push_back(std::move(reason));
    }
}

}  // namespace

Survey parse_survey(std::string_view toml_text, const std::string& source_name) {
    toml::table doc;
    try {
        doc = toml::parse(toml_text, std::string_view(source_name));
    } catch (const toml::parse_error& e) {
        std::string problem = "TOML syntax error: " + std::string(e.description());
        // Thai offices' editors often default to the legacy Thai code pages.
        if (problem.find("utf-8") != std::string::npos || problem.find("UTF-8") != std::string::npos)
            problem += " (save the file as UTF-8, not TIS-620 or Windows-874)";
        throw SourceError(source_name, static_cast<int>(e.source().begin.line), "", problem);
    }

    Survey survey;
    const Table root(source_name, doc, "", 0);
    root.only({"version", "title", "main_question", "levels", "reasons", "dimensions",
               "service_points", "complaint_categories", "complaint_chips", "profile"});

    survey.version = root.text("version", "a version string, e.g. \"2025.1\"");
    {
        const Table t = root.table("title");
        t.only({"th", "en"});
        survey.title = t.local_text();
    }
    {
        const Table t = root.table("main_question");
        t.only({"id", "th", "en"});
        survey.main_question.id = t.id();
        survey.main_question.text = t.local_text();
    }
    read_levels(root, survey);
    read_reasons(root, survey);

    {
        // The main question's id shares the namespace: reports list it beside the dimensions.
        IdSet ids;
        const auto blocks = root.tables("dimensions", false);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const Table& t = blocks[i];
            t.only({"id", "th", "en"});
            if (i == kMaxDimensions)
                t.fail(t.line(), t.path(),
                       "at most " + std::to_string(kMaxDimensions) +
                           " dimension questions; a longer survey is not finished at a counter");
            Question q;
            q.id = t.id();
            if (q.id == survey.main_question.id)
                t.fail(line_of(*t.node("id")), t.key("id"),
                       "id \"" + q.id + "\" is already the main question's id");
            ids.add(t, q.id);
            q.text = t.local_text();
            survey.dimensions.push_back(std::move(q));
        }
    }
    {
        IdSet ids;
        for (const auto& t : root.tables("service_points", false)) {
            t.only({"id", "th", "en"});
            ServicePoint point;
            point.id = t.id();
            ids.add(t, point.id);
            point.name = t.local_text();
            survey.service_points.push_back(std::move(point));
        }
    }
    {
        IdSet ids;
        for (const auto& t : root.tables("complaint_categories", true)) {
            t.only({"id", "th", "en", "sensitive"});
            ComplaintCategory category;
            category.id = t.id();
            ids.add(t, category.id);
            category.label = t.local_text();
            category.sensitive = t.boolean("sensitive", false);
            survey.complaint_categories.push_back(std::move(category));
        }
    }
    {
        IdSet ids;
        for (const auto& t : root.tables("complaint_chips", false)) {
            t.only({"id", "th", "en", "categories"});
            ComplaintChip chip;
            chip.id = t.id();
            ids.add(t, chip.id);
            chip.label = t.local_text();
            if (const toml::node* node = t.node("categories")) {
                const auto* array = node->as_array();
                if (!array)
                    t.fail(line_of(*node), t.key("categories"),
                           "expected an array of complaint category ids, got " + show(*node));
                for (const auto& element : *array) {
                    const auto* id = element.as_string();
                    if (!id || !survey.find_complaint_category(id->get()))
                        t.fail(line_of(element), t.key("categories"),
                               "expected a complaint category id of this survey, got " + show(element));
                    chip.categories.push_back(id->get());
                }
            }
            survey.complaint_chips.push_back(std::move(chip));
        }
    }
    {
        // Respondent profile: few questions with few options each, so the optional screen after
        // the rating stays one screen a visitor in a hurry can skip or finish at a glance.
        IdSet ids;
        const auto blocks = root.tables("profile", false);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const Table& t = blocks[i];
            t.only({"id", "th", "en", "options"});
            if (i == kMaxProfileQuestions)
                t.fail(t.line(), t.path(),
                       "at most " + std::to_string(kMaxProfileQuestions) +
                           " profile questions: they share one optional screen");
            ProfileQuestion q;
            q.id = t.id();
            ids.add(t, q.id);
            q.text = t.local_text();
            IdSet option_ids;
            const auto options = t.tables("options", true);
            if (options.size() < 2)
                t.fail(t.line(), t.key("options"), "needs at least two options to choose from");
            for (std::size_t k = 0; k < options.size(); ++k) {
                const Table& o = options[k];
                o.only({"id", "th", "en"});
                if (k == kMaxProfileOptions)
                    o.fail(o.line(), o.path(),
                           "at most " + std::to_string(kMaxProfileOptions) + " options per profile question");
                ProfileOption option;
                option.id = o.id();
                option_ids.add(o, option.id);
                option.label = o.local_text();
                q.options.push_back(std::move(option));
            }
            survey.profile.push_back(std::move(q));
        }
    }
    return survey;
}

Survey load_survey_file(const std::filesystem::path& path) {
    std::string text;
    try {
        text = common::read_file(path);
    } catch (const common::FileError& e) {
        throw SourceError(path.string(), 0, "", std::string("cannot read survey file: ") + e.what());
    }
    return parse_survey(text, path.string());
}

Survey default_survey() { return parse_survey(default_survey_toml(), "(built-in default survey)"); }

}  // namespace feedback::core
