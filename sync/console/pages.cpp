// HTML rendering of the console (issue 18). Server-rendered, no JavaScript, no external
// resource (the style is inline, the fonts are the machine's: the kiosk report's Thai stack),
// Thai first with an English toggle (?lang=en, remembered in the console_lang cookie), and
// printable (the nav and the forms are hidden on paper).
//
// STABLE NAMES — the browser tests (and anyone scripting the console) rely on these; do not
// rename them, only add (also in README.md, "Console"):
//   sign-in   form#login-form POST /console/login, fields user (#user), password (#password),
//             csrf (hidden); button #login-submit; wrong password #login-error; locked out
//             #lockout; signed out #signed-out; session expired #session-expired
//   nav       #signed-in-user; form#logout-form POST /console/logout (csrf), button #logout;
//             #lang-toggle
//   queue     form#filters (GET) fields status, category, kiosk, from, to; table#complaint-list
//             with rows tr.complaint[data-reference=REF]#row-REF (class overdue when open past
//             the target); a.ref links to the case; #total; #prev-page, #next-page
//   case      #reference, #filed, #category, #service-point, #occurred, #description,
//             #status (data-status=new|accepted|in_progress|resolved|referred), table#history;
//             form#contact-form POST …/contact (csrf), button #show-contact, then #contact;
//             form#status-form POST …/status with csrf, public_response (#public-response),
//             internal_note (#internal-note), referred_to (#referred-to) and buttons
//             name=action value=accept|start|resolve|refer (#action-accept, #action-start,
//             #action-resolve, #action-refer; only those allowed now); refused #action-error
//   fleet     (fleet.cpp) nav #nav-fleet; table#fleet with rows
//             tr.kiosk[data-device=ID][data-state=ok|silent|clock|auth|backlog], cells td.office,
//             td.device (.id, .name, .version), td.state, td.heard, td.batch (time[datetime]),
//             td.today, td.half, td.pending and td.clock; under a kiosk with a last error a row
//             tr.kiosk-error[data-device=ID] with .error; #fleet-policy; #fleet-empty
//   other     table#audit, table#devices, section#report, 403 #csrf-refused / #forbidden,
//             404 #not-found
#include "pages.h"

#include <cstdio>

#include "case_status.h"
#include "dates.h"
#include "labels.h"

