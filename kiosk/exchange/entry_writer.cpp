// Writing checked entries (see entry_writer.h).
#include "exchange/entry_writer.h"

#include <stdexcept>

namespace feedback::exchange {
namespace detail {

// there: "INSERT INTO entries (…) VALUES (?1, …, ?17), (?18, …, ?34), … ON CONFLICT (id) DO
// NOTHING". Made from kInsertEntry itself, so a column added there is imported too, and bound by
// the store's own bind_new_entry. Fewer rows when SQLite allows fewer parameters.
InsertSql insert_entries_sql(store::Database& db, std::size_t rows) {
    const std::string_view single = store::sql::kInsertEntry;
    const std::size_t values = single.rfind(" VALUES (");
    const std::string_view head = single.substr(0, values + 8), group = single.substr(values + 8);
    InsertSql out;
    out.columns = static_cast<std::size_t>(std::count(group.begin(), group.end(), '?'));
    if (values == std::string_view::npos || out.columns == 0)
        throw std::logic_error("sql::kInsertEntry is not INSERT … VALUES (?1, …)");
    const auto limit = static_cast<std::size_t>(sqlite3_limit(db.handle(), SQLITE_LIMIT_VARIABLE_NUMBER, -1));
    out.rows = std::max<std::size_t>(1, std::min(rows, limit / out.columns));
    out.text = head;
    for (std::size_t row = 0; row < out.rows; ++row) {
        if (row > 0) out.text += ", ";
        for (std::size_t i = 0; i < group.size(); ++i) {
            out.text += group[i];
            if (group[i] != '?') continue;
            std::size_t end = i + 1, number = 0;
            while (end < group.size() && group[end] >= '0' && group[end] <= '9')
                number = number * 10 + static_cast<std::size_t>(group[end++] - '0');
            if (end == i + 1) continue;  // a bare "?" numbers itself in order
            out.text += std::to_string(number + row * out.columns);
            i = end - 1;
        }
    }
    out.text += " ON CONFLICT (id) DO NOTHING";
    return out;
}

}  // namespace detail

ImportResult import_entries(store::Store& store, const std::vector<core::Entry>& entries, bool dry_run) {
    if (entries.empty()) return {};
    detail::EntryWriter writer(store, dry_run, entries.size() > 1000);
    writer.add(entries);
    return writer.finish();
}

}  // namespace feedback::exchange
