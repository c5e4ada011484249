#include "ui/driver.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>

#include "core/clock.h"

namespace feedback::ui {
namespace {

const std::set<std::string> kVerbs = {"tap",   "press", "type",          "key",          "wait",      "idle",
                                      "clock", "expect-screen", "expect-focus", "screenshot", "check-layout"};

// Half a pixel either way is rounding, not a layout fault.
constexpr float kSlack = 0.5f;

bool inside(const Rect& inner, const Rect& outer) {
    return inner.min.x >= outer.min.x - kSlack && inner.min.y >= outer.min.y - kSlack &&
           inner.max.x <= outer.max.x + kSlack && inner.max.y <= outer.max.y + kSlack;
}

bool overlap(const Rect& a, const Rect& b) {
    return std::min(a.max.x, b.max.x) - std::max(a.min.x, b.min.x) > 1.0f &&
           std::min(a.max.y, b.max.y) - std::max(a.min.y, b.min.y) > 1.0f;
}

Rect clipped(const Rect& r, const Rect& clip) {
    return {{std::max(r.min.x, clip.min.x), std::max(r.min.y, clip.min.y)},
            {std::min(r.max.x, clip.max.x), std::min(r.max.y, clip.max.y)}};
}

std::string describe(const Rect& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "(%.0f,%.0f)-(%.0f,%.0f)", r.min.x, r.min.y, r.max.x, r.max.y);
    return buf;
}

// Text a visitor typed (drawn in a clipped field) is never printed: it may be personal data.
std::string describe(const TextInfo& t) {
    std::string what = t.owner.empty() ? "text" : "label of " + t.owner;
    if (t.clip && !t.scrolled) return what + " in a field " + describe(t.line);
    return what + " '" + t.text + "' " + describe(t.line);
}

bool parse_int(const std::string& s, long long& out) {
    if (s.empty()) return false;
    std::size_t used = 0;
    try {
        out = std::stoll(s, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used == s.size() && out >= 0;
}

}  // namespace

const std::vector<std::string>& key_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (int d = 0; d <= 9; ++d) {
            n.push_back(std::to_string(d));
            n.push_back("KP_" + std::to_string(d));
        }
        for (const char* k : {"Return", "KP_Enter", "Tab", "Shift+Tab", "Up", "Down", "Left", "Right", "Escape",
                              "asterisk", "KP_Multiply"})
            n.emplace_back(k);
        return n;
    }();
    return names;
}

std::vector<Step> parse_script(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot read the script");
    std::vector<Step> steps;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#') continue;
        const auto space = line.find(' ', start);
        Step step{number, line.substr(start, space == std::string::npos ? std::string::npos : space - start), ""};
        if (space != std::string::npos) step.argument = line.substr(space + 1);
        if (step.verb != "type") {  // typed text keeps its spaces; other arguments are trimmed
            while (!step.argument.empty() && (step.argument.back() == ' ' || step.argument.back() == '\t'))
                step.argument.pop_back();
        }
        const auto where = file.string() + ":" + std::to_string(number) + ": ";
        if (!kVerbs.count(step.verb))
            throw std::runtime_error(where + "unknown step '" + step.verb +
                                     "' (expected tap, press, type, key, wait, idle, clock, expect-screen, expect-focus, screenshot or check-layout)");
        if (step.argument.empty() && step.verb != "check-layout") throw std::runtime_error(where + step.verb + " needs an argument");
        long long value = 0;
        if (step.verb == "key" && std::find(key_names().begin(), key_names().end(), step.argument) == key_names().end()) {
            std::string known;
            for (const auto& k : key_names()) known += (known.empty() ? "" : ", ") + k;
            throw std::runtime_error(where + "unknown key '" + step.argument + "' (known: " + known + ")");
        }
        if (step.verb == "press") {
            const auto space_at = step.argument.rfind(' ');
            if (space_at == std::string::npos || !parse_int(step.argument.substr(space_at + 1), value))
                throw std::runtime_error(where + "press needs a widget id and milliseconds, e.g. press admin.corner 3000");
        }
        if ((step.verb == "wait" || step.verb == "idle") && !parse_int(step.argument, value))
            throw std::runtime_error(where + step.verb + " needs a whole number, got '" + step.argument + "'");
        if (step.verb == "clock" && !core::parse_iso_utc(step.argument))
            throw std::runtime_error(where + "clock needs a time such as 2026-11-28T20:00:00+07:00, got '" +
                                     step.argument + "'");
        steps.push_back(std::move(step));
    }
    return steps;
}

