// The spoken prompts (issue 21): every sentence the kiosk may say, each under a stable prompt id,
// in Thai and English — the catalogue `feedback-kiosk audio list` prints for the office to record.
//
// Why ids and not text: Thai speech comes from the office's own recordings (espeak-ng's Thai is
// not usable), so each clip is a file named after the id: <data dir>/audio/<th|en>/<id>.wav. The
// ids never change; the text does. The text comes from the survey (the question, levels,
// reasons, categories …) and from the screens' own strings (ui/strings.h, plain data, read here
// as a header so both say exactly the same words), so an edited survey changes the list.
//
// Widget prompts use the screens' widget ids (rating.5, reason.<id>, complaint.category.<id>,
// followup.done …): the keypad's focus ring reports a widget id, and that id is the prompt.
// Screen titles are screen.<core::to_string(screen)>; confirmations are confirm.<what>.
//
// No SDL, ImGui or espeak here: `audio list` and `doctor` use this without a sound card.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/session.h"
#include "core/survey.h"

namespace feedback::speech {

struct Prompt {
    std::string id;
    std::string th;
    std::string en;
    const std::string& text(std::string_view language) const { return language == "en" ? en : th; }
};

// The office's names, for the sentences that say them ({office} in ui/strings.h).
struct PromptOffice {
    std::string name_th;
    std::string name_en;
};

class PromptCatalogue {
public:
    PromptCatalogue(const core::Survey& survey, const PromptOffice& office);

    // Every prompt, in the order a visitor meets them: screens, then widgets, then confirmations.
    const std::vector<Prompt>& all() const { return prompts_; }
    // Null when the id is not a prompt.
    const Prompt* find(std::string_view id) const;

    // The prompt ids spoken when `screen` is shown (its title, and the hint on Welcome); empty for
    // the staff screens, which never speak.
    static std::vector<std::string> screen_prompts(core::Screen screen);
    // The prompt id for a focused widget: the widget id itself when it is a prompt; a dimension's
    // level button (dimension.<q>.<n>) says the level (rating.<n>); empty when none.
    std::string widget_prompt(std::string_view widget_id) const;

private:
    std::vector<Prompt> prompts_;
};

inline constexpr std::string_view kConfirmRating = "confirm.rating";
inline constexpr std::string_view kIdleWarning = "screen.idle-warning";
// The Listen button's widget id and label (the label is the same in both languages: a visitor
// who cannot read the screen's language still finds it).
inline constexpr std::string_view kListenId = "a11y.listen";

}  // namespace feedback::speech
