#!/usr/bin/env bash
# Prints the unattended figures of the README ("Running on the Linux board") for a built package:
#   src/packaging/figures.sh [--deb FILE] [--seconds N]
# The package is extracted into a temporary root and its own (self-contained, ReadyToRun) executable runs in
# Simulated mode with the installed configuration, free ports and a data folder of its own. Measures:
#   - the package's size (.deb) and its installed size;
#   - time from exec to the first control tick (READY=1 on a NOTIFY_SOCKET, sent after the first tick), median of 3;
#   - resident memory (VmRSS) after start and after a six-hour two-channel day at TimeScale 600 (both caps
#     connected through /api/sim for the six device hours);
#   - CPU, as % of one core, over N real seconds (default 30) at TimeScale 1: idle, then with both caps connected.
# Needs curl and socat. Ends every process it starts, by PID.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
deb=$(ls -t "$here"/out/paxman-edge_*.deb 2>/dev/null | head -1 || true)
seconds=30
while [ $# -gt 0 ]; do
    case "$1" in
        --deb) deb=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        *) echo "figures.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ -f "$deb" ] || { echo "figures.sh: no package; build one with src/packaging/build-deb.sh or give --deb FILE" >&2; exit 2; }
for tool in curl socat dpkg-deb; do command -v "$tool" >/dev/null || { echo "figures.sh: $tool is not installed" >&2; exit 3; }; done

work=$(mktemp -d "${TMPDIR:-/tmp}/paxman-figures.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
dpkg-deb -x "$deb" "$work/root"
exe="$work/root/usr/lib/paxman-edge/Paxman.Edge.Service"
port=$((20000 + RANDOM % 20000))
clk=$(getconf CLK_TCK)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
status() { curl -fsS "http://127.0.0.1:$port/api/status"; }
post() { curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$port$1"; }
device_seconds() { status | sed -n 's/.*"deviceSeconds":\([0-9.]*\).*/\1/p'; }

# Starts the service with TimeScale $1 and a fresh data folder; sets $pid, and $ready_ms to exec-to-READY=1.
start() {
    local scale=$1 sock="$work/notify-$RANDOM.sock" log="$work/notify-$RANDOM.log" data="$work/data-$RANDOM"
    mkdir -p "$data"
    : > "$log"
    socat -u "UNIX-RECV:$sock" "OPEN:$log,creat,append" & pids+=($!)
    while [ ! -S "$sock" ]; do sleep 0.01; done
    local t0
    t0=$(now_ms)
    NOTIFY_SOCKET=$sock PAXMAN_EDGE_CONFIG="$work/root/etc/paxman-edge/appsettings.json" NO_COLOR=1 \
        "$exe" --Hardware:Mode=Simulated --Simulator:TimeScale="$scale" --Storage:Path="$data" \
        --urls "http://127.0.0.1:$port" --Mqtt:Port=$((port + 1)) > "$work/service-$scale.log" 2>&1 &
    pid=$!; pids+=("$pid")
    until grep -q "READY=1" "$log"; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/service-$scale.log" >&2; exit 1; }
        sleep 0.005
    done
    ready_ms=$(( $(now_ms) - t0 ))
    until status >/dev/null 2>&1; do sleep 0.05; done
}
stop() { kill -TERM "$pid"; wait "$pid" || true; }
cpu_percent() { # over $seconds real seconds
    local a b
    a=$(cpu_ticks "$pid"); sleep "$seconds"; b=$(cpu_ticks "$pid")
    awk -v d=$((b - a)) -v s="$seconds" -v c="$clk" 'BEGIN { printf "%.1f", 100 * d / c / s }'
}

echo "package: $(basename "$deb")"
printf '%-58s %s\n' "package size (.deb)" "$(du -m "$deb" | cut -f1) MB ($(stat -c %s "$deb") bytes)"
printf '%-58s %s\n' "installed size" "$(du -sm "$work/root" | cut -f1) MB"

starts=()
for _ in 1 2 3; do start 1; starts+=("$ready_ms"); stop; done
median=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 2p)
printf '%-58s %s\n' "start to first control tick (READY=1), median of 3" "$median ms (${starts[*]})"

start 1
sleep 5
printf '%-58s %s\n' "resident memory 5 s after start" "$(rss_mb "$pid") MB"
printf '%-58s %s\n' "CPU idle, TimeScale 1 (% of one core, ${seconds} s)" "$(cpu_percent) %"
post /api/sim/channels/A/cap '{"connected":true}'
post /api/sim/channels/B/cap '{"connected":true}'
printf '%-58s %s\n' "CPU with both caps connected, TimeScale 1 (${seconds} s)" "$(cpu_percent) %"
stop

start 600
post /api/sim/channels/A/cap '{"connected":true}'
post /api/sim/channels/B/cap '{"connected":true}'
t0=$(now_ms)
while awk -v s="$(device_seconds)" 'BEGIN { exit !(s < 21600) }'; do sleep 0.5; done
printf '%-58s %s\n' "resident memory after a six-hour two-channel day at 600x" "$(rss_mb "$pid") MB (took $(( ($(now_ms) - t0) / 1000 )) s real)"
printf '%-58s %s\n' "late ticks in that day" "$(status | sed -n 's/.*"lateTicks":\([0-9]*\).*/\1/p')"
stop
