#!/usr/bin/env bash
# Builds the Native AOT mux (and mux-server and mux-overlay beside it) that the end-to-end tests drive, then runs the whole suite.
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Vt100).
set -euo pipefail
cd "$(dirname "$0")"
dotnet publish src/Mux.Client -c Release -o artifacts/bin -nologo -v quiet
dotnet publish src/Mux.Server -c Release -o artifacts/bin -nologo -v quiet
dotnet publish src/Mux.Overlays -c Release -o artifacts/bin -nologo -v quiet
export MUX_BIN="$PWD/artifacts/bin/mux"
rm -rf artifacts/test-results
dotnet test Mux.sln -c Release -nologo --logger trx --results-directory artifacts/test-results "$@"
