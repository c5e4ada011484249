// JSON encoding and strict decoding of the sync protocol (sync/PROTOCOL.md).
//
// Why it is written this way:
// - Decoding has exactly one exit for failures: every rule violation raises the private
//   `Invalid`, and each public decode_* catches it (and nlohmann's exceptions, and anything
//   else) at its boundary and returns a DecodeError. Results are built in locals and returned
//   only once complete, so a caller can never see half a message.
// - Type checks (is this a string?) happen while reading JSON; value rules (is it a UUID, is
//   the rating 1..5?) live in validate(const WireEntry&) so the client can apply the very same
//   rules to an entry before it queues it.
// - Unknown fields are ignored: a newer kiosk may add optional fields without a version bump
//   (PROTOCOL.md, "Versioning"). Every field this version defines is required, with null only
//   where the document says so, so a missing field is always a mistake we report.
// - Error reasons name the field ("entries[3].rating: ...") and the JSON type or number found,
//   but never echo string contents: a comment or a complaint may hold personal data and these
//   reasons end up in logs on both ends.
// - Nesting depth is checked by a cheap scan before parsing, so a body of 16 MiB of '[' costs
//   one pass over the bytes, not a deep tree.
// - Encoding uses ordered JSON (fields in the order PROTOCOL.md lists them, for people reading
//   logs) and replaces invalid UTF-8 with U+FFFD instead of throwing, so encode never fails on
//   data a broken input path let through.
#include "protocol/protocol.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <limits>

namespace feedback::protocol {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

struct Invalid {
    std::string reason;
    DecodeProblem problem = DecodeProblem::Malformed;
};

[[noreturn]] void fail(const std::string& where, const std::string& problem,
                       DecodeProblem kind = DecodeProblem::Malformed) {
    throw Invalid{where.empty() ? problem : where + ": " + problem, kind};
}

std::string join(const std::string& where, std::string_view key) {
    return where.empty() ? std::string(key) : where + "." + std::string(key);
}

std::string indexed(const std::string& where, std::size_t index) {
    return where + "[" + std::to_string(index) + "]";
}

// Longest number (as JSON text) a reason may quote: enough for levels, offsets and counts,
// too short for a phone number (9-10 digits in Thailand) or a citizen ID (13).
constexpr std::size_t kMaxEchoedNumber = 6;

// What was found instead, without echoing text that may be personal data.
std::string describe(const json& value) {
    switch (value.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float: {
            // Short numbers ("got 9", "got -1", "got 1.0") make a reason useful; a long one may
            // be a phone or ID-card number typed into the wrong field, so it is only described.
            std::string text = value.dump();
            return text.size() <= kMaxEchoedNumber ? text : "a number";
        }
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        default: return "an unsupported value";
    }
}

// Reads the fields of one JSON object, naming each failure by its path.
class Fields {
public:
    Fields(const json& object, std::string where) : object_(object), where_(std::move(where)) {
        if (!object_.is_object()) fail(where_, "expected an object, got " + describe(object_));
    }

    std::string path(std::string_view key) const { return join(where_, key); }

    bool has(const char* key) const { return object_.find(key) != object_.end(); }

    const json& at(const char* key) const {
        const auto it = object_.find(key);
        if (it == object_.end()) fail(path(key), "required field is missing");
        return *it;
    }

    std::string string(const char* key) const {
        const json& value = at(key);
        if (!value.is_string()) fail(path(key), "expected a string, got " + describe(value));
        return value.get<std::string>();
    }

    bool boolean(const char* key) const {
        const json& value = at(key);
        if (!value.is_boolean()) fail(path(key), "expected true or false, got " + describe(value));
        return value.get<bool>();
    }

    // An integer in [min, max]; `expectation` completes "expected ..." in the message.
    std::int64_t integer(const char* key, std::int64_t min, std::int64_t max,
                         const std::string& expectation) const {
        return read_integer(at(key), path(key), min, max, expectation);
    }

