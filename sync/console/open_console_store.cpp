// open_console_store: the address picks the console's backend, as the collector's Storage
// does (a PostgreSQL URI, or a SQLite file path).
#include "pg_console_store.h"
#include "sqlite_console_store.h"

namespace feedback::console {

std::unique_ptr<ConsoleStore> open_console_store(const std::string& address) {
    if (pg::is_uri(address)) return std::make_unique<PgConsoleStore>(address);
    return std::make_unique<SqliteConsoleStore>(address);
}

}  // namespace feedback::console
