#!/usr/bin/env bash
# Registration benchmark, bounded: N trunks (default 1000) of one engine registering with digest
# auth to one Kamailio registrar on loopback. Reports the time until every trunk is REGISTERED
# (engine API, cross-checked against the contacts Kamailio holds) and the peak REGISTERs per second
# Kamailio received (its core:rcv_requests_register counter, sampled every second).
#
#   bench/registration/run.sh [trunks]            default 1000
#   STARTUP_RATE=500 bench/registration/run.sh    the engine's start-up spread (default 20 /s)
#
# Needs: a built engine (./mvnw -DskipTests package); kamailio is installed when missing (bench/lib.sh).
# Loopback only: engine 127.0.0.1, Kamailio 127.0.0.40. Stops by itself (TIMEOUT, default 600 s).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
trunks=${1:-1000}
rate=${STARTUP_RATE:-20}
limit=${TIMEOUT:-600}
command -v kamailio >/dev/null || { echo "needs kamailio (apt-get install kamailio)" >&2; exit 1; }

work_prefix=trunkroute-regbench
# shellcheck source=../lib.sh
source "$here/../lib.sh"
P_KAM=$(port); P_SIP=$(port); P_HTTP=$(port); P_HZ=$(port)

mkdir -p "$work/config" "$work/kam"
{
  echo "trunks:"
  for i in $(seq 1 "$trunks"); do
    printf '  - { id: t%04d, tenant: bench, server: 127.0.0.40, port: %s, auth: { type: password, username: "u%04d", password: "pw-u%04d" }, expires: 600 }\n' \
      "$i" "$P_KAM" "$i" "$i"
  done
} > "$work/config/trunks.yaml"
cat > "$work/config/tenants.yaml" <<YAML
tenants:
  - { id: bench, region: RU, timezone: Europe/Moscow, pbx: [ { address: 127.0.0.1 } ] }
YAML
echo "decks: []" > "$work/config/decks.yaml"
mkdir -p "$work/config/rules"
cat > "$work/config/application.properties" <<PROPS
camel.server.port=$P_HTTP
camel.component.sip.port=$P_SIP
trunkroute.cluster.name=regbench-$$
trunkroute.cluster.port=$P_HZ
trunkroute.trunks.watch-interval=0
trunkroute.registration.startup-rate=$rate
PROPS
sed -e "s#@ADDRESS@#127.0.0.40#; s#@PORT@#$P_KAM#; s#@MPATH@#$(kamailio_modules)#; s#@CTL@#$work/kam/ctl.sock#; s#@CHILDREN@#${KAMAILIO_CHILDREN:-4}#" \
  "$here/kamailio-registrar.cfg" > "$work/kam/kamailio.cfg"

kamailio -f "$work/kam/kamailio.cfg" -DD -E -Y "$work/kam" -P "$work/kam/pid" -m 128 -M 16 > "$work/kam/kamailio.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -S "$work/kam/ctl.sock" ] && break; sleep 0.2; done
[ -S "$work/kam/ctl.sock" ] || { echo "kamailio did not start:"; tail -5 "$work/kam/kamailio.log"; exit 1; }
kam() { kamcmd -s "unix:$work/kam/ctl.sock" "$@"; }
registers() { kam stats.get_statistics rcv_requests_register | awk -F'= ' '{print $2}'; }
contacts() { kam stats.get_statistics registered_users | awk -F'= ' '{print $2}'; }

start=$(date +%s.%N)
TRUNKROUTE_JAVA_OPTS=-Xmx1g "$root/trunkroute" --config "$work/config" --data "$work/data" > "$work/engine.log" 2>&1 &
pids+=($!)

echo "trunks: $trunks, engine start-up rate: $rate REGISTER/s target; samples: second registers/s registered(engine) contacts(kamailio)"
prev=$(registers); peak=0; done_at=""
for s in $(seq 1 "$limit"); do
  sleep 1
  now=$(registers); per=$((now - prev)); prev=$now
  [ "$per" -gt "$peak" ] && peak=$per
  reg=$(curl -fs "http://127.0.0.1:$P_HTTP/api/v1/trunks" 2>/dev/null | grep -oE '"state" ?: ?"REGISTERED"' | wc -l || true)
  held=$(contacts)
  printf '%4d %5d %5d %5d\n' "$s" "$per" "$reg" "$held"
  if [ "$reg" -eq "$trunks" ] && [ "$held" -eq "$trunks" ]; then
    done_at=$(date +%s.%N); break
  fi
done
if [ -z "$done_at" ]; then
  echo "not all $trunks trunks REGISTERED within ${limit}s (logs: $work)"; exit 1
fi
echo "all $trunks trunks REGISTERED (engine) and held (kamailio) after $(echo "$done_at - $start" | bc) s" \
  "(engine start included); peak $peak REGISTERs/s at the carrier (challenge + authorised = 2 per trunk);" \
  "$(registers) REGISTERs in all"
echo "logs: $work"