    std::optional<std::int64_t> nullable_integer(const char* key, std::int64_t min, std::int64_t max,
                                                 const std::string& expectation) const {
        const json& value = at(key);
        if (value.is_null()) return std::nullopt;
        return read_integer(value, path(key), min, max, expectation + " or null");
    }

    static std::int64_t read_integer(const json& value, const std::string& where, std::int64_t min,
                                     std::int64_t max, const std::string& expectation) {
        if (!value.is_number_integer()) fail(where, "expected " + expectation + ", got " + describe(value));
        if (value.is_number_unsigned()) {
            const auto u = value.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
                static_cast<std::int64_t>(u) > max)
                fail(where, "expected " + expectation + ", got " + describe(value));
            const auto v = static_cast<std::int64_t>(u);
            if (v < min) fail(where, "expected " + expectation + ", got " + describe(value));
            return v;
        }
        const auto v = value.get<std::int64_t>();
        if (v < min || v > max) fail(where, "expected " + expectation + ", got " + describe(value));
        return v;
    }

private:
    const json& object_;
    std::string where_;
};

// Rules for the kinds of strings the protocol carries.
bool has_control_characters(std::string_view text) {
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return true;
    }
    return false;
}

// "" when fine, else the problem (without the field name).
std::string identifier_problem(std::string_view text, bool allow_empty) {
    if (text.empty()) return allow_empty ? "" : "must not be empty";
    if (text.size() > kMaxIdBytes) return "longer than " + std::to_string(kMaxIdBytes) + " bytes";
    if (has_control_characters(text)) return "contains control characters";
    return "";
}

std::string text_problem(std::string_view text, std::size_t max_bytes = kMaxTextBytes) {
    if (text.size() > max_bytes)
        return "longer than " + std::to_string(max_bytes) + " bytes (" + std::to_string(text.size()) + ")";
    return "";
}

void check(const std::string& where, const std::string& problem) {
    if (!problem.empty()) fail(where, problem);
}

void check_identifier(const std::string& where, std::string_view text, bool allow_empty) {
    check(where, identifier_problem(text, allow_empty));
}

void check_uuid(const std::string& where, std::string_view text) {
    if (!is_uuid(text)) fail(where, "expected a UUID in lowercase 8-4-4-4-12 hex form");
}

void check_timestamp(const std::string& where, std::string_view text) {
    if (!is_utc_timestamp(text))
        fail(where, "expected an ISO 8601 UTC time like 2026-11-27T07:05:09.123Z");
}

const std::string kLevel = "an integer from 1 to 5";

// The version must be read and checked before anything else: a newer format may have
// changed every other field, and "unsupported version" is the useful answer then.
void check_version(const Fields& fields) {
    const json& value = fields.at("version");
    if (!value.is_number_integer())
        fail(fields.path("version"), "expected an integer, got " + describe(value));
    // nlohmann stores non-negative integers as unsigned; compare without converting first.
    const bool known = value.is_number_unsigned() ? value.get<std::uint64_t>() == static_cast<std::uint64_t>(kVersion)
                                                  : value.get<std::int64_t>() == kVersion;
    if (!known) {
        fail("", "unsupported protocol version " + value.dump() + " (this end speaks version " +
                     std::to_string(kVersion) + ")",
             DecodeProblem::UnsupportedVersion);
    }
}

// A cheap pass over the bytes: refuses nesting deeper than kMaxNestingDepth before the parser
// builds anything. Brackets inside strings do not count.
void check_depth(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxNestingDepth)
                fail("", "JSON nested deeper than " + std::to_string(kMaxNestingDepth) + " levels");
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}

// "line 3, column 17 (byte 52)" for nlohmann's 1-based byte count of where parsing stopped.
std::string position_of(std::string_view text, std::size_t byte) {
    const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
           std::to_string(end + 1) + ")";
}

