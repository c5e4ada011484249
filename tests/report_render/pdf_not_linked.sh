#!/usr/bin/env bash
# The PDF renderer's libraries are loaded on demand, not at start (kiosk/report/pdf_module.h):
# Pango and Cairo (and so glib, harfbuzz, fontconfig, pixman…) cost every kiosk ~3 MB of PSS at
# start for a PDF made twice a year. So neither may appear in the dynamic NEEDED list of the
# programs given after --without, and both must appear in the module given with --module (the
# check itself is proved able to see them: a readelf that printed nothing would pass otherwise).
#
#   pdf_not_linked.sh --module feedback-pdf.so --without feedback-kiosk test_report_render …
set -euo pipefail
[ "$1" = --module ] || { echo "usage: $0 --module MODULE --without BINARY…" >&2; exit 2; }
module=$2
shift 2
[ "$1" = --without ] || { echo "usage: $0 --module MODULE --without BINARY…" >&2; exit 2; }
shift
status=0
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

module_needs=$(needed "$module")
for lib in libpango libcairo; do
  if ! grep -q "^$lib" <<<"$module_needs"; then
    echo "FAIL: $module does not link $lib (NEEDED: $(tr '\n' ' ' <<<"$module_needs"))"
    status=1
  fi
done
for binary in "$@"; do
  linked=$(needed "$binary" | grep -E '^lib(pango|cairo)' || true)
  if [ -n "$linked" ]; then
    echo "FAIL: $binary links $(tr '\n' ' ' <<<"$linked")at start; the PDF renderer must be dlopen()ed"
    status=1
  else
    echo "ok: $(basename "$binary") has no libpango/libcairo in NEEDED"
  fi
done
exit $status
