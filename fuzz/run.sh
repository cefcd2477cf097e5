#!/usr/bin/env bash
# Fuzzes the emulator (Mux.Vt100) with AFL++ through SharpFuzz for a bounded time.
#   fuzz/run.sh [seconds]      default 300; findings go to fuzz/findings/ (crashes in fuzz/findings/default/crashes)
# Uses fuzz/vt.dict (escape-sequence pieces) as the mutation dictionary.
# Installs afl++ (Debian package, needs root) and the sharpfuzz dotnet tool when missing.
set -euo pipefail
seconds="${1:-300}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/out"

if ! command -v afl-fuzz >/dev/null; then
    apt-get update -q && apt-get install -y -q afl++
fi
export PATH="$PATH:$HOME/.dotnet/tools"
if ! command -v sharpfuzz >/dev/null; then
    dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0
fi
# sharpfuzz targets an older runtime; let it run on the installed one.
export DOTNET_ROLL_FORWARD=Major

dotnet publish "$here/Mux.Vt100.Fuzz/Mux.Vt100.Fuzz.csproj" -c Release -o "$out" --nologo -v quiet
# Only the emulator is instrumented: coverage of the harness and the runtime would be noise.
sharpfuzz "$out/Mux.Vt100.dll"

# The target is dotnet itself, which carries no AFL instrumentation of its own; SharpFuzz supplies the coverage.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
mkdir -p "$here/findings"
afl-fuzz -i "$here/seeds" -o "$here/findings" -x "$here/vt.dict" -V "$seconds" -t 10000 -m none -- dotnet "$out/Mux.Vt100.Fuzz.dll"

crashes="$here/findings/default/crashes"
count=$(find "$crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "afl-fuzz finished: $count crash input(s) in $crashes"
echo "replay one with: dotnet $out/Mux.Vt100.Fuzz.dll <file>"