json parse(std::string_view text) {
    if (text.size() > kMaxBodyBytes)
        fail("", "body is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                     std::to_string(kMaxBodyBytes),
             DecodeProblem::TooLarge);
    std::size_t first = 0;
    while (first < text.size() && (text[first] == ' ' || text[first] == '\n' || text[first] == '\r' ||
                                   text[first] == '\t'))
        ++first;
    if (first == text.size()) fail("", "not JSON: the body is empty");
    if (text[first] == '<')
        fail("", "not JSON: the body looks like HTML (a proxy, captive portal or error page answered?)");
    check_depth(text);
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        // nlohmann's message ends with "last read: '<the bytes before the error>'", which is
        // the visitor's own text when a body breaks inside a comment or a phone number (issue
        // 14). Only the position is kept; it is enough to find the fault in a captured body.
        fail("", "not valid JSON at " + position_of(text, e.byte));
    }
}

// ---- entries ---------------------------------------------------------------------------------

WireComplaint read_complaint(const json& value, const std::string& where) {
    const Fields f(value, where);
    WireComplaint c;
    c.category = f.string("category");
    c.occurred = f.string("occurred");
    c.service_point = f.string("service_point");
    c.description = f.string("description");
    c.anonymous = f.boolean("anonymous");
    c.contact_name = f.string("contact_name");
    c.contact_phone = f.string("contact_phone");
    c.reference = f.string("reference");
    c.sensitive = f.boolean("sensitive");
    // Optional (added in issue 18 without a version bump): absent from older kiosks.
    if (f.has("tracking_key")) c.tracking_key = f.string("tracking_key");
    return c;
}

// Types only; validate() applies the value rules. `where` is relative to the entry ("" for
// per-entry reasons, so that they read "rating: ...").
WireEntry read_entry(const json& value, const std::string& where) {
    const Fields f(value, where);
    WireEntry e;
    e.id = f.string("id");
    e.kind = f.string("kind");
    e.created_utc = f.string("created_utc");
    e.utc_offset_min = static_cast<int>(f.integer("utc_offset_min", INT_MIN, INT_MAX, "an integer"));
    e.device_id = f.string("device_id");
    e.service_point = f.string("service_point");
    if (const auto rating = f.nullable_integer("rating", 1, 5, kLevel)) e.rating = static_cast<int>(*rating);

    const json& dimensions = f.at("dimensions");
    if (!dimensions.is_object())
        fail(f.path("dimensions"), "expected an object of dimension id to level, got " + describe(dimensions));
    if (dimensions.size() > kMaxListItems)
        fail(f.path("dimensions"), "more than " + std::to_string(kMaxListItems) + " dimensions");
    for (const auto& [key, level] : dimensions.items()) {
        check_identifier(f.path("dimensions"), key, false);
        e.dimensions[key] =
            static_cast<int>(Fields::read_integer(level, f.path("dimensions") + "." + key, 1, 5, kLevel));
    }

    const json& reasons = f.at("reasons");
    if (!reasons.is_array())
        fail(f.path("reasons"), "expected an array of reason ids, got " + describe(reasons));
    if (reasons.size() > kMaxListItems)
        fail(f.path("reasons"), "more than " + std::to_string(kMaxListItems) + " reasons");
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        if (!reasons[i].is_string())
            fail(indexed(f.path("reasons"), i), "expected a string, got " + describe(reasons[i]));
        e.reasons.push_back(reasons[i].get<std::string>());
    }

    e.comment = f.string("comment");
    e.language = f.string("language");
    e.misuse = f.boolean("misuse");
    e.survey_version = f.string("survey_version");
    e.channel = f.string("channel");
    const json& complaint = f.at("complaint");
    if (!complaint.is_null()) e.complaint = read_complaint(complaint, f.path("complaint"));
    // Optional (issue 17): older kiosks do not send it.
    if (f.has("profile")) {
        const json& profile = f.at("profile");
        if (!profile.is_object())
            fail(f.path("profile"), "expected an object of profile question id to option id, got " + describe(profile));
        if (profile.size() > kMaxListItems)
            fail(f.path("profile"), "more than " + std::to_string(kMaxListItems) + " profile answers");
        for (const auto& [key, option] : profile.items()) {
            check_identifier(f.path("profile"), key, false);
            if (!option.is_string())
                fail(f.path("profile") + "." + key, "expected an option id (a string), got " + describe(option));
            e.profile[key] = option.get<std::string>();
        }
    }
    return e;
}

