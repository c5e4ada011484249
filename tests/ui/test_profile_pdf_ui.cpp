// Issue 17 on the real UI: the optional profile screen after Follow-up (a survey that asks
// [[profile]] questions) stores each choice at once and never comes before the rating; the
// staff screen exports the kiosk-made PDF report to the USB stick.
#include <sys/mount.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "kiosk_fixture.h"
#include "process.h"
#include "store/admin_pin.h"
#include "store/store.h"
#include "temp_dir.h"

using namespace feedback;
using feedback::testing::write_file;

namespace {

// The default survey plus two profile questions.
std::string survey_with_profile() {
    std::string text = testing::read_file(std::string(FEEDBACK_ASSETS_DIR) + "/surveys/default.toml");
    text += R"(
[[profile]]
id = "sex"
th = "เพศ"
en = "Sex"
options = [ { id = "male", th = "ชาย", en = "Male" }, { id = "female", th = "หญิง", en = "Female" } ]

[[profile]]
id = "age"
th = "อายุ"
en = "Age"
options = [ { id = "under_30", th = "ต่ำกว่า 30 ปี", en = "Under 30" }, { id = "30_59", th = "30–59 ปี", en = "30–59" },
            { id = "60_plus", th = "60 ปีขึ้นไป", en = "60 and over" } ]
)";
    return text;
}

}  // namespace

TEST_CASE("the profile screen comes after follow-up, stores each choice, and can be skipped", "[ui][profile]") {
    testing::ScriptedKiosk kiosk;
    write_file(kiosk / "survey.toml", survey_with_profile());
    kiosk.env.push_back("FEEDBACK_SURVEY_FILE=" + (kiosk / "survey.toml").string());
    const auto r = kiosk.script("expect-screen welcome\ntap rating.4\nexpect-screen followup\ntap followup.done\n"
                                "expect-screen profile\ntap profile.sex.female\ntap profile.age.60_plus\n" +
                                kiosk.shot("profile.png") +
                                "tap profile.age.60_plus\ntap profile.age.30_59\ntap profile.done\nexpect-screen thankyou\n"
                                "idle 6\nexpect-screen welcome\n"
                                // The second visitor skips it.
                                "tap rating.2\ntap followup.skip\nexpect-screen profile\ntap profile.skip\n"
                                "expect-screen thankyou\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(std::filesystem::file_size(kiosk / "profile.png") > 10'000);
    if (const char* keep = std::getenv("FEEDBACK_TEST_KEEP_SHOTS"))
        std::filesystem::copy_file(kiosk / "profile.png", std::filesystem::path(keep) / "profile.png",
                                   std::filesystem::copy_options::overwrite_existing);
    store::Store db(kiosk.db);
    store::Statement s(db.database(), "SELECT rating, profile, session_state FROM entries ORDER BY seq");
    REQUIRE(s.step());
    CHECK(s.integer(0) == 4);
    CHECK(s.text(1) == R"({"age":"30_59","sex":"female"})");
    CHECK(s.text(2) == "closed");
    REQUIRE(s.step());
    CHECK(s.integer(0) == 2);
    CHECK(s.text(1) == "{}");
    CHECK(s.text(2) == "closed");
}

TEST_CASE("the staff screen exports the PDF report to the USB stick", "[ui][admin][pdf]") {
    testing::ScriptedKiosk kiosk;
    {
        store::Store s(kiosk.db);
        store::set_admin_pin(s, "482915", "test");
    }
    REQUIRE(kiosk.script("tap rating.5\ntap followup.done\n").exit_code == 0);
    const auto usb_root = kiosk / "media";
    const auto stick = usb_root / "kiosk" / "STICK";
    std::filesystem::create_directories(stick);
    if (::mount("tmpfs", stick.c_str(), "tmpfs", 0, "size=8m") != 0) {
        WARN("not root: no tmpfs 'USB drive' mounted, the PDF export was not exercised");
        return;
    }
    struct Unmount {
        std::filesystem::path at;
        ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
    } unmount{stick};
    kiosk.env.push_back("FEEDBACK_ADMIN_USB_ROOTS=" + usb_root.string());
    kiosk.env.push_back("FEEDBACK_REPORT_TARGET_PERCENT=80");
    const auto r = kiosk.script("press admin.corner 3000\ntap pin.4\ntap pin.8\ntap pin.2\ntap pin.9\ntap pin.1\ntap pin.5\n"
                                "tap pin.ok\nexpect-screen admin\ntap admin.export.pdf\n" + kiosk.shot("admin-pdf.png") +
                                "tap admin.close\n");
    // No sleep: the window waits for a running export before the process ends (admin_backend.h).
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::filesystem::path pdf;
    for (const auto& f : std::filesystem::directory_iterator(stick))
        if (f.path().extension() == ".pdf") pdf = f.path();
    REQUIRE_FALSE(pdf.empty());
    const auto bytes = testing::read_file(pdf);
    CHECK(bytes.rfind("%PDF-", 0) == 0);
    if (std::filesystem::exists("/usr/bin/pdftotext")) {
        const auto text = testing::run({"/usr/bin/pdftotext", "-raw", pdf.string(), "-"});
        CHECK(text.out.find("บทสรุปสำหรับผู้บริหาร") != std::string::npos);
    }
    store::Store db(kiosk.db);
    bool audited = false;
    for (const auto& a : db.audit_log(100)) audited = audited || (a.action == "export" && a.detail.find(" pdf") != std::string::npos);
    CHECK(audited);
}
