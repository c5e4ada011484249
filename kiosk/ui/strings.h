// Every visitor-facing string of the screens' chrome, in Thai and English side by side.
// (Survey content — the question, levels, chips — comes from the survey file.)
//
// Why one table in code: a missing translation is then a compile-time impossibility (each
// entry has both), and the font atlas can be built from exactly these strings plus the survey.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedback::ui {

struct Text {
    const char* th;
    const char* en;
    const char* in(std::string_view language) const { return language == "en" ? en : th; }
};

namespace strings {
inline constexpr Text kLanguageThai{"ไทย", "ไทย"};
inline constexpr Text kLanguageEnglish{"English", "English"};
inline constexpr Text kLargeText{"ตัวอักษรใหญ่", "Large text"};
inline constexpr Text kHighContrast{"สีตัดกัน", "High contrast"};
inline constexpr Text kComplaint{"แจ้งเรื่องร้องเรียน", "File a complaint"};
inline constexpr Text kTapAFace{"แตะใบหน้าที่ตรงกับความรู้สึกของท่าน", "Tap the face that matches how you feel"};
inline constexpr Text kThanksForRating{"บันทึกคำตอบของท่านแล้ว", "Your answer has been saved"};
inline constexpr Text kTellUsMore{"บอกเราเพิ่มเติม (ไม่บังคับ)", "Tell us more (optional)"};
inline constexpr Text kReasons{"เหตุผล", "Reasons"};
inline constexpr Text kServicePoint{"ท่านมาติดต่อที่", "Where were you served?"};
inline constexpr Text kDimensions{"ความพึงพอใจในแต่ละด้าน", "Satisfaction by aspect"};
inline constexpr Text kAddComment{"เขียนความคิดเห็น", "Write a comment"};
inline constexpr Text kEditComment{"แก้ไขความคิดเห็น", "Edit your comment"};
inline constexpr Text kSkip{"ข้าม", "Skip"};
inline constexpr Text kDone{"เสร็จสิ้น", "Done"};
inline constexpr Text kCommentTitle{"ความคิดเห็นหรือข้อเสนอแนะ", "Comments or suggestions"};
inline constexpr Text kCommentPlaceholder{"แตะปุ่มด้านล่างเพื่อพิมพ์", "Use the keys below to type"};
inline constexpr Text kSave{"บันทึก", "Save"};
inline constexpr Text kCancel{"ยกเลิก", "Cancel"};
inline constexpr Text kSpace{"เว้นวรรค", "space"};
inline constexpr Text kClear{"ล้าง", "clear"};
inline constexpr Text kThankYou{"ขอบคุณที่ใช้บริการ", "Thank you"};
inline constexpr Text kThankYouDetail{"ความคิดเห็นของท่านช่วยให้เราปรับปรุงการให้บริการ",
                                      "Your feedback helps us improve our service"};
inline constexpr Text kBackToStart{"กลับหน้าแรก", "Back to start"};
inline constexpr Text kIdleQuestion{"ท่านยังใช้งานอยู่หรือไม่", "Are you still there?"};
inline constexpr Text kIdleCountdown{"จะกลับสู่หน้าแรกใน %d วินาที", "Returning to the start in %d seconds"};
inline constexpr Text kMoreTime{"ต้องการเวลาเพิ่ม", "I need more time"};
inline constexpr Text kComplaintTitle{"แจ้งเรื่องร้องเรียน", "File a complaint"};
inline constexpr Text kComplaintSoon{
    "ช่องทางร้องเรียนผ่านตู้นี้จะเปิดให้บริการเร็ว ๆ นี้ ระหว่างนี้โปรดแจ้งเจ้าหน้าที่หรือหัวหน้าส่วนราชการโดยตรง",
    "Complaints at this kiosk will open soon. Meanwhile, please tell a member of staff or the head of office directly."};
inline constexpr Text kStoreError{"ขออภัย ไม่สามารถบันทึกได้ โปรดแจ้งเจ้าหน้าที่",
                                  "Sorry, your answer could not be saved. Please tell a member of staff."};
inline constexpr Text kCharacters{"%zu / %zu ตัวอักษร", "%zu / %zu characters"};
}  // namespace strings

// All chrome strings in both languages, for building the font atlas.
std::vector<std::string> all_chrome_strings();

}  // namespace feedback::ui