ojson complaint_json(const WireComplaint& c) {
    ojson j = ojson::object();
    j["category"] = c.category;
    j["occurred"] = c.occurred;
    j["service_point"] = c.service_point;
    j["description"] = c.description;
    j["anonymous"] = c.anonymous;
    j["contact_name"] = c.contact_name;
    j["contact_phone"] = c.contact_phone;
    j["reference"] = c.reference;
    j["sensitive"] = c.sensitive;
    if (!c.tracking_key.empty()) j["tracking_key"] = c.tracking_key;
    return j;
}

ojson entry_json(const WireEntry& e) {
    ojson j = ojson::object();
    j["id"] = e.id;
    j["kind"] = e.kind;
    j["created_utc"] = e.created_utc;
    j["utc_offset_min"] = e.utc_offset_min;
    j["device_id"] = e.device_id;
    j["service_point"] = e.service_point;
    j["rating"] = e.rating ? ojson(*e.rating) : ojson(nullptr);
    j["dimensions"] = ojson::object();
    for (const auto& [key, level] : e.dimensions) j["dimensions"][key] = level;
    j["reasons"] = e.reasons;
    j["comment"] = e.comment;
    j["language"] = e.language;
    j["misuse"] = e.misuse;
    j["survey_version"] = e.survey_version;
    j["channel"] = e.channel;
    j["complaint"] = e.complaint ? complaint_json(*e.complaint) : ojson(nullptr);
    if (!e.profile.empty()) {
        j["profile"] = ojson::object();
        for (const auto& [key, option] : e.profile) j["profile"][key] = option;
    }
    return j;
}

std::string dump(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

template <class T, class F>
Decoded<T> guarded(F&& body) {
    try {
        return body();
    } catch (const Invalid& e) {
        return DecodeError{e.reason, e.problem};
    } catch (const json::exception& e) {
        // Type and range errors name keys and types, but nlohmann's wording is not ours to
        // promise free of content: the error id is enough for a developer.
        return DecodeError{"unreadable JSON (nlohmann error " + std::to_string(e.id) + ")"};
    } catch (const std::exception& e) {
        return DecodeError{std::string("cannot decode: ") + e.what()};
    } catch (...) {
        return DecodeError{"cannot decode: unknown error"};
    }
}

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

int number(std::string_view digits) {
    int value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return value;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

}  // namespace

// ---- small public helpers --------------------------------------------------------------------

std::string_view to_string(AckStatus status) {
    switch (status) {
        case AckStatus::Accepted: return "accepted";
        case AckStatus::Duplicate: return "duplicate";
        case AckStatus::Rejected: return "rejected";
    }
    return "rejected";
}

std::optional<AckStatus> ack_status_from(std::string_view text) {
    if (text == "accepted") return AckStatus::Accepted;
    if (text == "duplicate") return AckStatus::Duplicate;
    if (text == "rejected") return AckStatus::Rejected;
    return std::nullopt;
}

bool is_utc_timestamp(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS then optional .fraction (1..9 digits) then Z.
    if (t.size() < 20 || t.back() != 'Z') return false;
    if (!all_digits(t.substr(0, 4)) || t[4] != '-' || !all_digits(t.substr(5, 2)) || t[7] != '-' ||
        !all_digits(t.substr(8, 2)) || t[10] != 'T' || !all_digits(t.substr(11, 2)) || t[13] != ':' ||
        !all_digits(t.substr(14, 2)) || t[16] != ':' || !all_digits(t.substr(17, 2)))
        return false;
    const std::string_view rest = t.substr(19, t.size() - 20);
    if (!rest.empty() && (rest[0] != '.' || rest.size() < 2 || rest.size() > 10 || !all_digits(rest.substr(1))))
        return false;
    const int year = number(t.substr(0, 4));
    const int month = number(t.substr(5, 2));
    const int day = number(t.substr(8, 2));
    return year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month) &&
           number(t.substr(11, 2)) <= 23 && number(t.substr(14, 2)) <= 59 && number(t.substr(17, 2)) <= 59;
}

