#!/usr/bin/env bash
# Is the dashboard responsive in the browser while a program runs at full
# speed? Serves build-web/site on 127.0.0.1, opens index.html?bench=N in
# headless Chromium (real time, not virtual) and prints the frame time the
# page reports (its canvas drawn at 1280x720); then the desktop build's --bench-frames figure
# for comparison. Prints figures; asserts nothing. SwiftShader draws on the
# CPU here, so a browser with a GPU spends less per frame than this.
# usage: bench/web_frames.sh [FRAMES]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
frames="${1:-300}"
site=build-web/site
[ -f "$site/index.html" ] || { echo "build the web version first (./run.sh web build)"; exit 1; }
work=$(mktemp -d)
server_pid="" browser_pid=""
cleanup() {
  [ -n "$browser_pid" ] && kill "$browser_pid" 2>/dev/null && wait "$browser_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server_pid=$!
sleep 0.5
# A debugging port keeps headless Chromium open until the page has reported.
chromium --headless --no-sandbox --disable-gpu --enable-unsafe-swiftshader \
  --user-data-dir="$work/profile" --window-size=1280,720 --remote-debugging-port=0 \
  --enable-logging=stderr --v=0 "http://127.0.0.1:$port/index.html?bench=$frames" \
  >/dev/null 2>"$work/chromium.log" &
browser_pid=$!
for _ in $(seq 600); do
  grep -q "glassbox-web: bench:" "$work/chromium.log" && break
  sleep 0.5
done
echo "browser (Chromium $(chromium --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1), SwiftShader):"
grep -o 'glassbox-web: bench: .*' "$work/chromium.log" | sed 's/", source: .*//; s/glassbox-web: /  /' ||
  echo "  the page reported nothing in 300 s"
if [ -x build/gui/glassbox ]; then
  echo "desktop (build/gui/glassbox, offscreen under xvfb-run):"
  xvfb-run -a build/gui/glassbox --bench-frames "$frames" --size 1280x720 | sed 's/^/  /'
fi
