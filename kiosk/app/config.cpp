// Configuration loading (see config.h for the rules and why they are strict).
//
// Shape: a value reaches Config in two steps. First the source's syntax is turned into a plain
// Value (a TOML node by its TOML type, an environment string by the key's kind); then one
// shared apply() checks the value against the key's kind and range and stores it. So the file
// and the environment accept exactly the same values and say the same thing when one is wrong,
// and only the "where" (file:line or variable name) differs.
#include "app/config.h"

#include "app/paths.h"
#include "app/presentation_paths.h"
#include "core/likert.h"
#include "core/reference.h"
#include "core/survey.h"
#include "common/text.h"
#include "common/file.h"

#include <toml++/toml.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace feedback::app {

namespace fs = std::filesystem;

std::string default_device_id() {
    char host[256] = {};
    std::string name;
    if (::gethostname(host, sizeof host - 1) == 0) name = host;
    std::string id = "kiosk";
    if (!name.empty()) id += "-";
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        id += ok ? c : '-';
        if (id.size() == 64) break;  // the DeviceId limit
    }
    return id;
}

std::string ConfigKey::dotted() const {
    return std::string(section) + "." + std::string(name);
}

std::string ConfigKey::env_var() const {
    std::string out = "FEEDBACK_" + std::string(section) + "_" + std::string(name);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

namespace {

// Accessors for the key table. Spelled as lambdas so each row names its field once.
template <typename T>
using Ref = T& (*)(Config&);

ConfigKey key(std::string_view section, std::string_view name, KeyKind kind,
              ConfigKey::Field field, std::string_view doc) {
    return ConfigKey{section, name, kind, 0, 0, field, doc};
}

ConfigKey ranged(std::string_view section, std::string_view name, KeyKind kind, double min,
                 double max, ConfigKey::Field field, std::string_view doc) {
    return ConfigKey{section, name, kind, min, max, field, doc};
}

const std::vector<ConfigKey>& key_table() {
    using K = KeyKind;
    static const std::vector<ConfigKey> keys = {
        key("office", "name", K::RequiredText,
            Ref<std::string>([](Config& c) -> std::string& { return c.office.name; }),
            "Office name in Thai, on the Welcome screen and report headers"),
        key("office", "name_en", K::RequiredText,
            Ref<std::string>([](Config& c) -> std::string& { return c.office.name_en; }),
            "Office name in English"),
        key("office", "channels_url", K::OptionalUrl,
            Ref<std::string>([](Config& c) -> std::string& { return c.office.channels_url; }),
            "URL of the office's other channels (LINE OA, website) for the thank-you QR code; "
            "empty = no QR code"),
        key("office", "logo", K::Path,
            Ref<fs::path>([](Config& c) -> fs::path& { return c.office.logo; }),
            "The office's logo, a PNG file (at most 4096x4096, 8 MB), on the thank-you screen; "
            "empty = none; a missing or damaged file is reported and left out"),
        key("office", "hours", K::OfficeHours,
            Ref<std::string>([](Config& c) -> std::string& { return c.office.hours; }),
            "Opening hours, e.g. \"mon-fri 08:30-16:30; sat 09:00-12:00\"; outside them Welcome says "
            "the office is closed and answers are marked; empty = always open"),
        key("office", "closed_dates", K::DateList,
            Ref<std::vector<std::string>>(
                [](Config& c) -> std::vector<std::string>& { return c.office.closed_dates; }),
            "Dates the office is closed all day (public holidays), \"YYYY-MM-DD\" (C.E.)"),

        key("device", "id", K::DeviceId,
            Ref<std::string>([](Config& c) -> std::string& { return c.device.id; }),
            "Stored with every entry; unique per office (default: kiosk-<host name>)"),
        key("device", "name", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.device.name; }),
            "Name staff know this kiosk by; may be empty"),
        key("device", "code", K::DeviceCode,
            Ref<std::string>([](Config& c) -> std::string& { return c.device.code; }),
            "Prefix of complaint reference numbers, unique per office (2-6 of ACDEFHJKMNPRTWXY "
            "and digits); empty = derived from device.id"),

        key("survey", "file", K::Path,
            Ref<fs::path>([](Config& c) -> fs::path& { return c.survey.file; }),
            "Survey TOML file; empty = the built-in default survey"),
        key("survey", "service_points", K::IdList,
            Ref<std::vector<std::string>>(
                [](Config& c) -> std::vector<std::string>& { return c.survey.service_points; }),
            "Survey service-point ids this kiosk serves; empty = do not ask"),

        ranged("session", "idle_timeout_s", K::Int, 10, 600,
               Ref<int>([](Config& c) -> int& { return c.session.idle_timeout_s; }),
               "Seconds without a touch before the \"more time?\" warning"),
        ranged("session", "idle_warning_s", K::Int, 20, 120,
               Ref<int>([](Config& c) -> int& { return c.session.idle_warning_s; }),
               "Seconds the warning counts down before the session closes (at least 20)"),
        ranged("session", "followup_timeout_s", K::Int, 10, 120,
               Ref<int>([](Config& c) -> int& { return c.session.followup_timeout_s; }),
               "Seconds without a touch before the follow-up returns to Welcome by itself, the answer "
               "kept (a countdown is shown; \"more time\" makes it idle_timeout_s)"),
        ranged("session", "thank_you_s", K::Int, 2, 30,
               Ref<int>([](Config& c) -> int& { return c.session.thank_you_s; }),
               "Seconds the thank-you screen stays before Welcome returns"),
        ranged("session", "misuse_interval_s", K::Int, 0, 600,
               Ref<int>([](Config& c) -> int& { return c.session.misuse_interval_s; }),
               "A face this many seconds after the previous visitor's last touch, with nothing else "
               "answered, is flagged as misuse; 0 = never"),

        key("display", "language", K::Language,
            Ref<std::string>([](Config& c) -> std::string& { return c.display.language; }),
            "Language each session starts in: \"th\" or \"en\""),
        ranged("display", "scale", K::Real, 0.5, 3.0,
               Ref<double>([](Config& c) -> double& { return c.display.scale; }),
               "Multiplies every size derived from the display's DPI"),
        ranged("display", "dpi", K::Real, 0.0, 600.0,
               Ref<double>([](Config& c) -> double& { return c.display.dpi; }),
               "The display's pixels per inch, for displays that report a wrong one; 0 = ask the display "
               "(96 when it does not say)"),
        key("display", "font", K::Path,
            Ref<fs::path>([](Config& c) -> fs::path& { return c.display.font; }),
            "Thai TrueType font; empty = Laksaman (fonts-tlwg-laksaman-ttf)"),
        key("display", "large_text", K::Bool,
            Ref<bool>([](Config& c) -> bool& { return c.display.large_text; }),
            "Start every session with large text"),
        key("display", "high_contrast", K::Bool,
            Ref<bool>([](Config& c) -> bool& { return c.display.high_contrast; }),
            "Start every session in high contrast"),
        ranged("display", "dim_when_closed_s", K::Int, 0, 86400,
               Ref<int>([](Config& c) -> int& { return c.display.dim_when_closed_s; }),
               "Seconds without a touch on the closed Welcome screen before it dims; 0 = never"),
        key("display", "presentation", K::Presentation,
            Ref<std::string>([](Config& c) -> std::string& { return c.display.presentation; }),
            "How frames reach the screen: \"auto\" (the measured order), or paths to try in order "
            "from wayland-gpu, x11, wayland-gl, kmsdrm, e.g. \"x11,wayland-gl\""),

        key("store", "database", K::Path,
            Ref<fs::path>([](Config& c) -> fs::path& { return c.store.database; }),
            "SQLite database file; empty = feedback.db in the user's data directory"),

        key("sync", "endpoint", K::Url,
            Ref<std::string>([](Config& c) -> std::string& { return c.sync.endpoint; }),
            "Collector URL that receives batches"),
        key("sync", "token_file", K::Path,
            Ref<fs::path>([](Config& c) -> fs::path& { return c.sync.token_file; }),
            "File holding this kiosk's bearer token (mode 0600); empty = send no token"),
        key("sync", "proxy", K::Proxy,
            Ref<std::string>([](Config& c) -> std::string& { return c.sync.proxy; }),
            "HTTP proxy; empty = the standard environment variables (https_proxy, no_proxy)"),
        ranged("sync", "batch_size", K::Int, 1, 5000,
               Ref<int>([](Config& c) -> int& { return c.sync.batch_size; }),
               "Entries per upload"),
        ranged("sync", "heartbeat_s", K::Int, 10, 86400,
               Ref<int>([](Config& c) -> int& { return c.sync.heartbeat_s; }),
               "Seconds between heartbeats when there is nothing to send"),
        key("sync", "ca_bundle", K::Path,
            Ref<fs::path>([](Config& c) -> fs::path& { return c.sync.ca_bundle; }),
            "Extra CA certificates (PEM) to trust; empty = the system store"),
        key("sync", "pinned_public_key", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.sync.pinned_public_key; }),
            "Pin the collector's key (curl format, sha256//<base64>); empty = no pinning"),

        key("complaint", "pdpa_notice_th", K::RequiredText,
            Ref<std::string>([](Config& c) -> std::string& { return c.complaint.pdpa_notice_th; }),
            "PDPA notice in Thai shown before contact details ({days} = retention.contact_days)"),
        key("complaint", "pdpa_notice_en", K::RequiredText,
            Ref<std::string>([](Config& c) -> std::string& { return c.complaint.pdpa_notice_en; }),
            "PDPA notice in English"),
        key("complaint", "policy_url", K::OptionalUrl,
            Ref<std::string>([](Config& c) -> std::string& { return c.complaint.policy_url; }),
            "Full privacy policy, shown as a QR code on the notice; empty = no QR code"),
        key("complaint", "tracking_url", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.complaint.tracking_url; }),
            "Template for the reference QR code, {ref} = the reference number, {key} = its tracking key; empty = the number alone"),

        key("admin", "usb_roots", K::RequiredText,
            Ref<std::string>([](Config& c) -> std::string& { return c.admin.usb_roots; }),
            "Where removable drives are mounted, ':'-separated; the admin screen exports there"),

        ranged("retention", "contact_days", K::Int, 1, 3650,
               Ref<int>([](Config& c) -> int& { return c.retention.contact_days; }),
               "Days after the collector acknowledged a complaint before its contact details "
               "are removed from the kiosk"),

        key("report", "likert_upper_bounds", K::LikertBounds,
            Ref<std::array<double, 4>>(
                [](Config& c) -> std::array<double, 4>& { return c.report.likert_upper_bounds; }),
            "Upper bounds of the mean for น้อยที่สุด, น้อย, ปานกลาง, มาก (class width 0.8)"),
        ranged("report", "target_percent", K::Real, 0.0, 100.0,
               Ref<double>([](Config& c) -> double& { return c.report.target_percent; }),
               "The office's target for the overall ร้อยละ, e.g. 80; 0 = no target"),
        key("report", "actions_th", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.report.actions_th; }),
            "Improvement actions printed under the executive summary (Thai)"),
        key("report", "prepared_name", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.report.prepared_name; }),
            "Approval block: name of who prepared the report (ผู้จัดทำรายงาน)"),
        key("report", "prepared_position", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.report.prepared_position; }),
            "Approval block: their position"),
        key("report", "reviewed_name", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.report.reviewed_name; }),
            "Approval block: name of who reviewed it (ผู้ตรวจสอบ)"),
        key("report", "reviewed_position", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.report.reviewed_position; }),
            "Approval block: their position"),
        key("report", "approved_name", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.report.approved_name; }),
            "Approval block: name of the executive who approves it (ผู้อนุมัติ)"),
        key("report", "approved_position", K::Text,
            Ref<std::string>([](Config& c) -> std::string& { return c.report.approved_position; }),
            "Approval block: their position"),

        key("accessibility", "speech", K::Speech,
            Ref<std::string>([](Config& c) -> std::string& { return c.accessibility.speech; }),
            "Spoken prompts: \"off\", \"on-request\" (a keypad key or the Listen button turns speech on "
            "for this visitor) or \"always\""),
    };
    return keys;
}