std::vector<std::string> layout_problems(const std::vector<WidgetInfo>& all_widgets,
                                         const std::vector<TextInfo>& all_texts, ImVec2 window) {
    int top = 0;
    for (const auto& w : all_widgets) top = std::max(top, w.layer);
    for (const auto& t : all_texts) top = std::max(top, t.layer);
    std::vector<const WidgetInfo*> widgets;
    std::vector<const TextInfo*> texts;
    for (const auto& w : all_widgets)
        if (w.layer == top && w.scrolled_out == 0) widgets.push_back(&w);
    for (const auto& t : all_texts)
        if (t.layer == top && !t.text.empty()) texts.push_back(&t);
    const Rect screen{{0, 0}, window};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < widgets.size(); ++i) {
        const auto& w = *widgets[i];
        if (!inside(w.rect, screen)) out.push_back("widget " + w.id + " " + describe(w.rect) + " is outside the window");
        for (std::size_t j = i + 1; j < widgets.size(); ++j)
            if (!w.invisible && !widgets[j]->invisible && overlap(w.rect, widgets[j]->rect))
                out.push_back("widget " + w.id + " " + describe(w.rect) + " overlaps " + widgets[j]->id + " " +
                              describe(widgets[j]->rect));
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto& t = *texts[i];
        if (t.clip) {
            // In a scrolling field a line is either whole or not shown at all.
            if (!t.scrolled && overlap(t.line, *t.clip) && !inside(t.line, *t.clip))
                out.push_back(describe(t) + " is cut by its field's edge " + describe(*t.clip));
            if (!overlap(t.line, *t.clip) || t.clip->height() <= 0) continue;
        }
        if (!inside(t.scrolled ? clipped(t.line, *t.clip) : t.line, screen))
            out.push_back(describe(t) + " is outside the window");
        if (!inside(t.line, t.box)) out.push_back(describe(t) + " does not fit its box " + describe(t.box));
        if (t.cut_word) out.push_back(describe(t) + " ends inside a word (the word was cut to fit)");
        if (!t.drawn) out.push_back(describe(t) + " is not drawn (no glyphs where it should show)");
        const Rect seen = t.scrolled ? clipped(t.line, *t.clip) : t.line;
        for (const auto* w : widgets) {
            if (w->id == t.owner || w->invisible || !overlap(seen, w->rect)) continue;
            // Text a view draws itself inside a target (a face's label) belongs to it.
            if (t.owner.empty() && inside(seen, w->rect)) continue;
            out.push_back(describe(t) + " lies under widget " + w->id + " " + describe(w->rect));
        }
        for (std::size_t j = i + 1; j < texts.size(); ++j) {
            const auto& u = *texts[j];
            if (u.clip && !overlap(u.line, *u.clip)) continue;
            if (overlap(seen, u.scrolled ? clipped(u.line, *u.clip) : u.line)) out.push_back(describe(t) + " is drawn over " + describe(u));
        }
    }
    return out;
}

