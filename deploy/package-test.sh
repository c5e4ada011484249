#!/usr/bin/env bash
# The Debian packages, checked the way IT will meet them (issue #8). Run by CTest (label
# package) after deploy/test.sh has built both packages; can be run by hand:
#
#   deploy/package-test.sh BUILD_DIR NEXT_BUILD_DIR
#
# BUILD_DIR/packages holds this build's feedback-kiosk and feedback-collector .debs: the ones we
# ship, installed and provisioned first. NEXT_BUILD_DIR/packages holds "the next release": the
# same source built with a higher version and one extra schema migration (CMake option
# FEEDBACK_UPGRADE_TEST_MIGRATION, which adds an empty table), so the upgrade runs a migration.
#
# Checks, in order:
#   1. dpkg-deb: file list and control fields of both packages; lintian reports no errors.
#   2. In a clean Debian 12 root made by debootstrap (cached in BUILD_DIR/package-root-base),
#      entered with chroot: install this build's package with apt (which fetches its Depends from
#      Debian's archive) and the collector's; systemd-analyze verify accepts the three installed
#      units; provision with `feedback-kiosk setup`, `doctor`, record an answer as
#      the service user, upgrade to the next build (postinst migrates the schema), find the answer
#      and the provisioned configuration still there; remove keeps the data; purge deletes it.
#
# Needs root (chroot, debootstrap) and Debian's archive; exits 77 (CTest: skipped, not passed)
# when it cannot run here, and 1 on the first failed check, saying which.
set -euo pipefail

