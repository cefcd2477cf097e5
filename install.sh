#!/usr/bin/env bash
# Builds mux with Native AOT and installs it as PREFIX/bin/mux, with PREFIX/bin/mux-server and PREFIX/bin/mux-overlay (PREFIX defaults to ~/.local).
set -euo pipefail
cd "$(dirname "$0")"
prefix="${1:-$HOME/.local}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "building mux (Native AOT)…"
dotnet publish src/Mux.Client -c Release -o "$out" -nologo -v quiet
# Each session's server is its own binary, started by mux from beside itself.
dotnet publish src/Mux.Server -c Release -o "$out" -nologo -v quiet
# The interactive overlays (window chooser, help, prompts) live in a second binary, run only when one opens.
dotnet publish src/Mux.Overlays -c Release -o "$out" -nologo -v quiet
mkdir -p "$prefix/bin"
install -m 0755 "$out/mux" "$prefix/bin/mux"
install -m 0755 "$out/mux-server" "$prefix/bin/mux-server"
install -m 0755 "$out/mux-overlay" "$prefix/bin/mux-overlay"
echo "installed $prefix/bin/mux (and mux-server, mux-overlay beside it)"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it, e.g.: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
