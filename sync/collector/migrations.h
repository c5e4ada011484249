// The collector database's schema as numbered migrations (PRAGMA user_version).
//
// Why numbered migrations rather than one CREATE-IF-NOT-EXISTS script: the console (issue 18)
// and the public tracking page add tables and columns to databases that already hold a year of
// entries; each step runs exactly once, in order, in its own transaction, and a database written
// by a newer collector is refused rather than guessed at. PostgreSQL (issue 20) has its own list
// in pg_migrations.cpp with the same numbers: step N there holds what step N here holds.
//
// Adding a step: append {N+1, "SQL"} to the list in migrations.cpp and its PostgreSQL twin to
// pg_migrations.cpp; never edit a released one.
#pragma once

#include <string_view>
#include <vector>

namespace feedback::collector {

struct Migration {
    int version;          // user_version after this step
    std::string_view sql; // one or more statements
};

// Every migration in order: versions 1, 2, 3, … (the fleet branch's 7 follows 4 until the
// lead renumbers it on merge; the runner only needs them ascending).
const std::vector<Migration>& migrations();

// The version a database has after every migration (the last one's).
int schema_version();

}  // namespace feedback::collector