std::vector<std::string_view> sections() {
    std::vector<std::string_view> out;
    for (const auto& k : key_table())
        if (std::find(out.begin(), out.end(), k.section) == out.end()) out.push_back(k.section);
    return out;
}

std::string keys_in(std::string_view section) {
    std::string out;
    for (const auto& k : key_table())
        if (k.section == section) out += (out.empty() ? "" : ", ") + std::string(k.name);
    return out;
}

const ConfigKey* find_key(std::string_view section, std::string_view name) {
    for (const auto& k : key_table())
        if (k.section == section && k.name == name) return &k;
    return nullptr;
}

// ---- showing values -------------------------------------------------------------------------

using common::toml_quote;


// The shortest text that reads back as the same double (1.8, not 1.8000000000000000444),
// always with a decimal point so TOML reads it as a float.
std::string toml_number(double number) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    std::string text(buffer, result.ptr);
    if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
    return text;
}

std::string shorten(std::string text) {
    if (text.size() > 60) {
        std::size_t cut = 60;  // not inside a UTF-8 sequence
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut) + "…";
    }
    return text;
}

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }
int line_of(const toml::key& k) { return static_cast<int>(k.source().begin.line); }

std::string show(const toml::node& node) {
    if (node.is_table()) return "a table";
    if (const auto* s = node.as_string()) return toml_quote(shorten(s->get()));
    if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
    std::ostringstream out;
    node.visit([&](const auto& v) { out << v; });
    return shorten(out.str());
}

