#!/usr/bin/env bash
# The shipped haproxy example (deploy/haproxy/feedback-collector.cfg) is accepted by Debian's
# haproxy as it is, warnings included: `haproxy -c -f` on a copy whose certificate path points
# at a throwaway self-signed PEM (haproxy -c loads the certificate). Touches no system
# service: haproxy -c only parses. Exits 77 (skipped) without haproxy or openssl.
#   haproxy_config.sh CONFIG WORKDIR
set -euo pipefail
config=${1:?usage: haproxy_config.sh CONFIG WORKDIR}
work=${2:?usage: haproxy_config.sh CONFIG WORKDIR}
command -v haproxy >/dev/null || { echo "haproxy not installed (deploy/install-deps.sh)"; exit 77; }
command -v openssl >/dev/null || { echo "openssl not installed"; exit 77; }
rm -rf "$work"
mkdir -p "$work"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
  -subj /CN=collector.test >/dev/null 2>&1
cat "$work/cert.pem" "$work/key.pem" >"$work/collector.pem"
grep -q 'crt /etc/haproxy/certs/collector.pem' "$config" || { echo "FAIL: the example no longer names its certificate path"; exit 1; }
sed "s|/etc/haproxy/certs/collector.pem|$work/collector.pem|" "$config" >"$work/haproxy.cfg"
out=$(haproxy -c -f "$work/haproxy.cfg" 2>&1) || { echo "$out"; echo "FAIL: haproxy -c refused the example"; exit 1; }
echo "$out"
if grep -q WARNING <<<"$out"; then echo "FAIL: haproxy -c warns about the example"; exit 1; fi
# The health check the proxy relies on, and both collectors behind it.
grep -q 'uri /healthz' "$config" || { echo "FAIL: no /healthz probe"; exit 1; }
[ "$(grep -c '^ *server collector' "$config")" -eq 2 ] || { echo "FAIL: not two collectors"; exit 1; }
rm -rf "$work"
echo "PASS"
