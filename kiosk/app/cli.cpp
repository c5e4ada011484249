// The command line of feedback-kiosk (CLI11). Command names, flags, output formats and exit
// codes are a contract with IT scripts and outside checks: they are documented in README.md
// and in --help, and change only by adding.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/audio_command.h"
#include "app/commands.h"
#include "app/import_command.h"
#include "app/log.h"
#include "app/sync_command.h"
#include "app/report_commands.h"
#include "app/setup_command.h"
#include "app/text_command.h"
#include "core/errors.h"
#include "store/file_lock.h"
#include "store/sqlite.h"

namespace feedback::app {
namespace {

constexpr const char* kExitCodes =
    "\nExit codes: 0 success, 1 runtime error (bad configuration, database or I/O problem), "
    "2 usage error (unknown command, bad flag or value).";

void add_common(CLI::App& command, CommonOptions& common) {
    command.add_option("--config", common.config_file,
                       "configuration file (default: ~/.config/feedback-kiosk/kiosk.toml if it "
                       "exists, else /etc/feedback-kiosk/kiosk.toml if it exists, else built-in "
                       "defaults); FEEDBACK_<SECTION>_<KEY> variables win");
    command.add_option("--db", common.database,
                       "database file (default: store.database, else "
                       "~/.local/share/feedback-kiosk/feedback.db)");
}

}  // namespace

int run_cli(int argc, char** argv, const WindowRunner& run_window, const DisplayChecker& check_display,
            const AudioDevice* audio) {
    CLI::App app{"feedback-kiosk — touchscreen satisfaction and complaint kiosk for Thai local "
                 "government offices",
                 "feedback-kiosk"};
    app.footer(kExitCodes);
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", std::string(FEEDBACK_VERSION));

    CommonOptions common;
    add_common(app, common);

    auto* run = app.add_subcommand("run", "open the kiosk window (the default command)");
    add_common(*run, common);
    RunOptions run_options;
    run->add_flag("--windowed", run_options.windowed,
                  "a 1366x768 window instead of full screen (for trying the kiosk on a desktop)");
    run->add_flag("--headless", run_options.headless,
                  "draw offscreen (SDL's offscreen driver): for --script runs without a display");
    run->add_option("--script", run_options.script,
                    "run the scripted UI driver: steps tap ID, type TEXT, wait MS, idle S, "
                    "expect-screen NAME, screenshot FILE.png; exits 1 at the first failed step")
        ->check(CLI::ExistingFile);
    std::string size;
    run->add_option("--size", size, "window size WIDTHxHEIGHT, e.g. 1080x1920 for portrait");

    RecordOptions record;
    auto* record_cmd = app.add_subcommand(
        "record", "store one answer non-interactively (for scripts and tests); prints its id");
    add_common(*record_cmd, common);
    record_cmd->add_option("--rating", record.rating, "satisfaction 1 (least) to 5 (most)")
        ->required()
        ->check(CLI::Range(1, 5));
    record_cmd->add_option("--service", record.service_point, "service point id from the survey");
    record_cmd->add_option("--reasons", record.reasons, "reason ids from the survey, comma-separated")
        ->delimiter(',');
    record_cmd->add_option("--dimension", record.dimensions,
                           "a dimension answer ID=LEVEL, e.g. staff=5 (repeatable)");
    record_cmd->add_option("--comment", record.comment, "free-text comment (UTF-8)");
    record_cmd->add_option("--language", record.language, "th or en (default: display.language)")
        ->check(CLI::IsMember({"th", "en"}));

    StatusOptions status;
    auto* status_cmd = app.add_subcommand(
        "status", "counts by state, pending entries, oldest pending age, database path and size");
    add_common(*status_cmd, common);
    status_cmd->add_flag("--json", status.json, "print one JSON object (format in README.md)");

    DemoDataOptions demo;
    auto* demo_cmd = app.add_subcommand(
        "demo-data", "add realistic synthetic answers spread over office hours");
    add_common(*demo_cmd, common);
    demo_cmd->add_option("--count", demo.count, "how many entries")->required()->check(
        CLI::Range(1LL, 100'000'000LL));
    demo_cmd->add_option("--from", demo.from, "first date, YYYY-MM-DD (default: 180 days before --to)");
    demo_cmd->add_option("--to", demo.to, "last date, YYYY-MM-DD (default: today)");
    demo_cmd->add_option("--seed", demo.seed, "random seed, for repeatable data");

    auto* doctor = app.add_subcommand(
        "doctor", "check configuration, survey, font, database, clock and endpoint");
    add_common(*doctor, common);

    auto* text_cmd = app.add_subcommand("text", "Thai text tools: see what the kiosk draws, check a font");
    text_cmd->require_subcommand(1);
    auto* text_shape = text_cmd->add_subcommand(
        "shape", "read UTF-8 lines on stdin; print each line's display code points (PUA-shaped) as "
                 "space-separated upper-case hex");
    std::string font_file;
    auto* text_font = text_cmd->add_subcommand(
        "check-font", "check that a font can show shaped Thai (variants U+F700-F71A, zero-width marks)");
    text_font->add_option("FILE", font_file, "a .ttf or .otf file")->required();

    // ---- Staff report (kiosk/report; definitions and JSON format in kiosk/report/REPORT.md) ----
    ExportOptions export_options;
    auto* export_cmd = app.add_subcommand(
        "export", "write the report for a period as CSV (raw rows), XLSX (summary + raw data), HTML "
                  "(printable A4) or PDF (A4, made on the kiosk); written atomically");
    add_common(*export_cmd, common);
    export_cmd->add_option("--period", export_options.period,
                           "2569-H1, 2569-H2, a fiscal year 2569, or FROM..TO (YYYY-MM-DD, C.E.)")
        ->required();
    export_cmd->add_option("--format", export_options.format, "csv, xlsx, html or pdf")
        ->required()
        ->check(CLI::IsMember({"csv", "xlsx", "html", "pdf"}));
    export_cmd->add_option("--edition", export_options.edition,
                           "internal (every comment, masked) or public (approved comments only, small "
                           "slices suppressed; html, pdf)")
        ->check(CLI::IsMember({"internal", "public"}));
    export_cmd->add_option("--out", export_options.out, "the file to write")->required();
    export_cmd->add_flag("--thai-digits", export_options.thai_digits, "Thai digits in the HTML and titles");

    ReportCommandOptions report_cmd_options;
    auto* report_cmd = app.add_subcommand("report", "print the report for a period as one JSON object");
    add_common(*report_cmd, common);
    report_cmd->add_option("--period", report_cmd_options.period,
                           "2569-H1, 2569-H2, a fiscal year 2569, or FROM..TO (YYYY-MM-DD, C.E.)")
        ->required();
    report_cmd->add_option("--format", report_cmd_options.format, "json (the default)")
        ->check(CLI::IsMember({"json"}));
    report_cmd->add_option("--out", report_cmd_options.out, "write to this file instead of stdout");
    report_cmd->add_option("--edition", report_cmd_options.edition, "internal or public")
        ->check(CLI::IsMember({"internal", "public"}));

    SuggestionsOptions suggestions_options;
    auto* suggestions_cmd = app.add_subcommand(
        "suggestions", "the comments the public edition of the report may publish: list, approve ID..., revoke ID...");
    add_common(*suggestions_cmd, common);
    suggestions_cmd->add_option("ACTION", suggestions_options.action, "list, approve or revoke")
        ->required()
        ->check(CLI::IsMember({"list", "approve", "revoke"}));
    suggestions_cmd->add_option("IDS", suggestions_options.ids, "comment ids (at least 8 characters, as list prints)");
    suggestions_cmd->add_option("--period", suggestions_options.period,
                                "list: 2569-H1, 2569-H2, 2569 or FROM..TO (default: the current half-year)");
    // ---- end of staff report ----

    // ---- Paper answers, other kiosks (kiosk/exchange; template in assets/paper-answers-template.csv) ----
    ImportOptions import_options;
    auto* import_cmd = app.add_subcommand(
        "import", "add answers from the paper-questionnaire template or a kiosk's CSV export; every row is "
                  "checked and a file with any problem imports nothing; importing it again adds nothing");
    add_common(*import_cmd, common);
    import_cmd->add_option("--csv", import_options.csv, "the CSV file (UTF-8; the template or `export --format csv`)")
        ->required();
    import_cmd->add_flag("--dry-run", import_options.dry_run, "check the file and count, write nothing");

    MergeOptions merge_options;
    auto* merge_cmd = app.add_subcommand(
        "merge", "bring every entry, complaint and sync state of another kiosk's database into this one "
                 "(entry id is the identity; the other file is never changed)");
    add_common(*merge_cmd, common);
    merge_cmd->add_option("--from", merge_options.from, "the other kiosk's database file")->required();
    std::filesystem::path dismiss_file;
    auto* set_aside_cmd = app.add_subcommand(
        "set-aside", "databases set aside as damaged at start (listed by status, doctor and the staff screen)");
    set_aside_cmd->require_subcommand(1);
    auto* dismiss_cmd = set_aside_cmd->add_subcommand(
        "dismiss", "stop listing FILE (a <database>.corrupt-… copy) without merging it; the file is kept");
    add_common(*dismiss_cmd, common);
    dismiss_cmd->add_option("FILE", dismiss_file, "the set-aside file, as status lists it")->required();
    // ---- end of paper answers, other kiosks ----

    // ---- Sync, for IT ----
    bool sync_once = false, sync_verbose = false;
    auto* sync_cmd = app.add_subcommand(
        "sync", "send pending entries to the collector now (runs the feedback-sync installed beside feedback-kiosk)");
    add_common(*sync_cmd, common);
    sync_cmd->add_flag("--once", sync_once, "send what is pending, then exit (exit 0 only when nothing is left)")->required();
    sync_cmd->add_flag("--verbose", sync_verbose, "log every batch");

    // ---- Staff PIN ----
    SetPinOptions set_pin;
    auto* set_pin_cmd = app.add_subcommand(
        "set-pin", "set the staff PIN (4-12 digits) read from --pin-file or the first line of stdin; "
                   "only its Argon2id hash is stored");
    add_common(*set_pin_cmd, common);
    set_pin_cmd->add_option("--pin-file", set_pin.pin_file, "file whose first line is the PIN (for provisioning scripts)")
        ->check(CLI::ExistingFile);

    // ---- Provisioning and upgrades (deploy/README.md) ----
    SetupOptions setup;
    auto* setup_cmd = app.add_subcommand(
        "setup", "provision this kiosk non-interactively: write the configuration (only the keys given), "
                 "install the sync token and staff PIN with the right owners and modes, and choose the "
                 "session that starts it; checks everything before writing anything");
    add_common(*setup_cmd, common);
    setup_cmd->add_option("--office", setup.office, "office.name: the office's name in Thai");
    setup_cmd->add_option("--office-en", setup.office_en, "office.name_en: the office's name in English");
    setup_cmd->add_option("--device-id", setup.device_id, "device.id: unique within the office, e.g. dml-counter-1");
    setup_cmd->add_option("--device-name", setup.device_name, "device.name: what staff call this kiosk");
    setup_cmd->add_option("--device-code", setup.device_code, "device.code: complaint reference prefix, e.g. KT1");
    setup_cmd->add_option("--service-points", setup.service_points,
                          "survey.service_points: ids from the survey, comma-separated")
        ->delimiter(',');
    setup_cmd->add_option("--endpoint", setup.endpoint, "sync.endpoint: the collector's batch URL");
    setup_cmd->add_option("--proxy", setup.proxy, "sync.proxy: HTTP proxy URL");
    setup_cmd->add_option("--ca-bundle", setup.ca_bundle, "sync.ca_bundle: extra CA certificates (PEM)")
        ->check(CLI::ExistingFile);
    setup_cmd->add_option("--token-file", setup.token_file,
                          "this kiosk's bearer token; copied to 'token' beside the configuration "
                          "(mode 0600, owned by the service user) and set as sync.token_file")
        ->check(CLI::ExistingFile);
    setup_cmd->add_option("--pin-file", setup.pin_file, "file whose first line is the staff PIN (4-12 digits)")
        ->check(CLI::ExistingFile);
    setup_cmd->add_option("--database", setup.database, "store.database (default: keep what the configuration says)");
    setup_cmd->add_option("--user", setup.user,
                          "who owns the data and the token (default as root: feedback-kiosk, when that user exists)");
    setup_cmd->add_option("--session", setup.session,
                          "kiosk: enable the cage session on tty1 (feedback-kiosk.service); desktop: start "
                          "from --desktop-user's desktop instead; none (default): leave services as they are")
        ->check(CLI::IsMember({"kiosk", "desktop", "none"}));
    setup_cmd->add_option("--desktop-user", setup.desktop_user, "with --session desktop: the desktop's user");

    auto* display_check_cmd = app.add_subcommand(
        "display-check", "open a small window along display.presentation's paths (as `run` would), draw one "
                         "frame and print the path used: exit 0 when a window opened; never opens the database");
    add_common(*display_check_cmd, common);

    auto* migrate_cmd = app.add_subcommand(
        "migrate", "bring the database to this release's schema and print the versions (the package's "
                   "upgrade runs it); a database from a newer release is refused untouched");
    add_common(*migrate_cmd, common);

    // ---- Spoken prompts (issue 21; README "Spoken prompts") ----
    AudioOptions audio_options;
    auto* audio_cmd = app.add_subcommand("audio", "the spoken prompts: list them, record the office's voice, play one");
    audio_cmd->require_subcommand(1);
    auto* audio_list = audio_cmd->add_subcommand(
        "list", "print every prompt: LANGUAGE<TAB>ID<TAB>clip|missing<TAB>the exact text to say");
    add_common(*audio_list, common);
    audio_list->add_option("--language", audio_options.language, "th or en (default: both)")
        ->check(CLI::IsMember({"th", "en"}));
    auto* audio_record = audio_cmd->add_subcommand(
        "record", "record one prompt from the default microphone (or --input), trim the silence, normalise "
                  "the loudness and store it as <data dir>/audio/<language>/<id>.wav (atomically)");
    add_common(*audio_record, common);
    audio_record->add_option("--prompt", audio_options.prompt, "prompt id, as `audio list` prints")->required();
    audio_record->add_option("--language", audio_options.language, "th or en")
        ->required()
        ->check(CLI::IsMember({"th", "en"}));
    audio_record->add_option("--input", audio_options.input, "take the sound from this WAV file instead of the microphone")
        ->check(CLI::ExistingFile);
    audio_record->add_option("--seconds", audio_options.seconds, "longest take from the microphone (default 10)")
        ->check(CLI::Range(1, 60));
    auto* audio_play = audio_cmd->add_subcommand("play", "say one prompt as the kiosk would (clip, English espeak-ng, or the tone)");
    add_common(*audio_play, common);
    audio_play->add_option("--prompt", audio_options.prompt, "prompt id, as `audio list` prints")->required();
    audio_play->add_option("--language", audio_options.language, "th or en (default: display.language)")
        ->check(CLI::IsMember({"th", "en"}));

    for (auto* sub : app.get_subcommands({})) sub->footer(kExitCodes);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsageError;
    }

