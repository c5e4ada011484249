// Layouts that hold on the monitors offices buy (issue 16): the scripted driver's check-layout
// step on every screen — visitor and staff, with the follow-up's countdown and small faces,
// the profile questions (issue 17), the phone number pad and the thank-you logo and QR code — at 1920×1080, 1366×768, 1280×1024, 1024×768 and
// 1080×1920, in Thai and English, normal and large text, normal and high contrast. One
// process per size goes through every screen in all eight combinations (start-up dominates a
// run, so this keeps the whole matrix to a few seconds per size).
//
// check-layout reports widgets outside the window or over one another, text over a widget it
// does not label or over other text, text wider or taller than its box, words cut by the
// wrapper and lines half clipped by a field; a problem fails the run but not the step, so
// one run lists every screen's problems (printed on failure).
#include <catch2/catch.hpp>

#include <sstream>

#include "kiosk_fixture.h"
#include "process.h"
#include "store/admin_pin.h"
#include "store/store.h"

using namespace feedback;

namespace {

// A realistic office: its own long name, several service points, a privacy-policy URL (a QR
// code on the PDPA screen), and a sync error on record (the staff dashboard's last-error line).
std::vector<std::string> office_env() {
    return {"FEEDBACK_OFFICE_NAME=องค์การบริหารส่วนตำบลดงมูลเหล็ก",
            "FEEDBACK_OFFICE_NAME_EN=Dong Mun Lek Subdistrict Administrative Organization",
            "FEEDBACK_SURVEY_SERVICE_POINTS=palad,finance,engineering,education",
            "FEEDBACK_DEVICE_CODE=KT1",
            "FEEDBACK_SESSION_MISUSE_INTERVAL_S=0",
            "FEEDBACK_COMPLAINT_POLICY_URL=https://www.dongmunlek.go.th/privacy",
            // The thank-you screen's logo and channels QR code.
            std::string("FEEDBACK_OFFICE_LOGO=") + FEEDBACK_ASSETS_DIR + "/../deploy/screenshot-logo.png",
            "FEEDBACK_OFFICE_CHANNELS_URL=https://lin.ee/dongmunlek"};
}

// The default survey with the four profile questions an office typically asks (issue 17), the
// occupation one with many long options: the profile screen must hold them on every size.
std::string survey_with_profile() {
    std::string text = testing::read_file(std::string(FEEDBACK_ASSETS_DIR) + "/surveys/default.toml");
    text += R"(
[[profile]]
id = "sex"
th = "เพศ"
en = "Sex"
options = [ { id = "male", th = "ชาย", en = "Male" }, { id = "female", th = "หญิง", en = "Female" },
            { id = "other", th = "ไม่ประสงค์ระบุ", en = "Prefer not to say" } ]

[[profile]]
id = "age"
th = "อายุ"
en = "Age"
options = [ { id = "under_20", th = "ต่ำกว่า 20 ปี", en = "Under 20" }, { id = "20_39", th = "20–39 ปี", en = "20–39" },
            { id = "40_59", th = "40–59 ปี", en = "40–59" }, { id = "60_plus", th = "60 ปีขึ้นไป", en = "60 and over" } ]

[[profile]]
id = "occupation"
th = "อาชีพ"
en = "Occupation"
options = [ { id = "farmer", th = "เกษตรกร", en = "Farmer" }, { id = "labour", th = "รับจ้างทั่วไป", en = "General labourer" },
            { id = "trade", th = "ค้าขาย/ธุรกิจส่วนตัว", en = "Trade or own business" },
            { id = "civil", th = "ข้าราชการ/พนักงานของรัฐ", en = "Civil servant or state employee" },
            { id = "company", th = "พนักงานบริษัทเอกชน", en = "Private company employee" },
            { id = "student", th = "นักเรียน/นักศึกษา", en = "Student" }, { id = "other", th = "อื่น ๆ", en = "Other" } ]

[[profile]]
id = "visitor"
th = "ท่านมาติดต่อในฐานะ"
en = "You came as"
options = [ { id = "resident", th = "ประชาชนในพื้นที่", en = "Local resident" },
            { id = "outside", th = "ประชาชนนอกพื้นที่", en = "Resident of another area" },
            { id = "business", th = "ผู้ประกอบการ", en = "Business operator" } ]
)";
    return text;
}

