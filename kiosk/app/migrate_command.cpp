// `feedback-kiosk migrate`: brings the database to this release's schema and says so.
//
// Every command migrates when it opens the database anyway; this one exists so the Debian
// package's postinst can migrate during an upgrade, where a failure is seen by the person
// running apt (and the old file is untouched: each migration is one transaction), rather than
// at the counter. A database from a newer release is refused untouched, exit code 1.
#include <sqlite3.h>

#include <cstdio>

#include "app/commands.h"
#include "store/migrations.h"
#include "store/sqlite.h"

namespace feedback::app {

int migrate_command(const Context& context) {
    std::error_code ec;
    int before = 0;
    if (std::filesystem::exists(context.database_path, ec)) {
        store::Database peek(context.database_path.string(), SQLITE_OPEN_READONLY);
        before = static_cast<int>(peek.query_int("PRAGMA user_version"));
    }
    auto store = open_store(context);
    const auto status = store->status();
    if (before == status.schema_version)
        std::printf("%s: schema version %d, up to date (%lld entries)\n", context.database_path.c_str(),
                    status.schema_version, static_cast<long long>(status.entries));
    else
        std::printf("%s: schema version %d -> %d (%lld entries kept)\n", context.database_path.c_str(),
                    before, status.schema_version, static_cast<long long>(status.entries));
    return kExitOk;
}

}  // namespace feedback::app