bool is_tracking_key(std::string_view key) {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    if (key.size() < 16 || key.size() > 64) return false;
    for (const char c : key)
        if (kAlphabet.find(c) == std::string_view::npos) return false;
    return true;
}

std::string validate(const WireEntry& e) {
    try {
        check_uuid("id", e.id);
        if (e.kind != "rating" && e.kind != "complaint") fail("kind", "expected \"rating\" or \"complaint\"");
        check_timestamp("created_utc", e.created_utc);
        if (e.utc_offset_min < -840 || e.utc_offset_min > 840)
            fail("utc_offset_min", "expected minutes from -840 to 840, got " + std::to_string(e.utc_offset_min));
        check_identifier("device_id", e.device_id, false);
        check_identifier("service_point", e.service_point, true);
        if (e.rating && (*e.rating < 1 || *e.rating > 5))
            fail("rating", "expected " + kLevel + ", got " + std::to_string(*e.rating));
        if (e.kind == "rating" && !e.rating) fail("rating", "required for a rating entry (expected " + kLevel + ")");
        if (e.dimensions.size() > kMaxListItems)
            fail("dimensions", "more than " + std::to_string(kMaxListItems) + " dimensions");
        for (const auto& [key, level] : e.dimensions) {
            check_identifier("dimensions", key, false);
            if (level < 1 || level > 5)
                fail("dimensions." + key, "expected " + kLevel + ", got " + std::to_string(level));
        }
        if (e.reasons.size() > kMaxListItems)
            fail("reasons", "more than " + std::to_string(kMaxListItems) + " reasons");
        for (std::size_t i = 0; i < e.reasons.size(); ++i) check_identifier(indexed("reasons", i), e.reasons[i], false);
        if (e.profile.size() > kMaxListItems)
            fail("profile", "more than " + std::to_string(kMaxListItems) + " profile answers");
        for (const auto& [key, option] : e.profile) {
            check_identifier("profile", key, false);
            check_identifier("profile." + key, option, false);
        }
        check("comment", text_problem(e.comment));
        if (e.language != "th" && e.language != "en") fail("language", "expected \"th\" or \"en\"");
        check_identifier("survey_version", e.survey_version, true);
        check_identifier("channel", e.channel, false);
        if (e.kind == "complaint" && !e.complaint) fail("complaint", "required for a complaint entry");
        if (e.kind == "rating" && e.complaint) fail("complaint", "must be null for a rating entry");
        if (e.complaint) {
            const WireComplaint& c = *e.complaint;
            check_identifier("complaint.category", c.category, false);
            check("complaint.occurred", text_problem(c.occurred, kMaxIdBytes));
            check_identifier("complaint.service_point", c.service_point, true);
            check("complaint.description", text_problem(c.description));
            check("complaint.contact_name", text_problem(c.contact_name, kMaxIdBytes * 2));
            check("complaint.contact_phone", text_problem(c.contact_phone, kMaxIdBytes));
            if (c.anonymous && !c.contact_name.empty())
                fail("complaint.contact_name", "must be empty for an anonymous complaint");
            if (c.anonymous && !c.contact_phone.empty())
                fail("complaint.contact_phone", "must be empty for an anonymous complaint");
            check_identifier("complaint.reference", c.reference, false);
            if (!c.tracking_key.empty() && !is_tracking_key(c.tracking_key))
                fail("complaint.tracking_key",
                     "expected 16 to 64 characters of 0-9 and A-Z without I, L, O and U, or \"\"");
        }
    } catch (const Invalid& invalid) {
        return invalid.reason;
    }
    return "";
}

