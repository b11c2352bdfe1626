#!/usr/bin/env bash
# Call-rate benchmark, bounded: PBX SIPp -> engine -> SIPp carrier, and the same load through a
# Kamailio stateful proxy doing the same prefix routing, side by side. The call rate steps up
# (each step: STEP_SECONDS of load, short calls; at each rate the targets take turns), and a
# target stops at its first step with a failed call or whose calls could not be placed at that
# rate; the highest rate with zero failed calls, placed at 90 % of the rate asked or more, is
# reported, and the ratio engine / Kamailio, and for each passed step the CPU time the system
# under test used per call (both SIPp processes excluded).
#
#   bench/calls/run.sh [rate ...]          default rates: 25 50 100 150 200 300 400
#   STEP_SECONDS=15 bench/calls/run.sh     (each side is first warmed up, WARMUP="200:20 500:40 2000:30",
#                                          rate:seconds pairs per engine node: 84,000 calls, not counted;
#                                          WARMUP="" for none; then SETTLE_SECONDS=35 of quiet)
#   TARGETS=engine ENGINE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/e.jfr" bench/calls/run.sh 300
#                                           (one side only; extra JVM options, e.g. a profile)
#   ENGINE_PROPERTIES="camel.component.sip.invite-max-wait=200" bench/calls/run.sh ...
#                                          (lines added to each engine node's application.properties)
#   ENGINE_HEAP_MB=2048 bench/calls/run.sh ...  (the engine's heap, 3072 MB; Kamailio's shared memory
#                                          is the same unless KAMAILIO_SHM_MB says otherwise)
#   KAMAILIO_CHILDREN=8 KAMAILIO_SHM_MB=2048 bench/calls/run.sh ...   (Kamailio's UDP workers, 4)
#   SIP_THREADS=8 bench/calls/run.sh ...   (the engine's SIP workers, 4 like Kamailio's: bench/README.md)
#   NODES=3 bench/calls/run.sh ...         the engine as a 3-node cluster, each step's load split
#                                          over one PBX per node (Kamailio is then not run)
#   UDP_BUFFER_MB=16 bench/calls/run.sh ... every socket under load (both SIPp, Kamailio, the engine)
#                                          gets that receive buffer instead of 4 MB; the kernel caps
#                                          it at net.core.rmem_max, which must be raised first (root:
#                                          sysctl -w net.core.rmem_max=$((16 << 20))); refused otherwise
#
# Needs: a built engine (./mvnw -DskipTests package); sipp and kamailio are installed when missing (bench/lib.sh).
# Loopback only: PBX 127.0.0.1, engine 127.0.0.1, Kamailio 127.0.0.30, carrier 127.0.0.20.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(25 50 100 150 200 300 400)
step=${STEP_SECONDS:-15}

warmups=${WARMUP-200:20 500:40 2000:30}
# The warm-up's former settings would now be ignored without a word: refuse them.
if [ -n "${WARMUP_RATE:-}${WARMUP_SECONDS:-}" ]; then
  echo "WARMUP_RATE and WARMUP_SECONDS are gone: WARMUP=\"rate:seconds ...\" (WARMUP=\"\" for none)" >&2
  exit 2
fi
for warmup in $warmups; do
  [[ $warmup =~ ^[0-9]+:[0-9]+$ ]] || { echo "WARMUP: '$warmup' is not rate:seconds" >&2; exit 2; }
done

