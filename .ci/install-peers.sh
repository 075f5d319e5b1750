#!/usr/bin/env bash
# Installs the programs end-to-end tests run as peers (redis-server, and redis-cli and
# redis-benchmark for the benchmark; nginx, the HTTP server of the http:// tests and benchmark;
# openssl for the TLS tests; headless Chromium, which renders the HTML report) on a fresh
# Debian/Ubuntu machine.
# `npm test` runs it first (the pretest script), so the README's test command works on a fresh
# machine. A test whose peer is missing fails rather than skips. Idempotent: does nothing when
# everything is present.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
# nginx lives in /usr/sbin, which a non-root PATH may leave out.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# Debian's package is chromium; Ubuntu's older releases name the program chromium-browser.
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  # The packages' post-installs would start system services, redis on 6379 and nginx on 80;
  # policy-rc.d 101 forbids that where nothing else does (containers without systemd ignore it
  # anyway).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# Tests start their own redis-server on a free port; a system one is only in the way (and holds
# 6379, which redis:// URLs without a port would reach).
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  $SUDO systemctl disable --now redis-server || true
elif [ -e /etc/init.d/redis-server ] && redis-cli -p 6379 ping >/dev/null 2>&1; then
  $SUDO service redis-server stop >/dev/null 2>&1 || true
fi

# Tests run their own nginx from a generated config on a free port; a system one would hold port
# 80 (http:// URLs without a port reach it) and would answer where a test expects nothing.
# The package enables its unit even where policy-rc.d kept it from starting; disabling works
# without a running systemd too, so a container that is later booted does not start it either.
if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled --quiet nginx 2>/dev/null; then
  $SUDO systemctl disable nginx >/dev/null 2>&1 || true
fi
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
  $SUDO systemctl stop nginx || true
elif [ -e /etc/init.d/nginx ] && [ -s /run/nginx.pid ]; then
  $SUDO service nginx stop >/dev/null 2>&1 || true
fi

echo "$(redis-server --version | cut -d' ' -f1-3)"
echo "$(PATH="$PATH:/usr/sbin" nginx -v 2>&1)"
