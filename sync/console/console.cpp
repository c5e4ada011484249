// The console's request handling (see console.h for the roles and why a pure function).
//
// Order of checks for every request: language (?lang= sets the cookie) -> the public routes
// (/console/login, which checks its own pre-session CSRF cookie) -> the session (none: to the
// sign-in page) -> for POST the session's CSRF token (403 without it, before anything else is
// read) -> the role's right to the page -> the office and sensitivity scope, applied by the
// store's WHERE clauses, so a complaint outside it is "not found" exactly like one that does
// not exist.
#include "console.h"

#include <cstdio>
#include <map>

#include "case_status.h"
#include "complaint_report.h"
#include "dates.h"
#include "labels.h"
#include "pages.h"

namespace feedback::console {
namespace {

constexpr const char* kSessionCookie = "console_session";
constexpr const char* kLoginCsrfCookie = "console_csrf";
constexpr const char* kLangCookie = "console_lang";
constexpr std::size_t kMaxFormBytes = 64 * 1024;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string url_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

using Params = std::map<std::string, std::string>;

// "a=1&b=two+words": the first value of each name wins.
Params parse_form(std::string_view text) {
    Params out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto amp = text.find('&', start);
        const std::string_view pair = text.substr(start, amp == std::string_view::npos ? amp : amp - start);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            out.emplace(url_decode(pair.substr(0, eq)),
                        eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        start = amp + 1;
    }
    return out;
}

Params parse_cookies(std::string_view header) {
    Params out;
    std::size_t start = 0;
    while (start < header.size()) {
        auto semi = header.find(';', start);
        if (semi == std::string_view::npos) semi = header.size();
        std::string_view pair = header.substr(start, semi - start);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos) out.emplace(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
        start = semi + 1;
    }
    return out;
}

std::string get(const Params& params, const std::string& name) {
    const auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

// Text from the network made safe for a one-line log.
std::string printable(std::string_view text, std::size_t max = 80) {
    std::string out;
    for (const char c : text.substr(0, max)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? '?' : c;
    }
    return out;
}

std::string this_month() {
    const std::string now = format_utc(now_seconds() + 7 * 3600);  // Thailand's calendar month
    return now.substr(0, 7);
}

}  // namespace

bool is_console_path(std::string_view path) { return path == "/console" || path.starts_with("/console/"); }

struct Console::Call {
    const ConsoleRequest& request;
    Params query, form, cookies;
    bool en = false;
    std::optional<Session> session;
    std::vector<std::pair<std::string, std::string>> set_cookies;

    explicit Call(const ConsoleRequest& r) : request(r) {}