work_prefix=trunkroute-bench
# shellcheck source=../lib.sh
source "$here/../lib.sh"
registry="$root/rules/src/test/resources/numbering/ru-DEF-9xx.csv"
nodes=${NODES:-1}
# Both sides keep every call's transactions for 32 s after it ends (RFC 3261 timers J and L), so
# memory grows with the rate: at 1,800 calls/s the engine's live heap is above 1 GB, and with
# -Xmx1g G1 spent the CPU on collections instead of calls (bench/README.md).
# Committed in full from the start (-Xms), as on a server: the launcher's young generation is
# half of it (NewRatio=1) from the first step, instead of half of a heap still growing.
heap_mb=${ENGINE_HEAP_MB:-3072}
# What to load: the engine, and Kamailio beside a single engine node; TARGETS picks one side.
targets=(engine)
[ "$nodes" -eq 1 ] && targets+=(kamailio)
[ -n "${TARGETS:-}" ] && read -r -a targets <<< "$TARGETS"
for name in "${targets[@]}"; do
  case "$name" in
    engine) ;;
    kamailio) [ "$nodes" -eq 1 ] || { echo "TARGETS: kamailio is compared with one engine node only" >&2; exit 2; } ;;
    *) echo "TARGETS: unknown target '$name' (engine, kamailio)" >&2; exit 2 ;;
  esac
done
P_UAS=$(port); P_KAM=$(port)
P_SIP=(); P_HTTP=(); P_HZ=(); P_UAC=()
for i in $(seq 1 "$nodes"); do P_SIP+=($(port)); P_HTTP+=($(port)); P_HZ+=($(port)); P_UAC+=($(port)); done
members=$(for p in "${P_HZ[@]}"; do printf '127.0.0.1:%s,' "$p"; done | sed 's/,$//')

# Numbers to dial: one per registry range, national form (8 + 10 digits), as a PBX sends them.
awk -F';' 'NR>1 { printf "8%s%s;\n", $1, substr($2,1,7) }' "$registry" | sed '1i SEQUENTIAL' > "$work/numbers.csv"

# Same prefixes on both sides: the engine's deck from the registry, and drouting rules from that deck.
mkdir -p "$work/config/decks" "$work/config/rules" "$work/kam"
java -jar "$jar" deck from-ranges --input "$registry" --rate 1.00 --output "$work/config/decks/bench.csv" 2>/dev/null
prefixes=$(($(wc -l < "$work/config/decks/bench.csv") - 1))
cat > "$work/config/trunks.yaml" <<YAML
trunks:
  - id: bench
    tenant: bench
    server: 127.0.0.20
    port: $P_UAS
    auth: { type: ip, allow: [127.0.0.20/32] }
    channels: 100000        # limited: counted cluster-wide, in per-node blocks (routing/README.md, "Channel ledger storage")
YAML
cat > "$work/config/tenants.yaml" <<YAML
tenants:
  - id: bench
    region: RU
    timezone: Europe/Moscow
    pbx:
      - { address: 127.0.0.1 }
YAML
cat > "$work/config/decks.yaml" <<YAML
decks:
  - { id: bench, file: decks/bench.csv, currency: RUB, trunks: [bench] }
YAML
udp_buffer=$(( ${UDP_BUFFER_MB:-4} << 20 ))
rmem_max=$(cat /proc/sys/net/core/rmem_max)
if [ "$udp_buffer" -gt "$rmem_max" ]; then
  # The kernel would silently cap every socket at rmem_max: the run would not be what it says.
  echo "UDP_BUFFER_MB=${UDP_BUFFER_MB:-4} needs net.core.rmem_max >= $udp_buffer (it is $rmem_max): sysctl -w net.core.rmem_max=$udp_buffer" >&2
  exit 2
fi
for i in $(seq 1 "$nodes"); do
  mkdir -p "$work/node$i"
  cp -r "$work/config/." "$work/node$i/"
  cat > "$work/node$i/application.properties" <<PROPS