int run_script(const std::vector<Step>& steps, DriverHost& host) {
    bool layout_failed = false;
    for (const auto& step : steps) {
        std::string failure;
        if (step.verb == "tap" || step.verb == "press") {
            const std::string id = step.verb == "tap" ? step.argument : step.argument.substr(0, step.argument.rfind(' '));
            const WidgetInfo* found = nullptr;
            // A widget scrolled out of its region's window is scrolled to first, a page at a
            // time, as a visitor would (a bounded number of pages).
            for (int page = 0; page < 40; ++page) {
                found = nullptr;
                for (const auto& w : host.widgets())
                    if (w.id == id) found = &w;
                if (!found || found->scrolled_out == 0) break;
                const std::string button =
                    "scroll." + found->scroll_region + (found->scrolled_out < 0 ? ".up" : ".down");
                const WidgetInfo* scroll = nullptr;
                for (const auto& w : host.widgets())
                    if (w.id == button) scroll = &w;
                if (!scroll) break;
                host.tap_at(scroll->rect.center());
            }
            if (found && found->scrolled_out != 0) {
                failure = "widget '" + id + "' is scrolled out of view and cannot be scrolled to";
                found = nullptr;
            }
            if (!found && !failure.empty()) {
            } else if (!found) {
                failure = "no widget '" + id + "' on the " + host.screen_name() + " screen";
            } else if (step.verb == "tap") {
                host.tap_at(found->rect.center());
            } else {
                host.press_at(found->rect.center(), std::stoll(step.argument.substr(step.argument.rfind(' ') + 1)));
            }
        } else if (step.verb == "type") {
            std::string why;
            if (!host.type_text(step.argument, why)) failure = why;
        } else if (step.verb == "key") {
            std::string why;
            if (!host.press_key(step.argument, why)) failure = why;
        } else if (step.verb == "expect-focus") {
            const auto actual = host.focused_widget();
            const std::string shown_focus = actual.empty() ? "none" : actual;
            if (shown_focus != step.argument) failure = "expected the focus on " + step.argument + ", it is on " + shown_focus;
        } else if (step.verb == "wait") {
            host.wait_real(std::stoi(step.argument));
        } else if (step.verb == "idle") {
            host.advance_idle_clock(std::stoll(step.argument) * 1000);
        } else if (step.verb == "clock") {
            host.set_clock(*core::parse_iso_utc(step.argument));
        } else if (step.verb == "expect-screen") {
            const auto actual = host.screen_name();
            if (actual != step.argument) failure = "expected screen " + step.argument + ", showing " + actual;
        } else if (step.verb == "check-layout") {
            const auto problems = layout_problems(host.widgets(), host.texts(), host.window_size());
            for (const auto& p : problems)
                std::fprintf(stderr, "layout: %s%s%s\n", step.argument.c_str(), step.argument.empty() ? "" : ": ", p.c_str());
            // Not a stop: one run reports the layout of every screen it goes through.
            if (!problems.empty()) {
                std::fprintf(stderr, "script line %d: check-layout %s: %zu problem(s) on the %s screen\n", step.line,
                             step.argument.c_str(), problems.size(), host.screen_name().c_str());
                layout_failed = true;
                continue;
            }
        } else if (step.verb == "screenshot") {
            std::string why;
            if (!host.screenshot(step.argument, why)) failure = why;
        }
        // Typed text may be personal data (a complaint's name and phone): never echoed.
        std::string shown = step.argument.size() > 60 ? step.argument.substr(0, 60) + "…" : step.argument;
        if (step.verb == "type") shown = "(" + std::to_string(step.argument.size()) + " bytes)";
        if (!failure.empty()) {
            std::fprintf(stderr, "script line %d: %s %s: FAILED: %s\n", step.line, step.verb.c_str(), shown.c_str(),
                         failure.c_str());
            return 1;
        }
        if (step.verb == "key") {
            // Where the ring went, for the reader and for tests that check its pixels.
            const auto id = host.focused_widget();
            const WidgetInfo* w = nullptr;
            for (const auto& x : host.widgets())
                if (!id.empty() && x.id == id) w = &x;
            std::fprintf(stderr, "script line %d: key %s: ok; focus %s%s%s on the %s screen\n", step.line, shown.c_str(),
                         id.empty() ? "none" : id.c_str(), w ? " " : "", w ? describe(w->rect).c_str() : "",
                         host.screen_name().c_str());
            continue;
        }
        std::fprintf(stderr, "script line %d: %s %s: ok\n", step.line, step.verb.c_str(), shown.c_str());
    }
    return layout_failed ? 1 : 0;
}

}  // namespace feedback::ui
