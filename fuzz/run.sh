#!/usr/bin/env bash
# Fuzzes the emulator (Mux.Vt100) with AFL++ through SharpFuzz for a bounded time: a benchmark-style job,
# not part of ./test.sh or CI.
#
#   fuzz/run.sh [--minutes N | SECONDS] [--resume] [--no-copy]
#
#   --minutes N   fuzz for N minutes (or give SECONDS; default 300 seconds)
#   --resume      continue the previous run's queue (afl-fuzz -i -) instead of starting from fuzz/seeds
#   --no-copy     leave crash inputs in fuzz/findings instead of copying them to the regression tests
#
# One afl-fuzz instance (one core), run under nice. Installs afl++ (the Debian package; needs root) and the
# sharpfuzz dotnet tool when missing, builds and instruments the harness, fuzzes with fuzz/vt.dict as the
# mutation dictionary, then prints executions, execs/s, corpus size and crashes from fuzzer_stats, replays each
# crash input and copies it to tests/Mux.Vt100.Tests/Properties/FuzzCrashes/ (which FuzzRegressionTests replays).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
out="$here/out"
replay="$here/replay"   # the same build, not instrumented: the instrumented one needs afl-fuzz's shared memory
findings="$here/findings"
crash_dir="$repo/tests/Mux.Vt100.Tests/Properties/FuzzCrashes"

seconds=300 resume=0 copy=1
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) seconds=$(awk -v m="${2:?--minutes needs a number}" 'BEGIN { printf "%d", m * 60 }'); shift 2 ;;
        --resume) resume=1; shift ;;
        --no-copy) copy=0; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *[!0-9]*|'') echo "fuzz/run.sh: unknown argument '$1' (see fuzz/run.sh --help)" >&2; exit 2 ;;
        *) seconds="$1"; shift ;;
    esac
done
[ "$seconds" -gt 0 ] || { echo "fuzz/run.sh: the time must be at least one second" >&2; exit 2; }

if ! command -v afl-fuzz >/dev/null; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q afl++
fi
export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v sharpfuzz >/dev/null; then
    dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0
fi
# sharpfuzz targets an older runtime; let it run on the installed one.
export DOTNET_ROLL_FORWARD=Major

rm -rf "$out"  # publish keeps a newer file in place: the instrumented dll of the last run would stay
dotnet publish "$here/Mux.Vt100.Fuzz/Mux.Vt100.Fuzz.csproj" -c Release -o "$out" --nologo -v quiet
rm -rf "$replay" && cp -r "$out" "$replay"
# Only the emulator is instrumented: coverage of the harness and the runtime would be noise.
sharpfuzz "$out/Mux.Vt100.dll"

# The target is dotnet itself, which carries no AFL instrumentation of its own; SharpFuzz supplies the coverage.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
if [ "$resume" = 1 ] && [ -d "$findings/default/queue" ]; then
    input=-
else
    input="$here/seeds"
    # A fresh run: the previous one's findings (whose crashes were copied when it ended) are kept aside once.
    if [ -d "$findings" ]; then rm -rf "$findings.prev" && mv "$findings" "$findings.prev"; fi
fi
mkdir -p "$findings"
echo "fuzzing for ${seconds}s (afl-fuzz $(dpkg-query -W -f='${Version}' afl++ 2>/dev/null || echo '?'), input $input)"
# -V: stop after the time; -t 10000: a .NET process may pause for a GC or the JIT; -m none: the runtime maps a lot.
# The outer timeout is a safety net should afl-fuzz not stop by itself (start-up, calibration).
status=0
timeout --signal=INT --kill-after=60 $((seconds + 300)) \
    nice -n 10 afl-fuzz -i "$input" -o "$findings" -x "$here/vt.dict" -V "$seconds" -t 10000 -m none \
    -- dotnet "$out/Mux.Vt100.Fuzz.dll" > "$findings/afl.log" 2>&1 || status=$?
stats="$findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
    tail -30 "$findings/afl.log" >&2
    echo "afl-fuzz exited $status without writing $stats (its output: $findings/afl.log)" >&2
    exit 1
fi
field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes="$findings/default/crashes"
hangs="$findings/default/hangs"
ncrash=$(find "$crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
nhang=$(find "$hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
runtime=$(field run_time)
execs=$(field execs_done)
echo "afl-fuzz finished (status $status) after ${runtime:-?}s"
echo "  executions:      $execs ($(awk -v e="$execs" -v t="$runtime" 'BEGIN { if (t > 0) printf "%.0f", e / t; else print "?" }')/s over the run; last $(field execs_per_sec)/s)"
echo "  corpus:          $(field corpus_count) inputs ($(field corpus_found) found here, $(field corpus_imported) imported), $(field pending_total) not yet fuzzed"
echo "  coverage:        $(field edges_found) edges (bitmap $(field bitmap_cvg)), stability $(field stability), $(field cycles_done) queue cycles"
echo "  crashes:         $ncrash saved ($(field saved_crashes) by fuzzer_stats) in $crashes"
echo "  hangs:           $nhang saved (over 10 s)"

if [ "$ncrash" -gt 0 ]; then
    for f in "$crashes"/id:*; do
        # The harness replays a file and prints "ok", or dies with the exception.
        echo "  replay $(basename "$f"):"
        (timeout 60 dotnet "$replay/Mux.Vt100.Fuzz.dll" "$f" 2>&1 || true) | grep -m 3 -E 'Exception|^ok' | sed 's/^/    /'
        if [ "$copy" = 1 ]; then
            # Named by content, so the same crash found twice is one file; rename it to say what it is.
            name="afl-$(sha1sum "$f" | cut -c1-12)"
            cp -n "$f" "$crash_dir/$name"
            echo "    copied to tests/Mux.Vt100.Tests/Properties/FuzzCrashes/$name"
        fi
    done
    echo "FuzzRegressionTests replays every file in tests/Mux.Vt100.Tests/Properties/FuzzCrashes on each test run."
fi
