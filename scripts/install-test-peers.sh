#!/usr/bin/env bash
# Gets the container engine and the images the tests' real peers run in. The peers (Kamailio
# carriers, SIPp PBX and callees, PostgreSQL) are Testcontainers containers; this script only
# makes sure there is something to run them with. Called by the build (testpeers module, phase
# generate-resources) before any test, so `./mvnw -B verify` works on a fresh Debian machine.
# Idempotent and quick when everything is present.
#
#   A Docker engine answers (DOCKER_HOST, or /var/run/docker.sock): nothing to do here;
#     Testcontainers builds the images from testpeers/src/main/image/Dockerfile when missing.
#   Otherwise (these Debian machines): apt-get install podman, runc, debootstrap (and iptables,
#     which the split-brain test uses to cut loopback links; it needs root) when missing,
#     then scripts/build-test-peer-images.sh builds the images from a Debian rootfs (cached by
#     tag). The tests start a podman API service for themselves and stop it when they end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

docker_engine_answers() {
  if [ -n "${DOCKER_HOST:-}" ]; then
    case "$DOCKER_HOST" in
      unix://*) socket=${DOCKER_HOST#unix://} ;;
      *) return 0 ;;  # tcp:// and friends: the user chose it; Testcontainers reports if it is down
    esac
  else
    socket=/var/run/docker.sock
  fi
  [ -S "$socket" ] || return 1
  if command -v curl >/dev/null 2>&1; then
    curl -sf --max-time 5 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1
  else
    return 0  # a socket is there and nothing here can ask it; let Testcontainers try
  fi
}

if docker_engine_answers; then
  echo "install-test-peers: a Docker engine answers (${DOCKER_HOST:-unix:///var/run/docker.sock});" \
    "Testcontainers builds missing peer images from testpeers/src/main/image/Dockerfile"
  exit 0
fi

need=()
command -v podman      >/dev/null 2>&1 || need+=(podman)
command -v runc        >/dev/null 2>&1 || [ -x /usr/sbin/runc ] || need+=(runc)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need+=(debootstrap)
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
command -v flock       >/dev/null 2>&1 || need+=(util-linux)
# The split-brain test cuts loopback links with iptables (routing/SplitBrainIT).
command -v iptables    >/dev/null 2>&1 || [ -x /usr/sbin/iptables ] || need+=(iptables)

if [ ${#need[@]} -gt 0 ]; then
  pkgs=${need[*]}
  echo "install-test-peers: no Docker engine answers; installing ${pkgs} for the podman path"
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "install-test-peers: need root or sudo to install: ${pkgs}" >&2
    echo "install-test-peers: or point DOCKER_HOST at a Docker engine" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-peers: no Docker engine and no apt-get: install podman, runc and debootstrap," \
      "or point DOCKER_HOST at a Docker engine" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq || echo "install-test-peers: apt-get update failed; trying the cached lists" >&2
  # runc next to podman: apt then leaves out crun, which cannot run containers in these VMs.
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends ${pkgs}
fi

exec "$root/scripts/build-test-peer-images.sh"
