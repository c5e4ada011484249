// The public tracking page; see track_page.h for what it shows, what it never shows, and why.
#include "track_page.h"

#include <sodium.h>

#include <array>
#include <cstdio>
#include <stdexcept>

#include "dates.h"
#include "labels.h"

namespace feedback::console {
namespace {

// The public words for a case's status: a complaint no officer has accepted yet is "received"
// for the visitor (the console's "not yet accepted" would read as a refusal); the others are
// the console's own words (labels.h).
std::string status_label_public(std::string_view status, bool thai) {
    if (status == "new") return thai ? "ได้รับเรื่องแล้ว รอเจ้าหน้าที่รับเรื่อง" : "Received, waiting for an officer";
    return status_label(status, !thai);
}

// The key goes back into the language link: only the characters a key may have survive, so
// nothing from the request is reflected into the page unescaped or unchecked.
std::string url_safe(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 64))
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-') out += c;
    return out;
}

std::array<unsigned char, crypto_hash_sha256_BYTES> digest(std::string_view text) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
    crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return out;
}

// Constant time in the keys' contents and lengths: both are hashed to 32 bytes first.
bool same_key(std::string_view given, std::string_view stored) {
    const auto a = digest(given);
    const auto b = digest(stored);
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0 && !stored.empty();
}

constexpr std::array<const char*, 12> kThaiMonths = {"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                                                    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
constexpr std::array<const char*, 12> kEnglishMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                       "July",    "August",   "September", "October", "November", "December"};

constexpr const char* kStyle =
    "body{font-family:Laksaman,'TH Sarabun New',Sarabun,Garuda,Loma,sans-serif;font-size:18px;line-height:1.5;"
    "color:#1a1a1a;background:#fff;margin:0}"
    "main{max-width:40em;margin:0 auto;padding:1em}"
    "h1{font-size:1.6em;margin:.2em 0 .6em}h2{font-size:1.2em;margin:1.2em 0 .4em}"
    "nav{text-align:right}nav a{color:#0b4f8a}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em;margin:0}dt{color:#555}dd{margin:0}"
    "#status{font-weight:bold}"
    "ol{list-style:none;padding:0}li{border-left:4px solid #0b4f8a;padding:.2em .8em;margin:.6em 0}"
    "li time{color:#555;display:block}p{margin:.2em 0}"
    "@media print{nav{display:none}body{font-size:14pt}}";

ConsoleResponse html(int status, std::string body) {
    ConsoleResponse r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    // No script, no external resource, no framing; the key must not leak in a Referer.
    r.headers = {{"Content-Security-Policy",
                  "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'; "
                  "base-uri 'none'"},
                 {"Referrer-Policy", "no-referrer"},
                 {"Cache-Control", "no-store"},
                 {"X-Content-Type-Options", "nosniff"},
                 {"X-Robots-Tag", "noindex"}};
    r.body = std::move(body);
    return r;
}

std::string document(const char* lang, const std::string& title, const std::string& main) {
    return std::string("<!DOCTYPE html>\n<html lang=\"") + lang +
           "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"robots\" content=\"noindex\">\n<title>" +
           title + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n" + main + "</main>\n</body>\n</html>\n";
}

// One constant body for an unknown reference and a wrong key alike (both languages: the
// request's language choice must not make the two answers differ either).
const std::string& not_found_body() {
    static const std::string body = document(
        "th", "ไม่พบเรื่องร้องเรียน / Complaint not found",
        "<h1 id=\"not-found\">ไม่พบเรื่องร้องเรียน</h1>\n"
        "<p>ตรวจสอบว่าเปิดลิงก์จากคิวอาร์โค้ดบนหน้าจอเลขที่อ้างอิงครบถ้วน "
        "หรือติดต่อหน่วยงานพร้อมเลขที่อ้างอิงของท่าน</p>\n"
        "<h1 lang=\"en\">Complaint not found</h1>\n"
        "<p lang=\"en\">Check that the link from the QR code on the reference screen was opened in full, "
        "or contact the office with your reference number.</p>\n");
    return body;
}

const std::string& too_many_body() {
    static const std::string body = document(
        "th", "ขอใหม่อีกครั้งภายหลัง / Too many requests",
        "<h1 id=\"too-many\">มีการเรียกดูมากเกินไป</h1>\n<p>โปรดลองใหม่อีกครั้งในอีกหนึ่งนาที</p>\n"
        "<h1 lang=\"en\">Too many lookups</h1>\n<p lang=\"en\">Please try again in a minute.</p>\n");
    return body;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The decoded value of `name` in an undecoded query ("k=ABC&lang=en"); "" when absent.
std::string query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) != name) continue;
        const std::string_view raw = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        std::string out;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '+') {
                out += ' ';
            } else if (raw[i] == '%' && i + 2 < raw.size() && hex_value(raw[i + 1]) >= 0 &&
                       hex_value(raw[i + 2]) >= 0) {
                out += static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
                i += 2;
            } else {
                out += raw[i];
            }
        }
        return out;
    }
    return "";
}

