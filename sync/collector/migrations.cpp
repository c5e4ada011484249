// The numbered schema steps of the collector database (see migrations.h for why).
//
//   1  entries, batches, heartbeats: the protocol's own tables (sync/PROTOCOL.md).
//   2  the console (issue 18): offices, users, the device -> office map mirrored from the token
//      file, one `cases` row per complaint (filled by a trigger, so the protocol's insert path
//      does not change), the status history and the audit trail.
//   3  entries.complaint_tracking_key: the secret of the public tracking page (issue 18).
//   4  entries.profile: the optional respondent profile (issue 17), a JSON object, '{}' when none.
//   5  console_sessions, login_failures: the console's sessions and sign-in lockouts move into
//      the database (issue 20), so collectors sharing one database share them.
//   6  the fleet (issue 19): heartbeats.device_name and .clock_offset_ms, auth_refusals, and
//      the indexes the fleet's per-kiosk counts need. (Numbered 7 on its branch; 6 in merge order.)
//   7  entries_by_time and entries_complaints_by_time: the combined report's reads (issue 19; 5 on its
//      branch, 7 in merge order).
//   8  offices.published: the office's results are on /public/<code> (issue 19; 6 on its branch,
//      8 in merge order).
#include "migrations.h"

namespace feedback::collector {
namespace {

constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  created_utc TEXT NOT NULL,
  utc_offset_min INTEGER NOT NULL,
  device_id TEXT NOT NULL,
  service_point TEXT NOT NULL,
  rating INTEGER,
  dimensions TEXT NOT NULL,
  reasons TEXT NOT NULL,
  comment TEXT NOT NULL,
  language TEXT NOT NULL,
  misuse INTEGER NOT NULL,
  survey_version TEXT NOT NULL,
  channel TEXT NOT NULL,
  complaint_category TEXT,
  complaint_occurred TEXT,
  complaint_service_point TEXT,
  complaint_description TEXT,
  complaint_anonymous INTEGER,
  complaint_contact_name TEXT,
  complaint_contact_phone TEXT,
  complaint_reference TEXT,
  complaint_sensitive INTEGER,
  received_utc TEXT NOT NULL,
  received_from TEXT NOT NULL,
  batch_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
  device_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  received_utc TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  response TEXT NOT NULL,
  PRIMARY KEY (device_id, batch_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS heartbeats (
  device_id TEXT PRIMARY KEY,
  received_utc TEXT NOT NULL,
  app_version TEXT NOT NULL,
  pending INTEGER NOT NULL,
  oldest_pending_age_s INTEGER,
  last_error TEXT NOT NULL,
  kiosk_clock_utc TEXT NOT NULL,
  peer TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Why a separate `cases` table rather than columns on `entries`: the queue page filters and
// sorts 100,000 complaints among many more ratings; a narrow table with its own indexes answers
// that in milliseconds. Why a trigger: the office is the one of the device's token at the time
// the complaint arrives (device_offices, mirrored from the token file when `serve` starts), or
// the only office while there is exactly one; an entry received before any office existed gets
// NULL and is seen only by users of office '*'. The sensitive flag is the kiosk's (its category
// is marked sensitive in the survey) or the bribery category itself, in case a survey forgot.
// Times are ISO 8601 UTC strings; filed_date is the kiosk's local calendar date.
constexpr std::string_view kVersion2 = R"sql(
CREATE TABLE offices (
  code TEXT PRIMARY KEY,
  name_th TEXT NOT NULL,
  name_en TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE users (
  name TEXT PRIMARY KEY,
  office TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('officer', 'executive', 'it')),
  password_hash TEXT NOT NULL,
  created_utc TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE device_offices (
  device_id TEXT PRIMARY KEY,
  office TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE cases (
  entry_seq INTEGER PRIMARY KEY,
  reference TEXT NOT NULL,
  office TEXT,
  device_id TEXT NOT NULL,
  category TEXT NOT NULL,
  service_point TEXT NOT NULL,
  sensitive INTEGER NOT NULL,
  created_utc TEXT NOT NULL,
  utc_offset_min INTEGER NOT NULL,
  filed_date TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'accepted', 'in_progress', 'resolved', 'referred')),
  status_utc TEXT,
  accepted_utc TEXT,
  started_utc TEXT,
  closed_utc TEXT
);
CREATE INDEX cases_reference ON cases (reference);
CREATE INDEX cases_office_created ON cases (office, created_utc);
CREATE INDEX cases_office_sensitive_created ON cases (office, sensitive, created_utc);
CREATE INDEX cases_office_status_created ON cases (office, sensitive, status, created_utc);
CREATE INDEX cases_created ON cases (created_utc);
CREATE TABLE case_history (
  id INTEGER PRIMARY KEY,
  entry_seq INTEGER NOT NULL REFERENCES cases (entry_seq),
  status TEXT NOT NULL,
  at_utc TEXT NOT NULL,
  public_response TEXT NOT NULL,
  internal_note TEXT NOT NULL,
  referred_to TEXT NOT NULL,
  user TEXT NOT NULL
);
CREATE INDEX case_history_entry ON case_history (entry_seq, id);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at_utc TEXT NOT NULL,
  user TEXT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  office TEXT NOT NULL
);
CREATE TRIGGER entries_case AFTER INSERT ON entries
WHEN NEW.kind = 'complaint' AND NEW.complaint_reference IS NOT NULL
BEGIN
  INSERT INTO cases (entry_seq, reference, office, device_id, category, service_point, sensitive,
                     created_utc, utc_offset_min, filed_date)
  VALUES (NEW.seq, NEW.complaint_reference,
          COALESCE((SELECT office FROM device_offices
                    WHERE device_id = COALESCE(NULLIF(NEW.received_from, ''), NEW.device_id)),
                   (SELECT min(code) FROM offices HAVING count(*) = 1)),
          NEW.device_id, COALESCE(NEW.complaint_category, ''),
          COALESCE(NULLIF(NEW.complaint_service_point, ''), NEW.service_point),
          CASE WHEN NEW.complaint_sensitive = 1 OR NEW.complaint_category = 'bribery' THEN 1 ELSE 0 END,
          NEW.created_utc, NEW.utc_offset_min,
          date(NEW.created_utc, NEW.utc_offset_min || ' minutes'));
END;
INSERT INTO cases (entry_seq, reference, office, device_id, category, service_point, sensitive,
                   created_utc, utc_offset_min, filed_date)
SELECT seq, complaint_reference, NULL, device_id, COALESCE(complaint_category, ''),
       COALESCE(NULLIF(complaint_service_point, ''), service_point),
       CASE WHEN complaint_sensitive = 1 OR complaint_category = 'bribery' THEN 1 ELSE 0 END,
       created_utc, utc_offset_min, date(created_utc, utc_offset_min || ' minutes')
FROM entries WHERE kind = 'complaint' AND complaint_reference IS NOT NULL;
)sql";

// The complaint's tracking key (issue 18), the secret of the public tracking page
// /track/<reference>?k=<key> (sync/console/track_page.h); NULL for complaints from kiosks that
// send none. On `entries` beside the other wire fields, so the protocol's insert stores it; the
// page finds complaints through cases_reference.
constexpr std::string_view kVersion3 = R"sql(
ALTER TABLE entries ADD COLUMN complaint_tracking_key TEXT;
)sql";

// The respondent profile (issue 17): question id -> option id, sent as the optional `profile`
// field of an entry (sync/PROTOCOL.md). '{}' for entries without one, so old rows need no care.
constexpr std::string_view kVersion4 = R"sql(
ALTER TABLE entries ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
)sql";

