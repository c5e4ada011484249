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
// The Listen button (issue 21): both languages in one label, so a visitor who cannot read the
// screen's current language still recognises it.
inline constexpr Text kListen{"ฟังเสียง / Listen", "ฟังเสียง / Listen"};
inline constexpr Text kTapAFace{"แตะใบหน้าที่ตรงกับความรู้สึกของท่าน", "Tap the face that matches how you feel"};
// The Welcome banner outside office hours; %s = the hours (core::OfficeHours::describe).
inline constexpr Text kOfficeClosed{"ขณะนี้อยู่นอกเวลาทำการ · เวลาทำการ %s · ท่านยังแสดงความคิดเห็นได้",
                                    "The office is closed now · Open %s · You can still leave feedback"};
// The same on a closed date when no hours are set.
inline constexpr Text kOfficeClosedToday{"ขณะนี้อยู่นอกเวลาทำการ · ท่านยังแสดงความคิดเห็นได้",
                                         "The office is closed now · You can still leave feedback"};
inline constexpr Text kTouchToWake{"แตะหน้าจอเพื่อเริ่ม", "Touch the screen to begin"};
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
inline constexpr Text kUndoClear{"เรียกคืน", "Undo"};
inline constexpr Text kRefusedTone{"วรรณยุกต์ต้องอยู่หลังพยัญชนะ และใส่ได้ตัวเดียว",
                                   "A tone mark goes after a consonant, one only"};
inline constexpr Text kRefusedMark{"สระหรือเครื่องหมายนี้ต้องอยู่หลังพยัญชนะ", "This vowel or mark goes after a consonant"};
inline constexpr Text kRefusedSaraE{"ต้องการพิมพ์ แ ใช่ไหม แตะที่นี่", "Did you mean แ? Tap it"};
inline constexpr Text kRefusedOrder{"ตัวนี้พิมพ์ต่อจากข้อความเดิมไม่ได้", "This key cannot follow what is typed"};
inline constexpr Text kRefusedLimit{"ครบจำนวนตัวอักษรแล้ว", "The character limit is reached"};
inline constexpr Text kThankYou{"ขอบคุณที่ใช้บริการ", "Thank you"};
inline constexpr Text kThankYouDetail{"ความคิดเห็นของท่านช่วยให้เราปรับปรุงการให้บริการ",
                                      "Your feedback helps us improve our service"};
inline constexpr Text kChannelsQr{"ติดต่อ {office} ทางช่องทางอื่น สแกนที่นี่", "Scan for other ways to reach {office}"};
inline constexpr Text kBackToStart{"กลับหน้าแรก", "Back to start"};
inline constexpr Text kIdleQuestion{"ท่านยังใช้งานอยู่หรือไม่", "Are you still there?"};
inline constexpr Text kIdleCountdown{"จะกลับสู่หน้าแรกใน %d วินาที", "Returning to the start in %d seconds"};
inline constexpr Text kMoreTime{"ต้องการเวลาเพิ่ม", "I need more time"};
inline constexpr Text kMoreTimeShort{"ขอเวลาเพิ่ม", "More time"};
inline constexpr Text kFollowupCountdown{"กลับหน้าแรกใน %d วินาที", "Back to start in %d s"};
inline constexpr Text kNextVisitor{"ท่านถัดไป แตะใบหน้าเพื่อเริ่มตอบ", "Next visitor? Tap your face"};
inline constexpr Text kComplaintTitle{"แจ้งเรื่องร้องเรียน", "File a complaint"};
inline constexpr Text kComplaintIntro{
    "เรื่องร้องเรียนจะส่งถึงผู้บริหารโดยตรง ท่านไม่จำเป็นต้องระบุชื่อ เลือกเรื่องที่ต้องการร้องเรียน",
    "Complaints go straight to the head of office. You do not have to give your name. Choose what it is about."};
inline constexpr Text kBack{"ย้อนกลับ", "Back"};
inline constexpr Text kNext{"ถัดไป", "Next"};
inline constexpr Text kWhenTitle{"เหตุการณ์เกิดขึ้นเมื่อใด (ไม่บังคับ)", "When did it happen? (optional)"};
inline constexpr Text kToday{"วันนี้", "Today"};
inline constexpr Text kYesterday{"เมื่อวาน", "Yesterday"};
inline constexpr Text kEarlier{"ก่อนหน้านั้น", "Earlier"};
inline constexpr Text kWhereTitle{"ที่จุดบริการใด (ไม่บังคับ)", "At which service point? (optional)"};
inline constexpr Text kDescribeTitle{"เล่าเหตุการณ์โดยย่อ แตะข้อความที่ตรงหรือพิมพ์เพิ่มเติม",
                                     "Describe what happened: tap what fits or type more"};