camel.server.port=${P_HTTP[$((i-1))]}
camel.component.sip.port=${P_SIP[$((i-1))]}
camel.component.sip.thread-pool-size=${SIP_THREADS:-4}
camel.component.sip.udp-receive-buffer=$udp_buffer
trunkroute.cluster.name=bench-$$
trunkroute.cluster.port=${P_HZ[$((i-1))]}
trunkroute.cluster.members=$([ "$nodes" -gt 1 ] && echo "$members")
trunkroute.trunks.watch-interval=0
${ENGINE_PROPERTIES:-}
PROPS
done
cp /usr/share/kamailio/dbtext/kamailio/{dr_gateways,dr_rules,dr_groups,dr_gw_lists} "$work/kam/"
# db_text's version table: its header line and the drouting tables' rows ("0:dr_rules:3").
grep -E '^(id\(|[0-9]+:dr_)' /usr/share/kamailio/dbtext/kamailio/version > "$work/kam/version"
# gwid:type:address:strip:pri_prefix:attrs:description
echo "1:0:127.0.0.20\:$P_UAS:0:::bench-carrier" >> "$work/kam/dr_gateways"
# ruleid:groupid:prefix:timerec:priority:routeid:gwlist:description. db_text reads an empty field
# as NULL, which drouting refuses for timerec and routeid: "|" is an empty time definition (always)
# and routeid 0 means none.
awk -F',' 'NR>1 { printf "%d:0:%s:|:0:0:1:%s\n", NR-1, $1, "bench" }' "$work/config/decks/bench.csv" >> "$work/kam/dr_rules"
sed -e "s#@ADDRESS@#127.0.0.30#; s#@PORT@#$P_KAM#; s#@MPATH@#$(kamailio_modules)#; s#@CTL@#$work/kam/ctl.sock#; s#@DBDIR@#$work/kam#; s#@CHILDREN@#${KAMAILIO_CHILDREN:-4}#" \
  "$here/kamailio-lcr.cfg" > "$work/kam/kamailio.cfg"

echo "prefixes on both sides: $prefixes; numbers: $(($(wc -l < "$work/numbers.csv") - 1)); step: ${step}s; UDP receive buffers: $((udp_buffer >> 20)) MB"

# Every socket under load gets the engine's receive buffer (its udp-receive-buffer, 4 MB unless
# UDP_BUFFER_MB says otherwise): both SIPp's (with SIPp's 64 KB the kernel dropped thousands of
# datagrams a step on the generator's side above 1,200 calls/s) and Kamailio's (below).
sipp -sf "$here/uas.xml" -i 127.0.0.20 -p "$P_UAS" -mp "$(port)" -buff_size "$udp_buffer" -nostdin -timeout 3600s \
  > "$work/uas.log" 2>&1 &
pids+=($!)
for i in $(seq 1 "$nodes"); do
  TRUNKROUTE_JAVA_OPTS="-Xms${heap_mb}m -Xmx${heap_mb}m ${ENGINE_JAVA_OPTS:-}" "$root/trunkroute" --config "$work/node$i" --data "$work/node$i/data" > "$work/engine$i.log" 2>&1 &
  pids+=($!)
done
if [ "$nodes" -eq 1 ]; then
  # Shared memory as large as the engine's heap: with 128 MB tm ran out of memory for new
  # transactions near 800 calls/s ("new_t(): out of mem"), a limit of the set-up, not of Kamailio.
  # -b: that same receive buffer; Kamailio's own probing stops at 256 KB, and until 2026-12-03
  # (stop 12) its socket dropped datagrams at rates where the engine's, with 16 times the buffer,
  # dropped none.
  kamailio -f "$work/kam/kamailio.cfg" -DD -E -Y "$work/kam" -P "$work/kam/pid" -m "${KAMAILIO_SHM_MB:-$heap_mb}" -M 8 \
    -b "$udp_buffer" \
    > "$work/kam/kamailio.log" 2>&1 &
  pids+=($!)
fi
for i in $(seq 1 "$nodes"); do
  for t in $(seq 1 120); do curl -fs "http://127.0.0.1:${P_HTTP[$((i-1))]}/api/v1/trunks" >/dev/null 2>&1 && break; sleep 1; done
done

