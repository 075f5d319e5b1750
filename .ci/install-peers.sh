#!/usr/bin/env bash
# Installs the programs end-to-end tests run as peers (redis-server, and redis-cli and
# redis-benchmark for the benchmark; openssl for the TLS tests; headless Chromium, which renders
# the HTML report) on a fresh Debian/Ubuntu machine.
# `npm test` runs it first (the pretest script), so the README's test command works on a fresh
# machine. A test whose peer is missing fails rather than skips. Idempotent: does nothing when
# everything is present.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# Debian's package is chromium; Ubuntu's older releases name the program chromium-browser.
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  # The package's post-install would start a system service on 6379; policy-rc.d 101 forbids
  # that where nothing else does (containers without systemd ignore it anyway).
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

echo "$(redis-server --version | cut -d' ' -f1-3)"
