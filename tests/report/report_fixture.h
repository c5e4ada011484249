// The hand-computed report fixture: a small database whose every figure for 2569-H1 is worked
// out by hand below, so the report tests compare against arithmetic a person can redo, not
// against the code's own output.
//
// Period 2569-H1 = 1 Oct 2568 .. 31 Mar 2569 (B.E.) = 2025-10-01 .. 2026-03-31 (C.E.), office
// time +07:00: [2025-09-30T17:00:00.000Z, 2026-03-31T17:00:00.000Z).
//
// Ratings counted (not misuse), office-local time, weekday:
//   R1  2025-10-01 00:00:00.000 Wed  5  palad    kiosk  process 4, staff 5       fast, friendly
//   R2  2025-10-06 09:15        Mon  5  palad    kiosk  process 5, staff 5, facilities 3  fast   "บริการดีมาก"
//   R3  2025-10-06 09:40        Mon  4  finance  kiosk  -                        good_advice
//   R4  2025-11-12 10:05        Wed  3  finance  paper  process 3, quality 2     long_wait
//   R5  2025-11-12 10:30        Wed  5  (none)   kiosk  staff 4, quality 3       -      "=1+1 <ขอบคุณ>"
//   R6  2025-12-02 14:20        Tue  2  engineering kiosk quality 2, facilities 5 long_wait, complicated_steps
//   R7  2026-01-05 08:30        Mon  4  palad    paper  staff 4                  fast
//   R8  2026-01-05 16:45        Mon  1  engineering kiosk -                      long_wait, impolite_staff
//   R9  2026-02-10 11:00        Tue  3  education kiosk -                        unclear_documents  (comment with , " and a line break)
//   R10 2026-02-10 11:05        Tue  5  finance  paper  -  (session still OPEN: counts)
//   R11 2026-03-20 15:10        Fri  4  palad    kiosk  -                        friendly
//   R12 2026-03-31 23:59:59.999 Tue  5  (none)   kiosk  - (kiosk clock at UTC+0: the office's +07:00 decides)
// Misuse (stored, excluded, counted): M1 2025-10-06 09:16 rating 1 palad (process 1, long_wait,
// a comment), M2 2026-01-05 08:31 rating 1 paper.
// Complaints in the period: C1 2025-10-20 rude (with contact details), C2 2026-01-15 bribery
// (sensitive), C3 2026-03-02 rude (description that looks like a formula).
// Outside: O1 2025-09-30 23:59:59.999 (2568-H2), O2 2026-04-01 00:00:00.000 (2569-H2, kiosk at
// UTC+0 so its own clock said 31 Mar 17:00), C0 2025-09-15 delay (2568-H2).
//
// Hand-computed for 2569-H1 (S.D. is the sample S.D., divisor n − 1):
//   entries 17 (14 ratings + 3 complaints), misuse 2, respondents n = 12, open sessions 1
//   main: counts 5:5 4:3 3:2 2:1 1:1; sum 46; mean 46/12 = 3.8333 -> 3.83 (มาก); ร้อยละ 3.83/5*100 = 76.60
//     S.D. = sqrt(Σ c(x − 23/6)² / 11) = sqrt((245 + 3 + 50 + 121 + 289)/36/11) = sqrt(1.78788) = 1.3371 -> 1.34
//     % per level: 5/12 = 41.67, 3/12 = 25.00, 2/12 = 16.67, 1/12 = 8.33, 1/12 = 8.33
//   process  [4,5,3]   n 3 mean 4.00 S.D. 1.00 ร้อยละ 80.00 มาก       rank 2
//   staff    [5,5,4,4] n 4 mean 4.50 S.D. sqrt(1/3) = 0.58 ร้อยละ 90.00 มากที่สุด rank 1
//   facilities [3,5]   n 2 mean 4.00 S.D. sqrt(2) = 1.41 ร้อยละ 80.00 มาก    rank 2 (tie)
//   quality  [2,3,2]   n 3 mean 2.33 S.D. sqrt(1/3) = 0.58 ร้อยละ 46.60 น้อย   rank 4
//   service points: palad n 4 (33.33 %) mean 4.50 S.D. 0.58; finance n 3 (25.00 %) 4.00 / 1.00;
//     engineering n 2 (16.67 %) 1.50 / 0.71 น้อยที่สุด; education n 1 (8.33 %) 3.00 / "-";
//     not specified n 2 (16.67 %) 5.00 / 0.00
//   channels: kiosk n 9 (75.00 %) sum 34 mean 3.78 S.D. sqrt(1422/81/8) = 1.48; paper n 3 (25.00 %) 4.00 / 1.00
//   months: ต.ค. 2568 n 3 mean 4.67 S.D. 0.58; พ.ย. n 2 4.00/1.41; ธ.ค. n 1 2.00/"-";
//     ม.ค. 2569 n 2 2.50/2.12; ก.พ. n 2 4.00/1.41; มี.ค. n 2 4.50/0.71
//   weekday × hour: Mon 08:1 09:2 16:1; Tue 11:2 14:1 23:1; Wed 00:1 10:2; Fri 15:1 (12 in all)
//   reasons (÷ 12): long_wait 3 (25.00), fast 3 (25.00), friendly 2 (16.67), complicated_steps 1,
//     impolite_staff 1, unclear_documents 1, good_advice 1 (8.33 each), the other three 0
//   complaints 3: rude 2, bribery 1, others 0; sensitive 1
//   suggestions 3 (R2, R5, R9), oldest first; M1's comment is not one
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/complaint.h"
#include "core/entry.h"
#include "core/thai_calendar.h"
#include "core/uuid.h"
#include "store/store.h"