// What a key accepts, as the words after "expected".
std::string expected(const ConfigKey& k) {
    switch (k.kind) {
        case KeyKind::Text: return "a string";
        case KeyKind::RequiredText: return "a non-empty string";
        case KeyKind::Url: return "an http:// or https:// URL";
        case KeyKind::OptionalUrl: return "an http:// or https:// URL, or \"\"";
        case KeyKind::Proxy: return "a proxy such as \"http://proxy.example:3128\", or \"\"";
        case KeyKind::DeviceId: return "1 to 64 characters from A-Z a-z 0-9 . _ -";
        case KeyKind::DeviceCode: return "empty, or 2 to 6 characters from ACDEFHJKMNPRTWXY and 0-9";
        case KeyKind::Language: return "\"th\" or \"en\"";
        case KeyKind::Path: return "a file path (a string)";
        case KeyKind::Bool: return "true or false";
        case KeyKind::Int:
            return "an integer from " + std::to_string(static_cast<long long>(k.min)) + " to " +
                   std::to_string(static_cast<long long>(k.max));
        case KeyKind::Real:
            return "a number from " + toml_number(k.min) + " to " + toml_number(k.max);
        case KeyKind::IdList: return "a list of survey service-point ids, e.g. [\"palad\", \"finance\"]";
        case KeyKind::OfficeHours:
            return "office hours such as \"mon-fri 08:30-16:30; sat 09:00-12:00\", or \"\" for always open";
        case KeyKind::DateList: return "a list of dates, e.g. [\"2026-04-13\", \"2026-04-14\"]";
        case KeyKind::Speech: return "\"off\", \"on-request\" or \"always\"";
        case KeyKind::Presentation:
            return "\"auto\" or presentation paths from wayland-gpu, x11, wayland-gl, kmsdrm separated by commas";
        case KeyKind::LikertBounds:
            return "four numbers between 1 and 5 in ascending order, e.g. [1.80, 2.60, 3.40, 4.20]";
    }
    return {};
}