# `package-test.sh --prepare BUILD_DIR` only makes the cached clean root; deploy/test.sh runs it
# in the background while it compiles, since debootstrap waits on the network, not the CPU.
prepare_only=0
if [ "${1:-}" = --prepare ]; then prepare_only=1; shift; set -- "$1" "$1"; fi
build=$(realpath "${1:?usage: package-test.sh BUILD_DIR NEXT_BUILD_DIR}")
next=$(realpath "${2:?usage: package-test.sh BUILD_DIR NEXT_BUILD_DIR}")
mirror=${FEEDBACK_DEBIAN_MIRROR:-http://deb.debian.org/debian}

fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
step() { echo "package-test: $*"; }

if [ "$(id -u)" -ne 0 ]; then echo "package-test: needs root (chroot); skipped" >&2; exit 77; fi
for tool in dpkg-deb lintian debootstrap systemd-analyze; do
  command -v "$tool" >/dev/null || { echo "package-test: $tool is not installed (deploy/install-deps.sh); skipped" >&2; exit 77; }
done

base="$build/package-root-base"
prepare_root() {
  (
    flock 9
    if [ ! -e "$base/.complete" ]; then
      step "debootstrap bookworm into $base (once per build directory)"
      rm -rf "$base"
      debootstrap --variant=minbase bookworm "$base" "$mirror" >"$build/package-root-base.log" 2>&1 ||
        { tail -20 "$build/package-root-base.log"; fail "debootstrap (log: $build/package-root-base.log)"; }
      touch "$base/.complete"
    fi
  ) 9>"$build/package-root-base.lock"
}
if [ "$prepare_only" = 1 ]; then prepare_root; exit 0; fi

kiosk_deb=$(ls "$build"/packages/feedback-kiosk_*.deb 2>/dev/null | head -1)
collector_deb=$(ls "$build"/packages/feedback-collector_*.deb 2>/dev/null | head -1)
next_deb=$(ls "$next"/packages/feedback-kiosk_*.deb 2>/dev/null | head -1)
[ -n "$kiosk_deb" ] && [ -n "$collector_deb" ] || fail "no packages in $build/packages (cmake --build $build --target package)"
[ -n "$next_deb" ] || fail "no next-release package in $next/packages (see deploy/test.sh)"
dpkg --compare-versions "$(dpkg-deb -f "$next_deb" Version)" gt "$(dpkg-deb -f "$kiosk_deb" Version)" ||
  fail "the next-release package's version is not higher than this build's"

# ---- 1. Static checks ------------------------------------------------------------------------
step "contents and control fields of $(basename "$kiosk_deb")"
arch=$(dpkg --print-architecture)
version=$(dpkg-deb -f "$kiosk_deb" Version)
[ "$(basename "$kiosk_deb")" = "feedback-kiosk_${version}_${arch}.deb" ] || fail "file name $(basename "$kiosk_deb") is not feedback-kiosk_<version>_<arch>.deb"
contents=$(dpkg-deb -c "$kiosk_deb" | awk '{print $1, $2, $6}')
for path in ./usr/bin/feedback-kiosk ./usr/bin/feedback-sync ./etc/feedback-kiosk/kiosk.toml \
            ./etc/pam.d/feedback-kiosk ./lib/systemd/system/feedback-kiosk.service \
            ./lib/systemd/system/feedback-sync.service ./usr/share/feedback-kiosk/surveys/default.toml \
            ./usr/share/feedback-kiosk/kiosk.toml ./usr/share/feedback-kiosk/feedback-kiosk-autostart.desktop \
            ./usr/share/doc/feedback-kiosk/copyright ./usr/share/doc/feedback-kiosk/changelog.gz \
            ./usr/share/doc/feedback-kiosk/README.md ./usr/libexec/feedback-kiosk/session \
            ./usr/libexec/feedback-kiosk/xwayland ./usr/lib/feedback-kiosk/feedback-pdf.so; do
  grep -q " root/root $path\$" <<<"$contents" || fail "$path missing from the package (or not root/root)"
done
grep -q "rwxr-xr-x root/root ./usr/bin/feedback-kiosk$" <<<"$contents" || fail "/usr/bin/feedback-kiosk is not 0755"
# The PDF renderer (Pango/Cairo), dlopen()ed by the kiosk on its first PDF: a private module, not
# executable (Debian policy 8.1).
grep -q "rw-r--r-- root/root ./usr/lib/feedback-kiosk/feedback-pdf.so$" <<<"$contents" ||
  fail "/usr/lib/feedback-kiosk/feedback-pdf.so is not 0644"
if grep -q "var/lib" <<<"$contents"; then fail "the package ships files under /var/lib (data must be made by postinst)"; fi
depends=$(dpkg-deb -f "$kiosk_deb" Depends)
for dependency in libsdl2 libsqlite3 libcurl fonts-tlwg-laksaman-ttf libthai adduser; do
  grep -q "$dependency" <<<"$depends" || fail "Depends lacks $dependency: $depends"
done
grep -q cage <<<"$(dpkg-deb -f "$kiosk_deb" Recommends)" || fail "Recommends lacks cage"
grep -q xwayland <<<"$(dpkg-deb -f "$kiosk_deb" Recommends)" || fail "Recommends lacks xwayland"
for script in session xwayland; do
  grep -q "rwxr-xr-x root/root ./usr/libexec/feedback-kiosk/$script$" <<<"$contents" || fail "/usr/libexec/feedback-kiosk/$script is not 0755"
done
[ "$(dpkg-deb -f "$kiosk_deb" Architecture)" = "$arch" ] || fail "Architecture is not $arch"
control_dir=$(mktemp -d); trap 'rm -rf "$control_dir"' EXIT
dpkg-deb -e "$kiosk_deb" "$control_dir"
grep -qx /etc/feedback-kiosk/kiosk.toml "$control_dir/conffiles" || fail "kiosk.toml is not a conffile"
grep -qx /etc/pam.d/feedback-kiosk "$control_dir/conffiles" || fail "the PAM file is not a conffile"
for script in postinst prerm postrm; do [ -x "$control_dir/$script" ] || fail "$script missing"; done
collector_contents=$(dpkg-deb -c "$collector_deb")
grep -q "./usr/bin/feedback-collector$" <<<"$collector_contents" || fail "feedback-collector missing from its package"

step "lintian (errors fail; warnings are printed)"
lintian_out=$(lintian --tag-display-limit 0 "$kiosk_deb" "$collector_deb" 2>&1 || true)
[ -z "$lintian_out" ] || echo "$lintian_out"
if grep -q "^E:" <<<"$lintian_out"; then fail "lintian reported errors"; fi

# ---- 2. Install, provision, upgrade, remove, purge in a clean Debian 12 root -------------------
prepare_root
root=$(mktemp -d "$build/package-root.XXXXXX")
cleanup() {
  for m in proc dev/shm dev/pts dev; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf "$root" "$control_dir"
}
trap cleanup EXIT
step "fresh copy of the clean root in $root"
cp -a "$base/." "$root/"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# apt and the maintainer scripts run without these too (debootstrap made /dev's nodes); where
# the machine does not allow mounts, go on without them.
mount -t proc proc "$root/proc" 2>/dev/null || echo "package-test: cannot mount /proc in the root; going on without it"
mount --bind /dev "$root/dev" 2>/dev/null || true
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
mkdir -p "$root/tmp/debs"
cp "$kiosk_deb" "$next_deb" "$collector_deb" "$root/tmp/debs/"
old_name=/tmp/debs/$(basename "$kiosk_deb"); new_name=/tmp/debs/$(basename "$next_deb")
collector_name=/tmp/debs/$(basename "$collector_deb")

step "apt install $(basename "$kiosk_deb") and its Depends"
in_root apt-get update -qq >/dev/null || fail "apt-get update in the root"
in_root apt-get install -y -qq --no-install-recommends "$old_name" >"$build/package-install.log" 2>&1 ||
  { tail -30 "$build/package-install.log"; fail "installing $(basename "$kiosk_deb")"; }
in_root getent passwd feedback-kiosk >/dev/null || fail "the package did not create the feedback-kiosk user"
[ "$(in_root stat -c '%U %a' "/var/lib/feedback-kiosk")" = "feedback-kiosk 700" ] || fail "/var/lib/feedback-kiosk is not feedback-kiosk 0700"

step "systemd-analyze verify on the installed units"
# In the clean root, so the units are checked against Debian's systemd and the installed files
# (ExecStart= binaries, users). cage is only recommended, so a stand-in marks its place there.
in_root apt-get install -y -qq --no-install-recommends systemd >>"$build/package-install.log" 2>&1 || fail "installing systemd in the root"
in_root apt-get install -y -qq --no-install-recommends "$collector_name" >>"$build/package-install.log" 2>&1 || fail "installing feedback-collector"
[ -x "$root/usr/bin/cage" ] || { printf '#!/bin/sh\nexit 1\n' > "$root/usr/bin/cage"; chmod +x "$root/usr/bin/cage"; cage_stand_in=1; }
verify_out=$(in_root systemd-analyze verify /lib/systemd/system/feedback-kiosk.service \
  /lib/systemd/system/feedback-sync.service /lib/systemd/system/feedback-collector.service 2>&1) ||
  { echo "$verify_out"; fail "systemd-analyze verify"; }
[ -z "$verify_out" ] || { echo "$verify_out"; fail "systemd-analyze verify printed warnings"; }
[ "${cage_stand_in:-0}" = 1 ] && rm -f "$root/usr/bin/cage"
in_root getent passwd feedback-collector >/dev/null || fail "the collector package did not create its user"

step "install the kiosk session's Recommends (cage, xwayland) and grim for the screenshot"
in_root apt-get install -y -qq --no-install-recommends cage xwayland grim >>"$build/package-install.log" 2>&1 ||
  { tail -30 "$build/package-install.log"; fail "installing cage, xwayland and grim in the root"; }

step "provision with feedback-kiosk setup"
printf 'test-token-0123456789abcdef\n' > "$root/root/token"
printf '482916\n' > "$root/root/pin"
in_root feedback-kiosk setup --office "องค์การบริหารส่วนตำบลทดสอบ" --office-en "Test SAO" \
  --device-id pkg-counter-1 --device-code PK1 --endpoint http://127.0.0.1:9/v1/batches \
  --token-file /root/token --pin-file /root/pin || fail "setup"
[ "$(in_root stat -c '%U %a' "/etc/feedback-kiosk/token")" = "feedback-kiosk 600" ] || fail "token is not feedback-kiosk 0600"
[ "$(in_root stat -c '%U %a' "/var/lib/feedback-kiosk/feedback.db")" = "feedback-kiosk 600" ] || fail "database is not feedback-kiosk 0600"
grep -q 'id = "pkg-counter-1"' "$root/etc/feedback-kiosk/kiosk.toml" || fail "setup did not write device.id"
grep -q "^# Example: name = " "$root/etc/feedback-kiosk/kiosk.toml" || fail "setup lost the configuration's comments"
! grep -q test-token "$root/etc/feedback-kiosk/kiosk.toml" || fail "the token leaked into kiosk.toml"
! grep -rq 482916 "$root/var/lib/feedback-kiosk" "$root/etc/feedback-kiosk" || fail "the PIN is stored in clear"

step "sessions: a desktop user's autostart, then back to the cage kiosk session"
in_root adduser --disabled-password --gecos "" clerk >/dev/null || fail "adduser clerk"
in_root feedback-kiosk setup --session desktop --desktop-user clerk >/dev/null || fail "setup --session desktop"
[ "$(in_root stat -c %U /home/clerk/.config/autostart/feedback-kiosk.desktop)" = clerk ] || fail "no autostart entry for clerk"
grep -qx "User=clerk" "$root/etc/systemd/system/feedback-sync.service.d/feedback-kiosk-setup.conf" || fail "feedback-sync does not run as clerk"
[ "$(in_root stat -c %U /var/lib/feedback-kiosk/feedback.db)" = clerk ] || fail "the desktop user does not own the data"
in_root feedback-kiosk setup --session kiosk --user feedback-kiosk >/dev/null || fail "setup --session kiosk"
[ -L "$root/etc/systemd/system/graphical.target.wants/feedback-kiosk.service" ] || fail "feedback-kiosk.service is not enabled"
[ ! -e "$root/etc/systemd/system/feedback-sync.service.d/feedback-kiosk-setup.conf" ] || fail "the desktop drop-in is still there"
[ "$(in_root stat -c '%U %a' /var/lib/feedback-kiosk/feedback.db)" = "feedback-kiosk 600" ] || fail "the data did not go back to feedback-kiosk"

step "doctor, then record an answer as the service user"
in_root runuser -u feedback-kiosk -- feedback-kiosk doctor > "$build/package-doctor.log" 2>&1 ||
  { cat "$build/package-doctor.log"; fail "doctor reported a failure"; }
grep -q "pkg-counter-1\|database" "$build/package-doctor.log" || fail "doctor printed nothing useful"
entry_id=$(in_root runuser -u feedback-kiosk -- feedback-kiosk record --rating 4 --comment "ก่อนอัปเกรด") || fail "record"
old_schema=$(in_root runuser -u feedback-kiosk -- feedback-kiosk status --json | sed -n 's/.*"schema_version": *\([0-9]*\).*/\1/p')
[ -n "$old_schema" ] || fail "status --json has no schema_version"

step "the kiosk session for real: the installed unit under cage, READY=1, grim, kill, restart"
# tests/session/cage_session_test.py with --root: the installed unit's ExecStart= and
# Environment=, binaries, configuration and user, nothing replaced. It needs /proc (and the
# devices) in the root; where this machine cannot mount them it says so and is skipped.
if [ -d "$root/proc/self" ]; then
  mountpoint -q "$root/dev/shm" || mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm" 2>/dev/null || true
  session_status=0
  python3 "$(dirname "$0")/../tests/session/cage_session_test.py" --root "$root" \
    --unit /lib/systemd/system/feedback-kiosk.service --keep "$build/package-session" || session_status=$?
  umount "$root/dev/shm" 2>/dev/null || true
  [ "$session_status" = 77 ] && echo "package-test: the session test was skipped in the root (see above)"
  [ "$session_status" = 0 ] || [ "$session_status" = 77 ] || fail "the kiosk session does not draw in the clean root"
else
  echo "package-test: no /proc in the root: the session test is left to the test command's own run"
fi

step "upgrade to $(dpkg-deb -f "$next_deb" Version)"
in_root apt-get install -y -qq --no-install-recommends "$new_name" >"$build/package-upgrade.log" 2>&1 ||
  { tail -30 "$build/package-upgrade.log"; fail "upgrading"; }
grep -q "schema version $old_schema -> " "$build/package-upgrade.log" || { cat "$build/package-upgrade.log"; fail "the upgrade did not migrate the schema"; }
new_schema=$(in_root runuser -u feedback-kiosk -- feedback-kiosk status --json | sed -n 's/.*"schema_version": *\([0-9]*\).*/\1/p')
[ "$new_schema" -gt "$old_schema" ] || fail "schema $old_schema -> $new_schema"
in_root runuser -u feedback-kiosk -- feedback-kiosk status --json | grep -q '"total": 1$' || fail "the answer is gone after the upgrade"
in_root runuser -u feedback-kiosk -- feedback-kiosk export --period "$(date -d yesterday +%F)..$(date -d tomorrow +%F)" \
  --format csv --out /tmp/after-upgrade.csv || fail "export after the upgrade"
grep -q "$entry_id" "$root/tmp/after-upgrade.csv" || fail "entry $entry_id is missing from the export after the upgrade"
grep -q "ก่อนอัปเกรด" "$root/tmp/after-upgrade.csv" || fail "the answer's Thai comment did not survive the upgrade"
grep -q 'id = "pkg-counter-1"' "$root/etc/feedback-kiosk/kiosk.toml" || fail "the upgrade replaced the provisioned configuration"

step "the collector runs"
in_root feedback-collector --help >/dev/null || fail "feedback-collector --help"

step "remove keeps the data; purge deletes it"
in_root apt-get remove -y -qq feedback-kiosk >/dev/null 2>&1 || fail "apt-get remove"
[ -f "$root/var/lib/feedback-kiosk/feedback.db" ] || fail "remove deleted the answers"
[ -f "$root/etc/feedback-kiosk/kiosk.toml" ] || fail "remove deleted the configuration"
in_root dpkg --purge feedback-kiosk feedback-collector >/dev/null || fail "dpkg --purge"
[ ! -e "$root/var/lib/feedback-kiosk" ] || fail "purge left /var/lib/feedback-kiosk"
[ ! -e "$root/etc/feedback-kiosk" ] || fail "purge left /etc/feedback-kiosk"
[ ! -e "$root/var/lib/feedback-collector" ] || fail "purge left /var/lib/feedback-collector"

step "all checks passed"
