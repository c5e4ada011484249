#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running the kiosk needs.
#
# Idempotent: when everything is present it only says so and changes nothing (no apt-get
# update, no network). Run as root, or as a user who may use sudo. The list is the single
# source of truth for dependencies: CMake finds each of them with find_package/pkg-config, and
# nothing is vendored or downloaded at build time.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ca-certificates
  # libraries
  libsqlite3-dev        # the store
  libtomlplusplus-dev   # configuration and survey files
  libcli11-dev          # command line
  nlohmann-json3-dev    # JSON (status --json, stored answer lists)
  libsdl2-dev           # window, input
  libimgui-dev          # Dear ImGui 1.86 (+ its backends' sources)
  catch2                # tests (Catch2 v2)
  libthai-dev           # Thai shaping, word breaking, WTT input rules (kiosk/text)
  libdatrie-dev         # libthai's dictionary format: the breaker's dictionary with the office name added
  libfreetype-dev       # font checks (kiosk/text/font_check): safe on damaged font files
  libstb-dev            # stb_image_write (screenshots), stb_image (the office logo; UI tests read PNGs)
  xvfb xauth            # the UI benchmark runs the kiosk on a virtual X display
  x11-utils xdotool     # tests: xwininfo and xdotool check the kiosk fills a bare X screen (no WM)
  libqrencode-dev       # QR codes: complaint reference, privacy policy
  libsodium-dev         # Argon2id hash of the staff PIN and of the console users' passwords
  zbar-tools            # tests: zbarimg decodes the QR codes from screenshots
  zlib1g-dev            # gzip request bodies (sync/protocol)
  libcpp-httplib-dev    # the reference collector's HTTP(S) server (sync/collector)
  libssl-dev            # OpenSSL: SHA-256 of device tokens, the collector's TLS
  clang libclang-rt-14-dev  # deploy/fuzz.sh: libFuzzer (its runtime is only a Recommends of clang)
  openssl               # tests: a throwaway CA and server certificate for the HTTPS tests
  libxlsxwriter-dev     # XLSX export of the staff report (kiosk/report)
  libpango1.0-dev       # `export --format pdf`: Pango lays out and shapes Thai (HarfBuzz, libthai line breaks) on the kiosk
  libcairo2-dev         # `export --format pdf`: Cairo writes the A4 PDF and draws its charts (no browser on the kiosk)
  libespeak-ng-dev      # spoken prompts (kiosk/speech): English for a prompt without a recorded clip, synthesized to memory (never Thai: espeak-ng's Thai is unusable)
  libcsv-dev            # RFC 4180 CSV reader for `import` (kiosk/exchange: paper template, kiosk exports)
  chromium              # tests: renders the HTML report to PNG and PDF (headless)
  chromium-driver       # tests: WebDriver for Chromium, so the browser tests drive the collector's pages (tests/console)
  python3-selenium      # tests: the browser tests' WebDriver client (tests/console, run with /usr/bin/python3)
  poppler-utils         # tests: pdfinfo/pdftoppm check the report's PDF pages
  python3-openpyxl      # tests: read the exported XLSX back with a real reader
  unzip                 # tests: read the exported XLSX's sheet XML
  libcurl4-openssl-dev  # the sync daemon's HTTPS uploads (sync/client), OpenSSL flavour
  libpq-dev             # the collector's PostgreSQL storage (sync/pg, libpq), issue 20
  postgresql-15         # tests: a throwaway cluster (initdb + pg_ctl on a Unix socket) for the -pg runs
  tinyproxy             # tests: a real HTTP proxy on 127.0.0.1 for the sync proxy test
  faketime              # tests: commands run with the wall clock moved (libfaketime), timers stay monotonic
  fiu-utils             # tests: fiu-run injects random read errors into `record` (tests/fault)
  haproxy               # tests: `haproxy -c` checks the shipped two-collector proxy example (deploy/haproxy);
                        #   installed with its service enabled but not needed running: its Debian
                        #   default configuration listens on no port
  curl                  # benchmark: the same batches sent by the curl CLI, for comparison; tests: 503 + Retry-After during a PostgreSQL outage
  ccache                # the package test's second build reuses the first one's objects
  file dpkg-dev         # CPack's DEB generator: finds ELF files, dpkg-shlibdeps computes Depends
  lintian               # tests: the packages have no lintian errors
  debootstrap           # tests: a clean Debian 12 root to install the packages into
  systemd               # tests: systemd-analyze verify on the units
  cage xwayland grim    # tests: the packaged kiosk session for real (cage headless, Xwayland, grim screenshots)
  # runtime
  fonts-tlwg-laksaman-ttf  # Thai font with the PUA variant glyphs (DESIGN.md §4)
  sqlite3                  # the sqlite3 shell, for IT to inspect a database
  libespeak-ng1 espeak-ng-data  # English prompts without a clip: the library (dlopen()ed on first use) and its voices; package Depends
  fonts-tlwg-garuda-ttf fonts-tlwg-loma-ttf  # tests: other fonts check_font must accept
  fonts-tlwg-mono-ttf fonts-tlwg-typewriter-ttf  # tests: monospace TLWG (Tlwg Mono is refused)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: missing packages (${missing[*]}) and not root, and sudo is not installed;" >&2
    echo "install-deps: run this script as root" >&2
    exit 1
  fi
  sudo="sudo"
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
