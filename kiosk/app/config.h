// The kiosk's configuration: what IT sets once per counter PC (DESIGN.md §1: "installs a
// package, sets the endpoint and token, walks away").
//
// Design choices:
// - One TOML file (assets/kiosk.toml is the documented example) plus FEEDBACK_<SECTION>_<KEY>
//   environment variables, which win over the file. The environment is what systemd units,
//   the kiosk session script and tests can set without editing a file.
// - Every key is described once, in the table returned by config_keys(): section, name, kind,
//   range, where it lives in Config and a one-line description. File parsing, environment
//   parsing, unknown-key detection and describe() all walk that one table, so a new key is one
//   line there plus its field here — it cannot be readable from the file but not from the
//   environment, or missing from `config show`.
// - Strict: unknown keys, wrong types and out-of-range values are errors (feedback::SourceError
//   naming file, line and dotted key). A misspelt "idle_timout_s" silently ignored would leave
//   a kiosk behaving unlike what IT wrote, with nobody at the counter to notice.
// - Environment variables: FEEDBACK_<SECTION>_<KEY> upper-cased, e.g. FEEDBACK_SYNC_ENDPOINT.
//   A variable whose <SECTION> is one of ours but whose <KEY> is not is an error (a typo); a
//   FEEDBACK_ variable whose section is not one of ours is ignored, because other tools in the
//   deployment (scripts, the collector) may use the FEEDBACK_ prefix for their own settings.
//   Lists are comma-separated; booleans are true/false/1/0.
// - Relative paths in the file are relative to the file's own directory (so a config and its
//   survey can be copied together); relative paths from the environment are used as given.
// - No secrets in configuration, ever: the sync token lives in a file only the service can
//   read (sync.token_file), so describe() and logs can show the whole configuration. The one
//   place a secret could slip in — a password inside a proxy or endpoint URL — is masked by
//   describe().
#pragma once

#include "core/errors.h"
#include "core/office_hours.h"

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace feedback::core {
struct Survey;
}

namespace feedback::app {

// "kiosk-" + the host name, lower-cased, anything outside [a-z0-9._-] turned into '-'.
std::string default_device_id();

// Field defaults below are the built-in defaults; assets/kiosk.toml repeats them (a test keeps
// the two equal).
struct Config {
    struct Office {
        std::string name = "สำนักงาน";  // shown on the Welcome screen and report headers
        std::string name_en = "Office";
        std::string channels_url;  // the office's other channels (LINE OA, website) for the
                                   // thank-you QR code (ITA measure 12); empty = no QR code
        std::filesystem::path logo;  // PNG shown on the thank-you screen; empty = none
        std::string hours;         // "mon-fri 08:30-16:30; sat 09:00-12:00"; empty = always open
                                   // (core/office_hours.h)
        std::vector<std::string> closed_dates;  // "YYYY-MM-DD" (public holidays): closed all day
        bool operator==(const Office&) const = default;
    } office;

    struct Device {
        std::string id = default_device_id();  // stored with every entry; unique per office
        std::string name;                      // for staff, e.g. "เคาน์เตอร์กองคลัง"; may be empty
        std::string code;                      // complaint reference prefix, unique per office;
                                               // empty = derived from id (core/reference.h)
        bool operator==(const Device&) const = default;
    } device;

    struct SurveySection {
        std::filesystem::path file;  // empty = the built-in default survey
        std::vector<std::string> service_points;  // survey service-point ids this kiosk serves;
                                                  // empty = the visitor is not asked
        bool operator==(const SurveySection&) const = default;
    } survey;

    struct Session {
        int idle_timeout_s = 60;    // without a touch, then the "more time?" warning
        int idle_warning_s = 20;    // how long the warning counts down (DESIGN §3: at least 20 s)
        int followup_timeout_s = 20;  // follow-up untouched this long → Welcome, answer kept
        int thank_you_s = 5;        // thank-you screen before Welcome returns
        int misuse_interval_s = 10; // a bare face this soon after the previous visitor's last
                                    // touch is flagged (REPORT.md, "Misuse");
                                    // 0 = never flag
        bool operator==(const Session&) const = default;
    } session;

