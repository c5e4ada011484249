#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and starts the kiosk in a window
# with its embedded defaults (database in ~/.local/share/feedback-kiosk, the default survey).
# Extra arguments go to `feedback-kiosk run`, e.g. --config FILE or --db FILE.
#
# Beside the kiosk it starts what a real installation has as two more services, so a newcomer
# sees answers travel (DESIGN.md §2): the reference collector on 127.0.0.1:8787 (the default
# sync.endpoint), in open mode (no tokens: loopback only), storing into collector.db next to
# the kiosk's database, and the sync daemon feedback-sync, given the same --db and --config as
# the kiosk so both use one database. Both are stopped when the kiosk window closes.
# `feedback-collector export --db ~/.local/share/feedback-kiosk/collector.db` shows what arrived.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target feedback-kiosk feedback-sync feedback-collector

bin=build/default
data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/feedback-kiosk"
mkdir -p "$data_dir"
chmod 700 "$data_dir"

# feedback-sync must read the same database and configuration as the kiosk.
sync_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --db | --config)
      if ((i + 1 < ${#args[@]})); then sync_args+=("${args[i]}" "${args[i + 1]}"); fi ;;
    --db=* | --config=*) sync_args+=("${args[i]}") ;;
  esac
done

pids=()
stop_services() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_services EXIT

"$bin/sync/collector/feedback-collector" serve --listen 127.0.0.1:8787 \
  --db "$data_dir/collector.db" >/dev/null &
pids+=($!)
"$bin/kiosk/app/feedback-sync" "${sync_args[@]}" &
pids+=($!)

status=0
"$bin/kiosk/app/feedback-kiosk" run --windowed "$@" || status=$?
exit "$status"
