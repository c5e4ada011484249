// The XLSX workbook (see xlsx_export.h for the choices). The summary sheet follows the HTML's
// sections in the same order and with the same headings, so a reader can hold the two side by
// side; every figure comes from the Report as computed.
#include "report/xlsx_export.h"

#include <xlsxwriter.h>

#include <memory>
#include <stdexcept>

#include "core/clock.h"
#include "core/utf8.h"
#include "report/atomic_file.h"
#include "report/raw_table.h"
#include "report/report_input.h"

namespace feedback::report {
namespace {

struct CloseWorkbook {
    void operator()(lxw_workbook* workbook) const noexcept { workbook_close(workbook); }
};

struct Formats {
    lxw_format* title = nullptr;
    lxw_format* heading = nullptr;
    lxw_format* header = nullptr;
    lxw_format* bold = nullptr;
    lxw_format* count = nullptr;
    lxw_format* decimal = nullptr;
    lxw_format* date = nullptr;
    lxw_format* time = nullptr;
    lxw_format* note = nullptr;
    lxw_format* wrap = nullptr;
};

Formats make_formats(lxw_workbook* wb) {
    // Laksaman is what the kiosk and the HTML use; Excel substitutes a Thai font where it is
    // missing, so naming it costs nothing.
    const auto base = [wb] {
        lxw_format* f = workbook_add_format(wb);
        format_set_font_name(f, "Laksaman");
        format_set_font_size(f, 14);
        return f;
    };
    Formats f;
    f.title = base();
    format_set_bold(f.title);
    format_set_font_size(f.title, 18);
    f.heading = base();
    format_set_bold(f.heading);
    format_set_font_size(f.heading, 16);
    format_set_font_color(f.heading, 0x0B4F8A);
    f.header = base();
    format_set_bold(f.header);
    format_set_bg_color(f.header, 0xE8EEF4);
    format_set_border(f.header, LXW_BORDER_THIN);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_text_wrap(f.header);
    f.bold = base();
    format_set_bold(f.bold);
    f.count = base();
    format_set_num_format(f.count, "#,##0");
    f.decimal = base();
    format_set_num_format(f.decimal, "0.00");
    f.date = base();
    format_set_num_format(f.date, "yyyy-mm-dd");
    f.time = base();
    format_set_num_format(f.time, "hh:mm:ss");
    f.note = base();
    format_set_italic(f.note);
    format_set_font_color(f.note, 0x555555);
    f.wrap = base();
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

class SummarySheet {
public:
    SummarySheet(lxw_worksheet* ws, const Formats& f, const Report& r) : ws_(ws), f_(f), r_(r) {}

    void write(std::int64_t raw_rows) {
        worksheet_set_column(ws_, 0, 0, 58, nullptr);
        worksheet_set_column(ws_, 1, 24, 12, nullptr);
        worksheet_set_paper(ws_, 9);  // A4
        worksheet_set_portrait(ws_);
        worksheet_fit_to_pages(ws_, 1, 0);

        text(0, r_.options.office_name, f_.title);
        next();
        text(0, "รายงานผลการประเมินความพึงพอใจของผู้มาติดต่อหรือรับบริการ", f_.title);
        next();
        text(0, r_.period.thai_title(r_.options.thai_digits), f_.bold);
        next();
        text(0, r_.options.office_name_en + " · " + r_.period.english_title(), f_.note);
        next(2);

        executive();
        overview(raw_rows);
        profile();
        questions();
        groups("4. ผู้ตอบจำแนกตามจุดบริการ", "จุดบริการ / ส่วนราชการ", r_.service_points);
        groups("5. ผู้ตอบจำแนกตามช่องทาง", "ช่องทาง", r_.channels);
        months();
        weekday_hour();
        reasons();
        complaints();
        suggestions();
        bands();
    }

private:
    void next(int rows = 1) { row_ += static_cast<lxw_row_t>(rows); }
    void text(lxw_col_t col, const std::string& value, lxw_format* format = nullptr) {
        // Stored text may hold invalid UTF-8 (an older release, another tool); the sheet XML
        // must not, or Excel refuses the file: U+FFFD instead (issue 14).
        worksheet_write_string(ws_, row_, col, core::to_valid_utf8(value).c_str(), format);
    }
    void integer(lxw_col_t col, std::int64_t value) {
        worksheet_write_number(ws_, row_, col, static_cast<double>(value), f_.count);
    }
    // Rounded as printed elsewhere, so the cell's value is the report's figure exactly.
    void decimal(lxw_col_t col, double value) {
        worksheet_write_number(ws_, row_, col, core::round_2dp(value), f_.decimal);
    }
    void heading(const std::string& title) {
        text(0, title, f_.heading);
        next();
    }
    void header(std::initializer_list<std::string> names) {
        lxw_col_t col = 0;
        for (const auto& name : names) text(col++, name, f_.header);
        next();
    }
    // n, mean, S.D., ร้อยละ, ระดับ from column `col` on.
    void stats(lxw_col_t col, const Stats& s) {
        integer(col, s.n);
        if (s.n == 0) {
            for (lxw_col_t c = col + 1; c <= col + 4; ++c) text(c, "-");
            return;
        }
        decimal(col + 1, s.mean);
        if (s.n < 2)
            text(col + 2, "-");
        else
            decimal(col + 2, s.sd);
        decimal(col + 3, s.percent_of_max);
        text(col + 4, std::string(core::level_name_th(s.level)));
    }

    // ---- The document (issue 17): summary, comparison and target, actions, profile ----
    void executive() {
        if (!r_.document) return;
        heading("บทสรุปสำหรับผู้บริหาร");
        for (const auto& sentence : r_.summary) {
            text(0, sentence.text.th, f_.wrap);
            next();
        }
        if (!r_.comparisons.empty() || r_.target) {
            next();
            header({"ช่วงเวลา", "จำนวนผู้ตอบ", "ค่าเฉลี่ย", "ร้อยละ", "เปลี่ยนแปลง (ค่าเฉลี่ย)", "เปลี่ยนแปลง (ร้อยละ)"});
            const auto row = [&](const std::string& name, const Stats& st, const ComparisonResult* c) {
                text(0, name);
                integer(1, st.n);
                if (st.n > 0) {
                    decimal(2, st.mean);
                    decimal(3, st.percent_of_max);
                } else {
                    text(2, "-");
                    text(3, "-");
                }
                if (c && c->mean_change) {
                    decimal(4, *c->mean_change);
                    decimal(5, *c->percent_change);
                } else {
                    text(4, "-");
                    text(5, "-");
                }
                next();
            };
            row(r_.period.thai_title(r_.options.thai_digits), r_.main.stats, nullptr);
            for (const auto& c : r_.comparisons) row(c.period.thai_title(r_.options.thai_digits), c.stats, &c);
            if (r_.target) {
                text(0, "เป้าหมายของหน่วยงาน (ร้อยละ)");
                decimal(1, r_.target->target_percent);
                text(2, r_.target->met ? "บรรลุเป้าหมาย" : "ไม่บรรลุเป้าหมาย", f_.bold);
                next();
            }
        }
        if (!r_.options.actions_th.empty()) {
            next();
            text(0, "แนวทางการปรับปรุงการให้บริการ", f_.bold);
            next();
            text(0, r_.options.actions_th, f_.wrap);
            next();
        }
        for (const auto& sig : r_.options.signatories) {
            text(0, sig.role.th + ": " + (sig.name.empty() ? std::string("....................") : sig.name) + " " +
                        sig.position);
            next();
        }
        next();
    }

    void profile() {
        if (!r_.has_profile_answers()) return;
        heading("ข้อมูลทั่วไปของผู้ตอบแบบสอบถาม");
        header({"ข้อมูลผู้ตอบ", "จำนวน", "ร้อยละ"});
        for (const auto& p : r_.profile) {
            text(0, p.text.th, f_.bold);
            next();
            for (const auto& o : p.options) {
                text(0, "    " + o.label.th);
                if (o.suppressed) {
                    text(1, "น้อยกว่า 5");
                    text(2, "-");
                } else {
                    integer(1, o.count);
                    decimal(2, o.percent);
                }
                next();
            }
        }
        next();
    }

    void overview(std::int64_t raw_rows) {
        heading("1. ข้อมูลทั่วไป");
        const auto line = [this](const std::string& label, std::int64_t value) {
            text(0, label);
            integer(1, value);
            next();
        };
        text(0, "ช่วงเวลาของรายงาน");
        text(1, core::format_thai_date(r_.period.first, core::DateStyle::Abbreviated, r_.options.thai_digits) + " – " +
                    core::format_thai_date(r_.period.last, core::DateStyle::Abbreviated, r_.options.thai_digits));
        next();
        line("รายการทั้งหมดในช่วงเวลา (แบบประเมินและเรื่องร้องเรียน)", r_.entries);
        line("แบบประเมินความพึงพอใจที่บันทึก", r_.ratings);
        line("ไม่นับ: กดซ้ำในเวลาอันสั้น", r_.misuse_excluded);
        if (r_.invalid_excluded > 0) line("ไม่นับ: ข้อมูลไม่สมบูรณ์", r_.invalid_excluded);
        line("จำนวนผู้ตอบที่นำมาวิเคราะห์ (n)", r_.respondents());
        line("เรื่องร้องเรียน", r_.complaints.total);
        if (raw_rows < r_.entries) {
            text(0, "แผ่นงานข้อมูลดิบแสดง " + format_count(raw_rows) + " จาก " + format_count(r_.entries) +
                        " รายการแรกตามลำดับเวลา ข้อมูลครบทุกรายการอยู่ในไฟล์ CSV",
                 f_.note);
            next();
        }
        next();
    }

    void questions() {
        heading("2–3. ความพึงพอใจโดยรวมและรายด้าน");
        text(0, "คำถามหลัก: " + r_.main.text.th, f_.note);
        next();
        header({"ประเด็นการประเมิน", "n", "ค่าเฉลี่ย", "S.D.", "ร้อยละ", "ระดับ", "อันดับ", "มากที่สุด (5)", "%",
                "มาก (4)", "%", "ปานกลาง (3)", "%", "น้อย (2)", "%", "น้อยที่สุด (1)", "%"});
        const auto question = [this](const std::string& label, const QuestionResult& q, bool main) {
            text(0, label, main ? f_.bold : nullptr);
            stats(1, q.stats);
            if (q.rank)
                integer(6, *q.rank);
            else
                text(6, "-");
            lxw_col_t col = 7;
            for (int lv = 5; lv >= 1; --lv) {
                integer(col++, q.stats.count(lv));
                if (q.stats.n == 0)
                    text(col++, "-");
                else
                    decimal(col++, q.stats.level_percent(lv));
            }
            next();
        };
        question("ภาพรวม: " + r_.main.text.th, r_.main, true);
        for (const auto& q : r_.dimensions) question(q.text.th, q, false);
        next();
    }

    void groups(const std::string& title, const std::string& first, const std::vector<GroupResult>& list) {
        heading(title);
        header({first, "จำนวนผู้ตอบ", "ค่าเฉลี่ย", "S.D.", "ร้อยละ", "ระดับ", "ร้อยละของผู้ตอบ"});
        for (const auto& g : list) {
            text(0, g.label.th);
            stats(1, g.stats);
            decimal(6, g.share_percent);
            next();
        }
        next();
    }

    void months() {
        heading("6. แนวโน้มรายเดือน");
        header({"เดือน", "จำนวนผู้ตอบ", "ค่าเฉลี่ย", "S.D.", "ร้อยละ", "ระดับ"});
        for (const auto& m : r_.months) {
            text(0, month_label_th(m.year, m.month));
            stats(1, m.stats);
            next();
        }
        next();
    }

    void weekday_hour() {
        heading("7. จำนวนผู้ตอบตามวันและชั่วโมง (เวลาประเทศไทย)");
        text(0, "วัน \\ ชั่วโมง", f_.header);
        for (int hour = 0; hour < kHours; ++hour)
            text(static_cast<lxw_col_t>(hour + 1), (hour < 10 ? "0" : "") + std::to_string(hour), f_.header);
        next();
        for (int row = 0; row < kWeekdays; ++row) {
            text(0, std::string(weekday_row_name_th(row)));
            for (int hour = 0; hour < kHours; ++hour)
                integer(static_cast<lxw_col_t>(hour + 1),
                        r_.weekday_hour[static_cast<std::size_t>(row)][static_cast<std::size_t>(hour)]);
            next();
        }
        next();
    }

    void reasons() {
        heading("8. เหตุผลที่ผู้ตอบเลือก");
        header({"เหตุผล", "จำนวนครั้งที่เลือก", "ร้อยละของผู้ตอบ"});
        for (const auto& reason : r_.reasons) {
            text(0, reason.label.th);
            integer(1, reason.count);
            decimal(2, reason.percent);
            next();
        }
        next();
    }

    void complaints() {
        heading("9. เรื่องร้องเรียน");
        const auto& c = r_.complaints;
        if (c.total == 0) {
            text(0, std::string(kNoComplaintsTh), f_.bold);
            next();
        } else {
            text(0, "เรื่องร้องเรียนทั้งหมด");
            integer(1, c.total);
            next();
            text(0, "เรื่องอ่อนไหว (เสนอผู้บริหารโดยตรง)");
            integer(1, c.sensitive);
            next();
            header({"ประเภทเรื่องร้องเรียน", "จำนวน"});
            for (const auto& category : c.by_category) {
                text(0, category.label.th);
                integer(1, category.count);
                next();
            }
        }
        if (const auto& h = c.handling) {
            // The centre's report (issue 19): the statuses the console recorded.
            header({"สถานะการดำเนินการ", "จำนวน"});
            for (const auto& [status, n] : h->by_status) {
                text(0, handling_status_label(status).th);
                integer(1, n);
                next();
            }
            text(0, "ปิดเรื่องภายใน " + std::to_string(h->target_days) + " วัน");
            integer(1, h->closed_within_target);
            next(2);
        } else {
            text(0, std::string(kStatusNotTrackedTh), f_.note);
            next(2);
        }
    }

    void suggestions() {
        heading("10. ข้อเสนอแนะ");
        const auto& all = r_.suggestions;
        const std::size_t limit = r_.options.suggestion_limit == 0 ? all.size()
                                                                    : std::min(all.size(), r_.options.suggestion_limit);
        text(0, "ข้อเสนอแนะทั้งหมด " + format_count(static_cast<std::int64_t>(all.size())) + " รายการ" +
                    (limit < all.size() ? " (แสดง " + format_count(static_cast<std::int64_t>(limit)) +
                                              " รายการแรก ทั้งหมดอยู่ในแผ่นงานข้อมูลดิบและไฟล์ CSV)"
                                        : std::string()),
             f_.note);
        next();
        if (all.empty()) {
            next();
            return;
        }
        header({"ข้อเสนอแนะ", "วันที่", "คะแนน", "จุดบริการ"});
        for (std::size_t i = 0; i < limit; ++i) {
            const auto& s = all[i];
            text(0, s.text, f_.wrap);
            text(1, core::format_iso_date(s.date));
            integer(2, s.rating);
            const auto* sp = r_.survey.find_service_point(s.service_point);
            text(3, sp ? sp->name.th : s.service_point);
            next();
        }
        next();
    }

    void bands() {
        heading("เกณฑ์การแปลผล");
        header({"ระดับความพึงพอใจ", "ค่าเฉลี่ยต่ำสุด", "ค่าเฉลี่ยสูงสุด"});
        for (int lv = 5; lv >= 1; --lv) {
            text(0, std::string(core::level_name_th(lv)));
            decimal(1, r_.scale.lower_bound_of(lv));
            decimal(2, r_.scale.upper_bound_of(lv));
            next();
        }
        text(0, "S.D. = ส่วนเบี่ยงเบนมาตรฐานของกลุ่มตัวอย่าง (หารด้วย n − 1); ร้อยละ = ค่าเฉลี่ย ÷ 5 × 100; "
                "อันดับเรียงจากค่าเฉลี่ยรายด้าน ค่าเท่ากันได้อันดับเดียวกัน",
             f_.note);
        next();
    }

    lxw_worksheet* ws_;
    const Formats& f_;
    const Report& r_;
    lxw_row_t row_ = 0;
};

lxw_worksheet* add_raw_sheet(lxw_workbook* wb, const Formats& f, const RawTable& table, int number) {
    const std::string name = number == 1 ? "ข้อมูลดิบ" : "ข้อมูลดิบ " + std::to_string(number);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    for (std::size_t col = 0; col < table.columns(); ++col)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(col), table.header()[col].c_str(), f.header);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 38, nullptr);
    worksheet_set_column(ws, 1, 1, 26, nullptr);
    worksheet_set_column(ws, 2, static_cast<lxw_col_t>(table.columns() - 1), 14, nullptr);
    return ws;
}

}  // namespace