uac() { # target rate name uac-port
  local target=$1 rate=$2 calls=$(( $2 * step )) rc=0
  timeout $((step + 60)) sipp -sf "$here/uac.xml" -inf "$work/numbers.csv" -i 127.0.0.1 -p "$4" -mp "$(port)" \
    -buff_size "$udp_buffer" \
    -r "$rate" -m "$calls" -l $(( rate * 3 + 10 )) -timeout $((step + 45))s -timeout_error -nostdin \
    -trace_stat -stf "$work/stat-$3-$rate.csv" "$target" > "$work/uac-$3-$rate.log" 2>&1 || rc=1
  # SIPp keeps at most -l calls up at once: when answers slow down it places calls more slowly
  # than asked instead of failing them, so "no failed call" alone passed steps whose rate was never
  # reached (until 2026-12-03). A step counts only when SIPp's own rate, calls placed over its whole
  # run, is 90 % of the asked rate or more; a clean 15-s step shows ~96 % (the last calls' own
  # duration is part of the run).
  local placed
  placed=$(awk -F'|' '/Call Rate/ { v = $3 } END { gsub(/[^0-9.]/, "", v); print v + 0 }' "$work/uac-$3-$rate.log")
  echo "$placed" > "$work/placed-$3-$rate"
  [ "$rc" -eq 0 ] && awk -v p="$placed" -v r="$rate" 'BEGIN { exit !(p >= 0.9 * r) }'
}

placed() { # name rate -> the calls/s SIPp placed (summed over the nodes' generators)
  cat "$work"/placed-"$1"*-"$2" 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'
}

load() { # name rate -> 0 when every call passed at the rate asked (the engine's load split over its nodes)
  local name=$1 rate=$2
  if [ "$name" = kamailio ]; then
    uac "127.0.0.30:$P_KAM" "$rate" "$name" "${P_UAC[0]}"
    return
  fi
  local each=$(( (rate + nodes - 1) / nodes )) jobs=() rc=0
  for i in $(seq 1 "$nodes"); do
    uac "127.0.0.1:${P_SIP[$((i-1))]}" "$each" "$name-node$i" "${P_UAC[$((i-1))]}" &
    jobs+=($!)
  done
  for j in "${jobs[@]}"; do wait "$j" || rc=1; done
  return $rc
}

# CPU time (clock ticks, user + system) of every process whose command line matches $1: the
# engine's JVM(s), or Kamailio's main process and its forked workers.
cpu_ticks() {
  local total=0 pid
  for pid in $(pgrep -f -- "$1"); do
    # fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name
    total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0) ))
  done
  echo "$total"
}
# Datagrams the kernel dropped on the given UDP ports because a socket's receive buffer was full;
# each one comes back as a retransmission 500 ms later. Counted per socket, IPv4 and IPv6 tables:
# the JDK opens its UDP sockets as IPv6 ones when the host has IPv6, so the engine's is in udp6.
udp_drops() { # port ... -> total drops
  local hex=() p
  for p in "$@"; do hex+=("$(printf ':%04X' "$p")"); done
  awk -v ports="${hex[*]}" 'BEGIN { n = split(ports, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
    FNR > 1 && (substr($2, length($2) - 4) in want) { d += $NF } END { print d + 0 }' \
    /proc/net/udp /proc/net/udp6 2>/dev/null
}
# The same for every UDP socket of the host (the PBX SIPp's socket lives only while its step runs,
# so it cannot be read per socket before and after).
all_udp_drops() {
  awk '$1 == "Udp:" && $2 ~ /^[0-9]+$/ { d += $6 } $1 == "Udp6RcvbufErrors" { d += $2 } END { print d + 0 }' \
    /proc/net/snmp /proc/net/snmp6 2>/dev/null
}
declare -A cpu_pattern=([engine]="--config $work/node" [kamailio]="$work/kam/kamailio.cfg")
declare -A sut_ports=([engine]="${P_SIP[*]}" [kamailio]="$P_KAM")
tick_us=$(( 1000000 / $(getconf CLK_TCK) ))