// Sessions by a hash of their cookie token (never the token), and failed sign-ins per user name
// and per address ("user" / "address"). Times are milliseconds on the console's clock (auth.h).
constexpr std::string_view kVersion5 = R"sql(
CREATE TABLE console_sessions (
  token_hash TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  office TEXT NOT NULL,
  role TEXT NOT NULL,
  csrf TEXT NOT NULL,
  last_seen_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE login_failures (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_ms INTEGER NOT NULL,
  until_ms INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
)sql";

// The fleet (issue 19, sync/console/fleet.h). device_name is the heartbeat's optional field
// ('' from older kiosks). clock_offset_ms is the kiosk's clock minus the collector's at receipt,
// measured when the heartbeat arrives because only then are both clocks read together; NULL for
// heartbeats stored before this step. auth_refusals holds the latest refused request per
// *claimed* device (the X-Feedback-Device header, or the body's device_id on a 403), only for
// devices the token file knows, so strangers cannot grow it. The two indexes serve the fleet's
// "entries received today / this half-year" (covering: the half-year's rows are counted from the
// index alone, 0.65 -> 0.4 s for 290,000 of 1,000,000 entries) and "last batch" per kiosk
// without a full scan.
constexpr std::string_view kVersion6 = R"sql(
ALTER TABLE heartbeats ADD COLUMN device_name TEXT NOT NULL DEFAULT '';
ALTER TABLE heartbeats ADD COLUMN clock_offset_ms INTEGER;
CREATE TABLE auth_refusals (
  device_id TEXT PRIMARY KEY,
  last_utc TEXT NOT NULL,
  status INTEGER NOT NULL,
  count INTEGER NOT NULL,
  peer TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX entries_received ON entries (received_utc, received_from, device_id);
CREATE INDEX batches_device_received ON batches (device_id, received_utc);
)sql";

// The combined report (issue 19) reads an office's entries of a period in created_utc order, as
// the kiosk's report reads its own through its entries_by_time index: without one, a million
// entries are sorted at every report. The keys end in the rowid (seq), so "created_utc, then
// arrival" needs no sort either. Complaints (few) have a partial index of their own, so counting
// them does not walk the period's ratings.
constexpr std::string_view kVersion7 = R"sql(
CREATE INDEX IF NOT EXISTS entries_by_time ON entries (created_utc);
CREATE INDEX IF NOT EXISTS entries_complaints_by_time ON entries (created_utc) WHERE kind = 'complaint';
)sql";

// Whether the office's results are public (issue 19: `feedback-collector publish`). Off by
// default: an office publishes on purpose, never by being added.
constexpr std::string_view kVersion8 = R"sql(
ALTER TABLE offices ADD COLUMN published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1));
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list{
        {1, kVersion1},
        {2, kVersion2},
        {3, kVersion3},
        {4, kVersion4},
        {5, kVersion5},
        {6, kVersion6},
        {7, kVersion7},
        {8, kVersion8},
    };
    return list;
}

int schema_version() { return migrations().back().version; }

}  // namespace feedback::collector
