// The visitor's session rules, without a screen: one tap is an answer, durable first; idle
// resets leave no trace; misuse is flagged; a failed write never moves the screen on.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/clock.h"
#include "core/session.h"

using namespace feedback::core;

namespace {

struct RecordingSink : EntrySink {
    std::vector<std::string> calls;
    std::vector<Entry> stored;  // latest version of each entry, by order of creation
    bool fail = false;
    void add(const Entry& e) override {
        if (fail) throw std::runtime_error("the disk is full");
        calls.push_back("add");
        stored.push_back(e);
    }
    void update(const Entry& e) override {
        if (fail) throw std::runtime_error("the disk is full");
        calls.push_back("update");
        find(e.id) = e;
    }
    void close(const Entry& e) override {
        if (fail) throw std::runtime_error("the disk is full");
        calls.push_back("close");
        find(e.id) = e;
    }
    std::vector<Complaint> complaints;  // latest version, parallel to the complaint entries
    int references = 0;
    void add_complaint(const Entry& e, const Complaint& c) override {
        if (fail) throw std::runtime_error("the disk is full");
        calls.push_back("add_complaint");
        stored.push_back(e);
        complaints.push_back(c);
    }
    void update_complaint(const Entry& e, const Complaint& c) override {
        if (fail) throw std::runtime_error("the disk is full");
        calls.push_back("update_complaint");
        find(e.id);
        complaints.back() = c;
    }
    Complaint close_complaint(const Entry& e, const Complaint& c, bool assign_reference, std::int64_t) override {
        if (fail) throw std::runtime_error("the disk is full");
        calls.push_back("close_complaint");
        find(e.id) = e;
        complaints.back() = c;
        if (assign_reference) complaints.back().reference = "KTM-691127-000" + std::to_string(++references);
        return complaints.back();
    }
    Entry& find(const std::string& id) {
        for (auto& e : stored)
            if (e.id == id) return e;
        throw std::logic_error("update of an entry never added");
    }
};

SessionSettings settings() {
    SessionSettings s;
    s.device_id = "kiosk-test";
    s.idle_timeout_ms = 60'000;
    s.idle_warning_ms = 20'000;
    s.thank_you_ms = 5'000;
    s.misuse_interval_ms = 10'000;
    return s;
}

constexpr std::int64_t t0 = 1'780'000'000'000;  // 2026-05-28

}  // namespace

TEST_CASE("one tap stores a rating before the screen moves on", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    CHECK(session.screen() == Screen::Welcome);
    REQUIRE(session.rate(4, t0));
    REQUIRE(sink.stored.size() == 1);
    CHECK(sink.stored[0].rating == 4);
    CHECK(sink.stored[0].state == SessionState::Open);
    CHECK(sink.stored[0].created_utc_ms == t0);
    CHECK(sink.stored[0].device_id == "kiosk-test");
    CHECK(sink.stored[0].survey_version == survey.version);
    CHECK(session.screen() == Screen::FollowUp);
}

TEST_CASE("a failed write keeps the screen and reports why", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    sink.fail = true;
    Session session(survey, settings(), sink);
    CHECK_FALSE(session.rate(5, t0));
    CHECK(session.screen() == Screen::Welcome);
    CHECK(session.last_error() == "the disk is full");
    sink.fail = false;
    CHECK(session.rate(5, t0 + 1000));
    CHECK(session.last_error().empty());
}

