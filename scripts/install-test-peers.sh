#!/usr/bin/env bash
# Installs the real SIP peers the tests run against, when they are missing:
#   kamailio (Debian package kamailio) plays the carriers, sipp (Debian package sip-tester) the PBX
#   and callees. Called by the build (testpeers module) before any test, so `./mvnw verify` works
#   on a fresh Debian machine. Idempotent and quiet when everything is present.
set -euo pipefail

need=()
command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ] || need+=(kamailio)
command -v kamcmd   >/dev/null 2>&1 || [ -x /usr/sbin/kamcmd ]   || need+=(kamailio)
command -v sipp     >/dev/null 2>&1 || [ -x /usr/bin/sipp ]      || need+=(sip-tester)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

pkgs=$(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')
echo "install-test-peers: installing ${pkgs}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  echo "install-test-peers: need root or sudo to install: ${pkgs}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Installing kamailio must not start a system-wide instance on 5060: forbid service starts.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod +x "$policy"
  created_policy=1
fi
trap '[ $created_policy -eq 1 ] && $SUDO rm -f "$policy"' EXIT
$SUDO apt-get update -qq || echo "install-test-peers: apt-get update failed; trying the cached lists" >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends ${pkgs}