namespace feedback::console {
namespace {

constexpr const char* kStyle = R"css(
* { box-sizing: border-box; }
body { font-size: 15pt; line-height: 1.45; color: #1a1a1a; margin: 0 auto; max-width: 260mm; padding: 4mm 6mm;
       background: #fff; }
nav { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; border-bottom: 2px solid #0b4f8a;
      padding-bottom: 2mm; margin-bottom: 4mm; }
nav .who { margin-left: auto; color: #555; }
nav form { display: inline; }
h1 { font-size: 21pt; color: #0b4f8a; margin: 1mm 0 3mm; }
h2 { font-size: 17pt; color: #0b4f8a; margin: 5mm 0 2mm; border-bottom: 1px solid #b8c2cc; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm; }
th, td { border: 1px solid #b8c2cc; padding: 0.8mm 2mm; vertical-align: top; text-align: left; }
th { background: #e8eef4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.overdue td { background: #fdecea; font-weight: bold; }
.error, .lockout { color: #a61b1b; font-weight: bold; }
.ok { color: #1e7d3a; }
label { display: block; margin-top: 2mm; }
input, select, textarea, button { font: inherit; }
textarea { width: 100%; min-height: 4em; }
form.filters { display: flex; flex-wrap: wrap; gap: 1em; align-items: end; }
form.filters label { margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 1mm 4mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; white-space: pre-wrap; }
.muted { color: #555; }
.term { font-weight: bold; white-space: nowrap; }
.nowrap { white-space: nowrap; }
table#fleet { font-size: 13pt; }
table#fleet .id, table#fleet td.clock, table#fleet td.heard { white-space: nowrap; }
table#fleet tr.kiosk-error td { border-top: none; font-size: 12pt; }
table#fleet tr.kiosk-error .error { font-weight: normal; }
@media print {
  nav, form, .no-print { display: none !important; }
  body { max-width: none; padding: 0; }
  @page { size: A4; margin: 15mm; }
}
)css";

std::string t(const PageContext& ctx, const char* th, const char* en) { return ctx.en ? en : th; }

std::string case_href(const std::string& reference) { return "/console/complaints/" + url_encode(reference); }

std::string csrf_field(const PageContext& ctx) {
    return ctx.session ? "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(ctx.session->csrf) + "\">" : "";
}

std::string filed_text(const CaseRow& row, bool en) {
    const auto filed = parse_utc(row.created_utc);
    return filed ? be_date(*filed, row.utc_offset_min, en) : row.filed_date;
}

std::string when_text(const std::string& utc, int offset, bool en) {
    const auto at = parse_utc(utc);
    return at ? be_date_time(*at, offset, en) : utc;
}

std::string selected(bool yes) { return yes ? " selected" : ""; }

}  // namespace

std::int64_t days_between(const std::string& from_utc, std::int64_t to_utc) {
    const auto from = parse_utc(from_utc);
    if (!from || to_utc < *from) return 0;
    return (to_utc - *from) / 86400;
}

std::string layout(const PageContext& ctx, const std::string& title, const std::string& body) {
    std::string h = std::string("<!DOCTYPE html>\n<html lang=\"") + (ctx.en ? "en" : "th") +
                    "\">\n<head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>" + escape(title) + "</title>\n<style>\nbody { font-family: " + kFontStack + "; }\n" +
                    kStyle + "</style></head>\n<body>\n<nav>\n";
    if (ctx.session) {
        const Role role = ctx.session->role;
        if (role != Role::It) {
            h += "<a href=\"/console/complaints\" id=\"nav-complaints\">" + t(ctx, "เรื่องร้องเรียน", "Complaints") + "</a>\n";
            h += "<a href=\"/console/report\" id=\"nav-report\">" + t(ctx, "รายงานประจำเดือน", "Monthly report") + "</a>\n";
            h += "<a href=\"/console/combined\" id=\"nav-combined\">" + t(ctx, "รายงานผลรวม", "Combined report") + "</a>\n";
        }
        if (role != Role::Officer)
        {
            h += "<a href=\"/console/devices\" id=\"nav-devices\">" + t(ctx, "ตู้รับความคิดเห็น", "Kiosks") + "</a>\n";
            h += "<a href=\"/console/fleet\" id=\"nav-fleet\">" + t(ctx, "สถานะตู้", "Fleet") + "</a>\n";
        }
        if (role == Role::Executive)
            h += "<a href=\"/console/audit\" id=\"nav-audit\">" + t(ctx, "บันทึกการใช้งาน", "Audit trail") + "</a>\n";
    }
    h += "<a href=\"" + escape(ctx.toggle_href) + "\" id=\"lang-toggle\" lang=\"" + (ctx.en ? "th" : "en") + "\">" +
         (ctx.en ? "ภาษาไทย" : "English") + "</a>\n";
    if (ctx.session) {
        h += "<span class=\"who\">" + t(ctx, "ผู้ใช้: ", "Signed in: ") + "<span id=\"signed-in-user\">" +
             escape(ctx.session->user) + "</span></span>\n";
        h += "<form method=\"post\" action=\"/console/logout\" id=\"logout-form\">" + csrf_field(ctx) +
             "<button type=\"submit\" id=\"logout\">" + t(ctx, "ออกจากระบบ", "Sign out") + "</button></form>\n";
    }
    h += "</nav>\n<main>\n" + body + "</main>\n</body></html>\n";
    return h;
}

std::string login_body(const PageContext& ctx, const std::string& csrf, LoginState state,
                       std::int64_t lockout_seconds, const std::string& user) {
    std::string h = "<h1>" + t(ctx, "เข้าสู่ระบบเจ้าหน้าที่", "Staff sign-in") + "</h1>\n";
    switch (state) {
        case LoginState::Fresh: break;
        case LoginState::WrongPassword:
            h += "<p class=\"error\" id=\"login-error\" role=\"alert\">" +
                 t(ctx, "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong user name or password") + "</p>\n";
            break;
        case LoginState::LockedOut: {
            const std::string wait = std::to_string((lockout_seconds + 59) / 60);
            h += "<p class=\"lockout\" id=\"lockout\" role=\"alert\">" +
                 (ctx.en ? "Too many wrong passwords. Try again in " + wait + " minute(s)."
                         : "ใส่รหัสผ่านผิดหลายครั้งเกินไป กรุณาลองใหม่ในอีก " + wait + " นาที") +
                 "</p>\n";
            break;
        }
        case LoginState::SignedOut:
            h += "<p class=\"ok\" id=\"signed-out\">" + t(ctx, "ออกจากระบบแล้ว", "You have signed out") + "</p>\n";
            break;
        case LoginState::Expired:
            h += "<p class=\"error\" id=\"session-expired\">" +
                 t(ctx, "หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบใหม่", "Your session has expired; please sign in again") +
                 "</p>\n";
            break;
    }
    h += "<form method=\"post\" action=\"/console/login\" id=\"login-form\">\n";
    h += "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">\n";
    h += "<label for=\"user\">" + t(ctx, "ชื่อผู้ใช้", "User name") +
         "</label><input type=\"text\" name=\"user\" id=\"user\" autocomplete=\"username\" required value=\"" +
         escape(user) + "\">\n";
    h += "<label for=\"password\">" + t(ctx, "รหัสผ่าน", "Password") +
         "</label><input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" "
         "required>\n";
    h += "<p><button type=\"submit\" id=\"login-submit\">" + t(ctx, "เข้าสู่ระบบ", "Sign in") + "</button></p>\n</form>\n";
    return h;
}

std::string queue_body(const PageContext& ctx, const QueueFilter& f, const QueuePage& page, int target_days,
                       std::int64_t now_utc) {
    std::string h = "<h1>" + t(ctx, "เรื่องร้องเรียน", "Complaints") + "</h1>\n";
    h += "<form method=\"get\" action=\"/console/complaints\" id=\"filters\" class=\"filters\">\n";
    h += "<label>" + t(ctx, "สถานะ", "Status") + "<br><select name=\"status\" id=\"filter-status\">";
    h += "<option value=\"\"" + selected(f.status.empty()) + ">" + t(ctx, "ทั้งหมด", "All") + "</option>";
    h += "<option value=\"open\"" + selected(f.status == "open") + ">" + t(ctx, "ยังไม่แล้วเสร็จ", "Open") + "</option>";
    for (const auto& s : statuses())
        h += "<option value=\"" + s + "\"" + selected(f.status == s) + ">" + escape(status_label(s, ctx.en)) +
             "</option>";
    h += "</select></label>\n";
    h += "<label>" + t(ctx, "ประเภท", "Category") + "<br><select name=\"category\" id=\"filter-category\">";
    h += "<option value=\"\"" + selected(f.category.empty()) + ">" + t(ctx, "ทั้งหมด", "All") + "</option>";
    bool known = f.category.empty();
    for (const auto& c : known_categories()) {
        known = known || c == f.category;
        h += "<option value=\"" + escape(c) + "\"" + selected(f.category == c) + ">" +
             escape(category_label(c, ctx.en)) + "</option>";
    }
    if (!known)
        h += "<option value=\"" + escape(f.category) + "\" selected>" + escape(f.category) + "</option>";
    h += "</select></label>\n";
    h += "<label>" + t(ctx, "ตู้ (รหัสอุปกรณ์)", "Kiosk (device id)") +
         "<br><input type=\"text\" name=\"kiosk\" id=\"filter-kiosk\" value=\"" + escape(f.kiosk) + "\"></label>\n";
    h += "<label>" + t(ctx, "ตั้งแต่วันที่", "From") + "<br><input type=\"date\" name=\"from\" id=\"filter-from\" value=\"" +
         escape(f.from_date) + "\"></label>\n";
    h += "<label>" + t(ctx, "ถึงวันที่", "To") + "<br><input type=\"date\" name=\"to\" id=\"filter-to\" value=\"" +
         escape(f.to_date) + "\"></label>\n";
    h += "<button type=\"submit\" id=\"filter-submit\">" + t(ctx, "กรอง", "Filter") + "</button>\n</form>\n";

    h += "<p>" + t(ctx, "ทั้งหมด ", "Total: ") + "<span id=\"total\">" + std::to_string(page.total) + "</span>" +
         t(ctx, " เรื่อง", "") + " <span class=\"muted\">" +
         (ctx.en ? "(highlighted: open longer than " + std::to_string(target_days) + " days)"
                 : "(แถบสี: ยังไม่แล้วเสร็จเกิน " + std::to_string(target_days) + " วัน)") +
         "</span></p>\n";
    h += "<table id=\"complaint-list\"><thead><tr><th>" + t(ctx, "เลขที่อ้างอิง", "Reference") + "</th><th>" +
         t(ctx, "วันที่ร้องเรียน", "Filed") + "</th><th>" + t(ctx, "ประเภท", "Category") + "</th><th>" +
         t(ctx, "จุดบริการ", "Service point") + "</th><th>" + t(ctx, "สถานะ", "Status") + "</th><th>" +
         t(ctx, "จำนวนวัน", "Days open") + "</th></tr></thead>\n<tbody>\n";
    for (const auto& row : page.rows) {
        const bool closed = is_closed(row.status);
        const std::int64_t end = closed ? parse_utc(row.closed_utc).value_or(now_utc) : now_utc;
        const std::int64_t days = days_between(row.created_utc, end);
        const bool overdue = !closed && days > target_days;
        h += "<tr class=\"complaint" + std::string(overdue ? " overdue" : "") + "\" id=\"row-" + escape(row.reference) +
             "\" data-reference=\"" + escape(row.reference) + "\" data-status=\"" + escape(row.status) + "\">";
        h += "<td><a class=\"ref\" href=\"" + escape(case_href(row.reference)) + "\">" + escape(row.reference) +
             "</a></td>";
        h += "<td>" + escape(filed_text(row, ctx.en)) + "</td>";
        h += "<td>" + escape(category_label(row.category, ctx.en)) + "</td>";
        h += "<td>" + escape(row.service_point) + "</td>";
        h += "<td class=\"status\">" + escape(status_label(row.status, ctx.en)) + "</td>";
        h += "<td class=\"num\">" + std::to_string(days) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";

    // Paging links keep the filters.
    std::string keep;
    const auto add = [&](const char* name, const std::string& value) {
        if (!value.empty()) keep += std::string("&") + name + "=" + url_encode(value);
    };
    add("status", f.status);
    add("category", f.category);
    add("kiosk", f.kiosk);
    add("from", f.from_date);
    add("to", f.to_date);
    const std::int64_t pages = (page.total + f.page_size - 1) / f.page_size;
    h += "<p class=\"no-print\">";
    if (f.page > 1)
        h += "<a id=\"prev-page\" href=\"/console/complaints?page=" + std::to_string(f.page - 1) + escape(keep) + "\">" +
             t(ctx, "« หน้าก่อน", "« Previous") + "</a> ";
    h += (ctx.en ? "Page " : "หน้า ") + std::to_string(f.page) + " / " + std::to_string(std::max<std::int64_t>(pages, 1));
    if (f.page < pages)
        h += " <a id=\"next-page\" href=\"/console/complaints?page=" + std::to_string(f.page + 1) + escape(keep) + "\">" +
             t(ctx, "หน้าถัดไป »", "Next »") + "</a>";
    h += "</p>\n";
    return h;
}

std::string case_body(const PageContext& ctx, const CaseDetail& d, const std::vector<HistoryItem>& history,
                      const std::optional<Contact>& contact, const CaseForm& form, int target_days,
                      std::int64_t now_utc) {
    const CaseRow& row = d.row;
    const bool en = ctx.en;
    std::string h = "<h1>" + t(ctx, "เรื่องร้องเรียน ", "Complaint ") + "<span id=\"reference\">" +
                    escape(row.reference) + "</span></h1>\n";
    const bool closed = is_closed(row.status);
    const std::int64_t days =
        days_between(row.created_utc, closed ? parse_utc(row.closed_utc).value_or(now_utc) : now_utc);
    h += "<dl class=\"facts\">\n";
    h += "<dt>" + t(ctx, "สถานะ", "Status") + "</dt><dd><span id=\"status\" data-status=\"" + escape(row.status) +
         "\">" + escape(status_label(row.status, en)) + "</span>" +
         (!closed && days > target_days
              ? " <span class=\"error\" id=\"overdue\">" +
                    (en ? "open " + std::to_string(days) + " days, past the target of " + std::to_string(target_days)
                        : "ค้าง " + std::to_string(days) + " วัน เกินเป้าหมาย " + std::to_string(target_days) + " วัน") +
                    "</span>"
              : "") +
         "</dd>\n";
    h += "<dt>" + t(ctx, "วันที่ร้องเรียน", "Filed") + "</dt><dd id=\"filed\">" +
         escape(when_text(row.created_utc, row.utc_offset_min, en)) + "</dd>\n";
    h += "<dt>" + t(ctx, "ประเภท", "Category") + "</dt><dd id=\"category\">" + escape(category_label(row.category, en)) +
         (row.sensitive ? " <strong>" + t(ctx, "(ความลับ — ผู้บริหารเท่านั้น)", "(sensitive — executives only)") +
                              "</strong>"
                        : "") +
         "</dd>\n";
    h += "<dt>" + t(ctx, "จุดบริการ", "Service point") + "</dt><dd id=\"service-point\">" + escape(row.service_point) +
         "</dd>\n";
    h += "<dt>" + t(ctx, "ตู้", "Kiosk") + "</dt><dd id=\"kiosk\">" + escape(row.device_id) + "</dd>\n";
    h += "<dt>" + t(ctx, "เกิดเหตุเมื่อ", "When it happened") + "</dt><dd id=\"occurred\">" + escape(d.occurred) + "</dd>\n";
    h += "<dt>" + t(ctx, "รายละเอียด", "Description") + "</dt><dd id=\"description\">" + escape(d.description) + "</dd>\n";
    h += "</dl>\n";

    h += "<h2>" + t(ctx, "ข้อมูลติดต่อ", "Contact details") + "</h2>\n";
    if (contact) {
        h += "<div id=\"contact\">";
        if (contact->anonymous || (contact->name.empty() && contact->phone.empty()))
            h += "<p>" + t(ctx, "ผู้ร้องไม่ประสงค์ออกนาม / ไม่มีข้อมูลติดต่อ", "Anonymous: no contact details") + "</p>";
        else
            h += "<p>" + t(ctx, "ชื่อ: ", "Name: ") + "<span id=\"contact-name\">" + escape(contact->name) +
                 "</span><br>" + t(ctx, "โทรศัพท์: ", "Phone: ") + "<span id=\"contact-phone\">" +
                 escape(contact->phone) + "</span></p>";
        h += "</div>\n";
    } else {
        h += "<form method=\"post\" action=\"" + escape(case_href(row.reference)) + "/contact\" id=\"contact-form\">" +
             csrf_field(ctx) + "<p class=\"muted\">" +
             t(ctx, "การเปิดดูข้อมูลติดต่อจะถูกบันทึกไว้", "Viewing contact details is recorded in the audit trail") +
             "</p><button type=\"submit\" id=\"show-contact\">" + t(ctx, "แสดงข้อมูลติดต่อ", "Show contact") +
             "</button></form>\n";
    }

    h += "<h2>" + t(ctx, "ประวัติการดำเนินการ", "History") + "</h2>\n";
    h += "<table id=\"history\"><thead><tr><th>" + t(ctx, "เมื่อ", "When") + "</th><th>" + t(ctx, "สถานะ", "Status") +
         "</th><th>" + t(ctx, "คำตอบถึงผู้ร้อง", "Public response") + "</th><th>" +
         t(ctx, "บันทึกภายใน", "Internal note") + "</th><th>" + t(ctx, "ผู้ดำเนินการ", "By") + "</th></tr></thead><tbody>\n";
    h += "<tr><td>" + escape(when_text(row.created_utc, row.utc_offset_min, en)) + "</td><td>" +
         t(ctx, "ได้รับเรื่องจากตู้", "Filed at the kiosk") + "</td><td></td><td></td><td></td></tr>\n";
    for (const auto& item : history) {
        std::string status = status_label(item.status, en);
        if (!item.referred_to.empty()) status += (en ? " to " : " ไปยัง ") + item.referred_to;
        h += "<tr class=\"history-item\" data-status=\"" + escape(item.status) + "\"><td>" +
             escape(when_text(item.at_utc, row.utc_offset_min, en)) + "</td><td>" + escape(status) +
             "</td><td class=\"public-response\">" + escape(item.public_response) + "</td><td class=\"internal-note\">" +
             escape(item.internal_note) + "</td><td>" + escape(item.user) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";

    const auto actions = next_actions(row.status);
    if (!actions.empty()) {
        h += "<h2>" + t(ctx, "ดำเนินการ", "Action") + "</h2>\n";
        if (!form.error.empty()) {
            std::string message;
            if (form.error == "response")
                message = t(ctx, "กรุณาเขียนคำตอบถึงผู้ร้อง", "Please write a public response");
            else if (form.error == "referred_to")
                message = t(ctx, "กรุณาระบุหน่วยงานที่ส่งต่อ", "Please name the agency it is referred to");
            else if (form.error == "conflict")
                message = t(ctx, "มีผู้อื่นเปลี่ยนสถานะไปก่อนแล้ว", "Someone else changed the status first");
            else
                message = t(ctx, "ไม่สามารถเปลี่ยนสถานะตามลำดับนี้ได้", "This change is not allowed in this order");
            h += "<p class=\"error\" id=\"action-error\" role=\"alert\">" + message + "</p>\n";
        }
        h += "<form method=\"post\" action=\"" + escape(case_href(row.reference)) + "/status\" id=\"status-form\">\n" +
             csrf_field(ctx) + "\n";
        h += "<label for=\"public-response\">" +
             t(ctx, "คำตอบถึงผู้ร้อง (แสดงในหน้าติดตามเรื่อง)", "Public response (shown on the tracking page)") +
             "</label><textarea name=\"public_response\" id=\"public-response\" required>" +
             escape(form.public_response) + "</textarea>\n";
        h += "<label for=\"internal-note\">" +
             t(ctx, "บันทึกภายใน (ไม่แสดงต่อผู้ร้อง ไม่บังคับ)", "Internal note (never shown to the visitor, optional)") +
             "</label><textarea name=\"internal_note\" id=\"internal-note\">" + escape(form.internal_note) +
             "</textarea>\n";
        bool refer = false;
        for (const auto& a : actions) refer = refer || a.action == "refer";
        if (refer)
            h += "<label for=\"referred-to\">" +
                 t(ctx, "ส่งต่อไปยังหน่วยงาน (เมื่อส่งต่อ)", "Referred to (when referring)") +
                 "</label><input type=\"text\" name=\"referred_to\" id=\"referred-to\" value=\"" +
                 escape(form.referred_to) + "\">\n";
        h += "<p>";
        for (const auto& a : actions) {
            const std::string action(a.action);
            std::string label;
            if (action == "accept") label = t(ctx, "รับเรื่อง", "Accept");
            else if (action == "start") label = t(ctx, "เริ่มดำเนินการ", "Start work (in progress)");
            else if (action == "resolve") label = t(ctx, "ดำเนินการแล้วเสร็จ", "Resolved");
            else label = t(ctx, "ส่งต่อหน่วยงานอื่น", "Refer to another agency");
            h += "<button type=\"submit\" name=\"action\" value=\"" + action + "\" id=\"action-" + action + "\">" +
                 label + "</button> ";
        }
        h += "</p>\n</form>\n";
    }
    return h;
}

std::string audit_body(const PageContext& ctx, const std::vector<AuditItem>& items) {
    std::string h = "<h1>" + t(ctx, "บันทึกการใช้งาน", "Audit trail") + "</h1>\n";
    h += "<table id=\"audit\"><thead><tr><th>" + t(ctx, "เวลา (UTC)", "Time (UTC)") + "</th><th>" +
         t(ctx, "ผู้ใช้", "User") + "</th><th>" + t(ctx, "ที่อยู่", "Address") + "</th><th>" +
         t(ctx, "การกระทำ", "Action") + "</th><th>" + t(ctx, "เรื่อง", "Target") + "</th></tr></thead><tbody>\n";
    for (const auto& a : items)
        h += "<tr class=\"audit-item\" data-action=\"" + escape(a.action) + "\"><td>" + escape(a.at_utc) + "</td><td>" +
             escape(a.user) + "</td><td>" + escape(a.address) + "</td><td>" + escape(a.action) + "</td><td>" +
             escape(a.target) + "</td></tr>\n";
    h += "</tbody></table>\n";
    return h;
}

std::string devices_body(const PageContext& ctx, const std::vector<DeviceRow>& devices) {
    std::string h = "<h1>" + t(ctx, "ตู้รับความคิดเห็น", "Kiosks") + "</h1>\n";
    h += "<table id=\"devices\"><thead><tr><th>" + t(ctx, "รหัสอุปกรณ์", "Device") + "</th><th>" +
         t(ctx, "สำนักงาน", "Office") + "</th><th>" + t(ctx, "ติดต่อล่าสุด (UTC)", "Last heartbeat (UTC)") + "</th><th>" +
         t(ctx, "รุ่นโปรแกรม", "Version") + "</th><th>" + t(ctx, "รอส่ง", "Pending") + "</th><th>" +
         t(ctx, "ข้อผิดพลาดล่าสุด", "Last error") + "</th></tr></thead><tbody>\n";
    for (const auto& d : devices)
        h += "<tr><td>" + escape(d.device_id) + "</td><td>" + escape(d.office) + "</td><td>" + escape(d.last_seen_utc) +
             "</td><td>" + escape(d.app_version) + "</td><td class=\"num\">" + std::to_string(d.pending) + "</td><td>" +
             escape(d.last_error) + "</td></tr>\n";
    h += "</tbody></table>\n";
    return h;
}

std::string report_body(const PageContext& ctx, const MonthlyReport& report, const std::vector<Office>& offices,
                        bool any_office) {
    char month[16];
    std::snprintf(month, sizeof month, "%04d-%02d", report.year, report.month);
    std::string h = "<form method=\"get\" action=\"/console/report\" id=\"report-form\" class=\"filters\">\n";
    h += "<label>" + t(ctx, "เดือน (ค.ศ.)", "Month") + "<br><input type=\"month\" name=\"month\" id=\"report-month\" value=\"" +
         std::string(month) + "\"></label>\n";
    if (any_office) {
        h += "<label>" + t(ctx, "สำนักงาน", "Office") + "<br><select name=\"office\" id=\"report-office-select\">";
        h += "<option value=\"*\"" + selected(report.office == "*") + ">" + t(ctx, "ทุกสำนักงาน", "All offices") +
             "</option>";
        for (const auto& o : offices)
            h += "<option value=\"" + escape(o.code) + "\"" + selected(report.office == o.code) + ">" +
                 escape(ctx.en && !o.name_en.empty() ? o.name_en : o.name_th) + "</option>";
        h += "</select></label>\n";
    }
    h += "<button type=\"submit\">" + t(ctx, "แสดง", "Show") + "</button>\n";
    const std::string base = "/console/report?month=" + std::string(month) + "&office=" + url_encode(report.office) +
                             (ctx.en ? "&lang=en" : "");
    h += "<a id=\"report-html\" href=\"" + escape(base + "&format=html") + "\">HTML (A4)</a> ";
    h += "<a id=\"report-csv\" href=\"" + escape(base + "&format=csv") + "\">CSV</a> ";
    h += "<a id=\"report-json\" href=\"" + escape(base + "&format=json") + "\">JSON</a>\n</form>\n";
    h += report_section(report, ctx.en);
    return h;
}

std::string message_body(const std::string& id, const std::string& text) {
    return "<p class=\"error\" id=\"" + escape(id) + "\">" + escape(text) + "</p>\n";
}

}  // namespace feedback::console