// Every screen once, in one language / text size / contrast, checking the layout on each.
std::string flow(const std::string& lang, bool large, bool contrast) {
    const std::string tag = lang + (large ? "-large" : "") + (contrast ? "-contrast" : "");
    const std::string text = lang == "th" ? "เจ้าหน้าที่ให้คำแนะนำดีมาก แต่รอคิวนานเกือบหนึ่งชั่วโมง ควรเพิ่มช่องบริการในช่วงเช้า"
                                          : "Helpful staff, but the queue was almost an hour long.";
    std::string toggles;
    if (lang == "en") toggles += "tap lang.en\n";
    if (large) toggles += "tap a11y.large\n";
    if (contrast) toggles += "tap a11y.contrast\n";
    std::ostringstream s;
    const auto check = [&](const char* screen) { s << "check-layout " << tag << "/" << screen << "\n"; };
    s << toggles;
    check("welcome");
    s << "tap rating.2\ntap reason.long_wait\ntap service.finance\ntap dimension.staff.3\n";
    check("followup");
    s << "tap comment.open\ntype " << text << "\n";
    check("comment");
    s << "idle 60\n";
    check("idle-warning");
    s << "tap more-time\ntap keyboard.done\ntap followup.done\n";
    check("profile");
    s << "tap profile.occupation.civil\ntap profile.visitor.business\ntap profile.done\n";
    check("thankyou");
    s << "tap thanks.done\n" << toggles << "tap complaint.start\n";
    check("complaint-category");
    s << "tap complaint.category.unfair\ntap complaint.when.today\ntap complaint.service.finance\n";
    check("complaint-when");
    s << "tap complaint.next\ntap complaint.chip.treated_differently\ntype " << text << "\n";
    check("complaint-description");
    s << "tap complaint.next\n";
    check("complaint-contact-choice");
    s << "tap complaint.with-contact\n";
    check("complaint-pdpa");
    s << "tap pdpa.accept\ntype สมชาย ใจดี\ntap complaint.field.phone\ntype 081234567\ntap complaint.submit\n";
    check("complaint-contact");  // with the phone number's error line
    s << "type 8\ntap complaint.submit\n";
    check("complaint-done");
    s << "tap complaint.finish\n" << toggles;
    s << "press admin.corner 3000\ntap pin.4\ntap pin.8\ntap pin.2\n";
    check("admin-pin");
    s << "tap pin.9\ntap pin.1\ntap pin.5\ntap pin.ok\n";
    check("admin");
    s << "tap admin.export.csv\n";  // no USB drive: the message above the buttons
    check("admin-no-usb");
    s << "tap admin.close\nexpect-screen welcome\n";
    return s.str();
}

std::string matrix_script() {
    std::string all;
    for (const char* lang : {"th", "en"})
        for (const bool large : {false, true})
            for (const bool contrast : {false, true}) all += flow(lang, large, contrast);
    return all;
}

}  // namespace

TEST_CASE("layouts hold on every screen, language, text size and contrast", "[ui][layout]") {
    const std::string size = GENERATE("1920x1080", "1366x768", "1280x1024", "1024x768", "1080x1920");
    testing::ScriptedKiosk kiosk(office_env());
    testing::write_file(kiosk / "survey.toml", survey_with_profile());
    kiosk.env.push_back("FEEDBACK_SURVEY_FILE=" + (kiosk / "survey.toml").string());
    {
        store::Store s(kiosk.db);
        store::set_admin_pin(s, "482915", "test");
        s.set_setting("sync.last_error",
                      "could not connect to server: Connection timed out after 10001 milliseconds while resolving "
                      "collector.example.go.th");
    }
    const auto r = kiosk.script(matrix_script(), size);
    INFO(size << "\n" << r.err);
    CHECK(r.err.find("layout: ") == std::string::npos);
    CHECK(r.err.find("FAILED") == std::string::npos);
    CHECK(r.exit_code == 0);
}

TEST_CASE("check-layout reports a widget outside the window and words cut to fit", "[ui][layout]") {
    // The check itself can fail: a 640×480 window is smaller than the kiosk supports, and its
    // layout cannot hold (the driver must say so rather than pass).
    testing::ScriptedKiosk kiosk(office_env());
    const auto r = kiosk.script("tap a11y.large\ncheck-layout tiny/welcome\n", "480x360");
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("layout: tiny/welcome: ") != std::string::npos);
}
