// Bringing another kiosk's database into this one: every entry, its complaint details and its
// sync state, for when a kiosk is replaced or two counters' kiosks are consolidated.
// Used by `feedback-kiosk merge --from OTHER.db`.
//
// Why these choices:
// - The entry id (a UUID made on the kiosk) is the identity, as it is for the collector: an
//   entry already here is left exactly as it is, so merging twice, or merging files that share
//   history, adds nothing twice.
// - Sync state travels with the entry. What the other kiosk already had acknowledged stays
//   `sent` (same batch, times and attempts), so it is not uploaded again; what was pending stays
//   pending and this kiosk's sync daemon sends it. The collector deduplicates anyway, but a
//   re-send of years of history would cost the office bandwidth for nothing.
// - The source is never modified. Store's constructor would migrate an older file in place, so
//   the file (and its WAL, which may hold the latest commits) is copied into a private temporary
//   directory and the copy is checked and migrated. A file from a newer schema is refused before
//   anything is opened for writing; the source cannot be touched in either case.
// - One transaction on this database: all of the other kiosk's entries arrive, or none.
// - The copying is plain SQL (ATTACH + INSERT … SELECT) on this store's connection: one statement
//   per table is both the fastest and the only way to keep the three tables consistent.
#pragma once

#include <cstdint>
#include <filesystem>

namespace feedback::store {
class Store;
}

namespace feedback::exchange {

struct MergeResult {
    std::int64_t merged = 0;           // entries added
    std::int64_t already_present = 0;  // entries of the source whose id was here already
    std::int64_t complaints = 0;       // complaint details added with them
};

// Throws store::StoreError for a newer-version, unreadable or damaged source, or a database
// failure (nothing merged), and std::invalid_argument when `from` is this store's own file.
MergeResult merge_database(store::Store& into, const std::filesystem::path& from);

}  // namespace feedback::exchange
