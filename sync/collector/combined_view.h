// The collector's side of the console's combined report pages (issue 19; the console's side is
// sync/console/combined_page.h): the figures of an office and period as an HTML fragment for
// the page, or the report in a download format, computed by combined_report.h.
#pragma once

#include "combined_page.h"  // sync/console (the console's side)
#include "console_store.h"
#include "core/survey.h"
#include "storage.h"

namespace feedback::collector {

// Never throws for a bad period, office or device (status 400 with the reason in both
// languages); throws StorageError / console::StoreError for the database (the console's 500).
console::CombinedOutput combined_page(Storage& storage, console::ConsoleStore& console, const core::Survey& survey,
                                      int target_days, const console::CombinedQuery& query);

}  // namespace feedback::collector