std::int64_t export_xlsx(ReportInput& input, const Report& report, const std::filesystem::path& out) {
    AtomicFile file(out);
    file.close();  // libxlsxwriter opens the temporary by name

    std::int64_t raw_rows = 0;
    {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        options.use_zip64 = LXW_TRUE;
        const std::string temp = file.temp_path().string();
        std::unique_ptr<lxw_workbook, CloseWorkbook> wb(workbook_new_opt(temp.c_str(), &options));
        if (!wb) throw std::runtime_error("cannot create the XLSX workbook " + out.string());
        const Formats formats = make_formats(wb.get());

        const std::int64_t limit = static_cast<std::int64_t>(report.options.xlsx_raw_row_limit);
        const std::int64_t planned = limit > 0 ? std::min(limit, report.entries) : report.entries;

        // constant_memory writes each sheet's rows in order, so the summary is written whole
        // before the raw rows stream.
        lxw_worksheet* summary = workbook_add_worksheet(wb.get(), "สรุป");
        SummarySheet(summary, formats, report).write(planned);

        const RawTable table(report.survey);
        int sheet_number = 1;
        lxw_worksheet* raw = add_raw_sheet(wb.get(), formats, table, sheet_number);
        lxw_row_t row = 1;
        RawRow cells;
        std::string text;  // libxlsxwriter wants NUL-terminated text; the cells are views
        raw_rows = input.for_each_entry(
            0, period_bounds(report.period), ReportInput::Need::Rows,
            [&](const EntryRow& entry) {
                if (row > kExcelMaxDataRows) {
                    raw = add_raw_sheet(wb.get(), formats, table, ++sheet_number);
                    row = 1;
                }
                table.format(entry, cells);
                for (std::size_t col = 0; col < cells.cells().size(); ++col) {
                    const auto& cell = cells.cells()[col];
                    const auto c = static_cast<lxw_col_t>(col);
                    switch (cell.kind) {
                    case RawCell::Kind::Empty: break;
                    case RawCell::Kind::Text:
                        text.assign(cell.text);
                        worksheet_write_string(raw, row, c, text.c_str(), nullptr);
                        break;
                    case RawCell::Kind::Integer: worksheet_write_number(raw, row, c, cell.number, nullptr); break;
                    case RawCell::Kind::Date: worksheet_write_number(raw, row, c, cell.number, formats.date); break;
                    case RawCell::Kind::Time: worksheet_write_number(raw, row, c, cell.number, formats.time); break;
                    }
                }
                ++row;
            },
            planned);
        if (raw_rows < report.entries) {
            const std::string note = "… แสดง " + format_count(raw_rows) + " จาก " + format_count(report.entries) +
                                     " รายการ ข้อมูลครบทุกรายการอยู่ในไฟล์ CSV";
            worksheet_write_string(raw, row, 0, note.c_str(), formats.note);
        }

        const lxw_error rc = workbook_close(wb.release());
        if (rc != LXW_NO_ERROR)
            throw std::runtime_error("cannot write the XLSX file " + out.string() + ": " + lxw_strerror(rc));
    }
    file.commit();
    return raw_rows;
}

}  // namespace feedback::report