// {office}: the office's name (with_office_name), never a generic "สำนักงาน".
inline constexpr Text kContactChoiceTitle{"ท่านต้องการให้ {office} ติดต่อกลับหรือไม่", "Would you like {office} to contact you?"};
inline constexpr Text kAnonymous{"ไม่ประสงค์ออกนาม", "Stay anonymous"};
inline constexpr Text kAnonymousDetail{"ส่งเรื่องโดยไม่ระบุตัวตน", "Send without giving your name"};
inline constexpr Text kWithContact{"ให้ข้อมูลติดต่อกลับ", "Leave my contact details"};
inline constexpr Text kWithContactDetail{"ชื่อและหมายเลขโทรศัพท์ เพื่อแจ้งผลการดำเนินการ",
                                         "Name and phone number, to hear what was done"};
inline constexpr Text kPdpaTitle{"การคุ้มครองข้อมูลส่วนบุคคล", "Your personal data"};
inline constexpr Text kPdpaAccept{"รับทราบและยินยอม", "I understand and agree"};
inline constexpr Text kPdpaDecline{"ไม่ยินยอม", "I do not agree"};
inline constexpr Text kPdpaPolicyQr{"นโยบายฉบับเต็ม", "Full policy"};
inline constexpr Text kName{"ชื่อ-นามสกุล", "Name"};
inline constexpr Text kPhone{"หมายเลขโทรศัพท์", "Phone number"};
inline constexpr Text kNameError{"โปรดระบุชื่อ", "Please enter your name"};
inline constexpr Text kPhoneError{"หมายเลขโทรศัพท์ไม่ถูกต้อง เช่น 081-234-5678 หรือ 02-123-4567",
                                  "Not a Thai phone number, e.g. 081-234-5678 or 02-123-4567"};
inline constexpr Text kSubmit{"ส่งเรื่องร้องเรียน", "Send complaint"};
inline constexpr Text kComplaintReceived{"{office} ได้รับเรื่องร้องเรียนของท่านแล้ว", "{office} has received your complaint"};
inline constexpr Text kReferenceLabel{"หมายเลขอ้างอิง", "Reference number"};
inline constexpr Text kReferenceHint{"โปรดจดหรือถ่ายภาพหมายเลขนี้ไว้เพื่อติดตามเรื่อง",
                                     "Please write down or photograph this number to follow up"};
inline constexpr Text kFinish{"เสร็จสิ้น", "Finish"};
inline constexpr Text kStoreError{"ขออภัย ไม่สามารถบันทึกได้ โปรดแจ้งเจ้าหน้าที่",
                                  "Sorry, your answer could not be saved. Please tell a member of staff."};
inline constexpr Text kAdminPinTitle{"รหัสเจ้าหน้าที่", "Staff PIN"};
inline constexpr Text kAdminWrongPin{"รหัสไม่ถูกต้อง", "Wrong PIN"};
inline constexpr Text kAdminLocked{"รหัสไม่ถูกต้องหลายครั้ง โปรดรอ %lld วินาที", "Too many wrong PINs: wait %lld seconds"};
inline constexpr Text kAdminPinNotSet{"ยังไม่ได้ตั้งรหัส (feedback-kiosk set-pin)", "No PIN is set (feedback-kiosk set-pin)"};
inline constexpr Text kAdminTitle{"สำหรับเจ้าหน้าที่", "Staff"};
inline constexpr Text kAdminAnswers{"วันนี้ %lld คำตอบ · รอบนี้ %lld คำตอบ · ตัดออกเพราะกดซ้ำ %lld",
                                    "Today %lld answers · this period %lld · excluded as misuse %lld"};
inline constexpr Text kAdminMean{"ค่าเฉลี่ยความพึงพอใจ %.2f (%s)", "Mean satisfaction %.2f (%s)"};
inline constexpr Text kAdminComplaints{"เรื่องร้องเรียนรอบนี้ %lld เรื่อง (เรื่องอ่อนไหว %lld เรื่อง)",
                                       "Complaints this period: %lld (sensitive: %lld)"};
inline constexpr Text kAdminSync{"รอส่ง %lld รายการ (เก่าสุด %lld นาที) · ถูกปฏิเสธ %lld · ส่งสำเร็จล่าสุด %s",
                                 "Waiting to send %lld (oldest %lld min) · rejected %lld · last success %s"};
inline constexpr Text kAdminLastError{"ข้อผิดพลาดล่าสุด: ", "Last error: "};
inline constexpr Text kAdminAuthAlert{"ศูนย์กลางปฏิเสธรหัสอุปกรณ์ การส่งข้อมูลหยุดอยู่ โปรดแจ้งฝ่ายไอที",
                                      "The central office refused this kiosk's token: uploads are stopped. Call IT."};
inline constexpr Text kAdminSetAside{"มีฐานข้อมูลที่เสียหายถูกแยกเก็บไว้: %s คำตอบในไฟล์นี้ยังไม่ถูกส่งหรือนับในรายงาน โปรดแจ้งฝ่ายไอที",
                                      "A damaged database was set aside: %s. Its answers are not sent or reported yet: tell IT"};
