#!/usr/bin/env bash
# The machine's speed in WebAssembly against its native speed: the same
# benchmark (bench_machine.cpp) built natively (build/) and with emscripten
# (build-web/, ./run.sh web build), run one after the other, with each
# figure's ratio. Node runs the wasm with V8, Chromium's engine.
# --no-liftoff: compile the wasm with V8's optimising compiler at once; with
# its quick first tier a single long run() call stays in slow code for good
# (a page's frames call it again and again, so the browser tiers it up).
# Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
native=build/bench/glassbox-bench
wasm=build-web/bench/glassbox-bench.js
[ -x "$native" ] || { echo "build the native version first (./run.sh test or cmake --build build)"; exit 1; }
[ -f "$wasm" ] || { echo "build the web version first (./run.sh web build)"; exit 1; }
echo "native: $native"
"$native" | tee /tmp/glassbox-bench-native.$$
echo "wasm under Node $(node --version): $wasm"
node --no-liftoff "$wasm" | tee /tmp/glassbox-bench-wasm.$$
echo
echo "wasm speed as a share of native (higher is better; figures in µs: lower is better, so inverted):"
paste -d '\n' /tmp/glassbox-bench-native.$$ /tmp/glassbox-bench-wasm.$$ | awk '
  NR % 2 == 1 { name = substr($0, 1, 44); n = $0; next }
  {
    split(substr(n, 45), a, " "); split(substr($0, 45), b, " ")
    unit = a[2] " " a[3]
    share = (unit ~ /µs/) ? a[1] / b[1] : b[1] / a[1]
    printf "  %s %5.0f %%   (native %s, wasm %s %s)\n", name, 100 * share, a[1], b[1], unit
  }'
rm -f /tmp/glassbox-bench-native.$$ /tmp/glassbox-bench-wasm.$$
