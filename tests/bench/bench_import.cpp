// Import benchmark (ctest -L benchmark, or run bench_import directly). Prints figures; the goal
// is in README.md: 100,000 paper-template rows read, validated and committed in under 2 s.
// Beside it, the sqlite3 shell's own `.import --csv` of the same file into a plain table — no
// validation, no ids, no sync queue — as the floor for "reading a CSV into SQLite" on this
// machine and disk.
//
// Usage: bench_import [DIR] [--rows N]   (DIR defaults to the current directory)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/survey.h"
#include "exchange/paper_import.h"
#include "store/store.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace feedback;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Rows in the shapes clerks type: B.E. and C.E. dates, Thai labels, ids, optional cells.
std::string make_csv(int rows) {
    static const char* kServices[] = {"สำนักปลัดฯ", "กองคลัง", "engineering", "education"};
    static const char* kRatings[] = {"5", "มาก", "4", "ปานกลาง", "2"};
    static const char* kReasons[] = {"รวดเร็ว; เป็นกันเอง", "", "long_wait", "", "\"ขั้นตอนยุ่งยาก,รอนาน\""};
    std::string out = "\xEF\xBB\xBF" "วันที่ (date),เวลา (time),จุดบริการ (service_point),คะแนน (rating),"
                      "ด้านเจ้าหน้าที่ (dimension:staff),เหตุผล (reasons),ความคิดเห็น (comment)\r\n";
    out.reserve(static_cast<std::size_t>(rows) * 90);
    for (int i = 0; i < rows; ++i) {
        const int day = 1 + i % 28, month = 1 + (i / 28) % 9;
        char date[16];
        if (i % 2 == 0)
            std::snprintf(date, sizeof date, "%02d/%02d/2569", day, month);
        else
            std::snprintf(date, sizeof date, "2026-%02d-%02d", month, day);
        out += date;
        out += i % 3 == 0 ? ",09:30," : ",,";
        out += kServices[i % 4];
        out += ',';
        out += kRatings[i % 5];
        out += i % 2 == 0 ? ",4," : ",,";
        out += kReasons[i % 5];
        out += i % 7 == 0 ? ",\"บริการดี, รวดเร็ว\"\r\n" : ",\r\n";
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path dir = ".";
    int rows = 100'000;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--rows" && i + 1 < argc)
            rows = std::atoi(argv[++i]);
        else
            dir = arg;
    }
    fs::create_directories(dir);
    const fs::path csv = dir / "bench-import.csv";
    const fs::path db = dir / "bench-import.db";
    const fs::path raw = dir / "bench-import-sqlite3.db";
    for (const auto& p : {db, raw}) {
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix);
    }
    const std::string bytes = make_csv(rows);
    std::ofstream(csv, std::ios::binary) << bytes;
    const auto survey = core::default_survey();

    const auto start = Clock::now();
    const auto parsed = exchange::parse_answers_csv(bytes, survey, {"bench", survey.version});
    const double parse_s = seconds_since(start);
    if (!parsed.problems.empty()) {
        std::fprintf(stderr, "bench_import: %s\n", parsed.problems[0].message().c_str());
        return 1;
    }
    store::Store store(db);
    const auto write_start = Clock::now();
    const auto result = exchange::import_entries(store, parsed.entries, false);
    const double write_s = seconds_since(write_start);
    const double total_s = seconds_since(start);

    const auto again_start = Clock::now();
    const auto again = exchange::import_entries(store, parsed.entries, false);
    const double again_s = seconds_since(again_start);

    std::printf("import of %d template rows (%.1f MB):\n", rows, static_cast<double>(bytes.size()) / 1e6);
    std::printf("  parse + validate      %7.3f s\n", parse_s);
    std::printf("  write (1 transaction) %7.3f s  (%zu imported)\n", write_s, result.imported);
    std::printf("  total                 %7.3f s  goal < 2 s: %s\n", total_s, total_s < 2.0 ? "met" : "NOT met");
    std::printf("  re-import (all dup.)  %7.3f s  (%zu already present)\n", again_s, again.already_present);

    const std::string command = "sqlite3 '" + raw.string() + "' -cmd 'PRAGMA journal_mode=WAL' -cmd "
                                "'PRAGMA synchronous=FULL' '.import --csv " + csv.string() + " answers' > /dev/null 2>&1";
    const auto raw_start = Clock::now();
    const int rc = std::system(command.c_str());
    const double raw_s = seconds_since(raw_start);
    if (rc == 0)
        std::printf("  sqlite3 .import --csv %7.3f s  (no validation; %.1fx faster)\n", raw_s, total_s / raw_s);
    else
        std::printf("  sqlite3 .import --csv not run (sqlite3 shell missing or failed)\n");
    return 0;
}
