#!/bin/sh
# Issue 14, defect 1, at the process level: `feedback-kiosk record` run again and again under
# libfiu with 5% of pread(2) calls failing (EIO etc.). A read error must be retried or reported
# (exit 1) — never taken for damage: afterwards no file may have been set aside, and every
# answer a run reported as stored (its id on stdout, exit 0) must be in the database.
#
# usage: fiu_record.sh FEEDBACK_KIOSK_BIN WORK_DIR [RUNS]
set -eu
kiosk=$1
work=$2
runs=${3:-60}

rm -rf "$work"
mkdir -p "$work"
db=$work/kiosk.db
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

# A database of a few hundred pages, so the integrity check reads many pages each run.
"$kiosk" demo-data --db "$db" --count 3000 --seed 14 >/dev/null 2>&1

ok=0
failed=0
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    if fiu-run -x -c 'enable_random name=posix/io/rw/pread,probability=0.05' \
        "$kiosk" record --db "$db" --rating 3 >"$work/out" 2>>"$work/errors"; then
        ok=$((ok + 1))
        cat "$work/out" >>"$work/stored-ids"
    else
        failed=$((failed + 1))
    fi
done
echo "runs: $runs, stored: $ok, refused with an error: $failed"

status=0
aside=$(find "$work" -name 'kiosk.db.corrupt-*' | wc -l)
if [ "$aside" -ne 0 ]; then
    echo "FAIL: $aside file(s) set aside after read errors:" >&2
    find "$work" -name 'kiosk.db.corrupt-*' >&2
    grep -m 3 'damaged' "$work/errors" >&2 || true
    status=1
fi
if [ "$ok" -eq 0 ]; then
    echo "FAIL: no run succeeded, the test proves nothing" >&2
    status=1
fi
# Every id a successful run printed is still in the database (read without faults).
sqlite3 "$db" 'SELECT id FROM entries' | sort >"$work/in-db"
sort "$work/stored-ids" >"$work/stored-sorted"
missing=$(comm -23 "$work/stored-sorted" "$work/in-db" | wc -l)
if [ "$missing" -ne 0 ]; then
    echo "FAIL: $missing stored answer(s) missing from the database" >&2
    status=1
fi
# status --json lists nothing set aside.
if ! "$kiosk" status --json --db "$db" 2>/dev/null | grep -q '"set_aside": \[\]'; then
    echo "FAIL: status --json does not report an empty set_aside list" >&2
    status=1
fi
exit $status
