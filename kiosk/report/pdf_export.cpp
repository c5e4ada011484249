// The PDF report (see pdf_export.h for why Cairo + Pango and how pages are laid out). Section
// order, headings and wording follow html_export.cpp, so the two documents can be held side by
// side; every figure comes from the Report through the same format functions.
//
// This file is built alone into the feedback-pdf.so module (kiosk/report/CMakeLists.txt), the
// only code of ours that links Pango and Cairo; the kiosk loads it on the first PDF export
// (pdf_loader.cpp, pdf_module.h for why).
#include "report/pdf_module.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "core/clock.h"
#include "core/utf8.h"

namespace feedback::report {
namespace {

// A4 in PostScript points, 15 mm margins (as the HTML's print stylesheet).
constexpr double kPageW = 595.2756, kPageH = 841.8898;
constexpr double kMargin = 42.52;
constexpr double kContentW = kPageW - 2 * kMargin;
constexpr double kFooterH = 22.0;
constexpr double kBottom = kPageH - kMargin - kFooterH;
// Laksaman is TLWG's TH Sarabun (DESIGN.md §4); Garuda and Loma carry Thai too.
constexpr const char* kFontFamily = "Laksaman, Garuda, Loma, sans-serif";

struct Rgb {
    double r, g, b;
};
Rgb hex(unsigned value) {
    return {((value >> 16) & 0xFF) / 255.0, ((value >> 8) & 0xFF) / 255.0, (value & 0xFF) / 255.0};
}
// Level colours 1 (red) .. 5 (green), as the HTML.
constexpr std::array<unsigned, 5> kLevelColours = {0xc0392b, 0xe67e22, 0xd4ac0d, 0x5dab4a, 0x1e7d3a};
constexpr unsigned kInk = 0x1a1a1a, kMuted = 0x555555, kRule = 0xb8c2cc, kHead = 0xe8eef4, kAccent = 0x0b4f8a,
                   kMainRow = 0xf5f8fb, kTrack = 0xeef1f4;

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
struct LayoutDeleter {
    void operator()(PangoLayout* l) const noexcept { g_object_unref(l); }
};
struct FontDeleter {
    void operator()(PangoFontDescription* f) const noexcept { pango_font_description_free(f); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

enum class Align { Left, Right, Center };

struct Cell {
    std::string text;
    Align align = Align::Left;
};

class PdfWriter {
public:
    PdfWriter(const Report& report, int total_pages, std::string* out)
        : r_(report), thai_(report.options.thai_digits), total_pages_(total_pages) {
        surface_.reset(cairo_pdf_surface_create_for_stream(append_to_string, out, kPageW, kPageH));
        cr_.reset(cairo_create(surface_.get()));
        // Document metadata: a title readers and file managers show.
        cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE,
                                       ("รายงานผลการประเมินความพึงพอใจ " + report.options.office_name).c_str());
        cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "feedback-kiosk");
    }

    // Lays out the whole document; returns the number of pages.
    int render() {
        y_ = kMargin;
        page_ = 1;
        cover();
        executive();
        overview();
        overall();
        by_dimension();
        groups_section("4. ผู้ตอบจำแนกตามจุดบริการ", r_.service_points, "จุดบริการ / ส่วนราชการ");
        groups_section("5. ผู้ตอบจำแนกตามช่องทาง", r_.channels, "ช่องทาง");
        by_month();
        by_weekday_hour();
        reasons();
        complaints();
        suggestions();
        definitions();
        footer();
        cairo_show_page(cr_.get());
        cairo_surface_finish(surface_.get());
        if (const auto status = cairo_surface_status(surface_.get()); status != CAIRO_STATUS_SUCCESS)
            throw std::runtime_error(std::string("cannot make the PDF: ") + cairo_status_to_string(status));
        return page_;
    }

private:
    // ---- text helpers (as the HTML's) ----
    std::string digits(std::string text) const { return thai_ ? core::to_thai_digits(text) : text; }
    std::string count(std::int64_t value) const { return digits(format_count(value)); }
    std::string dec(double value) const { return digits(core::format_2dp(value)); }
    std::string mean(const Stats& s) const { return digits(format_mean(s)); }
    std::string sd(const Stats& s) const { return digits(format_sd(s)); }
    std::string pct_of_max(const Stats& s) const { return s.n == 0 ? "-" : dec(s.percent_of_max); }
    std::string level(const Stats& s) const { return s.n == 0 ? "-" : std::string(core::level_name_th(s.level)); }
    std::string thai_date(core::CivilDate date) const {
        return core::format_thai_date(date, core::DateStyle::Abbreviated, thai_);
    }

    void colour(unsigned value) {
        const Rgb c = hex(value);
        cairo_set_source_rgb(cr_.get(), c.r, c.g, c.b);
    }

