#!/usr/bin/env bash
# Builds the test peer images into podman's image store where no registry is reachable, from a
# Debian rootfs instead of a Dockerfile:
#
#   debootstrap --variant=minbase --include=<packages> bookworm DIR <the machine's Debian mirror>
#   tar -C DIR -c . | podman import - localhost/<image>:<tag>
#
# Images: trunkroute-test-peers (Kamailio + SIPp) and trunkroute-test-postgres (PostgreSQL), each
# defined by testpeers/src/main/image/<image>.packages. The tag is the first 12 hex digits of that
# file's SHA-256 (io.trunkroute.testpeers.PeerImage computes the same), so an image is built once
# per definition and reused by every later run and clone; older tags of the image are removed.
# Where a Docker engine can pull, Testcontainers builds the same images from
# testpeers/src/main/image/Dockerfile instead and this script is not needed.
#
# Usage: scripts/build-test-peer-images.sh [--force] [image...]
# Environment: TRUNKROUTE_DEBIAN_MIRROR overrides the mirror read from /etc/apt/sources.list*.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
image_dir=$root/testpeers/src/main/image
export CONTAINERS_CONF=$image_dir/containers.conf
suite=bookworm

force=0
images=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -*) echo "usage: $0 [--force] [image...]" >&2; exit 64 ;;
    *) images+=("$arg") ;;
  esac
done
[ ${#images[@]} -gt 0 ] || images=(trunkroute-test-peers trunkroute-test-postgres)

if [ "$(id -u)" -ne 0 ]; then
  echo "build-test-peer-images: debootstrap and podman import need root" >&2
  exit 1
fi

# The machine's Debian mirror: the first main-archive URI in /etc/apt/sources.list* (one-line or
# deb822 format), security and third-party repositories left out.
debian_mirror() {
  if [ -n "${TRUNKROUTE_DEBIAN_MIRROR:-}" ]; then
    echo "$TRUNKROUTE_DEBIAN_MIRROR"
    return
  fi
  local files=() f uri
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  if [ ${#files[@]} -gt 0 ]; then
    uri=$(awk '
      /^[[:space:]]*#/ { next }
      /^deb[[:space:]]/ {
        for (i = 2; i <= NF; i++) { if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; continue } print $i; break }
      }
      /^URIs:/ { for (i = 2; i <= NF; i++) print $i }
    ' "${files[@]}" | grep -E '/debian/?$' | grep -v -- '-security' | head -n 1 || true)
    if [ -n "$uri" ]; then
      echo "${uri%/}"
      return
    fi
  fi
  echo "http://deb.debian.org/debian"
}

tag_of() {
  sha256sum "$1" | cut -c1-12
}

# One build at a time on a machine (two checkouts building at once would debootstrap twice).
exec 9>/var/lock/trunkroute-test-peer-images.lock
flock 9

work=$(mktemp -d /var/tmp/trunkroute-rootfs.XXXXXX)
trap 'rm -rf "$work"' EXIT

# One image: debootstrap, trim, import, drop older tags; debootstrap's output goes to $work/<image>/log.
build_one() {
  local image=$1 ref=$2 packages=$3 mirror=$4 dir=$work/$1 start
  start=$(date +%s)
  mkdir -p "$dir"
  if ! debootstrap --variant=minbase --include="$packages" "$suite" "$dir/rootfs" "$mirror" >"$dir/log" 2>&1; then
    echo "debootstrap failed" >>"$dir/log"
    return 1
  fi
  # What an image does not need: package lists and caches, docs.
  rm -rf "$dir/rootfs"/var/lib/apt/lists/* "$dir/rootfs"/var/cache/apt/*.bin \
    "$dir/rootfs"/var/cache/apt/archives/*.deb "$dir/rootfs"/usr/share/doc/* "$dir/rootfs"/usr/share/man/*
  if ! tar --numeric-owner -C "$dir/rootfs" -c . \
      | podman import --quiet --change 'CMD ["/bin/bash"]' --message "TrunkRoute test image ($packages)" - "$ref" \
        >>"$dir/log" 2>&1; then
    echo "podman import failed" >>"$dir/log"
    return 1
  fi
  rm -rf "$dir/rootfs"
  echo "build-test-peer-images: built $ref in $(( $(date +%s) - start )) s"
  # Tags of older definitions are dead weight now.
  for old in $(podman images --noheading --format '{{.Repository}}:{{.Tag}}' "localhost/$image"); do
    if [ "$old" != "$ref" ] && podman rmi "$old" >/dev/null 2>&1; then
      echo "build-test-peer-images: removed $old"
    fi
  done
}

mirror=$(debian_mirror)
for image in "${images[@]}"; do
  packages_file=$image_dir/$image.packages
  if [ ! -f "$packages_file" ]; then
    echo "build-test-peer-images: no $packages_file" >&2
    exit 1
  fi
  tag=$(tag_of "$packages_file")
  ref=localhost/$image:$tag
  if [ $force -eq 0 ] && podman image exists "$ref"; then
    echo "build-test-peer-images: $ref is cached"
    continue
  fi
  packages=$(grep -v -E '^[[:space:]]*(#|$)' "$packages_file" | tr -s '[:space:]' ',' | sed 's/,$//')
  echo "build-test-peer-images: building $ref: debootstrap --variant=minbase --include=$packages $suite from $mirror"
  # One after the other: side by side they took as long on 2 cores (debootstrap is mostly dpkg).
  if ! build_one "$image" "$ref" "$packages" "$mirror"; then
    echo "build-test-peer-images: building $image failed; the end of its log:" >&2
    tail -n 40 "$work/$image/log" >&2
    exit 1
  fi
done