// ---- values, whatever their source ---------------------------------------------------------

using Value = std::variant<std::string, std::int64_t, double, bool, std::vector<std::string>,
                           std::vector<double>>;

struct Problem {
    std::string text;  // empty = no problem
};

bool is_url(std::string_view text) {
    for (std::string_view scheme : {"http://", "https://"})
        if (text.size() > scheme.size() && text.substr(0, scheme.size()) == scheme &&
            text.find_first_of(" \t\r\n") == std::string_view::npos)
            return true;
    return false;
}

bool is_device_id(std::string_view text) {
    if (text.empty() || text.size() > 64) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
}

bool blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Checks a value against its key and stores it. `shown` is how the source spelled the value,
// for "got …". Returns the problem, if any; the Config is unchanged then.
Problem apply(const ConfigKey& k, const Value& value, const std::string& shown, Config& config,
              const fs::path& base_dir) {
    const Problem wrong{"expected " + expected(k) + ", got " + shown};
    switch (k.kind) {
        case KeyKind::Text:
        case KeyKind::RequiredText:
        case KeyKind::Url:
        case KeyKind::OptionalUrl:
        case KeyKind::Proxy:
        case KeyKind::DeviceId:
        case KeyKind::DeviceCode:
        case KeyKind::Speech:
        case KeyKind::Language: {
            const auto* text = std::get_if<std::string>(&value);
            if (!text) return wrong;
            const bool ok = [&] {
                switch (k.kind) {
                    case KeyKind::RequiredText: return !blank(*text);
                    case KeyKind::Url: return is_url(*text);
                    case KeyKind::OptionalUrl: return text->empty() || is_url(*text);
                    case KeyKind::Proxy:
                        return text->find_first_of(" \t\r\n") == std::string::npos;
                    case KeyKind::DeviceId: return is_device_id(*text);
                    case KeyKind::DeviceCode: return text->empty() || core::is_valid_device_code(*text);
                    case KeyKind::Language: return *text == "th" || *text == "en";
                    case KeyKind::Speech: return *text == "off" || *text == "on-request" || *text == "always";
                    default: return true;
                }
            }();
            if (!ok) return wrong;
            std::get<Ref<std::string>>(k.field)(config) = *text;
            return {};
        }
        case KeyKind::Presentation: {
            const auto* text = std::get_if<std::string>(&value);
            if (!text || !check_presentation_setting(*text).empty()) return wrong;
            std::get<Ref<std::string>>(k.field)(config) = *text;
            return {};
        }
        case KeyKind::OfficeHours: {
            const auto* text = std::get_if<std::string>(&value);
            if (!text) return wrong;
            try {
                (void)core::OfficeHours::parse(*text);
            } catch (const core::OfficeHoursError& e) {
                return {std::string(e.what()) + " (got " + shown + ")"};
            }
            std::get<Ref<std::string>>(k.field)(config) = *text;
            return {};
        }
        case KeyKind::DateList: {
            const auto* dates = std::get_if<std::vector<std::string>>(&value);
            if (!dates) return wrong;
            for (const auto& date : *dates) {
                try {
                    (void)core::OfficeHours::parse_closed_date(date);
                } catch (const core::OfficeHoursError& e) {
                    return {e.what()};
                }
            }
            std::get<Ref<std::vector<std::string>>>(k.field)(config) = *dates;
            return {};
        }
        case KeyKind::Path: {
            const auto* text = std::get_if<std::string>(&value);
            if (!text) return wrong;
            fs::path path(*text);
            if (!path.empty() && path.is_relative() && !base_dir.empty())
                path = (base_dir / path).lexically_normal();
            std::get<Ref<fs::path>>(k.field)(config) = path;
            return {};
        }
        case KeyKind::Bool: {
            const auto* b = std::get_if<bool>(&value);
            if (!b) return wrong;
            std::get<Ref<bool>>(k.field)(config) = *b;
            return {};
        }
        case KeyKind::Int: {
            const auto* i = std::get_if<std::int64_t>(&value);
            if (!i || static_cast<double>(*i) < k.min || static_cast<double>(*i) > k.max)
                return wrong;
            std::get<Ref<int>>(k.field)(config) = static_cast<int>(*i);
            return {};
        }
        case KeyKind::Real: {
            double number = 0;
            if (const auto* d = std::get_if<double>(&value)) number = *d;
            else if (const auto* i = std::get_if<std::int64_t>(&value))
                number = static_cast<double>(*i);
            else return wrong;
            if (!std::isfinite(number) || number < k.min || number > k.max) return wrong;
            std::get<Ref<double>>(k.field)(config) = number;
            return {};
        }
        case KeyKind::IdList: {
            const auto* ids = std::get_if<std::vector<std::string>>(&value);
            if (!ids) return wrong;
            std::set<std::string> seen;
            for (const auto& id : *ids) {
                if (!core::is_valid_survey_id(id))
                    return {"expected survey ids (1 to 32 characters from a-z 0-9 _ -), got " +
                            toml_quote(shorten(id))};
                if (!seen.insert(id).second)
                    return {"service point " + toml_quote(id) + " is listed twice"};
            }
            std::get<Ref<std::vector<std::string>>>(k.field)(config) = *ids;
            return {};
        }
        case KeyKind::LikertBounds: {
            const auto* numbers = std::get_if<std::vector<double>>(&value);
            if (!numbers || numbers->size() != 4) return wrong;
            std::array<double, 4> bounds{};
            for (std::size_t i = 0; i < 4; ++i) {
                const double b = (*numbers)[i];
                if (!std::isfinite(b) || b <= 1.0 || b >= 5.0 || (i > 0 && b <= bounds[i - 1]))
                    return wrong;
                bounds[i] = b;
            }
            // The report's own rule (bounds compared as printed, in hundredths) has the last
            // word, so that every value accepted here is one the report can use.
            try {
                (void)core::LikertScale::from_upper_bounds(bounds);
            } catch (const std::invalid_argument&) {
                return wrong;
            }
            std::get<Ref<std::array<double, 4>>>(k.field)(config) = bounds;
            return {};
        }
    }
    return wrong;
}