    struct Display {
        std::string language = "th";  // language at the start of every session: "th" or "en"
        double scale = 1.0;           // multiplies all DPI-derived sizes
        double dpi = 0;               // the display's real DPI; 0 = ask the display (issue 16)
        std::filesystem::path font;   // empty = Laksaman from fonts-tlwg-laksaman-ttf
        bool large_text = false;      // start every session in large text
        bool high_contrast = false;   // start every session in high contrast
        int dim_when_closed_s = 120;  // closed Welcome untouched this long → dimmed; 0 = never
        std::string presentation = "auto";  // presentation paths to try (app/presentation_paths.h)
        bool operator==(const Display&) const = default;
    } display;

    struct Store {
        std::filesystem::path database;  // empty = default_database_path()
        bool operator==(const Store&) const = default;
    } store;

    struct Sync {
        std::string endpoint = "http://127.0.0.1:8787/v1/batches";  // the local collector
        std::filesystem::path token_file;  // file holding the bearer token; empty = no token
        std::string proxy;                 // empty = the standard environment (https_proxy …)
        int batch_size = 200;              // entries per upload
        int heartbeat_s = 300;             // how often the kiosk reports itself alive
        std::filesystem::path ca_bundle;   // extra CA certificates (PEM); empty = system store
        std::string pinned_public_key;     // curl's sha256//… pin; empty = no pinning
        bool operator==(const Sync&) const = default;
    } sync;

    struct Complaint {
        // Shown before any contact detail can be entered (PDPA): purpose, legal basis, what is
        // kept and for how long ({days} = retention.contact_days), who receives it, whom to
        // contact about the data, the person's rights.
        std::string pdpa_notice_th =
            "สำนักงานขอเก็บชื่อและหมายเลขโทรศัพท์ของท่านเพื่อติดต่อกลับและแจ้งผลการดำเนินการเรื่องร้องเรียนนี้เท่านั้น "
            "โดยอาศัยความยินยอมของท่านและการปฏิบัติหน้าที่ตามกฎหมายตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 "
            "ข้อมูลจะส่งถึงเฉพาะเจ้าหน้าที่ผู้รับผิดชอบเรื่องร้องเรียนของสำนักงาน และจะถูกลบออกจากตู้นี้ภายใน {days} วัน"
            "หลังจากส่งถึงสำนักงานแล้ว ท่านมีสิทธิขอเข้าถึง แก้ไข ลบ หรือถอนความยินยอมได้ทุกเมื่อ "
            "โดยติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลของสำนักงาน";
        std::string pdpa_notice_en =
            "The office keeps your name and phone number only to call you back about this complaint "
            "and tell you what was done, based on your consent and its legal duties under the "
            "Personal Data Protection Act B.E. 2562 (2019). Only the staff who handle complaints "
            "receive them, and they are removed from this kiosk {days} days after reaching the "
            "office. You may ask to see, correct or delete them, or withdraw your consent, at any "
            "time through the office's data protection officer.";
        std::string policy_url;    // full privacy policy, shown as a QR code; empty = none
        std::string tracking_url;  // "https://…/track/{ref}?k={key}" for the reference QR; empty = number only
        bool operator==(const Complaint&) const = default;
    } complaint;

    struct Admin {
        // Where removable drives are mounted, ':'-separated; the admin screen exports there.
        std::string usb_roots = "/media:/run/media";
        bool operator==(const Admin&) const = default;
    } admin;

    struct Retention {
        int contact_days = 30;  // complaint contact details are removed this many days after
                                // the collector acknowledged them (PDPA)
        bool operator==(const Retention&) const = default;
    } retention;

    struct Report {
        // Upper bounds of the mean for น้อยที่สุด, น้อย, ปานกลาง, มาก (มากที่สุด above the last).
        std::array<double, 4> likert_upper_bounds{1.80, 2.60, 3.40, 4.20};
        // The office's goal for the overall ร้อยละ (e.g. 80); 0 = no target printed.
        double target_percent = 0.0;
        // Improvement actions printed under the executive summary; empty = none.
        std::string actions_th;
        // The approval block: names and positions of who prepared, reviewed and approved the
        // report; an empty block prints dotted lines to sign on.
        std::string prepared_name, prepared_position;
        std::string reviewed_name, reviewed_position;
        std::string approved_name, approved_position;
        bool operator==(const Report&) const = default;
    } report;