    // A Pango layout of `text` (logical Unicode; invalid UTF-8 replaced) in the report's font.
    LayoutPtr layout(const std::string& text, double size_pt, bool bold = false, double width = kContentW,
                     Align align = Align::Left) {
        LayoutPtr l(pango_cairo_create_layout(cr_.get()));
        std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_from_string(kFontFamily));
        pango_font_description_set_absolute_size(font.get(), size_pt * PANGO_SCALE);
        if (bold) pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
        pango_layout_set_font_description(l.get(), font.get());
        pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l.get(), align == Align::Right    ? PANGO_ALIGN_RIGHT
                                            : align == Align::Center ? PANGO_ALIGN_CENTER
                                                                     : PANGO_ALIGN_LEFT);
        const std::string valid = core::to_valid_utf8(text);
        pango_layout_set_text(l.get(), valid.c_str(), static_cast<int>(valid.size()));
        return l;
    }
    static double height_of(PangoLayout* l) {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }
    static double width_of(PangoLayout* l) {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        return static_cast<double>(w) / PANGO_SCALE;
    }
    void draw(PangoLayout* l, double x, double y, unsigned ink = kInk) {
        colour(ink);
        cairo_move_to(cr_.get(), x, y);
        pango_cairo_show_layout(cr_.get(), l);
    }
    // One line of text at (x, y); anchor: Left = starts at x, Right = ends at x, Center = centred.
    void label(const std::string& text, double x, double y, double size, Align anchor = Align::Left,
               unsigned ink = kInk, bool bold = false) {
        LayoutPtr l = layout(text, size, bold, -1);
        pango_layout_set_width(l.get(), -1);
        const double w = width_of(l.get());
        const double left = anchor == Align::Right ? x - w : anchor == Align::Center ? x - w / 2 : x;
        draw(l.get(), left, y, ink);
    }

    // ---- pages ----
    void footer() {
        const std::string number = "หน้า " + digits(std::to_string(page_)) + " / " + digits(std::to_string(total_pages_));
        colour(kRule);
        cairo_set_line_width(cr_.get(), 0.5);
        cairo_move_to(cr_.get(), kMargin, kPageH - kMargin - kFooterH + 4);
        cairo_line_to(cr_.get(), kPageW - kMargin, kPageH - kMargin - kFooterH + 4);
        cairo_stroke(cr_.get());
        label(r_.options.office_name + " · " + r_.period.label, kMargin, kPageH - kMargin - kFooterH + 7, 10, Align::Left,
              kMuted);
        label(number, kPageW - kMargin, kPageH - kMargin - kFooterH + 7, 10, Align::Right, kMuted);
    }
    void new_page() {
        footer();
        cairo_show_page(cr_.get());
        ++page_;
        y_ = kMargin;
    }
    // Starts a new page unless `height` more points fit on this one.
    void ensure(double height) {
        if (y_ + height > kBottom && y_ > kMargin + 1) new_page();
    }

    // ---- blocks ----
    void paragraph(const std::string& text, double size = 13, bool bold = false, unsigned ink = kInk,
                   double indent = 0, double after = 4) {
        LayoutPtr l = layout(text, size, bold, kContentW - indent);
        if (indent > 0) pango_layout_set_indent(l.get(), 0);
        // A paragraph taller than what is left is moved whole when it fits on a page; a longer
        // one is drawn line by line across pages.
        const double h = height_of(l.get());
        if (h <= kBottom - kMargin) {
            ensure(h);
            draw(l.get(), kMargin + indent, y_, ink);
            y_ += h + after;
            return;
        }
        PangoLayoutIter* iter = pango_layout_get_iter(l.get());
        do {
            PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(iter, nullptr, &logical);
            const double lh = static_cast<double>(logical.height) / PANGO_SCALE;
            ensure(lh);
            colour(ink);
            cairo_move_to(cr_.get(), kMargin + indent,
                          y_ + static_cast<double>(pango_layout_iter_get_baseline(iter) - logical.y) / PANGO_SCALE);
            pango_cairo_show_layout_line(cr_.get(), line);
            y_ += lh;
        } while (pango_layout_iter_next_line(iter));
        pango_layout_iter_free(iter);
        y_ += after;
    }

    void heading(const std::string& text) {
        LayoutPtr l = layout(text, 16, true);
        const double h = height_of(l.get());
        // Keep the heading with at least a few lines of what follows.
        ensure(h + 70);
        y_ += 6;
        draw(l.get(), kMargin, y_, kAccent);
        y_ += h + 1;
        colour(kRule);
        cairo_set_line_width(cr_.get(), 0.7);
        cairo_move_to(cr_.get(), kMargin, y_);
        cairo_line_to(cr_.get(), kPageW - kMargin, y_);
        cairo_stroke(cr_.get());
        y_ += 5;
    }
    void subheading(const std::string& text) {
        LayoutPtr l = layout(text, 14, true);
        const double h = height_of(l.get());
        ensure(h + 90);  // with the start of what it heads (a table's heading and first rows)
        y_ += 3;
        draw(l.get(), kMargin, y_);
        y_ += h + 3;
    }
    void boxed(const std::string& text, bool bold = false) {
        LayoutPtr l = layout(text, 13, bold, kContentW - 16);
        const double h = height_of(l.get()) + 8;
        ensure(h);
        colour(kMainRow);
        cairo_rectangle(cr_.get(), kMargin, y_, kContentW, h);
        cairo_fill(cr_.get());
        colour(kAccent);
        cairo_rectangle(cr_.get(), kMargin, y_, 3, h);
        cairo_fill(cr_.get());
        draw(l.get(), kMargin + 10, y_ + 4);
        y_ += h + 6;
    }