std::string render(const TrackedComplaint& c, const std::vector<HistoryItem>& history, const std::string& reference,
                   const std::string& key, bool thai) {
    const auto T = [thai](const char* th, const char* en) { return std::string(thai ? th : en); };
    // Only these fields of a history item are ever read here: never internal_note or user.
    const HistoryItem current = history.empty() ? HistoryItem{"new", c.received_utc, "", "", "", ""} : history.back();
    std::string m;
    const std::string other = thai ? "en" : "th";
    m += "<nav><a id=\"lang-toggle\" hreflang=\"" + other + "\" lang=\"" + other + "\" href=\"?k=" + url_safe(key) +
         "&amp;lang=" + other + "\">" + (thai ? "English" : "ภาษาไทย") + "</a></nav>\n";
    m += "<h1 id=\"track-title\">" + T("ติดตามเรื่องร้องเรียน", "Complaint tracking") + "</h1>\n<dl>\n";
    m += "<dt>" + T("เลขที่อ้างอิง", "Reference") + "</dt><dd id=\"reference\">" + escape(reference) + "</dd>\n";
    m += "<dt>" + T("ประเภท", "Category") + "</dt><dd id=\"category\">" + escape(category_label(c.category, !thai)) +
         "</dd>\n";
    m += "<dt>" + T("วันที่แจ้ง", "Filed") + "</dt><dd id=\"filed\">" +
         escape(format_local_time(c.created_utc, c.utc_offset_min, thai)) + "</dd>\n";
    std::string status = status_label_public(current.status, thai);
    if (current.status == "referred" && !current.referred_to.empty())
        status += T(" ถึง ", " to ") + current.referred_to;
    m += "<dt>" + T("สถานะ", "Status") + "</dt><dd id=\"status\">" + escape(status) + "</dd>\n";
    m += "<dt>" + T("เมื่อ", "Since") + "</dt><dd id=\"status-date\">" +
         escape(format_local_time(current.at_utc, c.utc_offset_min, thai)) + "</dd>\n</dl>\n";
    m += "<h2>" + T("คำตอบจากหน่วยงาน", "Responses from the office") + "</h2>\n";
    std::string items;
    for (const auto& step : history) {
        if (step.public_response.empty()) continue;
        items += "<li><time>" + escape(format_local_time(step.at_utc, c.utc_offset_min, thai)) + " · " +
                 escape(status_label_public(step.status, thai)) + "</time><p class=\"response\">" +
                 escape(step.public_response) +
                 "</p></li>\n";
    }
    if (items.empty())
        m += "<p id=\"no-responses\">" + T("ยังไม่มีคำตอบ", "No response yet") + "</p>\n";
    else
        m += "<ol id=\"responses\">\n" + items + "</ol>\n";
    return document(thai ? "th" : "en", T("ติดตามเรื่องร้องเรียน ", "Complaint tracking ") + escape(reference), m);
}

}  // namespace

std::string format_local_time(std::string_view utc, int utc_offset_min, bool thai) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    if (utc.size() < 16 || std::sscanf(std::string(utc.substr(0, 16)).c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 ||
        mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59)
        return "";
    const std::int64_t minutes = (days_from_civil(y, mo, d) * 24 + h) * 60 + mi + utc_offset_min;
    const std::int64_t days = floor_div(minutes, 1440);
    const auto in_day = static_cast<int>(minutes - days * 1440);
    const CivilDate local = civil_from_days(days);
    y = local.year;
    mo = local.month;
    d = local.day;
    char text[128];
    if (thai)
        std::snprintf(text, sizeof text, "%d %s %d เวลา %02d:%02d น.", d, kThaiMonths[static_cast<std::size_t>(mo - 1)],
                      y + 543, in_day / 60, in_day % 60);
    else
        std::snprintf(text, sizeof text, "%d %s %d, %02d:%02d", d, kEnglishMonths[static_cast<std::size_t>(mo - 1)], y,
                      in_day / 60, in_day % 60);
    return text;
}

TrackPage::TrackPage(TrackLookup lookup, ConsoleStore& store, TrackPolicy policy, Clock now)
    : lookup_(std::move(lookup)), store_(store), policy_(policy), now_(std::move(now)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

bool TrackPage::handles(std::string_view path) { return path.starts_with("/track/"); }

bool TrackPage::admit(const std::string& address) {
    if (policy_.lookups_per_minute == 0) return true;
    const auto now = now_();
    const auto minute_ago = now - std::chrono::minutes(1);
    const std::lock_guard lock(mutex_);
    // Forget addresses that have been quiet for a minute, so the map stays small.
    if (lookups_.size() > 4096)
        std::erase_if(lookups_, [&](const auto& item) { return item.second.empty() || item.second.back() <= minute_ago; });
    auto& times = lookups_[address];
    while (!times.empty() && times.front() <= minute_ago) times.pop_front();
    if (times.size() >= policy_.lookups_per_minute) return false;
    times.push_back(now);
    return true;
}

ConsoleResponse TrackPage::handle(const ConsoleRequest& request) {
    if (!admit(request.address)) {
        ConsoleResponse r = html(429, too_many_body());
        r.headers.emplace_back("Retry-After", "60");
        return r;
    }
    const std::string reference = request.path.substr(std::string_view("/track/").size());
    const std::string key = query_value(request.query, "k");
    const bool thai = query_value(request.query, "lang") != "en";
    std::vector<TrackedComplaint> found;
    // A reference has no '/' and no more than 128 bytes (an id, PROTOCOL.md §2): anything else
    // is not looked up, but still costs one key comparison like every other miss.
    if (!reference.empty() && reference.size() <= 128 && reference.find('/') == std::string::npos)
        found = lookup_(reference);
    const TrackedComplaint* match = nullptr;
    // The same work as a real comparison, so a miss takes as long as a wrong key.
    if (found.empty()) (void)same_key(key, "0000000000000000");
    for (const auto& c : found)
        if (same_key(key, c.tracking_key) && !match) match = &c;
    if (!match) return html(404, not_found_body());
    return html(200, render(*match, store_.history(match->seq), reference, key, thai));
}

}  // namespace feedback::console