dropped() { # name -> what the kernel dropped during the step: the target's socket, the carrier SIPp's, all
  # shellcheck disable=SC2086
  echo "UDP datagrams dropped: $1 $(( $(udp_drops ${sut_ports[$1]}) - sut_drops ))," \
    "carrier SIPp $(( $(udp_drops "$P_UAS") - carrier_drops )), all sockets $(( $(all_udp_drops) - host_drops ))"
}
declare -A best failed_at
for name in "${targets[@]}"; do
  # Warm-up, not counted: the engine's JIT compiles a method with C2 after some 10^4 calls of it,
  # so what counts is the number of calls. 40 s at 200 calls/s (8,000 calls, until 2026-12-03)
  # left C2 compiling the per-call methods during the measured steps: a JFR recording of a
  # 1,000 calls/s step showed 42 compilations of 0.1-1.3 s each, 16.5 s of compiling in a 22-s
  # window. The ramp starts low so that the engine's interpreted and C1
  # code is not flooded, and ends near the rates measured: after a ramp that ended at 500 calls/s
  # (until 2026-12-07), the first 15 s of a 2,400 calls/s step still had 1.4-2.1 s of C2 work
  # (compiled code deoptimised and compiled again for the busier paths), 8-12 % of the engine's
  # CPU in it. Kamailio gets the same.
  measured_step=$step
  # The rates are per engine node: load() splits a rate over the nodes.
  for warmup in $warmups; do
    step=${warmup#*:}
    load "$name" "$(( ${warmup%%:*} * nodes ))" >/dev/null 2>&1 || true
  done
  step=$measured_step
  best[$name]=0
done
# The warm-up's calls stay in the engine's transaction tables for 32 s after they end (RFC 3261
# timers J and L; Kamailio's tm keeps a completed transaction 5 s, its wt_timer). Until 2026-12-03
# the engine measured right after its warm-up when run alone (TARGETS=engine), but a minute after
# it beside Kamailio (Kamailio warms up in between): now every first step starts with the
# warm-up's calls gone.
[ -n "$warmups" ] && sleep "${SETTLE_SECONDS:-35}"
# The targets take turns at each rate (engine, then Kamailio, then the next rate) rather than one
# running all its steps first: on a shared VM the host's load drifts over minutes, and taking
# turns puts both sides of a ratio under the same drift.
for rate in "${rates[@]}"; do
  running=0
  for name in "${targets[@]}"; do
    [ -n "${failed_at[$name]:-}" ] && continue
    running=1
    # shellcheck disable=SC2086 # lists of ports
    before=$(cpu_ticks "${cpu_pattern[$name]}") sut_drops=$(udp_drops ${sut_ports[$name]}) \
      carrier_drops=$(udp_drops "$P_UAS") host_drops=$(all_udp_drops)
    if load "$name" "$rate"; then
      best[$name]=$rate
      used=$(( ($(cpu_ticks "${cpu_pattern[$name]}") - before) * tick_us ))
      echo "$name: $rate calls/s for ${step}s: all $((rate * step)) calls completed, placed at" \
        "$(placed "$name" "$rate") calls/s; CPU $(( used / (rate * step) )) us per call; $(dropped "$name")"
    else
      failed_at[$name]=$rate
      echo "$name: $rate calls/s: failed calls, or placed at only $(placed "$name" "$rate") calls/s" \
        "(see $work/uac-$name*-$rate.log); $(dropped "$name")"
    fi
  done
  [ "$running" -eq 1 ] || break
done
echo
results=()
[ -n "${best[engine]:-}" ] && results+=("engine ($nodes node(s)) ${best[engine]} cps")
[ -n "${best[kamailio]:-}" ] && results+=("kamailio ${best[kamailio]} cps")
echo "highest rate with zero failed calls, placed at >= 90 % of the rate: $(IFS=','; echo "${results[*]}" | sed 's/,/, /g')"
if [ "${best[kamailio]:-0}" -gt 0 ] && [ -n "${best[engine]:-}" ]; then
  awk -v e="${best[engine]}" -v k="${best[kamailio]}" 'BEGIN { printf "ratio engine / kamailio: %.2f\n", e / k }'
fi
echo "logs: $work"