// The last sync error's meaning (staff_messages.cpp); the raw text is shown under it.
inline constexpr Text kSyncErrorConnect{"เชื่อมต่อเครื่องแม่ข่ายส่วนกลางไม่ได้ ตรวจสอบสายแลนหรืออินเทอร์เน็ต ข้อมูลยังเก็บไว้ในตู้ครบถ้วน",
                                        "Cannot reach the central server: check the network cable or internet. Answers are kept on this kiosk."};
inline constexpr Text kSyncErrorDns{"หาที่อยู่เครื่องแม่ข่ายส่วนกลางไม่พบ ตรวจสอบอินเทอร์เน็ตหรือแจ้งฝ่ายไอที",
                                    "The central server's name cannot be found: check the internet or call IT."};
inline constexpr Text kSyncErrorTimeout{"เครื่องแม่ข่ายส่วนกลางไม่ตอบสนองทันเวลา จะลองส่งใหม่โดยอัตโนมัติ",
                                        "The central server did not answer in time; sending is retried by itself."};
inline constexpr Text kSyncErrorProxy{"ติดต่อพร็อกซีไม่ได้ โปรดแจ้งฝ่ายไอที", "The proxy cannot be reached: call IT."};
inline constexpr Text kSyncErrorTls{"การเชื่อมต่อแบบปลอดภัยล้มเหลว (ใบรับรองหรือเวลาของเครื่องไม่ถูกต้อง) โปรดแจ้งฝ่ายไอที",
                                    "The secure connection failed (certificate, or this PC's clock): call IT."};
inline constexpr Text kSyncErrorServer{"เครื่องแม่ข่ายส่วนกลางขัดข้องชั่วคราว จะลองส่งใหม่โดยอัตโนมัติ",
                                       "The central server has a temporary fault; sending is retried by itself."};
inline constexpr Text kSyncErrorRefused{"เครื่องแม่ข่ายส่วนกลางไม่รับข้อมูล โปรดแจ้งฝ่ายไอที",
                                        "The central server refused the data: call IT."};
inline constexpr Text kSyncErrorReply{"เครื่องแม่ข่ายส่วนกลางตอบกลับไม่ถูกต้อง โปรดแจ้งฝ่ายไอที",
                                      "The central server's reply was not understood: call IT."};
inline constexpr Text kSyncErrorToken{"อ่านไฟล์รหัสอุปกรณ์ไม่ได้ การส่งข้อมูลหยุดอยู่ โปรดแจ้งฝ่ายไอที",
                                      "This kiosk's token file cannot be read: uploads are stopped. Call IT."};
inline constexpr Text kSyncErrorDatabase{"อ่านฐานข้อมูลของตู้ไม่ได้ชั่วคราว จะลองใหม่โดยอัตโนมัติ",
                                         "The kiosk's database could not be read for a moment; it is retried by itself."};
inline constexpr Text kSyncErrorOther{"การส่งข้อมูลครั้งล่าสุดไม่สำเร็จ จะลองส่งใหม่โดยอัตโนมัติ",
                                      "The last upload failed; it is retried by itself."};
inline constexpr Text kAdminStorage{"ฐานข้อมูล %s · พื้นที่ว่าง %s", "Database %s · free disk %s"};
// Spoken prompts without a recorded clip (issue 21); -1 never shown (speech off).
inline constexpr Text kAdminClips{"เสียงพูดที่ยังไม่ได้บันทึก: ภาษาไทย %lld · ภาษาอังกฤษ %lld (feedback-kiosk audio list)",
                                  "Spoken prompts not recorded: Thai %lld · English %lld (feedback-kiosk audio list)"};
inline constexpr Text kAdminDisplay{"การแสดงผล: ", "Display: "};
inline constexpr Text kAdminExport{"ส่งออกไป USB", "Export to USB"};
inline constexpr Text kAdminExporting{"กำลังส่งออก %s ไปยังแฟลชไดรฟ์… %lld วินาที — อย่าเพิ่งถอดแฟลชไดรฟ์",
                                      "Exporting %s to the USB drive… %lld s — do not remove the drive yet"};
inline constexpr Text kAdminNoUsb{"ไม่พบแฟลชไดรฟ์ โปรดเสียบแล้วลองใหม่", "No USB drive found: plug one in and try again"};
inline constexpr Text kAdminExit{"ออกจากโหมดตู้ (ฝ่ายไอที)", "Exit kiosk mode (IT)"};
inline constexpr Text kAdminClose{"กลับหน้าแรก", "Back to start"};
inline constexpr Text kCharactersShort{"%zu / %zu", "%zu / %zu"};
inline constexpr Text kCharacters{"%zu / %zu ตัวอักษร", "%zu / %zu characters"};
}  // namespace strings

// `text` with every "{office}" replaced by the office's name.
std::string with_office_name(std::string_view text, const std::string& name);

// All chrome strings in both languages, for building the font atlas.
std::vector<std::string> all_chrome_strings();

}  // namespace feedback::ui