// A TOML node as a Value, by its TOML type; nullopt when the type cannot fit any key.
std::optional<Value> from_toml(const toml::node& node) {
    if (const auto* s = node.as_string()) return Value(s->get());
    if (const auto* i = node.as_integer()) return Value(i->get());
    if (const auto* d = node.as_floating_point()) return Value(d->get());
    if (const auto* b = node.as_boolean()) return Value(b->get());
    if (const auto* array = node.as_array()) {
        if (array->empty()) return Value(std::vector<std::string>{});  // fits both list kinds
        if (std::all_of(array->begin(), array->end(), [](const toml::node& e) { return e.is_string() || e.is_date(); })) {
            // TOML's own dates (closed_dates = [2026-04-13]) read as the same ISO text.
            std::vector<std::string> out;
            for (const auto& e : *array) {
                if (const auto* text = e.as_string()) {
                    out.push_back(text->get());
                    continue;
                }
                const auto d = e.as_date()->get();
                char text[16];
                std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year % 10000, d.month % 100, d.day % 100);
                out.push_back(text);
            }
            return Value(std::move(out));
        }
        std::vector<double> out;
        for (const auto& e : *array) {
            if (const auto* d = e.as_floating_point()) out.push_back(d->get());
            else if (const auto* i = e.as_integer()) out.push_back(static_cast<double>(i->get()));
            else return std::nullopt;
        }
        return Value(std::move(out));
    }
    return std::nullopt;
}

