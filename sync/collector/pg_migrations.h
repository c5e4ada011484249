// The collector database's schema on PostgreSQL (issue 20) as numbered migrations, mirroring
// the SQLite list in migrations.cpp step for step: version N here holds what version N there
// holds, so a step added to one list gets its twin in the other with the same number.
//
// The version lives in the one-row table feedback_schema (PostgreSQL has no user_version);
// pg::migrate applies the missing steps in one transaction under an advisory lock, so several
// collectors starting together against one database never race.
#pragma once

#include <vector>

#include "pg.h"

namespace feedback::collector {

// Every PostgreSQL migration in order: versions 1, 2, 3, … with no gaps.
const std::vector<pg::Migration>& pg_migrations();

inline constexpr const char* kPgVersionTable = "feedback_schema";
// pg_advisory_xact_lock key of the migrations ("feedback" in ASCII).
inline constexpr long long kPgMigrationLock = 0x6665656462616b;

}  // namespace feedback::collector
