# Shared by the bench/ scripts (sourced, not run): the built engine, a work directory, the
# processes started (stopped on exit, whatever happens), free loopback ports, Kamailio's modules.
# Callers set `here` (their own directory) before sourcing; `work_prefix` names the work dir.
root="$(cd "$here/../.." && pwd)"
jar="$root/routing/target/trunkroute.jar"
[ -f "$jar" ] || { echo "build the engine first: ./mvnw -DskipTests package" >&2; exit 1; }

# The load scripts run SIPp and Kamailio on the host, not in the test peers' containers: a
# container's network namespace would put its own scheduler and veth hop into the figures.
bench_peers=()
command -v sipp >/dev/null 2>&1 || bench_peers+=(sip-tester)
command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ] || bench_peers+=(kamailio)
if [ ${#bench_peers[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo_=""; elif command -v sudo >/dev/null 2>&1; then sudo_="sudo -n"
  else echo "bench: install ${bench_peers[*]} (needs root or sudo)" >&2; exit 1; fi
  echo "bench: installing ${bench_peers[*]}" >&2
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${bench_peers[@]}" >&2 \
    || { $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq \
         --no-install-recommends "${bench_peers[@]}" >&2; }
fi

work=$(mktemp -d "/tmp/${work_prefix:-trunkroute-bench}-XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# A UDP port free on 127.0.0.1 right now.
port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Where the kamailio package keeps its modules (/usr/lib/<arch>/kamailio/modules/).
kamailio_modules() { echo "$(dirname "$(find /usr/lib -path '*kamailio/modules/tm.so' | head -1)")/"; }