TEST_CASE("follow-up answers update the same entry, and finishing closes it", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.rate(2, t0);
    session.toggle_reason("long_wait", t0 + 1000);
    session.toggle_reason("complicated_steps", t0 + 2000);
    session.toggle_reason("long_wait", t0 + 3000);  // tapped again: unselected
    session.toggle_reason("not-a-reason", t0 + 3500);
    session.choose_service_point("finance", t0 + 4000);
    session.answer_dimension("staff", 2, t0 + 5000);
    session.open_comment(t0 + 6000);
    CHECK(session.screen() == Screen::Comment);
    session.set_draft_comment("รอนานมาก", t0 + 7000);
    session.save_comment(t0 + 8000);
    CHECK(session.screen() == Screen::FollowUp);
    session.finish(t0 + 9000);
    CHECK(session.screen() == Screen::ThankYou);

    REQUIRE(sink.stored.size() == 1);
    const Entry& e = sink.stored[0];
    CHECK(e.reasons == std::vector<std::string>{"complicated_steps"});
    CHECK(e.service_point == "finance");
    CHECK(e.dimensions == std::map<std::string, int>{{"staff", 2}});
    CHECK(e.comment == "รอนานมาก");
    CHECK(e.state == SessionState::Closed);
    CHECK(sink.calls.front() == "add");
    CHECK(sink.calls.back() == "close");

    session.tick(t0 + 9000 + 4999);
    CHECK(session.screen() == Screen::ThankYou);
    session.tick(t0 + 9000 + 5000);
    CHECK(session.screen() == Screen::Welcome);
    CHECK_FALSE(session.entry());
}

TEST_CASE("a cancelled comment stores nothing", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.rate(5, t0);
    session.open_comment(t0 + 1);
    session.set_draft_comment("ไม่ต้องการส่ง", t0 + 2);
    session.cancel_comment(t0 + 3);
    CHECK(session.screen() == Screen::FollowUp);
    CHECK(session.draft_comment().empty());
    CHECK(sink.stored[0].comment.empty());
}

