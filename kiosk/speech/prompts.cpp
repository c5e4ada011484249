#include "speech/prompts.h"

#include <algorithm>

#include "ui/strings.h"

namespace feedback::speech {
namespace {

std::string with_office(std::string_view text, const std::string& name) {
    std::string out(text);
    static constexpr std::string_view kField = "{office}";
    for (auto at = out.find(kField); at != std::string::npos; at = out.find(kField, at + name.size()))
        out.replace(at, kField.size(), name);
    return out;
}

// The profile screen's strings live in profile_view.cpp (kept there by its author); repeated here
// word for word; tests/speech checks the two are equal (profile_view_strings()).
constexpr ui::Text kProfileTitle{"ข้อมูลทั่วไปของผู้ตอบ (ไม่บังคับ)", "About you (optional)"};

}  // namespace

PromptCatalogue::PromptCatalogue(const core::Survey& survey, const PromptOffice& office) {
    namespace s = ui::strings;
    auto add = [&](std::string id, std::string th, std::string en) {
        prompts_.push_back({std::move(id), std::move(th), std::move(en)});
    };
    auto add_text = [&](std::string id, const ui::Text& t) {
        add(std::move(id), with_office(t.th, office.name_th), with_office(t.en, office.name_en));
    };
    auto add_local = [&](std::string id, const core::LocalText& t) { add(std::move(id), t.th, t.en); };

    // Screen titles, in the order of core::Screen.
    add_local("screen.welcome", survey.main_question.text);
    add_text("welcome.hint", s::kTapAFace);
    add_text("screen.followup", s::kTellUsMore);
    add_text("screen.comment", s::kCommentTitle);
    add_text("screen.thankyou", s::kThankYou);
    add_text("screen.profile", kProfileTitle);
    add_text("screen.complaint-category", s::kComplaintTitle);
    add_text("complaint.intro", s::kComplaintIntro);
    add_text("screen.complaint-when", s::kWhenTitle);
    add_text("screen.complaint-description", s::kDescribeTitle);
    add_text("screen.complaint-contact-choice", s::kContactChoiceTitle);
    add_text("screen.complaint-pdpa", s::kPdpaTitle);
    add_text("screen.complaint-contact", s::kWithContact);
    add_text("screen.complaint-done", s::kComplaintReceived);
    add_text(std::string(kIdleWarning), s::kIdleQuestion);

    // Widgets: the survey's, then the screens' own buttons.
    for (const auto& level : survey.levels) add_local("rating." + std::to_string(level.value), level.label);
    for (const auto& r : survey.reasons) add_local("reason." + r.id, r.label);
    for (const auto& p : survey.service_points) add_local("service." + p.id, p.name);
    for (const auto& q : survey.dimensions) add_local("dimension." + q.id, q.text);
    for (const auto& q : survey.profile) {
        add_local("profile." + q.id, q.text);
        for (const auto& o : q.options) add_local("profile." + q.id + "." + o.id, o.label);
    }
    for (const auto& k : survey.complaint_categories) add_local("complaint.category." + k.id, k.label);
    for (const auto& k : survey.complaint_chips) add_local("complaint.chip." + k.id, k.label);
    for (const auto& p : survey.service_points) add_local("complaint.service." + p.id, p.name);
    add_text("complaint.when.today", s::kToday);
    add_text("complaint.when.yesterday", s::kYesterday);
    add_text("complaint.when.earlier", s::kEarlier);
    add_text("complaint.start", s::kComplaint);
    add_text("comment.open", s::kAddComment);
    add_text("followup.skip", s::kSkip);
    add_text("followup.done", s::kDone);
    add_text("profile.skip", s::kSkip);
    add_text("profile.done", s::kDone);
    add_text("thanks.done", s::kBackToStart);
    add_text("complaint.back", s::kBack);
    add_text("complaint.next", s::kNext);
    add_text("complaint.anonymous", s::kAnonymous);
    add_text("complaint.with-contact", s::kWithContact);
    add_text("pdpa.accept", s::kPdpaAccept);
    add_text("pdpa.decline", s::kPdpaDecline);
    add_text("complaint.submit", s::kSubmit);
    add_text("complaint.finish", s::kFinish);
    add_text("more-time", s::kMoreTime);
    add_text("keyboard.done", s::kSave);
    add_text("keyboard.cancel", s::kCancel);
    add("lang.th", "ภาษาไทย", "Thai");
    add("lang.en", "ภาษาอังกฤษ", "English");
    add_text("a11y.large", s::kLargeText);
    add_text("a11y.contrast", s::kHighContrast);
    add(std::string(kListenId), "ฟังเสียง", "Listen");  // the button shows both: "ฟังเสียง / Listen"

    // Confirmations after an answer.
    add_text(std::string(kConfirmRating), s::kThanksForRating);
}

const Prompt* PromptCatalogue::find(std::string_view id) const {
    const auto it = std::find_if(prompts_.begin(), prompts_.end(), [&](const Prompt& p) { return p.id == id; });
    return it == prompts_.end() ? nullptr : &*it;
}

std::vector<std::string> PromptCatalogue::screen_prompts(core::Screen screen) {
    using core::Screen;
    switch (screen) {
        case Screen::Welcome: return {"screen.welcome", "welcome.hint"};
        case Screen::ComplaintCategory: return {"screen.complaint-category", "complaint.intro"};
        case Screen::AdminPin:
        case Screen::Admin: return {};
        default: return {"screen." + std::string(core::to_string(screen))};
    }
}

std::string PromptCatalogue::widget_prompt(std::string_view widget_id) const {
    if (find(widget_id)) return std::string(widget_id);
    // dimension.<question>.<level>: the level's label.
    if (widget_id.rfind("dimension.", 0) == 0) {
        const auto dot = widget_id.rfind('.');
        if (dot != std::string_view::npos && dot + 2 == widget_id.size()) {
            const std::string level = "rating." + std::string(widget_id.substr(dot + 1));
            if (find(level)) return level;
        }
    }
    return {};
}

}  // namespace feedback::speech
