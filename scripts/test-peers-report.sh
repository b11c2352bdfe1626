#!/usr/bin/env bash
# After a module's integration tests (the build runs this in post-integration-test, whether the
# tests passed or not): prints the peer containers they started and stopped, from
# target/test-peers/containers.log, into the build log, and checks that nothing of the run is
# left: no container labelled with this module's directory, no podman API service. Anything left
# is removed or stopped, and the build fails, because leaking containers is a bug in the fixtures.
#
# Usage: scripts/test-peers-report.sh MODULE/target/test-peers
set -euo pipefail
dir=${1:?usage: $0 MODULE/target/test-peers}
events=$dir/containers.log
[ -f "$events" ] || exit 0
module=$(basename "$(dirname "$(dirname "$dir")")")

# Each test JVM's podman service stops right after that JVM exits (podman-service.sh): allow it
# a few seconds to finish removing what is left and to stop.
pidfile=$dir/podman-service.pid
for _ in $(seq 1 100); do
  [ -e "$pidfile" ] || break
  sleep 0.1
done

started=$(grep -c ' started trunkroute-' "$events" || true)
removed=$(grep -c '), removed$' "$events" || true)
echo "test peers of ${module}: ${started} containers started, ${removed} stopped and removed by the fixtures"
sed 's/^/  /' "$events"

problems=0
if [ -e "$pidfile" ]; then
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    echo "test-peers-report: ERROR: podman API service (pid $pid) still running after its test JVM ended; stopping it" >&2
    kill "$pid" 2>/dev/null || true
    problems=1
  fi
  rm -f "$pidfile"
fi
if command -v podman >/dev/null 2>&1; then
  conf=$dir/containers.conf
  [ -f "$conf" ] || conf=$(cd "$(dirname "$0")/.." && pwd)/testpeers/src/main/image/containers.conf
  left=$(CONTAINERS_CONF=$conf podman ps -aq --filter "label=io.trunkroute.testpeers.dir=$dir" 2>/dev/null || true)
  if [ -n "$left" ]; then
    echo "test-peers-report: ERROR: containers of this run still there: $(echo "$left" | tr '\n' ' '); removing them" >&2
    # shellcheck disable=SC2086
    CONTAINERS_CONF=$conf podman rm -f $left >/dev/null 2>&1 || true
    problems=1
  fi
fi
if [ "$started" -gt 0 ] && [ $problems -eq 0 ]; then
  echo "test peers of ${module}: no container and no podman service left"
fi
# The next run of this module reports its own containers only.
cat "$events" >> "$dir/containers.reported.log"
rm -f "$events"
exit $problems