    std::string cookie_attributes() const {
        return std::string("; Path=/console; HttpOnly; SameSite=Strict") + (request.tls ? "; Secure" : "");
    }
    void set_cookie(const std::string& name, const std::string& value, bool remove = false) {
        set_cookies.emplace_back("Set-Cookie",
                                 name + "=" + value + cookie_attributes() + (remove ? "; Max-Age=0" : ""));
    }
    Scope scope() const { return Scope{session->office, session->role == Role::Executive}; }
    PageContext context() const {
        PageContext ctx;
        ctx.en = en;
        ctx.session = session;
        // This page in the other language, keeping its query (GET pages).
        std::string keep;
        if (request.method != "POST")
            for (const auto& [name, value] : query)
                if (name != "lang") keep += name + "=" + value + "&";
        // Values are re-encoded only for the characters a query cannot carry raw.
        std::string encoded;
        for (const char c : keep) {
            const auto u = static_cast<unsigned char>(c);
            if (u > 0x7E || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>') {
                char hex[4];
                std::snprintf(hex, sizeof hex, "%%%02X", u);
                encoded += hex;
            } else {
                encoded += c;
            }
        }
        // A POST's page (contact shown, a refused change) switches to its GET page: the
        // action paths answer POST only.
        std::string path = request.path;
        for (const std::string action : {"/contact", "/status"})
            if (request.method == "POST" && path.ends_with(action)) path.resize(path.size() - action.size());
        ctx.toggle_href = path + "?" + encoded + "lang=" + (en ? "th" : "en");
        return ctx;
    }
};

Console::Console(ConsoleStore& store, ConsoleOptions options)
    : store_(store),
      options_(std::move(options)),
      throttle_(store_, options_.now, options_.lockout),
      sessions_(store_, options_.now, options_.idle) {}

ConsoleResponse Console::handle(const ConsoleRequest& request) {
    Call call(request);
    call.query = parse_form(request.query);
    call.cookies = parse_cookies(request.cookies);
    const std::string lang = get(call.query, "lang");
    if (lang == "en" || lang == "th") {
        call.en = lang == "en";
        call.set_cookie(kLangCookie, lang);
    } else {
        call.en = get(call.cookies, kLangCookie) == "en";
    }
    ConsoleResponse response;
    try {
        if (request.method == "POST") {
            if (request.body_too_large || request.body.size() > kMaxFormBytes)
                return message(call, 413, "too-large", "ข้อมูลที่ส่งมามีขนาดใหญ่เกินไป", "The form is too large");
            call.form = parse_form(request.body);
        }
        response = route(call);
    } catch (const std::exception& e) {
        options_.log("console: " + printable(request.method, 10) + " " + printable(request.path) + ": " + e.what());
        call.set_cookies.clear();
        response = ConsoleResponse{};
        response.status = 500;
        response.body = layout(PageContext{call.en, std::nullopt, request.path},
                               call.en ? "Error" : "เกิดข้อผิดพลาด",
                               message_body("server-error", call.en ? "The console failed; try again later"
                                                                   : "ระบบขัดข้อง กรุณาลองใหม่ภายหลัง"));
    }
    response.headers.insert(response.headers.begin(), call.set_cookies.begin(), call.set_cookies.end());
    // Pages hold complaints: never cached, never framed, no referrer to other sites.
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                  "frame-ancestors 'none'; base-uri 'none'");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    return response;
}

ConsoleResponse Console::page(Call& call, int status, const std::string& title, const std::string& body) {
    ConsoleResponse r;
    r.status = status;
    r.body = layout(call.context(), title, body);
    return r;
}

ConsoleResponse Console::message(Call& call, int status, const std::string& id, const char* th, const char* en) {
    return page(call, status, call.en ? en : th, message_body(id, call.en ? en : th));
}

namespace {
ConsoleResponse redirect(const std::string& to) {
    ConsoleResponse r;
    r.status = 303;
    r.headers.emplace_back("Location", to);
    return r;
}

std::string home(Role role) { return role == Role::It ? "/console/devices" : "/console/complaints"; }
}  // namespace

void Console::audit(Call& call, const std::string& action, const std::string& target) {
    AuditItem item;
    item.user = call.session ? call.session->user : get(call.form, "user");
    item.office = call.session ? call.session->office : "";
    item.address = call.request.address;
    item.action = action;
    item.target = target;
    store_.add_audit(item);
}

ConsoleResponse Console::route(Call& call) {
    const auto& request = call.request;
    const std::string& path = request.path;
    const bool post = request.method == "POST";
    if (path == "/console/login") {
        if (post) return login(call);
        if (auto s = sessions_.find(get(call.cookies, kSessionCookie))) return redirect(home(s->role));
        int state = 0;
        if (get(call.query, "out") == "1") state = static_cast<int>(LoginState::SignedOut);
        if (get(call.query, "expired") == "1") state = static_cast<int>(LoginState::Expired);
        return login_page(call, state, 0, "");
    }

    call.session = sessions_.find(get(call.cookies, kSessionCookie));
    if (!call.session) {
        if (post && path == "/console/logout") return redirect("/console/login?out=1");
        const bool had_cookie = !get(call.cookies, kSessionCookie).empty();
        if (had_cookie) call.set_cookie(kSessionCookie, "", true);
        return redirect(had_cookie ? "/console/login?expired=1" : "/console/login");
    }
    // Every form carries the session's CSRF token; a POST without it changes nothing.
    if (post && !same_secret(get(call.form, "csrf"), call.session->csrf)) {
        options_.log("console: POST " + printable(path) + " by " + printable(call.session->user) +
                     " without a valid CSRF token: refused (403)");
        return message(call, 403, "csrf-refused", "คำขอไม่ถูกต้อง (ไม่มีรหัสป้องกันการปลอมแปลง) กรุณาลองใหม่จากหน้าเว็บ",
                       "Refused: the form's security token is missing or wrong; try again from the page");
    }
    if (path == "/console" || path == "/console/") return redirect(home(call.session->role));
    if (path == "/console/logout" && post) return logout(call);

    const Role role = call.session->role;
    const auto forbidden = [&] {
        return message(call, 403, "forbidden", "บัญชีนี้ไม่มีสิทธิ์ดูหน้านี้", "This account may not see this page");
    };
    if (path == "/console/devices" && !post) return role == Role::Officer ? forbidden() : devices_page(call);
    if (path == "/console/fleet" && !post) return role == Role::Officer ? forbidden() : fleet_page(call);
    if (path == "/console/audit" && !post) return role == Role::Executive ? audit_page(call) : forbidden();
    const std::string prefix = "/console/complaints";
    if (path == "/console/report" && !post) return role == Role::It ? forbidden() : report(call);
    if (path == "/console/combined" && !post) return role == Role::It ? forbidden() : combined(call);
    if (path == prefix && !post) return role == Role::It ? forbidden() : complaints(call);
    if (path.starts_with(prefix + "/")) {
        if (role == Role::It) return forbidden();
        std::string rest = path.substr(prefix.size() + 1);
        std::string action;
        if (const auto slash = rest.find('/'); slash != std::string::npos) {
            action = rest.substr(slash + 1);
            rest = rest.substr(0, slash);
        }
        const std::string reference = url_decode(rest);
        if (action.empty() && !post) return case_page(call, reference, false);
        if (action == "contact" && post) return case_page(call, reference, true);
        if (action == "status" && post) return change_status(call, reference);
    }
    return message(call, 404, "not-found", "ไม่พบหน้านี้", "Not found");
}

ConsoleResponse Console::login_page(Call& call, int state, std::int64_t lockout_seconds, const std::string& user) {
    // The sign-in form's CSRF token: a random value in a cookie that the form repeats (no
    // session exists yet to hold it); SameSite=Strict keeps other sites from sending it.
    std::string csrf = get(call.cookies, kLoginCsrfCookie);
    if (csrf.size() != 64) {
        csrf = random_token();
        call.set_cookie(kLoginCsrfCookie, csrf);
    }
    const int status = state == static_cast<int>(LoginState::WrongPassword) ? 401
                       : state == static_cast<int>(LoginState::LockedOut)   ? 429
                                                                            : 200;
    ConsoleResponse r = page(call, status, call.en ? "Staff sign-in" : "เข้าสู่ระบบเจ้าหน้าที่",
                             login_body(call.context(), csrf, static_cast<LoginState>(state), lockout_seconds, user));
    if (state == static_cast<int>(LoginState::LockedOut))
        r.headers.emplace_back("Retry-After", std::to_string(std::max<std::int64_t>(lockout_seconds, 1)));
    return r;
}

ConsoleResponse Console::login(Call& call) {
    const std::string cookie_csrf = get(call.cookies, kLoginCsrfCookie);
    if (!same_secret(get(call.form, "csrf"), cookie_csrf))
        return message(call, 403, "csrf-refused", "คำขอไม่ถูกต้อง (ไม่มีรหัสป้องกันการปลอมแปลง) กรุณาลองใหม่จากหน้าเว็บ",
                       "Refused: the form's security token is missing or wrong; try again from the page");
    const std::string user = get(call.form, "user").substr(0, 128);
    const std::string password = get(call.form, "password");
    const std::string& address = call.request.address;
    if (const auto wait = throttle_.locked(user, address); wait.count() > 0) {
        audit(call, "sign-in-locked", user);
        options_.log("console: sign-in as " + printable(user) + " from " + printable(address) +
                     " refused: locked out for " + std::to_string((wait.count() + 999) / 1000) + " s");
        return login_page(call, static_cast<int>(LoginState::LockedOut), (wait.count() + 999) / 1000, user);
    }
    const auto found = store_.find_user(user);
    bool correct = false;
    {
        password_checks_.acquire();
        struct Release {
            std::counting_semaphore<2>& s;
            ~Release() { s.release(); }
        } release{password_checks_};
        correct = verify_password(found ? std::optional<std::string>(found->password_hash) : std::nullopt, password);
    }
    if (!correct) {
        throttle_.failed(user, address);
        audit(call, "sign-in-failed", user);
        options_.log("console: wrong password for " + printable(user) + " from " + printable(address));
        return login_page(call, static_cast<int>(LoginState::WrongPassword), 0, user);
    }
    throttle_.succeeded(user, address);
    const std::string token = sessions_.open(*found);
    call.session = sessions_.find(token);
    audit(call, "sign-in", user);
    options_.log("console: " + printable(user) + " signed in from " + printable(address));
    call.set_cookie(kSessionCookie, token);
    call.set_cookie(kLoginCsrfCookie, "", true);
    return redirect(home(found->role));
}

ConsoleResponse Console::logout(Call& call) {
    sessions_.close(get(call.cookies, kSessionCookie));
    audit(call, "sign-out", call.session->user);
    call.set_cookie(kSessionCookie, "", true);
    return redirect("/console/login?out=1");
}

ConsoleResponse Console::complaints(Call& call) {
    QueueFilter f;
    f.status = get(call.query, "status");
    if (f.status != "open" && !is_status(f.status)) f.status.clear();
    f.category = get(call.query, "category").substr(0, 64);
    f.kiosk = get(call.query, "kiosk").substr(0, 128);
    f.from_date = get(call.query, "from");
    if (!is_iso_date(f.from_date)) f.from_date.clear();
    f.to_date = get(call.query, "to");
    if (!is_iso_date(f.to_date)) f.to_date.clear();
    const std::string page_text = get(call.query, "page");
    f.page = 1;
    if (!page_text.empty() && page_text.size() <= 6 && page_text.find_first_not_of("0123456789") == std::string::npos)
        f.page = std::max(1, std::stoi(page_text));
    const QueuePage q = store_.queue(call.scope(), f);
    return page(call, 200, call.en ? "Complaints" : "เรื่องร้องเรียน",
                queue_body(call.context(), f, q, options_.target_days, now_seconds()));
}

ConsoleResponse Console::case_page(Call& call, const std::string& reference, bool show_contact) {
    const auto detail = store_.find_case(call.scope(), reference);
    if (!detail) return message(call, 404, "not-found", "ไม่พบเรื่องร้องเรียนนี้", "No such complaint");
    std::optional<Contact> contact;
    if (show_contact) {
        // Written before the details are shown: no viewing without its record.
        audit(call, "view-contact", detail->row.reference);
        contact = store_.contact(detail->row.seq);
    }
    return page(call, 200, detail->row.reference,
                case_body(call.context(), *detail, store_.history(detail->row.seq), contact, CaseForm{},
                          options_.target_days, now_seconds()));
}

ConsoleResponse Console::change_status(Call& call, const std::string& reference) {
    const auto detail = store_.find_case(call.scope(), reference);
    if (!detail) return message(call, 404, "not-found", "ไม่พบเรื่องร้องเรียนนี้", "No such complaint");
    CaseForm form;
    const std::string action = get(call.form, "action");
    form.public_response = get(call.form, "public_response").substr(0, 8192);
    form.internal_note = get(call.form, "internal_note").substr(0, 8192);
    form.referred_to = get(call.form, "referred_to").substr(0, 512);
    form.error = change_problem(detail->row.status, action, form.public_response, form.referred_to);
    if (form.error.empty()) {
        const auto transition = transition_for(detail->row.status, action);
        HistoryItem change;
        change.status = std::string(transition->to);
        change.at_utc = format_utc(now_seconds());
        change.public_response = form.public_response;
        change.internal_note = form.internal_note;
        change.referred_to = action == "refer" ? form.referred_to : "";
        change.user = call.session->user;
        if (store_.change_status(detail->row.seq, detail->row.status, change)) {
            audit(call, "status-change", detail->row.reference + " " + detail->row.status + "->" + change.status);
            options_.log("console: " + printable(call.session->user) + " moved " + printable(detail->row.reference) +
                         " to " + change.status);
            return redirect("/console/complaints/" + url_encode(detail->row.reference));
        }
        form.error = "conflict";
    }
    // Refused: the case page again with what was typed and why (422), nothing changed.
    const auto now = store_.find_case(call.scope(), reference);
    ConsoleResponse r = page(call, form.error == "conflict" ? 409 : 422, detail->row.reference,
                             case_body(call.context(), now ? *now : *detail, store_.history(detail->row.seq),
                                       std::nullopt, form, options_.target_days, now_seconds()));
    return r;
}

ConsoleResponse Console::report(Call& call) {
    const Session& s = *call.session;
    const std::string month_text = get(call.query, "month").empty() ? this_month() : get(call.query, "month");
    const auto month = parse_month(month_text);
    if (!month) return message(call, 400, "bad-month", "เดือนไม่ถูกต้อง (ใช้ YYYY-MM)", "Bad month (use YYYY-MM)");
    std::string office = get(call.query, "office");
    if (office.empty() || s.office != "*") office = s.office;
    const auto offices = store_.offices();
    Scope scope{office, s.role == Role::Executive};
    auto report = compute_report(store_.cases_filed_before(scope, report_fetch_bound(month->first, month->second)),
                                 month->first, month->second, options_.target_days);
    report.office = office;
    report.sensitive_included = scope.include_sensitive;
    for (const auto& o : offices)
        if (o.code == office) {
            report.office_name = o.name_th;
            report.office_name_en = o.name_en;
        }
    const std::string format = get(call.query, "format");
    if (format.empty())
        return page(call, 200, call.en ? "Monthly complaint report" : "รายงานเรื่องร้องเรียนประจำเดือน",
                    report_body(call.context(), report, offices, s.office == "*"));
    audit(call, "export", "report " + month_text + " " + office + " " + format.substr(0, 8));
    ConsoleResponse r;
    if (format == "json") {
        r.content_type = "application/json";
        r.body = report_json(report);
    } else if (format == "csv") {
        r.content_type = "text/csv; charset=utf-8";
        r.body = report_csv(report);
        r.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"complaints-" + month_text + ".csv\"");
    } else {
        r.body = report_html(report, call.en);
    }
    return r;
}