    struct Accessibility {
        // Spoken prompts (issue 21, kiosk/speech): "off", "on-request" (a keypad key or the
        // Listen button turns speech on for this visitor) or "always".
        std::string speech = "on-request";
        bool operator==(const Accessibility&) const = default;
    } accessibility;

    bool operator==(const Config&) const = default;
};

// What a key holds, which decides both how it is read and how it is checked.
enum class KeyKind {
    Text,          // any string
    RequiredText,  // a non-empty string
    Url,           // http:// or https:// URL, required
    OptionalUrl,   // http:// or https:// URL, or empty
    Proxy,         // curl proxy string ("host:port" or "scheme://host:port"), or empty
    DeviceId,      // 1..64 of [A-Za-z0-9._-]
    DeviceCode,    // empty, or 2..6 of core::kReferenceLetters and digits
    Language,      // "th" or "en"
    Path,          // a file path; empty means "the default"
    Bool,
    Int,           // within [min, max]
    Real,          // within [min, max]
    IdList,        // survey ids
    OfficeHours,   // "" or day/time groups, core::OfficeHours::parse
    DateList,      // ISO dates (C.E.)
    LikertBounds,  // four numbers strictly ascending, each strictly between 1 and 5
    Presentation,  // "auto" or presentation path ids separated by commas
    Speech,        // "off", "on-request" or "always"
};

struct ConfigKey {
    using Field = std::variant<std::string& (*)(Config&), std::filesystem::path& (*)(Config&),
                               int& (*)(Config&), double& (*)(Config&), bool& (*)(Config&),
                               std::vector<std::string>& (*)(Config&),
                               std::array<double, 4>& (*)(Config&)>;
    std::string_view section;
    std::string_view name;
    KeyKind kind;
    double min;  // Int and Real only
    double max;
    Field field;
    std::string_view doc;  // one line, English

    std::string dotted() const;   // "sync.batch_size"
    std::string env_var() const;  // "FEEDBACK_SYNC_BATCH_SIZE"
};

// Every configuration key, in the order of the documentation.
std::span<const ConfigKey> config_keys();

// Where a value came from, for messages about it found after loading.
struct Origin {
    std::string file;  // a path, "environment", or "built-in defaults"
    int line = 0;
    std::string key;   // dotted key, or the environment variable's name
};

struct LoadedConfig {
    Config config;
    std::filesystem::path source;  // the file read; empty when from_defaults
    bool from_defaults = false;    // no file was read
    std::vector<std::string> notes;  // for the caller to log (never contain values)
    std::map<std::string, Origin> origins;  // dotted key -> where its value was set

    // A SourceError about a loaded key pointing at where it was set (file:line or variable).
    SourceError error(const std::string& dotted_key, const std::string& problem) const;
};

// explicit_path: the --config argument. Given and missing or unreadable -> SourceError.
// Not given: default_config_path() if it exists, else built-in defaults (with a note).
// Then env (see current_environment()) overrides. Throws feedback::SourceError.
LoadedConfig load_config(const std::optional<std::filesystem::path>& explicit_path,
                         const std::map<std::string, std::string>& env);

// Parses configuration text as if read from a file called source_name (relative paths are
// resolved against base_dir when it is not empty). For tests and `doctor`.
Config parse_config(std::string_view toml_text, const std::string& source_name,
                    const std::filesystem::path& base_dir = {});

// The process environment, FEEDBACK_* variables only (nothing else is ever looked at).
std::map<std::string, std::string> current_environment();

// Every effective key = value as TOML, grouped by section with each key's description as a
// comment. Loading the result gives the same Config back (apart from masked URL passwords).
std::string describe(const Config& config);

// Checks keys that refer into the survey (survey.service_points); throws feedback::SourceError
// pointing at where the bad value was set.
void check_against_survey(const LoadedConfig& loaded, const core::Survey& survey);

// office.hours and office.closed_dates as one value (they were checked when loaded).
core::OfficeHours office_hours(const Config& config);

// The database path in effect: store.database, or default_database_path() when empty.
std::filesystem::path effective_database_path(const Config& config);

}  // namespace feedback::app
