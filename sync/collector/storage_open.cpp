// The Storage facade: the address picks the backend (issue 20). A PostgreSQL URI
// ("postgresql://…", "postgres://…") opens PgStorage; anything else is a SQLite file path.
#include "pg_storage.h"
#include "sqlite_storage.h"

namespace feedback::collector {

Storage::Storage(const std::string& address, Mode mode) : address_(address) {
    if (pg::is_uri(address)) backend_ = std::make_unique<PgStorage>(address, mode);
    else backend_ = std::make_unique<SqliteStorage>(address, mode);
}

Storage::~Storage() = default;

}  // namespace feedback::collector
