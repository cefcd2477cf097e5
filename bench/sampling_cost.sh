#!/usr/bin/env bash
# The server's CPU cost of reading what jobs cost: one session with 10 windows, each running a small process
# tree (a shell with two sleeping children), measured over SECONDS (default 60) as CPU time of the server
# (utime+stime from /proc/PID/stat) in three cases: nobody asking (the 5 s background pace kept for peaks),
# `mux top` running (a query each second), and a session whose program has ended.
# Usage: bench/sampling_cost.sh [SECONDS]   (uses artifacts/bin/mux; publish it first)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
mux="$PWD/artifacts/bin/mux"
export MUX_DIR; MUX_DIR=$(mktemp -d /tmp/mux-bench.XXXXXX); chmod 700 "$MUX_DIR"
trap '"$mux" -S cost -X quit >/dev/null 2>&1 || true; "$mux" -S idle -X quit >/dev/null 2>&1 || true; kill $top_pid 2>/dev/null || true; rm -rf "$MUX_DIR"' EXIT
top_pid=
tree='sleep 100000 & sleep 100000 & wait'
ticks() { awk '{ s = $0; sub(/.*\) /, "", s); split(s, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
measure() { # pid label
  local before after
  before=$(ticks "$1"); sleep "$secs"; after=$(ticks "$1")
  awk -v b="$before" -v a="$after" -v hz="$hz" -v s="$secs" -v l="$2" \
    'BEGIN { printf "%-40s %6.2f s CPU in %d s = %.3f %% of one core\n", l, (a-b)/hz, s, (a-b)/hz/s*100 }'
}
"$mux" -dmS cost sh -c "$tree"
for i in $(seq 1 9); do "$mux" -S cost -X screen sh -c "$tree"; done
sleep 2
pid=$(ls "$MUX_DIR" | sed -n 's/^\([0-9]*\)\.cost$/\1/p')
echo "processes on the machine: $(ls -d /proc/[0-9]* | wc -l); server pid $pid; windows: $("$mux" -S cost -Q windows)"
measure "$pid" "10 windows, nobody asking"
"$mux" top --once >/dev/null
( while :; do "$mux" top --once >/dev/null; sleep 1; done ) & top_pid=$!
measure "$pid" "10 windows, mux top each second"
kill $top_pid; top_pid=
"$mux" -S cost -X quit
# A session whose program ended (kept to show how): nothing runs, so nothing is sampled.
"$mux" -dmS idle true
sleep 2
measure "$(ls "$MUX_DIR" | sed -n 's/^\([0-9]*\)\.idle$/\1/p')" "ended job, nothing running"