TEST_CASE("idle: a warning of at least 20 s, then the session closes with no trace", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    auto s = settings();
    s.idle_warning_ms = 5'000;  // too short: raised to the 20 s minimum
    Session session(survey, s, sink);
    session.set_language("en", t0);
    session.rate(3, t0 + 1000);
    session.toggle_reason("long_wait", t0 + 2000);
    session.open_comment(t0 + 3000);
    session.set_draft_comment("half-typed", t0 + 4000);

    CHECK(session.next_deadline() == t0 + 4000 + 60'000);
    session.tick(t0 + 4000 + 59'999);
    CHECK_FALSE(session.idle_warning());
    session.tick(t0 + 4000 + 60'000);
    CHECK(session.idle_warning());
    CHECK(session.warning_seconds_left(t0 + 64'000) == 20);
    session.tick(t0 + 64'000 + 19'999);
    CHECK(session.idle_warning());
    CHECK(session.screen() == Screen::Comment);
    session.tick(t0 + 64'000 + 20'000);

    CHECK(session.screen() == Screen::Welcome);
    CHECK_FALSE(session.idle_warning());
    CHECK_FALSE(session.entry());
    CHECK(session.draft_comment().empty());
    CHECK(session.language() == "th");
    REQUIRE(sink.stored.size() == 1);
    CHECK(sink.stored[0].state == SessionState::Closed);
    CHECK(sink.stored[0].reasons == std::vector<std::string>{"long_wait"});
    CHECK(sink.stored[0].comment.empty());  // the unsaved draft is not kept
}

TEST_CASE("more time keeps the session", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.rate(5, t0);
    session.open_comment(t0);
    session.set_draft_comment("ดี", t0);  // typing has begun: the long idle time and the warning
    session.tick(t0 + 60'000);
    REQUIRE(session.idle_warning());
    session.more_time(t0 + 70'000);
    CHECK_FALSE(session.idle_warning());
    session.tick(t0 + 90'000);  // past the old warning's end
    CHECK(session.screen() == Screen::Comment);
    CHECK(session.entry());
    CHECK(sink.stored[0].state == SessionState::Open);
}

TEST_CASE("a tap soon after the previous answer is stored but flagged", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.rate(5, t0);
    session.finish(t0 + 1000);
    session.back_to_welcome(t0 + 2000);
    session.rate(1, t0 + 1000 + 9'999);  // within 10 s of the completed answer
    session.finish(t0 + 12'000);
    session.back_to_welcome(t0 + 12'500);
    session.rate(4, t0 + 12'000 + 10'000);  // exactly the interval later: not flagged
    REQUIRE(sink.stored.size() == 3);
    CHECK_FALSE(sink.stored[0].misuse);
    CHECK(sink.stored[1].misuse);
    CHECK_FALSE(sink.stored[2].misuse);
}

TEST_CASE("language toggled on Welcome resets after the idle time", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.set_language("en", t0);
    session.toggle_large_text(t0);
    CHECK(session.language() == "en");
    CHECK(session.next_deadline() == t0 + 60'000);
    session.tick(t0 + 60'000);
    CHECK(session.language() == "th");
    CHECK_FALSE(session.large_text());
    CHECK_FALSE(session.next_deadline());
    CHECK(sink.stored.empty());
}

TEST_CASE("switching language mid-session records the language used", "[session]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.rate(4, t0);
    session.set_language("en", t0 + 1);
    CHECK(sink.stored[0].language == "en");
}

TEST_CASE("an anonymous complaint is stored from its category on and gets a reference", "[session][complaint]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.start_complaint(t0);
    CHECK(session.screen() == Screen::ComplaintCategory);
    CHECK(sink.stored.empty());  // nothing is stored before the first real answer
    session.choose_complaint_category("bribery", t0 + 1000);
    REQUIRE(sink.stored.size() == 1);
    CHECK(sink.stored[0].kind == EntryKind::Complaint);
    CHECK_FALSE(sink.stored[0].rating);
    CHECK(sink.complaints[0].category == "bribery");
    CHECK(sink.complaints[0].sensitive);
    session.choose_complaint_when("earlier", t0 + 2000);
    session.choose_complaint_service_point("finance", t0 + 3000);
    session.complaint_next(t0 + 4000);
    CHECK(session.screen() == Screen::ComplaintDescription);
    session.toggle_complaint_chip("asked_money", t0 + 5000);
    session.set_field_text(Field::Description, "ที่เคาน์เตอร์ 3", t0 + 6000);
    session.complaint_next(t0 + 7000);
    CHECK(session.screen() == Screen::ComplaintContactChoice);
    session.complain_anonymously(t0 + 8000);
    CHECK(session.screen() == Screen::ComplaintDone);
    CHECK(sink.complaints[0].description == "ถูกเรียกเงินนอกเหนือค่าธรรมเนียม; ที่เคาน์เตอร์ 3");
    CHECK(sink.complaints[0].occurred == "earlier");
    CHECK(sink.complaints[0].service_point == "finance");
    CHECK(sink.complaints[0].anonymous);
    CHECK(sink.complaints[0].contact_phone.empty());
    REQUIRE(session.complaint());
    CHECK(session.complaint()->reference == "KTM-691127-0001");
    CHECK(sink.stored[0].state == SessionState::Closed);
}

TEST_CASE("contact details need the PDPA notice, a name and a valid phone", "[session][complaint]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.start_complaint(t0);
    session.choose_complaint_category("rude", t0);
    session.complaint_next(t0);
    session.complaint_next(t0);
    session.want_to_leave_contact(t0);
    CHECK(session.screen() == Screen::ComplaintPdpa);
    CHECK(session.active_field() == Field::None);  // no contact field before the notice
    session.set_field_text(Field::Name, "ก่อนยินยอม", t0);
    CHECK(session.field_text(Field::Name).empty());
    session.accept_pdpa(t0);
    CHECK(session.active_field() == Field::Name);
    session.set_field_text(Field::Name, "สมหญิง ใจดี", t0);
    session.focus_field(Field::Phone, t0);
    session.set_field_text(Field::Phone, "08123", t0);
    CHECK_FALSE(session.submit_contact(t0));
    CHECK(session.contact_error() == Session::ContactError::Phone);
    CHECK(session.screen() == Screen::ComplaintContact);
    session.set_field_text(Field::Phone, "081-234-5678", t0);
    CHECK(session.submit_contact(t0));
    CHECK(sink.complaints[0].contact_name == "สมหญิง ใจดี");
    CHECK(sink.complaints[0].contact_phone == "0812345678");
    CHECK_FALSE(sink.complaints[0].anonymous);
}

TEST_CASE("idle in the middle of a complaint keeps what was stored and no contact draft", "[session][complaint]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.start_complaint(t0);
    session.choose_complaint_category("unfair", t0);
    session.complaint_next(t0);
    session.complaint_next(t0);
    session.want_to_leave_contact(t0);
    session.accept_pdpa(t0);
    session.set_field_text(Field::Name, "ไม่ได้ส่ง", t0);
    session.tick(t0 + 60'000);
    session.tick(t0 + 80'000);
    CHECK(session.screen() == Screen::Welcome);
    CHECK_FALSE(session.complaint());
    CHECK(session.field_text(Field::Name).empty());
    CHECK(sink.calls.back() == "close_complaint");
    CHECK(sink.complaints[0].contact_name.empty());
    CHECK(sink.complaints[0].reference.empty());  // nobody saw a number
    CHECK(sink.stored[0].state == SessionState::Closed);
}

namespace {

// The machine's zone decides "local" for the session (as on the kiosk): pin it to +07:00.
class BangkokTime {
public:
    BangkokTime() {
        if (const char* old = std::getenv("TZ")) old_ = old;
        ::setenv("TZ", "<+07>-7", 1);
        ::tzset();
    }
    ~BangkokTime() {
        if (old_) ::setenv("TZ", old_->c_str(), 1);
        else ::unsetenv("TZ");
        ::tzset();
    }
    BangkokTime(const BangkokTime&) = delete;
    BangkokTime& operator=(const BangkokTime&) = delete;

private:
    std::optional<std::string> old_;
};

std::int64_t bangkok(const std::string& local) { return *parse_iso_utc(local + ":00+07:00"); }

SessionSettings office_settings(std::int64_t dim_ms = 120'000) {
    SessionSettings s = settings();
    s.office_hours = OfficeHours::parse("mon-fri 08:30-16:30", {"2026-12-01"});
    s.dim_when_closed_ms = dim_ms;
    return s;
}

}  // namespace

TEST_CASE("answers given while the office is closed are stored marked", "[session][office-hours]") {
    const BangkokTime zone;
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, office_settings(), sink);
    REQUIRE(session.rate(4, bangkok("2026-11-30T10:00")));  // Monday, open
    session.finish(bangkok("2026-11-30T10:01"));
    session.back_to_welcome(bangkok("2026-11-30T10:01"));
    REQUIRE(session.rate(2, bangkok("2026-11-30T16:30")));  // closing time: closed
    session.finish(bangkok("2026-11-30T16:31"));
    session.back_to_welcome(bangkok("2026-11-30T16:31"));
    REQUIRE(session.rate(5, bangkok("2026-12-01T10:00")));  // a closed date
    REQUIRE(sink.stored.size() == 3);
    CHECK_FALSE(sink.stored[0].outside_hours);
    CHECK(sink.stored[1].outside_hours);
    CHECK(sink.stored[2].outside_hours);
    // A complaint is marked when it is made (its category), like a rating.
    session.finish(bangkok("2026-12-01T10:01"));
    session.back_to_welcome(bangkok("2026-12-01T10:01"));
    session.start_complaint(bangkok("2026-12-05T20:00"));  // Saturday night
    session.choose_complaint_category(survey.complaint_categories.front().id, bangkok("2026-12-05T20:00"));
    REQUIRE(sink.stored.size() == 4);
    CHECK(sink.stored[3].kind == EntryKind::Complaint);
    CHECK(sink.stored[3].outside_hours);
    // Always open by default.
    RecordingSink plain_sink;
    Session plain(survey, settings(), plain_sink);
    REQUIRE(plain.rate(3, bangkok("2026-12-05T20:00")));
    CHECK_FALSE(plain_sink.stored[0].outside_hours);
}

TEST_CASE("Welcome wakes the loop when the office opens or closes", "[session][office-hours]") {
    const BangkokTime zone;
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, office_settings(), sink);
    session.tick(bangkok("2026-11-30T10:00"));
    CHECK(session.office_open(bangkok("2026-11-30T10:00")));
    CHECK(session.next_deadline() == bangkok("2026-11-30T16:30"));  // closing
    session.tick(bangkok("2026-11-30T16:30"));
    CHECK_FALSE(session.office_open(bangkok("2026-11-30T16:30")));
    CHECK_FALSE(session.dimmed());
    // Closed: the dim deadline comes first, then (after dimming) the next opening — which skips
    // the closed date.
    CHECK(session.next_deadline() == bangkok("2026-11-30T16:32"));
    session.tick(bangkok("2026-11-30T16:32"));
    CHECK(session.dimmed());
    CHECK(session.next_deadline() == bangkok("2026-12-02T08:30"));
    // The office opens: the screen lights up by itself.
    session.tick(bangkok("2026-12-02T08:30"));
    CHECK_FALSE(session.dimmed());
    CHECK(session.next_deadline() == bangkok("2026-12-02T16:30"));
    // Without office hours Welcome has nothing to wait for.
    Session plain(survey, settings(), sink);
    plain.tick(bangkok("2026-11-30T16:30"));
    CHECK_FALSE(plain.next_deadline());
    CHECK_FALSE(plain.dimmed());
}

TEST_CASE("the closed Welcome dims, the first touch only wakes it", "[session][office-hours]") {
    const BangkokTime zone;
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, office_settings(), sink);
    const std::int64_t night = bangkok("2026-11-30T20:00");
    session.tick(night);  // the kiosk starts: Welcome is shown from now
    session.tick(night + 119'000);
    CHECK_FALSE(session.dimmed());
    session.tick(night + 120'000);
    REQUIRE(session.dimmed());
    // The finger lands (touched) and lifts on a face: that wakes the screen, stores nothing.
    session.touched(night + 130'000);
    CHECK(session.dimmed());
    CHECK_FALSE(session.rate(5, night + 130'100));
    CHECK_FALSE(session.dimmed());
    CHECK(sink.stored.empty());
    CHECK(session.screen() == Screen::Welcome);
    // The dim clock restarts from that touch; the next tap is an answer, marked.
    CHECK(session.next_deadline() == night + 130'100 + 120'000);
    REQUIRE(session.rate(5, night + 131'000));
    REQUIRE(sink.stored.size() == 1);
    CHECK(sink.stored[0].outside_hours);
    // Back on Welcome after the thank-you: dimming counts from when Welcome came back.
    session.finish(night + 140'000);
    session.tick(night + 145'000);  // thank-you over
    REQUIRE(session.screen() == Screen::Welcome);
    CHECK(session.next_deadline() == night + 145'000 + 120'000);
    // The complaint button wakes too, without opening the complaint.
    session.tick(night + 265'000);
    REQUIRE(session.dimmed());
    session.start_complaint(night + 266'000);
    CHECK(session.screen() == Screen::Welcome);
    CHECK_FALSE(session.dimmed());
}

TEST_CASE("dim_when_closed 0 never dims", "[session][office-hours]") {
    const BangkokTime zone;
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, office_settings(0), sink);
    session.tick(bangkok("2026-11-30T20:00"));
    session.tick(bangkok("2026-11-30T23:00"));
    CHECK_FALSE(session.dimmed());
    CHECK(session.next_deadline() == bangkok("2026-12-02T08:30"));
}

// Issue 14, defect 6: the session's timers use Instant::mono_ms, entries Instant::wall_ms.
TEST_CASE("a wall-clock jump moves entry times but no timer", "[session][clock]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    constexpr std::int64_t day = 86'400'000, m0 = 1'000'000;
    session.rate(5, Instant{t0, m0});
    session.finish(Instant{t0 + 1000, m0 + 1000});
    session.tick(Instant{t0 - day, m0 + 6000});  // clock moved back a day; 5 s passed
    CHECK(session.screen() == Screen::Welcome);   // the thank-you screen still returned on time
    session.rate(4, Instant{t0 - day + 30'000, m0 + 30'000});
    REQUIRE(sink.stored.size() == 2);
    CHECK_FALSE(sink.stored[1].misuse);  // 29 s after the previous visitor, on any clock
    CHECK(sink.stored[1].created_utc_ms == t0 - day + 30'000);  // entry times stay wall-clock

    session.open_comment(Instant{t0 - day + 31'000, m0 + 31'000});
    session.set_draft_comment("x", Instant{t0 - day + 31'000, m0 + 31'000});
    session.tick(Instant{t0, m0 + 31'000 + 59'999});  // clock forward again: no early warning
    CHECK_FALSE(session.idle_warning());
    CHECK(session.next_deadline() == m0 + 31'000 + 60'000);
    session.tick(Instant{t0 - 2 * day, m0 + 31'000 + 60'000});  // and back: the warning still comes
    CHECK(session.idle_warning());
    session.tick(Instant{t0 - 2 * day, m0 + 31'000 + 80'000});  // and the reset after it
    CHECK(session.screen() == Screen::Welcome);
}

TEST_CASE("the misuse rule: within the interval, never on an unknown or negative gap", "[session]") {
    CHECK(too_soon_for_an_answer(9'999, 10'000));
    CHECK_FALSE(too_soon_for_an_answer(10'000, 10'000));
    CHECK_FALSE(too_soon_for_an_answer(-5, 10'000));
    CHECK_FALSE(too_soon_for_an_answer(std::nullopt, 10'000));
    CHECK_FALSE(too_soon_for_an_answer(0, 0));  // interval 0: the rule is off
}

// Issue 16, item 1: one visitor, one entry.
TEST_CASE("the follow-up closes by itself after its short timeout, the answer kept", "[session][queue]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);  // followup_timeout_ms: the 20 s default
    session.rate(2, t0);
    session.toggle_reason("long_wait", t0 + 1000);
    CHECK(session.followup_countdown());
    CHECK(session.followup_seconds_left(t0 + 1000) == 20);
    CHECK(session.next_deadline() == t0 + 21'000);
    session.tick(t0 + 20'999);
    CHECK(session.screen() == Screen::FollowUp);
    CHECK_FALSE(session.idle_warning());  // no long warning on the follow-up
    session.tick(t0 + 21'000);
    CHECK(session.screen() == Screen::Welcome);
    REQUIRE(sink.stored.size() == 1);
    CHECK(sink.stored[0].state == SessionState::Closed);
    CHECK(sink.stored[0].reasons == std::vector<std::string>{"long_wait"});
}

TEST_CASE("the next visitor starts from the follow-up: a new entry, the previous one closed", "[session][queue]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.set_language("en", t0);
    session.rate(2, t0 + 1000);
    REQUIRE(session.start_new_answer(4, t0 + 9000));  // 8 s after the previous visitor's last act
    CHECK(session.screen() == Screen::FollowUp);
    session.toggle_reason("fast", t0 + 10'000);
    REQUIRE(sink.stored.size() == 2);
    CHECK(sink.stored[0].state == SessionState::Closed);
    CHECK(sink.stored[0].reasons.empty());
    CHECK(sink.stored[1].rating == 4);
    CHECK(sink.stored[1].language == "en");  // as shown when the new visitor tapped
    CHECK(sink.stored[1].reasons == std::vector<std::string>{"fast"});
    CHECK_FALSE(sink.stored[1].misuse);  // a reason: a person answering, not a repeat tap
    CHECK(session.entry()->id == sink.stored[1].id);
    // Only from the follow-up: on Welcome the ordinary rate() is the way in.
    session.finish(t0 + 11'000);
    CHECK_FALSE(session.start_new_answer(3, t0 + 11'500));
    CHECK(sink.stored.size() == 2);
}

TEST_CASE("misuse: from the previous visitor's last act, and only a bare face", "[session][queue]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.rate(5, t0);
    session.tick(t0 + 20'000);  // walked away: closed automatically at 20 s
    REQUIRE(session.screen() == Screen::Welcome);
    session.rate(1, t0 + 25'000);  // 5 s after the close, 25 s after the last touch
    CHECK_FALSE(sink.stored[1].misuse);
    session.start_new_answer(1, t0 + 26'000);  // a repeat tap 1 s later: flagged
    CHECK(sink.stored[2].misuse);
    session.answer_dimension("staff", 1, t0 + 27'000);  // answers more: the flag goes
    CHECK_FALSE(sink.stored[2].misuse);
    session.answer_dimension("staff", 1, t0 + 28'000);  // and comes back when that is undone
    CHECK(sink.stored[2].misuse);
}

TEST_CASE("more time on the follow-up: the idle time instead of the short countdown", "[session][queue]") {
    const auto survey = default_survey();
    RecordingSink sink;
    Session session(survey, settings(), sink);
    session.rate(4, t0);
    session.more_time(t0 + 10'000);
    CHECK(session.followup_seconds_left(t0 + 10'000) == 60);
    session.tick(t0 + 69'999);
    CHECK(session.screen() == Screen::FollowUp);
    session.tick(t0 + 70'000);
    CHECK(session.screen() == Screen::Welcome);
}

// Issue 17: the optional profile screen comes after Follow-up, never before the rating; each
// choice is stored at once, tapping it again clears it, Skip/Done close the session, and the
// follow-up's short countdown (issue 16) closes it with what was chosen. A survey without [[profile]] never shows the screen.
TEST_CASE("the profile screen: after the rating and follow-up, optional, stored at once", "[session][profile]") {
    auto survey = default_survey();
    REQUIRE(survey.profile.empty());
    {
        RecordingSink sink;
        Session session(survey, settings(), sink);
        REQUIRE(session.rate(5, t0));
        session.finish(t0 + 1000);
        CHECK(session.screen() == Screen::ThankYou);  // the default survey asks no profile
        CHECK(sink.stored[0].state == SessionState::Closed);
    }
    survey.profile = {{"sex", {"เพศ", "Sex"}, {{"male", {"ชาย", "Male"}}, {"female", {"หญิง", "Female"}}}},
                      {"age", {"อายุ", "Age"}, {{"under_30", {"ต่ำกว่า 30 ปี", "Under 30"}}, {"60_plus", {"60 ปีขึ้นไป", "60+"}}}}};
    RecordingSink sink;
    Session session(survey, settings(), sink);
    CHECK(session.screen() == Screen::Welcome);
    session.answer_profile("sex", "male", t0);  // not on the profile screen: ignored
    REQUIRE(session.rate(4, t0));
    REQUIRE(sink.stored.size() == 1);
    CHECK(sink.stored[0].rating == 4);  // one tap is already a complete, stored answer
    CHECK(session.screen() == Screen::FollowUp);
    session.finish(t0 + 1000);
    CHECK(session.screen() == Screen::Profile);
    CHECK(to_string(Screen::Profile) == "profile");
    CHECK(sink.stored[0].state == SessionState::Open);
    session.answer_profile("sex", "female", t0 + 2000);
    CHECK(sink.stored[0].profile == std::map<std::string, std::string>{{"sex", "female"}});
    session.answer_profile("age", "60_plus", t0 + 3000);
    session.answer_profile("age", "60_plus", t0 + 4000);  // again: cleared (ไม่ระบุ)
    session.answer_profile("age", "no_such_option", t0 + 4500);
    session.answer_profile("income", "high", t0 + 4600);
    CHECK(sink.stored[0].profile == std::map<std::string, std::string>{{"sex", "female"}});
    session.finish(t0 + 5000);
    CHECK(session.screen() == Screen::ThankYou);
    CHECK(sink.stored[0].state == SessionState::Closed);
    CHECK(sink.stored[0].profile == std::map<std::string, std::string>{{"sex", "female"}});

    // Leaving on the profile screen: the short countdown (20 s after the last touch) closes
    // the session with the choices made, so the next visitor's taps cannot land here.
    RecordingSink idle_sink;
    Session idle(survey, settings(), idle_sink);
    REQUIRE(idle.rate(2, t0));
    idle.finish(t0 + 1000);
    idle.answer_profile("age", "under_30", t0 + 2000);
    CHECK(idle.followup_countdown());
    CHECK(idle.followup_seconds_left(t0 + 2000) == 20);
    idle.tick(t0 + 2000 + 19'999);
    CHECK(idle.screen() == Screen::Profile);
    idle.tick(t0 + 2000 + 20'000);
    CHECK(idle.screen() == Screen::Welcome);
    CHECK(idle_sink.stored[0].state == SessionState::Closed);
    CHECK(idle_sink.stored[0].profile.at("age") == "under_30");
}
