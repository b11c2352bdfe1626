#!/usr/bin/env bash
# podman's Docker-compatible API for one test JVM, started by io.trunkroute.testpeers.ContainerEngine
# when no Docker engine answers. It lives exactly as long as that JVM: once the JVM is gone, for
# whatever reason (normal end, failed test, crash, kill -9), the containers of its session are
# removed and the service stops. CONTAINERS_CONF is set by the caller.
#
# Usage: podman-service.sh SOCKET JVM_PID SESSION PIDFILE EVENTLOG
set -u
sock=$1 jvm=$2 session=$3 pidfile=$4 events=$5

rm -f "$sock"
podman system service --time=0 "unix://$sock" &
svc=$!
echo "$svc" > "$pidfile"

stop() {
  trap - TERM INT
  kill "$watch" 2>/dev/null
  left=$(podman ps -aq --filter "label=io.trunkroute.testpeers.session=$session")
  if [ -n "$left" ]; then
    # shellcheck disable=SC2086
    podman rm -f -t 2 $left >/dev/null 2>&1
    echo "$(date +%FT%T.%3N) removed containers the test JVM left behind: $(echo $left | tr '\n' ' ')" >> "$events"
  fi
  kill -TERM "$svc" 2>/dev/null
  wait "$svc" 2>/dev/null
  rm -f "$sock" "$pidfile"
  echo "$(date +%FT%T.%3N) podman API service (pid $svc) stopped: its test JVM (pid $jvm) has exited" >> "$events"
}
trap 'stop; exit 0' TERM INT

# Blocks until the JVM exits (checked every 0.2 s); in the background so a TERM is seen at once.
tail --pid="$jvm" -s 0.2 -f /dev/null &
watch=$!
wait "$watch"
stop
