// The kiosk's names for the shared SQLite wrapper (common/sqlite.h).
//
// Why aliases: the wrapper moved to common/ so the collector can use it too (it must not link
// the kiosk); the store, report and exchange code keep saying store::StoreError,
// store::Statement, … unchanged.
#pragma once

#include "common/sqlite.h"

namespace feedback::store {

using StoreError = sqlite::Error;
using BorrowedText = sqlite::BorrowedText;
using Statement = sqlite::Statement;
using Database = sqlite::Database;
using Transaction = sqlite::Transaction;
using sqlite::explain;

}  // namespace feedback::store