std::string heartbeat_url(std::string_view endpoint) {
    std::string_view url = endpoint.substr(0, endpoint.find_first_of("?#"));
    std::size_t path_start = 0;
    if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
        path_start = url.find('/', scheme + 3);
        if (path_start == std::string_view::npos) return std::string(url) + "/heartbeat";
    }
    const auto last = url.rfind('/');
    if (last == std::string_view::npos || last < path_start) return std::string(url) + "/heartbeat";
    return std::string(url.substr(0, last + 1)) + "heartbeat";
}

// ---- encode ----------------------------------------------------------------------------------

std::string encode(const Batch& batch) {
    ojson j = ojson::object();
    j["version"] = batch.version;
    j["batch_id"] = batch.batch_id;
    j["device_id"] = batch.device_id;
    j["app_version"] = batch.app_version;
    j["sent_utc"] = batch.sent_utc;
    j["entries"] = ojson::array();
    for (const auto& entry : batch.entries) j["entries"].push_back(entry_json(entry));
    return dump(j);
}

std::string encode(const BatchResponse& response) {
    ojson j = ojson::object();
    j["version"] = response.version;
    j["batch_id"] = response.batch_id;
    j["results"] = ojson::array();
    for (const auto& ack : response.results) {
        ojson a = ojson::object();
        a["id"] = ack.id;
        a["status"] = std::string(to_string(ack.status));
        if (ack.status == AckStatus::Rejected) a["reason"] = ack.reason;
        j["results"].push_back(std::move(a));
    }
    return dump(j);
}

std::string encode(const Heartbeat& heartbeat) {
    ojson j = ojson::object();
    j["version"] = heartbeat.version;
    j["device_id"] = heartbeat.device_id;
    j["app_version"] = heartbeat.app_version;
    j["pending"] = heartbeat.pending;
    j["oldest_pending_age_s"] =
        heartbeat.oldest_pending_age_s ? ojson(*heartbeat.oldest_pending_age_s) : ojson(nullptr);
    j["last_error"] = heartbeat.last_error;
    j["kiosk_clock_utc"] = heartbeat.kiosk_clock_utc;
    if (!heartbeat.device_name.empty()) j["device_name"] = heartbeat.device_name;
    return dump(j);
}

std::string encode(const ErrorBody& error) {
    ojson j = ojson::object();
    j["version"] = kVersion;
    j["error"] = error.error;
    j["reason"] = error.reason;
    return dump(j);
}

// ---- decode ----------------------------------------------------------------------------------

namespace {

// Shared by both batch decoders. In strict mode the first invalid entry fails the whole batch
// ("entries[3].rating: ..."); otherwise it is listed as rejected and decoding goes on.
ScreenedBatch screen_batch(std::string_view text, bool strict) {
    const json root = parse(text);
    const Fields f(root, "");
    check_version(f);
    ScreenedBatch out;
    Batch& batch = out.batch;
    batch.batch_id = f.string("batch_id");
    check_uuid("batch_id", batch.batch_id);
    batch.device_id = f.string("device_id");
    check_identifier("device_id", batch.device_id, false);
    batch.app_version = f.string("app_version");
    check_identifier("app_version", batch.app_version, false);
    batch.sent_utc = f.string("sent_utc");
    check_timestamp("sent_utc", batch.sent_utc);
    const json& entries = f.at("entries");
    if (!entries.is_array()) fail("entries", "expected an array, got " + describe(entries));
    if (entries.size() > kMaxEntriesPerBatch)
        fail("entries",
             std::to_string(entries.size()) + " entries, more than the limit of " + std::to_string(kMaxEntriesPerBatch),
             DecodeProblem::TooLarge);
    batch.entries.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string where = indexed("entries", i);
        // Without a readable id the entry cannot be acknowledged either way, so it fails the
        // batch (the client would otherwise re-send it forever without a word).
        const Fields entry_fields(entries[i], where);
        const std::string id = entry_fields.string("id");
        check_uuid(entry_fields.path("id"), id);
        std::string reason;
        try {
            WireEntry entry = read_entry(entries[i], "");
            reason = validate(entry);
            if (reason.empty()) batch.entries.push_back(std::move(entry));
        } catch (const Invalid& invalid) {
            reason = invalid.reason;
        }
        if (reason.empty()) continue;
        if (strict) fail("", where + "." + reason);
        out.rejected.push_back(Ack{id, AckStatus::Rejected, reason});
    }
    return out;
}

}  // namespace