namespace feedback::testing {

// UTC ms of an office-local (+07:00) time.
inline std::int64_t local_ms(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
    return core::local_midnight_utc_ms({y, mo, d}, 420) + ((h * 60LL + mi) * 60 + s) * 1000 + ms;
}

struct RatingSpec {
    std::int64_t utc_ms;
    int rating;
    std::string service_point;
    std::string channel = "kiosk";
    std::map<std::string, int> dimensions = {};
    std::vector<std::string> reasons = {};
    std::string comment = {};
    bool misuse = false;
    bool open = false;
    int utc_offset_min = 420;
};

inline core::Entry make_rating(const RatingSpec& spec) {
    core::Entry e;
    e.id = core::make_uuid_v7(spec.utc_ms);
    e.kind = core::EntryKind::Rating;
    e.created_utc_ms = spec.utc_ms;
    e.utc_offset_min = spec.utc_offset_min;
    e.device_id = "kiosk-fixture";
    e.service_point = spec.service_point;
    e.rating = spec.rating;
    e.dimensions = spec.dimensions;
    e.reasons = spec.reasons;
    e.comment = spec.comment;
    e.language = "th";
    e.misuse = spec.misuse;
    e.state = spec.open ? core::SessionState::Open : core::SessionState::Closed;
    e.survey_version = "2025.1";
    e.channel = spec.channel;
    return e;
}

inline void add_complaint(store::Store& store, std::int64_t utc_ms, core::Complaint complaint) {
    core::Entry e;
    e.id = core::make_uuid_v7(utc_ms);
    e.kind = core::EntryKind::Complaint;
    e.created_utc_ms = utc_ms;
    e.utc_offset_min = 420;
    e.device_id = "kiosk-fixture";
    e.language = "th";
    e.state = core::SessionState::Closed;
    e.survey_version = "2025.1";
    store.add_complaint(e, complaint);
}

inline const std::string kR9Comment = "ป้าย, \"ทางเข้า\" ไม่ชัด\nควรแก้ไข";
inline const std::string kR5Comment = "=1+1 <ขอบคุณ>";
inline const std::string kC3Description = "=cmd|' /C calc'!A0";
inline const std::string kC2Description = "เรียกเงินค่าดำเนินการ 500 บาท";

inline void fill_report_fixture(store::Store& store) {
    const std::vector<RatingSpec> ratings = {
        // Outside 2569-H1 on either side, by one millisecond.
        {local_ms(2025, 9, 30, 23, 59, 59, 999), 1, "palad"},
        {local_ms(2026, 4, 1), 1, "palad", "kiosk", {}, {}, {}, false, false, 0},
        // R1..R12 and the two misuse taps, in time order.
        {local_ms(2025, 10, 1), 5, "palad", "kiosk", {{"process", 4}, {"staff", 5}}, {"fast", "friendly"}},
        {local_ms(2025, 10, 6, 9, 15), 5, "palad", "kiosk", {{"process", 5}, {"staff", 5}, {"facilities", 3}}, {"fast"},
         "บริการดีมาก"},
        {local_ms(2025, 10, 6, 9, 16), 1, "palad", "kiosk", {{"process", 1}}, {"long_wait"}, "ไม่ควรนับ", true},
        {local_ms(2025, 10, 6, 9, 40), 4, "finance", "kiosk", {}, {"good_advice"}},
        {local_ms(2025, 11, 12, 10, 5), 3, "finance", "paper", {{"process", 3}, {"quality", 2}}, {"long_wait"}},
        {local_ms(2025, 11, 12, 10, 30), 5, "", "kiosk", {{"staff", 4}, {"quality", 3}}, {}, kR5Comment},
        {local_ms(2025, 12, 2, 14, 20), 2, "engineering", "kiosk", {{"quality", 2}, {"facilities", 5}},
         {"long_wait", "complicated_steps"}},
        {local_ms(2026, 1, 5, 8, 30), 4, "palad", "paper", {{"staff", 4}}, {"fast"}},
        {local_ms(2026, 1, 5, 8, 31), 1, "palad", "paper", {}, {}, {}, true},
        {local_ms(2026, 1, 5, 16, 45), 1, "engineering", "kiosk", {}, {"long_wait", "impolite_staff"}},
        {local_ms(2026, 2, 10, 11, 0), 3, "education", "kiosk", {}, {"unclear_documents"}, kR9Comment},
        {local_ms(2026, 2, 10, 11, 5), 5, "finance", "paper", {}, {}, {}, false, true},
        {local_ms(2026, 3, 20, 15, 10), 4, "palad", "kiosk", {}, {"friendly"}},
        {local_ms(2026, 3, 31, 23, 59, 59, 999), 5, "", "kiosk", {}, {}, {}, false, false, 0},
    };
    for (const auto& spec : ratings) store.add_entry(make_rating(spec));

    core::Complaint c0;
    c0.category = "delay";
    c0.description = "รอนานเกินไป";
    add_complaint(store, local_ms(2025, 9, 15, 10), c0);

    core::Complaint c1;
    c1.category = "rude";
    c1.description = "พูดจาไม่ดี";
    c1.anonymous = false;
    c1.contact_name = "สมชาย ใจดี";
    c1.contact_phone = "0812345678";
    c1.reference = "C-2568-0001";
    add_complaint(store, local_ms(2025, 10, 20, 10), c1);

    core::Complaint c2;
    c2.category = "bribery";
    c2.description = kC2Description;
    c2.sensitive = true;
    c2.reference = "C-2569-0002";
    add_complaint(store, local_ms(2026, 1, 15, 13), c2);

    core::Complaint c3;
    c3.category = "rude";
    c3.description = kC3Description;
    c3.reference = "C-2569-0003";
    add_complaint(store, local_ms(2026, 3, 2, 9), c3);
}

}  // namespace feedback::testing