std::string trim(std::string_view text) { return std::string(common::trim(text, " \t\r\n")); }

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> out;
    if (blank(text)) return out;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        out.push_back(trim(text.substr(start, comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

template <typename T>
std::optional<T> parse_number(std::string_view text) {
    T number{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return number;
}

// An environment string as a Value, by the key's kind; nullopt when it does not parse.
std::optional<Value> from_text(const ConfigKey& k, std::string_view raw) {
    switch (k.kind) {
        case KeyKind::Bool: {
            const std::string text = trim(raw);
            if (text == "true" || text == "1") return Value(true);
            if (text == "false" || text == "0") return Value(false);
            return std::nullopt;
        }
        case KeyKind::Int:
            if (auto n = parse_number<std::int64_t>(trim(raw))) return Value(*n);
            return std::nullopt;
        case KeyKind::Real:
            if (auto n = parse_number<double>(trim(raw))) return Value(*n);
            return std::nullopt;
        case KeyKind::IdList:
        case KeyKind::DateList: return Value(split_commas(raw));
        case KeyKind::LikertBounds: {
            std::vector<double> out;
            for (const auto& part : split_commas(raw)) {
                auto n = parse_number<double>(part);
                if (!n) return std::nullopt;
                out.push_back(*n);
            }
            return Value(std::move(out));
        }
        default: return Value(std::string(raw));
    }
}

// ---- the file -------------------------------------------------------------------------------

// A table's entries in file order (toml++ keeps them sorted by name), so that the first error
// reported is the first one in the file.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& t) {
    std::vector<std::pair<const toml::key*, const toml::node*>> out;
    for (const auto& [k, v] : t) out.emplace_back(&k, &v);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return line_of(*a.first) < line_of(*b.first);
    });
    return out;
}

std::string all_sections() {
    std::string out;
    for (auto s : sections()) out += (out.empty() ? "" : ", ") + std::string(s);
    return out;
}

void apply_table(const toml::table& doc, const std::string& file, const fs::path& base_dir,
                 Config& config, std::map<std::string, Origin>* origins) {
    const auto known = sections();
    for (const auto& [section_key, section_node] : in_file_order(doc)) {
        const std::string section(section_key->str());
        if (std::find(known.begin(), known.end(), section) == known.end())
            throw SourceError(file, line_of(*section_key), section,
                              section_node->is_table()
                                  ? "unknown section; expected one of: " + all_sections()
                                  : "unknown key; every key belongs in a section, one of: " +
                                        all_sections());
        const auto* table = section_node->as_table();
        if (!table)
            throw SourceError(file, line_of(*section_node), section,
                              "expected a table ([" + section + "]), got " + show(*section_node));
        for (const auto& [name_key, node] : in_file_order(*table)) {
            const std::string dotted = section + "." + std::string(name_key->str());
            const ConfigKey* k = find_key(section, name_key->str());
            if (!k)
                throw SourceError(file, line_of(*name_key), dotted,
                                  "unknown key; [" + section + "] has: " + keys_in(section));
            const auto value = from_toml(*node);
            const std::string shown = show(*node);
            if (!value)
                throw SourceError(file, line_of(*node), dotted,
                                  "expected " + expected(*k) + ", got " + shown);
            if (auto problem = apply(*k, *value, shown, config, base_dir); !problem.text.empty())
                throw SourceError(file, line_of(*node), dotted, problem.text);
            if (origins) (*origins)[dotted] = Origin{file, line_of(*node), dotted};
        }
    }
}

toml::table parse_toml(std::string_view text, const std::string& file) {
    try {
        return toml::parse(text, std::string_view(file));
    } catch (const toml::parse_error& e) {
        std::string problem = "TOML syntax error: " + std::string(e.description());
        if (problem.find("utf-8") != std::string::npos || problem.find("UTF-8") != std::string::npos)
            problem += " (save the file as UTF-8, not TIS-620 or Windows-874)";
        throw SourceError(file, static_cast<int>(e.source().begin.line), "", problem);
    }
}

std::string read_file(const fs::path& path) {
    try {
        return common::read_file(path);
    } catch (const common::FileError& e) {
        throw SourceError(path.string(), 0, "", std::string("cannot read configuration file: ") + e.what());
    }
}

// ---- the environment ------------------------------------------------------------------------

void apply_environment(const std::map<std::string, std::string>& env, LoadedConfig& loaded) {
    constexpr std::string_view prefix = "FEEDBACK_";
    for (const auto& [variable, raw] : env) {
        if (variable.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string_view rest = std::string_view(variable).substr(prefix.size());
        const ConfigKey* match = nullptr;
        std::string_view section;
        for (auto s : sections()) {
            std::string upper = std::string(s) + "_";
            for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (rest.substr(0, upper.size()) != upper) continue;
            section = s;
            for (const auto& k : key_table())
                if (k.env_var() == variable) match = &k;
        }
        if (section.empty()) continue;  // not ours: other tools may use FEEDBACK_ too
        if (!match) {
            std::string names;
            for (const auto& k : key_table())
                if (k.section == section) names += (names.empty() ? "" : ", ") + k.env_var();
            throw SourceError("environment", 0, variable,
                              "unknown setting; [" + std::string(section) + "] is set by " + names);
        }
        const std::string shown = toml_quote(shorten(raw));
        const auto value = from_text(*match, raw);
        if (!value)
            throw SourceError("environment", 0, variable,
                              "expected " + expected(*match) + ", got " + shown);
        if (auto problem = apply(*match, *value, shown, loaded.config, {}); !problem.text.empty())
            throw SourceError("environment", 0, variable, problem.text);
        loaded.origins[match->dotted()] = Origin{"environment", 0, variable};
        loaded.notes.push_back(variable + " overrides " + match->dotted());
    }
}

// Masks the password in "scheme://user:password@host…" (or "user:password@host…").
std::string mask_password(const std::string& url) {
    const auto scheme = url.find("://");
    const std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const auto end = url.find('/', start);
    const std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
    const auto at = authority.rfind('@');
    if (at == std::string::npos) return url;
    const auto colon = authority.find(':');
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, start + colon + 1) + "***" + url.substr(start + at);
}

}  // namespace