Decoded<ScreenedBatch> decode_batch_screened(std::string_view text) {
    return guarded<ScreenedBatch>([&] { return screen_batch(text, false); });
}

Decoded<Batch> decode_batch(std::string_view text) {
    return guarded<Batch>([&] { return screen_batch(text, true).batch; });
}

Decoded<BatchResponse> decode_response(std::string_view text) {
    return guarded<BatchResponse>([&] {
        const json root = parse(text);
        const Fields f(root, "");
        check_version(f);
        BatchResponse response;
        response.batch_id = f.string("batch_id");
        check_uuid("batch_id", response.batch_id);
        const json& results = f.at("results");
        if (!results.is_array()) fail("results", "expected an array, got " + describe(results));
        if (results.size() > kMaxEntriesPerBatch)
            fail("results", std::to_string(results.size()) + " results, more than the limit of " +
                                std::to_string(kMaxEntriesPerBatch),
                 DecodeProblem::TooLarge);
        response.results.reserve(results.size());
        for (std::size_t i = 0; i < results.size(); ++i) {
            const Fields r(results[i], indexed("results", i));
            Ack ack;
            ack.id = r.string("id");
            check_uuid(r.path("id"), ack.id);
            const std::string status = r.string("status");
            const auto parsed = ack_status_from(status);
            if (!parsed) fail(r.path("status"), "expected \"accepted\", \"duplicate\" or \"rejected\"");
            ack.status = *parsed;
            if (ack.status == AckStatus::Rejected) {
                ack.reason = r.string("reason");
                if (ack.reason.empty()) fail(r.path("reason"), "required for a rejected entry");
                check(r.path("reason"), text_problem(ack.reason));
            }
            response.results.push_back(std::move(ack));
        }
        return response;
    });
}

Decoded<Heartbeat> decode_heartbeat(std::string_view text) {
    return guarded<Heartbeat>([&] {
        const json root = parse(text);
        const Fields f(root, "");
        check_version(f);
        Heartbeat hb;
        hb.device_id = f.string("device_id");
        check_identifier("device_id", hb.device_id, false);
        hb.app_version = f.string("app_version");
        check_identifier("app_version", hb.app_version, false);
        constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
        hb.pending = f.integer("pending", 0, kMax, "a non-negative integer");
        hb.oldest_pending_age_s = f.nullable_integer("oldest_pending_age_s", 0, kMax, "a non-negative integer");
        hb.last_error = f.string("last_error");
        check("last_error", text_problem(hb.last_error));
        hb.kiosk_clock_utc = f.string("kiosk_clock_utc");
        check_timestamp("kiosk_clock_utc", hb.kiosk_clock_utc);
        if (f.has("device_name")) {  // optional (issue 19): what staff call the kiosk
            hb.device_name = f.string("device_name");
            check("device_name", text_problem(hb.device_name, kMaxIdBytes * 2));
        }
        return hb;
    });
}

Decoded<ErrorBody> decode_error(std::string_view text) {
    // The version is not checked: an error body is informational, and a collector of another
    // version must still be able to say why it refused us.
    return guarded<ErrorBody>([&] {
        const json root = parse(text);
        const Fields f(root, "");
        ErrorBody body;
        body.error = f.string("error");
        check_identifier("error", body.error, false);
        if (f.has("reason")) {
            body.reason = f.string("reason");
            check("reason", text_problem(body.reason));
        }
        return body;
    });
}

}  // namespace feedback::protocol
