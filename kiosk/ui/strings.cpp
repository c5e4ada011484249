#include "ui/strings.h"

namespace feedback::ui {

std::string with_office_name(std::string_view text, const std::string& name) {
    std::string out(text);
    static constexpr std::string_view kField = "{office}";
    for (auto at = out.find(kField); at != std::string::npos; at = out.find(kField, at + name.size()))
        out.replace(at, kField.size(), name);
    return out;
}

std::vector<std::string> all_chrome_strings() {
    using namespace strings;
    const Text* all[] = {&kLanguageThai, &kLanguageEnglish, &kLargeText, &kHighContrast,
                         &kComplaint, &kListen, &kAdminClips, &kTapAFace, &kOfficeClosed, &kOfficeClosedToday, &kTouchToWake,
                         &kThanksForRating, &kTellUsMore, &kReasons,
                         &kServicePoint, &kDimensions, &kAddComment, &kEditComment, &kSkip,
                         &kDone, &kCommentTitle, &kCommentPlaceholder, &kSave, &kCancel, &kSpace,
                         &kClear, &kUndoClear, &kRefusedTone, &kRefusedMark, &kRefusedSaraE, &kRefusedOrder, &kRefusedLimit, &kThankYou, &kThankYouDetail, &kBackToStart, &kChannelsQr, &kIdleQuestion,
                         &kIdleCountdown, &kMoreTime, &kMoreTimeShort, &kFollowupCountdown, &kNextVisitor, &kComplaintTitle, &kComplaintIntro, &kBack,
                         &kNext, &kWhenTitle, &kToday, &kYesterday, &kEarlier, &kWhereTitle,
                         &kDescribeTitle, &kContactChoiceTitle, &kAnonymous, &kAnonymousDetail,
                         &kWithContact, &kWithContactDetail, &kPdpaTitle, &kPdpaAccept, &kPdpaDecline,
                         &kPdpaPolicyQr, &kName, &kPhone, &kNameError, &kPhoneError, &kSubmit,
                         &kComplaintReceived, &kReferenceLabel, &kReferenceHint, &kFinish,
                         &kAdminPinTitle, &kAdminWrongPin, &kAdminLocked, &kAdminPinNotSet, &kAdminTitle,
                         &kAdminAnswers, &kAdminMean, &kAdminComplaints, &kAdminSync, &kAdminLastError,
                         &kAdminAuthAlert, &kSyncErrorConnect, &kSyncErrorDns, &kSyncErrorTimeout, &kSyncErrorProxy, &kSyncErrorTls,
                         &kSyncErrorServer, &kSyncErrorRefused, &kSyncErrorReply, &kSyncErrorToken, &kSyncErrorDatabase,
                         &kSyncErrorOther, &kAdminStorage, &kAdminExport, &kAdminExporting, &kAdminNoUsb, &kAdminExit,
                         &kAdminClose, &kStoreError, &kCharacters};
    std::vector<std::string> out;
    for (const Text* t : all) {
        out.emplace_back(t->th);
        out.emplace_back(t->en);
    }
    out.emplace_back("0123456789 %/.,:;!?()-+\"'\u2022\u2013\u00B7");
    return out;
}

}  // namespace feedback::ui