std::span<const ConfigKey> config_keys() { return key_table(); }

Config parse_config(std::string_view toml_text, const std::string& source_name,
                    const fs::path& base_dir) {
    Config config;
    apply_table(parse_toml(toml_text, source_name), source_name, base_dir, config, nullptr);
    return config;
}

LoadedConfig load_config(const std::optional<fs::path>& explicit_path,
                         const std::map<std::string, std::string>& env) {
    LoadedConfig loaded;
    std::optional<fs::path> path = explicit_path;
    if (path) {
        std::error_code ec;
        if (!fs::exists(*path, ec))
            throw SourceError(path->string(), 0, "", "configuration file not found");
    } else {
        const fs::path fallback = default_config_path();
        const fs::path system = system_config_path();
        std::error_code ec;
        if (fs::exists(fallback, ec)) path = fallback;
        else if (fs::exists(system, ec)) path = system;
        else
            loaded.notes.push_back("no configuration file at " + fallback.string() + " or " +
                                   system.string() + "; using built-in defaults");
    }
    for (const auto& k : key_table())
        loaded.origins[k.dotted()] = Origin{"built-in defaults", 0, k.dotted()};
    if (path) {
        const std::string name = path->string();
        const std::string text = read_file(*path);
        fs::path base = path->parent_path();
        if (base.empty()) base = ".";
        std::error_code ec;
        if (const fs::path absolute = fs::absolute(base, ec); !ec) base = absolute;
        apply_table(parse_toml(text, name), name, base, loaded.config, &loaded.origins);
        loaded.source = *path;
        loaded.from_defaults = false;
    } else {
        loaded.from_defaults = true;
    }
    apply_environment(env, loaded);
    return loaded;
}