// The office's combined report (issue 19; combined_page.h). Officers see their own office;
// executives — and any user of every office ("*") — choose an office or all of them. Downloads
// are audited like the monthly report's.
ConsoleResponse Console::combined(Call& call) {
    const Session& s = *call.session;
    CombinedQuery query;
    query.en = call.en;
    query.period = get(call.query, "period").empty() ? current_half(now_seconds()) : get(call.query, "period");
    query.device = get(call.query, "device");
    query.format = get(call.query, "format");
    const bool any_office = s.role == Role::Executive || s.office == "*";
    query.office = get(call.query, "office");
    if (query.office.empty() || !any_office) query.office = s.office;
    if (!query.format.empty() && query.format != "json" && query.format != "html" && query.format != "xlsx" &&
        query.format != "csv")
        return message(call, 400, "bad-format", "รูปแบบไฟล์ไม่ถูกต้อง (json, html, xlsx หรือ csv)",
                       "Bad format (json, html, xlsx or csv)");
    const std::string title = call.en ? "Combined report" : "รายงานผลรวมของสำนักงาน";
    if (!options_.combined_report)
        return message(call, 404, "combined-unavailable", "รายงานรวมไม่มีให้บริการบนเครื่องนี้",
                       "The combined report is not available here");
    const auto offices = store_.offices();
    const CombinedOutput out = options_.combined_report(query);
    if (out.status != 200) {
        const std::string error = "<p class=\"error\" id=\"combined-error\" role=\"alert\">" +
                                  escape(call.en ? out.error_en : out.error_th) + "</p>\n";
        return page(call, out.status, title, combined_form(call.context(), query, offices, any_office) + error);
    }
    if (query.format.empty())
        return page(call, 200, title, combined_form(call.context(), query, offices, any_office) + out.body);
    audit(call, "export", "combined " + query.period.substr(0, 32) + " " + query.office + " " + query.format);
    ConsoleResponse r;
    r.content_type = out.content_type;
    r.body = out.body;
    if (!out.filename.empty())
        r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + out.filename + "\"");
    return r;
}

ConsoleResponse Console::audit_page(Call& call) {
    return page(call, 200, call.en ? "Audit trail" : "บันทึกการใช้งาน",
                audit_body(call.context(), store_.audit(call.session->office, 500)));
}

ConsoleResponse Console::fleet_page(Call& call) {
    const std::int64_t now = options_.wall_now ? options_.wall_now() : now_seconds();
    const auto view = fleet_view(store_, call.session->office, options_.fleet, now, options_.heard);
    return page(call, 200, call.en ? "Kiosk fleet" : "สถานะตู้รับความคิดเห็น",
                fleet_body(call.context(), view, options_.fleet));
}

ConsoleResponse Console::devices_page(Call& call) {
    return page(call, 200, call.en ? "Kiosks" : "ตู้รับความคิดเห็น",
                devices_body(call.context(), store_.devices(call.session->office)));
}

}  // namespace feedback::console