    if (!size.empty()) {
        const auto x = size.find('x');
        try {
            run_options.width = std::stoi(size.substr(0, x));
            run_options.height = std::stoi(size.substr(x + 1));
        } catch (const std::exception&) {
            run_options.width = 0;
        }
        if (x == std::string::npos || run_options.width < 320 || run_options.height < 320 ||
            run_options.width > 8192 || run_options.height > 8192) {
            log_error("--size: expected WIDTHxHEIGHT between 320 and 8192, got '" + size + "'");
            return kExitUsageError;
        }
    }

    try {
        if (*text_shape) return text_shape_command();
        if (*text_font) return text_check_font_command(font_file);
        if (*doctor) return doctor_command(common);
        if (*setup_cmd) return setup_command(common, setup);
        const Context context = load_context(common);
        if (*record_cmd) return record_command(context, record);
        if (*status_cmd) return status_command(context, status);
        if (*demo_cmd) return demo_data_command(context, demo);
        if (*set_pin_cmd) return set_pin_command(context, set_pin);
        if (*sync_cmd) return sync_once_command(context, sync_verbose);
        if (*export_cmd) return export_command(context, export_options);
        if (*report_cmd) return report_command(context, report_cmd_options);
        if (*suggestions_cmd) return suggestions_command(context, suggestions_options);
        if (*import_cmd) return import_command(context, import_options);
        if (*merge_cmd) return merge_command(context, merge_options);
        if (*dismiss_cmd) return set_aside_dismiss_command(context, dismiss_file);
        if (*migrate_cmd) return migrate_command(context);
        if (*audio_cmd) {
            audio_options.action = *audio_list ? "list" : *audio_record ? "record" : "play";
            return audio_command(context, audio_options, audio);
        }
        if (*display_check_cmd) {
            if (!check_display) {
                log_error("this build has no kiosk window (configured with FEEDBACK_BUILD_UI=OFF)");
                return kExitRuntimeError;
            }
            return check_display(context);
        }
        // One kiosk window per database: a second `run` (a desktop shortcut started twice, the
        // service plus a manual start) would close the first one's open sessions below and
        // race it for the screen. The flock is released when this process ends, however.
        store::FileLock single(context.database_path.string() + ".run-lock", store::FileLock::Mode::Try);
        if (!single.locked()) {
            log_error("another feedback-kiosk window is already running on " + context.database_path.string() +
                      " (it holds " + single.path().string() + "); this one exits without touching it");
            return kExitRuntimeError;
        }
        auto store = open_store(context);
        const auto closed = store->close_open_entries();
        if (closed > 0)
            log_note("closed " + std::to_string(closed) + " session(s) left open by the last run");
        if (!run_window) {
            log_error("this build has no kiosk window (configured with FEEDBACK_BUILD_UI=OFF)");
            return kExitRuntimeError;
        }
        return run_window(context, *store, run_options);
    } catch (const UsageError& e) {
        log_error(e.what());
        return kExitUsageError;
    } catch (const SourceError& e) {
        log_error(e.what());
        return kExitRuntimeError;
    } catch (const store::StoreError& e) {
        log_error(e.what());
        return kExitRuntimeError;
    } catch (const std::exception& e) {
        log_error(e.what());
        return kExitRuntimeError;
    }
}

}  // namespace feedback::app