SourceError LoadedConfig::error(const std::string& dotted_key, const std::string& problem) const {
    const auto it = origins.find(dotted_key);
    if (it == origins.end()) return SourceError(source.string(), 0, dotted_key, problem);
    return SourceError(it->second.file, it->second.line, it->second.key, problem);
}

std::map<std::string, std::string> current_environment() {
    std::map<std::string, std::string> out;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        if (text.substr(0, 9) != "FEEDBACK_") continue;
        const auto equals = text.find('=');
        if (equals == std::string_view::npos) continue;
        out.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
    }
    return out;
}

std::string describe(const Config& config) {
    Config copy = config;  // the accessors take a mutable Config; describe() changes nothing
    std::ostringstream out;
    out << "# Effective configuration: built-in defaults, then the file, then FEEDBACK_*\n"
           "# environment variables. Loading this text gives the same configuration.\n";
    std::string_view section;
    for (const auto& k : key_table()) {
        if (k.section != section) {
            section = k.section;
            out << "\n[" << section << "]\n";
        }
        out << "# " << k.doc << "\n" << k.name << " = ";
        std::visit(
            [&](auto ref) {
                const auto& v = ref(copy);
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::string>) {
                    const bool url = k.kind == KeyKind::Url || k.kind == KeyKind::OptionalUrl ||
                                     k.kind == KeyKind::Proxy;
                    out << toml_quote(url ? mask_password(v) : v);
                } else if constexpr (std::is_same_v<T, fs::path>) {
                    out << toml_quote(v.string());
                } else if constexpr (std::is_same_v<T, bool>) {
                    out << (v ? "true" : "false");
                } else if constexpr (std::is_same_v<T, int>) {
                    out << v;
                } else if constexpr (std::is_same_v<T, double>) {
                    out << toml_number(v);
                } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                    out << "[";
                    for (std::size_t i = 0; i < v.size(); ++i)
                        out << (i ? ", " : "") << toml_quote(v[i]);
                    out << "]";
                } else {
                    out << "[";
                    for (std::size_t i = 0; i < v.size(); ++i)
                        out << (i ? ", " : "") << toml_number(v[i]);
                    out << "]";
                }
            },
            k.field);
        if (k.dotted() == "store.database" && copy.store.database.empty())
            out << "  # in effect: " << default_database_path().string();
        out << "\n";
    }
    return out.str();
}

void check_against_survey(const LoadedConfig& loaded, const core::Survey& survey) {
    for (const auto& id : loaded.config.survey.service_points) {
        if (survey.find_service_point(id)) continue;
        std::string known;
        for (const auto& point : survey.service_points)
            known += (known.empty() ? "" : ", ") + point.id;
        throw loaded.error("survey.service_points",
                           "the survey has no service point \"" + id + "\"" +
                               (known.empty() ? "; it defines none" : "; it has: " + known));
    }
}

core::OfficeHours office_hours(const Config& config) {
    return core::OfficeHours::parse(config.office.hours, config.office.closed_dates);
}

fs::path effective_database_path(const Config& config) {
    return config.store.database.empty() ? default_database_path() : config.store.database;
}

}  // namespace feedback::app