    // A table: relative column widths, a heading row (repeated on each new page), rows never split.
    void table(const std::vector<double>& widths, const std::vector<std::string>& head,
               const std::vector<std::vector<Cell>>& rows, const std::vector<bool>& main_rows = {}, double size = 12) {
        double total = 0;
        for (double w : widths) total += w;
        std::vector<double> cols;
        for (double w : widths) cols.push_back(w / total * kContentW);
        const double pad = 3.0;
        const auto row_height = [&](const std::vector<std::string>& texts, bool bold) {
            double h = 0;
            for (std::size_t c = 0; c < texts.size() && c < cols.size(); ++c)
                h = std::max(h, height_of(layout(texts[c], size, bold, cols[c] - 2 * pad).get()));
            return h + 2 * pad;
        };
        const auto draw_row = [&](const std::vector<Cell>& cells, bool bold, unsigned fill) {
            std::vector<std::string> texts;
            for (const auto& c : cells) texts.push_back(c.text);
            const double h = row_height(texts, bold);
            double x = kMargin;
            for (std::size_t c = 0; c < cols.size(); ++c) {
                if (fill) {
                    colour(fill);
                    cairo_rectangle(cr_.get(), x, y_, cols[c], h);
                    cairo_fill(cr_.get());
                }
                colour(kRule);
                cairo_set_line_width(cr_.get(), 0.6);
                cairo_rectangle(cr_.get(), x, y_, cols[c], h);
                cairo_stroke(cr_.get());
                if (c < cells.size()) {
                    LayoutPtr l = layout(cells[c].text, size, bold, cols[c] - 2 * pad, cells[c].align);
                    draw(l.get(), x + pad, y_ + pad);
                }
                x += cols[c];
            }
            y_ += h;
        };
        std::vector<Cell> head_cells;
        for (const auto& h : head) head_cells.push_back({h, Align::Center});
        const double head_h = row_height(head, true);
        // The heading and the first row together.
        if (!rows.empty()) {
            std::vector<std::string> first;
            for (const auto& c : rows.front()) first.push_back(c.text);
            ensure(head_h + row_height(first, main_rows.empty() ? false : main_rows.front()));
        } else {
            ensure(head_h);
        }
        draw_row(head_cells, true, kHead);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const bool main = i < main_rows.size() && main_rows[i];
            std::vector<std::string> texts;
            for (const auto& c : rows[i]) texts.push_back(c.text);
            const double h = row_height(texts, main);
            if (y_ + h > kBottom) {
                new_page();
                draw_row(head_cells, true, kHead);
            }
            draw_row(rows[i], main, main ? kMainRow : 0);
        }
        y_ += 8;
    }

    static Cell num(std::string text) { return {std::move(text), Align::Right}; }
    static Cell center(std::string text) { return {std::move(text), Align::Center}; }
    static Cell left(std::string text) { return {std::move(text), Align::Left}; }

    // ---- sections ----
    void cover() {
        paragraph(r_.options.office_name, 16, true, kInk, 0, 2);
        paragraph("รายงานผลการประเมินความพึงพอใจของผู้มาติดต่อหรือรับบริการ", 20, true, kAccent, 0, 2);
        paragraph(r_.period.thai_title(thai_), 15, false, kInk, 0, 2);
        paragraph(r_.options.office_name_en + " · Service satisfaction report · " + r_.period.english_title(), 11,
                  false, kMuted, 0, 2);
        paragraph(r_.options.edition == Edition::Public ? "ฉบับเผยแพร่ต่อสาธารณะ (Public edition)"
                                                        : "ฉบับใช้ภายในหน่วยงาน (Internal edition)",
                  12, true, kAccent, 0, 4);
        colour(kAccent);
        cairo_set_line_width(cr_.get(), 1.5);
        cairo_move_to(cr_.get(), kMargin, y_);
        cairo_line_to(cr_.get(), kPageW - kMargin, y_);
        cairo_stroke(cr_.get());
        y_ += 8;
    }

    void executive() {
        heading("บทสรุปสำหรับผู้บริหาร");
        for (const auto& sentence : r_.summary) paragraph(digits(sentence.text.th), 13, false, kInk, 0, 3);
        std::string en;
        for (const auto& sentence : r_.summary) en += sentence.text.en + " ";
        if (!en.empty()) paragraph(en, 10.5, false, kMuted, 0, 6);
        if (!r_.comparisons.empty() || r_.target) {
            subheading("เปรียบเทียบกับช่วงก่อนหน้าและเป้าหมาย");
            std::vector<std::vector<Cell>> rows;
            const auto& s = r_.main.stats;
            rows.push_back({left(r_.period.thai_title(thai_)), num(count(s.n)), num(mean(s)), num(pct_of_max(s)),
                            center(level(s)), center("-")});
            for (const auto& c : r_.comparisons)
                rows.push_back({left(c.period.thai_title(thai_)), num(count(c.stats.n)), num(mean(c.stats)),
                                num(pct_of_max(c.stats)), center(level(c.stats)),
                                c.percent_change ? num(digits((*c.percent_change > 0 ? "+" : "") +
                                                              core::format_2dp(*c.percent_change)))
                                                 : center("-")});
            std::vector<bool> main(rows.size(), false);
            main[0] = true;
            table({4.2, 1.2, 1.1, 1.1, 1.2, 1.4}, {"ช่วงเวลา", "จำนวนผู้ตอบ", "ค่าเฉลี่ย", "ร้อยละ", "ระดับ", "เปลี่ยนแปลง (ร้อยละ)"},
                  rows, main, 11.5);
            if (r_.target)
                paragraph("เป้าหมายของหน่วยงาน: ร้อยละ " + dec(r_.target->target_percent) + " · ผลการประเมิน ร้อยละ " +
                              pct_of_max(s) + " · " + (r_.target->met ? "บรรลุเป้าหมาย" : "ไม่บรรลุเป้าหมาย"),
                          13, true, r_.target->met ? kLevelColours[4] : kLevelColours[0]);
        }
        if (!r_.options.actions_th.empty()) {
            subheading("แนวทางการปรับปรุงการให้บริการ");
            paragraph(r_.options.actions_th, 13);
        }
        signatures();
    }

    void signatures() {
        const auto& sigs = r_.options.signatories;
        if (sigs.empty()) return;
        const double col_w = kContentW / static_cast<double>(std::min<std::size_t>(sigs.size(), 3));
        const double block_h = 110;
        ensure(block_h);
        y_ += 10;
        for (std::size_t i = 0; i < sigs.size(); ++i) {
            if (i > 0 && i % 3 == 0) {
                y_ += block_h;
                ensure(block_h);
            }
            const double cx = kMargin + col_w * (static_cast<double>(i % 3) + 0.5);
            const auto& sig = sigs[i];
            double y = y_ + 24;
            const auto line = [&](const std::string& text, unsigned ink = kInk) {
                LayoutPtr l = layout(text, 12, false, col_w - 8, Align::Center);
                draw(l.get(), cx - (col_w - 8) / 2, y, ink);
                y += height_of(l.get()) + 1;
            };
            line("ลงชื่อ ..............................");
            line("(" + (sig.name.empty() ? std::string("..............................") : sig.name) + ")");
            line(sig.position.empty() ? std::string("ตำแหน่ง ..............................") : sig.position);
            line(sig.role.th, kMuted);
        }
        y_ += block_h;
    }

    void overview() {
        heading("1. ข้อมูลทั่วไป");
        std::vector<std::vector<Cell>> rows;
        rows.push_back({left("ช่วงเวลาของรายงาน"), left(thai_date(r_.period.first) + " – " + thai_date(r_.period.last))});
        rows.push_back({left("แบบประเมิน"), left(r_.survey.title.th)});
        rows.push_back({left("รายการทั้งหมดในช่วงเวลา (แบบประเมินและเรื่องร้องเรียน)"), left(count(r_.entries))});
        rows.push_back({left("แบบประเมินความพึงพอใจที่บันทึก"), left(count(r_.ratings))});
        rows.push_back({left("ไม่นับ: กดซ้ำในเวลาอันสั้น (สงสัยว่าไม่ใช่คำตอบจริง)"), left(count(r_.misuse_excluded))});
        if (r_.invalid_excluded > 0) rows.push_back({left("ไม่นับ: ข้อมูลไม่สมบูรณ์"), left(count(r_.invalid_excluded))});
        rows.push_back({left("จำนวนผู้ตอบที่นำมาวิเคราะห์ (n)"), left(count(r_.respondents()))});
        rows.push_back({left("เรื่องร้องเรียน"), left(count(r_.complaints.total))});
        table({6.2, 3.8}, {"รายการ", "จำนวน / รายละเอียด"}, rows);
        if (!r_.has_profile_answers()) return;
        subheading("ข้อมูลทั่วไปของผู้ตอบแบบสอบถาม");
        std::vector<std::vector<Cell>> profile_rows;
        std::vector<bool> main;
        for (const auto& p : r_.profile) {
            profile_rows.push_back({left(p.text.th), num(""), num("")});
            main.push_back(true);
            for (const auto& o : p.options) {
                if (o.suppressed)
                    profile_rows.push_back({left("    " + o.label.th), num(digits("น้อยกว่า 5")), num("-")});
                else
                    profile_rows.push_back({left("    " + o.label.th), num(count(o.count)), num(dec(o.percent))});
                main.push_back(false);
            }
        }
        table({6, 2, 2}, {"ข้อมูลผู้ตอบ", "จำนวน", "ร้อยละ"}, profile_rows, main);
        paragraph("ร้อยละคิดจากจำนวนผู้ตอบที่นำมาวิเคราะห์ (n = " + count(r_.respondents()) +
                      ") ไม่ระบุ คือผู้ตอบที่ไม่ได้ตอบคำถามข้อนั้น",
                  11, false, kMuted);
    }

    void level_chart(const Stats& s) {
        const double row_h = 22, label_w = 110, bar_max = 290;
        const double h = row_h * 5 + 24;
        ensure(h);
        for (int i = 0; i < 5; ++i) {
            const int lv = 5 - i;
            const double y = y_ + i * row_h;
            const double pct = s.level_percent(lv);
            label(std::string(core::level_name_th(lv)) + " (" + digits(std::to_string(lv)) + ")", kMargin + label_w - 6,
                  y + 2, 12, Align::Right);
            colour(kTrack);
            cairo_rectangle(cr_.get(), kMargin + label_w, y + 3, bar_max, 15);
            cairo_fill(cr_.get());
            colour(kLevelColours[static_cast<std::size_t>(lv - 1)]);
            cairo_rectangle(cr_.get(), kMargin + label_w, y + 3, pct / 100.0 * bar_max, 15);
            cairo_fill(cr_.get());
            label(count(s.count(lv)) + " (" + dec(pct) + "%)", kMargin + label_w + bar_max + 6, y + 2, 12);
        }
        y_ += row_h * 5 + 2;
        label("จำนวนและร้อยละของผู้ตอบในแต่ละระดับความพึงพอใจ (n = " + count(s.n) + ")", kPageW / 2, y_, 11,
              Align::Center, kMuted);
        y_ += 22;
    }

    void overall() {
        const auto& s = r_.main.stats;
        heading("2. ความพึงพอใจโดยรวม");
        paragraph("คำถาม: " + r_.main.text.th);
        if (s.n == 0) {
            boxed("ไม่มีผู้ตอบแบบประเมินในช่วงเวลานี้", true);
            return;
        }
        boxed("ค่าเฉลี่ย " + mean(s) + " · S.D. " + sd(s) + " · ร้อยละ " + pct_of_max(s) + " · ระดับความพึงพอใจ " +
              level(s) + " · n = " + count(s.n));
        level_chart(s);
        std::vector<std::vector<Cell>> rows;
        for (int lv = 5; lv >= 1; --lv)
            rows.push_back({left(std::string(core::level_name_th(lv))), center(digits(std::to_string(lv))),
                            num(count(s.count(lv))), num(dec(s.level_percent(lv)))});
        rows.push_back({left("รวม"), center(""), num(count(s.n)), num(dec(100.0))});
        std::vector<bool> main(rows.size(), false);
        main.back() = true;
        table({4, 2, 2, 2}, {"ระดับความพึงพอใจ", "คะแนน", "จำนวน", "ร้อยละ"}, rows, main);
    }

    void means_chart() {
        std::vector<const QuestionResult*> rows{&r_.main};
        for (const auto& q : r_.dimensions) rows.push_back(&q);
        const double row_h = 20, label_w = 200, bar_max = 250;
        const double h = row_h * static_cast<double>(rows.size()) + 40;
        ensure(h);
        const double top = y_;
        const double axis_bottom = top + row_h * static_cast<double>(rows.size());
        for (int tick = 0; tick <= 5; ++tick) {
            const double x = kMargin + label_w + tick * bar_max / 5;
            colour(0xd5dbe1);
            cairo_set_line_width(cr_.get(), 0.5);
            cairo_move_to(cr_.get(), x, top);
            cairo_line_to(cr_.get(), x, axis_bottom);
            cairo_stroke(cr_.get());
            label(digits(std::to_string(tick)), x, axis_bottom + 1, 11, Align::Center);
        }
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& q = *rows[i];
            const double y = top + static_cast<double>(i) * row_h;
            std::string text = i == 0 ? std::string("ภาพรวม") : q.text.th;
            LayoutPtr l = layout(text, 11.5, false, label_w - 8, Align::Right);
            pango_layout_set_ellipsize(l.get(), PANGO_ELLIPSIZE_END);
            pango_layout_set_height(l.get(), -1);
            draw(l.get(), kMargin, y + 1);
            if (q.stats.n == 0) continue;
            const double w = core::round_2dp(q.stats.mean) / 5.0 * bar_max;
            colour(kLevelColours[static_cast<std::size_t>(q.stats.level - 1)]);
            cairo_rectangle(cr_.get(), kMargin + label_w, y + 3, w, 14);
            cairo_fill(cr_.get());
            label(mean(q.stats), kMargin + label_w + w + 4, y + 1, 11.5);
        }
        y_ = axis_bottom + 20;
        label("ค่าเฉลี่ยความพึงพอใจ (เต็ม " + digits("5") + ")", kPageW / 2, y_, 11, Align::Center, kMuted);
        y_ += 22;
    }

    void by_dimension() {
        heading("3. ความพึงพอใจรายด้าน");
        std::vector<std::vector<Cell>> rows;
        const auto stats_row = [&](const std::string& name, const Stats& s, const std::string& rank) {
            rows.push_back({left(name), num(count(s.n)), num(mean(s)), num(sd(s)), num(pct_of_max(s)), center(level(s)),
                            center(rank)});
        };
        stats_row("ภาพรวม: " + r_.main.text.th, r_.main.stats, "-");
        for (const auto& q : r_.dimensions) stats_row(q.text.th, q.stats, q.rank ? digits(std::to_string(*q.rank)) : "-");
        std::vector<bool> main(rows.size(), false);
        main[0] = true;
        table({4.6, 0.9, 1.1, 0.9, 1.0, 1.3, 0.9}, {"ประเด็นการประเมิน", "n", "ค่าเฉลี่ย", "S.D.", "ร้อยละ", "ระดับ", "อันดับ"},
              rows, main, 11.5);
        if (r_.dimensions.empty()) paragraph("แบบประเมินนี้ไม่มีคำถามรายด้าน", 11, false, kMuted);
        means_chart();

        subheading("จำนวน (ร้อยละ) ของผู้ตอบในแต่ละระดับ");
        std::vector<std::string> head{"ประเด็นการประเมิน"};
        for (int lv = 5; lv >= 1; --lv) head.push_back(std::string(core::level_name_th(lv)) + " (" + digits(std::to_string(lv)) + ")");
        std::vector<std::vector<Cell>> dist;
        const auto dist_row = [&](const std::string& name, const Stats& s) {
            std::vector<Cell> row{left(name)};
            for (int lv = 5; lv >= 1; --lv)
                row.push_back(num(count(s.count(lv)) + " (" + (s.n == 0 ? std::string("-") : dec(s.level_percent(lv))) + ")"));
            dist.push_back(std::move(row));
        };
        dist_row("ภาพรวม", r_.main.stats);
        for (const auto& q : r_.dimensions) dist_row(q.text.th, q.stats);
        std::vector<bool> dist_main(dist.size(), false);
        dist_main[0] = true;
        table({3.4, 1.3, 1.3, 1.3, 1.3, 1.3}, head, dist, dist_main, 11);
    }

    void groups_section(const std::string& title, const std::vector<GroupResult>& groups, const std::string& name) {
        heading(title);
        std::vector<std::vector<Cell>> rows;
        for (const auto& g : groups) {
            if (g.suppressed)
                rows.push_back({left(g.label.th), num(digits("น้อยกว่า 5")), num("-"), num("-"), num("-"), num("-"),
                                center("-")});
            else
                rows.push_back({left(g.label.th), num(count(g.stats.n)), num(dec(g.share_percent)), num(mean(g.stats)),
                                num(sd(g.stats)), num(pct_of_max(g.stats)), center(level(g.stats))});
        }
        table({3.4, 1.2, 1.3, 1.1, 0.9, 1.0, 1.3}, {name, "จำนวนผู้ตอบ", "ร้อยละของผู้ตอบ", "ค่าเฉลี่ย", "S.D.", "ร้อยละ", "ระดับ"},
              rows, {}, 11.5);
    }

    void month_chart() {
        const double h = 190;
        ensure(h + 20);
        const double left_x = kMargin + 26, right_x = kPageW - kMargin, top = y_ + 14, bottom = y_ + 140;
        const double plot_h = bottom - top;
        const int n = std::max<int>(1, static_cast<int>(r_.months.size()));
        const double band = (right_x - left_x) / n;
        for (int tick = 0; tick <= 5; ++tick) {
            const double y = bottom - tick * plot_h / 5;
            colour(0xd5dbe1);
            cairo_set_line_width(cr_.get(), 0.5);
            cairo_move_to(cr_.get(), left_x, y);
            cairo_line_to(cr_.get(), right_x, y);
            cairo_stroke(cr_.get());
            label(digits(std::to_string(tick)), left_x - 6, y - 8, 11, Align::Right);
        }
        const bool many = r_.months.size() > 12;
        for (std::size_t i = 0; i < r_.months.size(); ++i) {
            const auto& m = r_.months[i];
            const double centre = left_x + band * (static_cast<double>(i) + 0.5);
            if (m.stats.n > 0) {
                const double bh = core::round_2dp(m.stats.mean) / 5.0 * plot_h;
                const double w = band * 0.6;
                colour(kLevelColours[static_cast<std::size_t>(m.stats.level - 1)]);
                cairo_rectangle(cr_.get(), centre - w / 2, bottom - bh, w, bh);
                cairo_fill(cr_.get());
                if (!many) label(mean(m.stats), centre, bottom - bh - 16, 11, Align::Center);
            }
            label(many ? std::string(core::thai_month_abbr(m.month)) : digits(month_label_th(m.year, m.month)), centre,
                  bottom + 3, many ? 8.5 : 11, Align::Center);
            if (!many)
                label(m.suppressed ? std::string("n < ") + digits("5") : "n = " + count(m.stats.n), centre, bottom + 18,
                      10, Align::Center, kMuted);
        }
        y_ = bottom + 40;
        label("ค่าเฉลี่ยความพึงพอใจโดยรวมรายเดือน (เต็ม " + digits("5") + ") และจำนวนผู้ตอบ", kPageW / 2, y_, 11,
              Align::Center, kMuted);
        y_ += 24;
    }

    void by_month() {
        heading("6. แนวโน้มรายเดือน");
        month_chart();
        std::vector<std::vector<Cell>> rows;
        for (const auto& m : r_.months) {
            if (m.suppressed)
                rows.push_back({left(digits(month_label_th(m.year, m.month))), num(digits("น้อยกว่า 5")), num("-"), num("-"),
                                num("-"), center("-")});
            else
                rows.push_back({left(digits(month_label_th(m.year, m.month))), num(count(m.stats.n)), num(mean(m.stats)),
                                num(sd(m.stats)), num(pct_of_max(m.stats)), center(level(m.stats))});
        }
        table({2.5, 1.5, 1.3, 1.1, 1.2, 1.5}, {"เดือน", "จำนวนผู้ตอบ", "ค่าเฉลี่ย", "S.D.", "ร้อยละ", "ระดับ"}, rows, {}, 11.5);
    }

    void by_weekday_hour() {
        heading("7. วันและช่วงเวลาที่ตอบแบบประเมิน");
        const HeatMapSpan span = heat_map_span(r_);
        const int first = span.first_hour;
        const std::int64_t max = span.max_cell;
        const int columns = span.columns();
        const double label_w = 56, cell_h = 20;
        const double cell_w = std::min(36.0, (kContentW - label_w) / columns);
        ensure(16 + kWeekdays * cell_h + 30);
        const double top = y_ + 16;
        for (int c = 0; c < columns; ++c) {
            const int hour = first + c;
            label(digits((hour < 10 ? "0" : "") + std::to_string(hour)), kMargin + label_w + c * cell_w + cell_w / 2, y_,
                  10, Align::Center);
        }
        for (int row = 0; row < kWeekdays; ++row) {
            const double y = top + row * cell_h;
            label(std::string(weekday_row_name_th(row)), kMargin + label_w - 4, y + 2, 11, Align::Right);
            for (int c = 0; c < columns; ++c) {
                const auto v = r_.weekday_hour[static_cast<std::size_t>(row)][static_cast<std::size_t>(first + c)];
                const double t = max == 0 ? 0.0 : static_cast<double>(v) / static_cast<double>(max);
                const double x = kMargin + label_w + c * cell_w;
                if (v > 0) {
                    const auto mix = [t](double from, double to) { return (from + (to - from) * t) / 255.0; };
                    cairo_set_source_rgb(cr_.get(), mix(0xde, 0x08), mix(0xeb, 0x30), mix(0xf7, 0x6b));
                } else {
                    colour(0xf2f4f6);
                }
                cairo_rectangle(cr_.get(), x, y, cell_w - 1.5, cell_h - 1.5);
                cairo_fill(cr_.get());
                if (v > 0)
                    label(count(v), x + (cell_w - 1.5) / 2, y + 3, v >= 10000 ? 7 : 9, Align::Center,
                          t > 0.55 ? 0xffffff : kInk);
            }
        }
        y_ = top + kWeekdays * cell_h + 4;
        label("จำนวนผู้ตอบแบบประเมินจำแนกตามวันในสัปดาห์และชั่วโมง (เวลาประเทศไทย)", kPageW / 2, y_, 11, Align::Center,
              kMuted);
        y_ += 24;
    }

    void reasons() {
        heading("8. เหตุผลที่ผู้ตอบเลือก");
        std::int64_t chosen = 0;
        for (const auto& reason : r_.reasons) chosen += reason.count;
        if (chosen == 0) {
            boxed("ไม่มีผู้ตอบเลือกเหตุผล", true);
            return;
        }
        std::vector<std::vector<Cell>> rows;
        for (const auto& reason : r_.reasons)
            rows.push_back({left(reason.label.th), num(count(reason.count)), num(dec(reason.percent))});
        table({5, 2.5, 2.5}, {"เหตุผล", "จำนวนครั้งที่เลือก", "ร้อยละของผู้ตอบ"}, rows);
        paragraph(digits("ผู้ตอบหนึ่งคนเลือกได้หลายเหตุผลหรือไม่เลือกเลย ร้อยละจึงรวมกันไม่จำเป็นต้องเท่ากับ 100"), 11, false,
                  kMuted);
    }

    void complaints() {
        const auto& c = r_.complaints;
        heading("9. เรื่องร้องเรียน");
        if (c.total == 0) {
            boxed(std::string(kNoComplaintsTh), true);
        } else {
            boxed("เรื่องร้องเรียนทั้งหมด " + count(c.total) + " เรื่อง · เรื่องอ่อนไหว (เสนอผู้บริหารโดยตรง) " +
                  count(c.sensitive) + " เรื่อง");
            std::vector<std::vector<Cell>> rows;
            for (const auto& category : c.by_category) rows.push_back({left(category.label.th), num(count(category.count))});
            rows.push_back({left("รวม"), num(count(c.total))});
            std::vector<bool> main(rows.size(), false);
            main.back() = true;
            table({7, 3}, {"ประเภทเรื่องร้องเรียน", "จำนวน"}, rows, main);
        }
        paragraph(std::string(kStatusNotTrackedTh) + " รายงานนี้ไม่แสดงรายละเอียดและข้อมูลติดต่อของผู้ร้องเรียน", 11, false,
                  kMuted);
    }

    void suggestions() {
        const auto& all = r_.suggestions;
        heading("10. ข้อเสนอแนะ");
        if (r_.suggestions_withheld > 0)
            paragraph("ฉบับเผยแพร่แสดงเฉพาะข้อเสนอแนะที่เจ้าหน้าที่อนุมัติให้เผยแพร่ (ไม่แสดง " + count(r_.suggestions_withheld) +
                          " รายการ)",
                      11, false, kMuted);
        paragraph("ข้อมูลส่วนบุคคลในข้อเสนอแนะ (ชื่อ เบอร์โทรศัพท์ อีเมล เลขประจำตัวประชาชน) ถูกปกปิด", 11, false, kMuted);
        if (all.empty()) {
            boxed("ไม่มีข้อเสนอแนะ", true);
            return;
        }
        const std::size_t limit = r_.options.suggestion_limit == 0 ? all.size()
                                                                    : std::min(all.size(), r_.options.suggestion_limit);
        std::string intro = "ข้อเสนอแนะทั้งหมด " + count(static_cast<std::int64_t>(all.size())) + " รายการ";
        if (limit < all.size())
            intro += " (แสดง " + count(static_cast<std::int64_t>(limit)) +
                     " รายการแรกตามลำดับเวลา รายการทั้งหมดอยู่ในไฟล์ CSV และแผ่นงานข้อมูลดิบ)";
        paragraph(intro);
        std::vector<std::vector<Cell>> rows;
        for (std::size_t i = 0; i < limit; ++i) {
            const auto& s = all[i];
            const auto* sp = r_.survey.find_service_point(s.service_point);
            rows.push_back({num(thai_date(s.date)), center(digits(std::to_string(s.rating))),
                            left(sp ? sp->name.th : s.service_point.empty() ? std::string("-") : s.service_point),
                            left(s.text)});
        }
        table({1.6, 0.9, 1.8, 5.7}, {"วันที่", "คะแนน", "จุดบริการ", "ข้อเสนอแนะ"}, rows, {}, 11.5);
    }

    void definitions() {
        heading("หมายเหตุและเกณฑ์การแปลผล");
        std::vector<std::vector<Cell>> rows;
        for (int lv = 5; lv >= 1; --lv)
            rows.push_back({center(dec(r_.scale.lower_bound_of(lv)) + " – " + dec(r_.scale.upper_bound_of(lv))),
                            left(std::string(core::level_name_th(lv)))});
        table({4, 6}, {"ค่าเฉลี่ย", "ระดับความพึงพอใจ"}, rows);
        for (const char* note :
             {"คะแนน 5 = มากที่สุด ถึง 1 = น้อยที่สุด; S.D. คือส่วนเบี่ยงเบนมาตรฐานของกลุ่มตัวอย่าง (หารด้วย n − 1); "
              "ร้อยละ = ค่าเฉลี่ย ÷ 5 × 100 คำนวณจากค่าเฉลี่ยทศนิยมสองตำแหน่งที่แสดง",
              "ตัวเลขทศนิยมปัดสองตำแหน่งแบบปัดครึ่งขึ้น ร้อยละของแต่ละระดับจึงอาจรวมกันไม่เท่ากับ 100.00 พอดี",
              "อันดับเรียงจากค่าเฉลี่ยรายด้านที่แสดง ค่าเท่ากันได้อันดับเดียวกัน (เช่น 1, 2, 2, 4) ความพึงพอใจโดยรวมแสดงแยกและไม่จัดอันดับ",
              "นับตามเวลาประเทศไทย (UTC+07:00): ตั้งแต่ 00:00 น. ของวันแรกถึงก่อน 00:00 น. ของวันถัดจากวันสุดท้าย "
              "รวมคำตอบจากทุกช่องทาง"})
            paragraph("• " + digits(note), 11, false, kMuted, 0, 2);
        paragraph("• คำตอบที่กดซ้ำภายในเวลาสั้น ๆ หลังคำตอบก่อนหน้าถูกเก็บไว้แต่ไม่นับในรายงาน (" + count(r_.misuse_excluded) +
                      " รายการ)",
                  11, false, kMuted, 0, 2);
        if (r_.options.edition == Edition::Public)
            paragraph(digits("• ฉบับเผยแพร่ไม่แสดงค่าสถิติของกลุ่มที่มีผู้ตอบน้อยกว่า 5 ราย เพื่อไม่ให้ระบุตัวผู้ตอบได้"), 11, false,
                      kMuted, 0, 2);
        paragraph("จัดทำโดยระบบตู้รับฟังความคิดเห็น (feedback-kiosk) เมื่อ " +
                      thai_date(core::local_date_of(r_.generated_utc_ms, core::kOfficeOffsetMin)) + " · แบบประเมินฉบับ " +
                      r_.survey.version + " · ช่วงเวลา " + r_.period.label,
                  10, false, kMuted, 0, 2);
    }

    const Report& r_;
    bool thai_;
    int total_pages_;
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface_;
    std::unique_ptr<cairo_t, ContextDeleter> cr_;
    double y_ = kMargin;
    int page_ = 1;
};

std::string render_document(const Report& report) {
    // Pass 1 counts the pages (its bytes are thrown away); pass 2 prints "page n of N".
    std::string scratch;
    const int pages = PdfWriter(report, 0, &scratch).render();
    std::string out;
    const int again = PdfWriter(report, pages, &out).render();
    if (again != pages) throw std::logic_error("the PDF's two layout passes disagree on the page count");
    return out;
}

}  // namespace
}  // namespace feedback::report

// The module's one exported symbol (pdf_module.h); everything else in it is hidden. No exception
// crosses the C boundary: render_pdf() on the kiosk's side turns the text back into one.
extern "C" __attribute__((visibility("default"))) int feedback_pdf_render_v1(const feedback::report::Report* report,
                                                                             std::string* out, std::string* error) {
    try {
        *out = feedback::report::render_document(*report);
        return 0;
    } catch (const std::exception& e) {
        *error = e.what();
    } catch (...) {
        *error = "the PDF renderer failed";
    }
    return 1;
}

// Checked at compile time: the exported function matches the type the loader casts it to.
static_assert(std::is_same_v<decltype(&feedback_pdf_render_v1), feedback::report::PdfRenderFunction>);
