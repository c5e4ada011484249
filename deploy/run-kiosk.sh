#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts the kiosk in a window
# with its embedded defaults (database in ~/.local/share/feedback-kiosk, the default survey).
# Extra arguments go to `feedback-kiosk run`, e.g. --config FILE or --db FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target feedback-kiosk
exec build/default/kiosk/app/feedback-kiosk run --windowed "$@"
