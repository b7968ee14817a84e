#!/usr/bin/env bash
# The dashboard in a real browser: serves the web build on 127.0.0.1, opens
# lesson 9 in headless Chromium (?autotest=1: the page steps five
# instructions, steps one back, then runs to the end at full speed and prints
# "glassbox-web:" lines on its console), and checks from those lines that
#   - the dashboard rendered the lesson with its panels,
#   - step and step back moved the machine by one instruction each,
#   - the race ended with the same count as glassbox-cli gives natively for
#     the lesson's program under the lesson's settings.
#   - (lang other than en) a second page, opened without ?lesson or ?lang,
#     comes back on lesson 9 in that language from the browser's storage.
# usage: browser_test.sh SITE_DIR GLASSBOX_CLI SOURCE_DIR SCREENSHOT.png [lang]
set -euo pipefail
site="$1" cli="$2" src="$3" shot="$4" lang="${5:-en}"
[ -f "$site/index.html" ] || { echo "no web build in $site (./run.sh web build)"; exit 1; }
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.html')" \
    2>/dev/null && break
  sleep 0.1
done

mkdir -p "$(dirname "$shot")"
# Opens a page of the site in headless Chromium (one profile for the whole
# test, so the second page sees what the first kept in the browser's
# storage) and keeps its "glassbox-web:" console lines in $work/lines.
# SwiftShader gives WebGL 2 without a GPU; virtual time lets the page run
# its frames as fast as the machine allows, then the screenshot is taken.
open_page() {
  chromium --headless --no-sandbox --disable-gpu --enable-unsafe-swiftshader \
    --user-data-dir="$work/profile" --window-size=1280,720 --hide-scrollbars \
    --virtual-time-budget=15000 --enable-logging=stderr --v=0 \
    --screenshot="$2" "http://127.0.0.1:$port/index.html?$1" >"$work/chromium.out" 2>"$work/chromium.log" || true
  grep -o 'glassbox-web: .*' "$work/chromium.log" | sed 's/", source: .*//' >"$work/lines" || true
}
# Virtual time does not wait for the wasm to compile: on a busy machine the
# budget can run out before the page got going. Such a page printed nothing
# wrong, only nothing at all: it is opened again (twice at most).
for attempt in 1 2 3; do
  open_page "lesson=09&autotest=1&lang=$lang" "$shot"
  grep -q "finished" "$work/lines" && break
  echo "(attempt $attempt: the page did not reach the end of the run in its time budget)"
done
echo "--- the page's console:"
cat "$work/lines"

fail() { echo "FAIL: $*"; echo "--- chromium's log (last lines):"; tail -20 "$work/chromium.log"; exit 1; }
grep -q "rendered frame .* lesson=09-thread-safety program=09_race.s panels=.*code" "$work/lines" ||
  fail "the dashboard did not render lesson 9 with its code panel"
for p in cpu timeline lesson; do
  grep "rendered frame" "$work/lines" | grep -q "panels=.*$p" || fail "panel $p was not drawn"
done
grep -q "rendered frame .* lang=$lang" "$work/lines" || fail "the language is not $lang"
grep -q "stepped instructions=5 step_back=ok instructions=4" "$work/lines" ||
  fail "five steps then one step back did not leave the machine at instruction 4"
finished=$(grep "finished" "$work/lines" || true)
[ -n "$finished" ] || fail "the run did not reach its end"
echo "$finished" | grep -q "stop=all_done" || fail "the run stopped for another reason: $finished"
web_count=$(echo "$finished" | grep -o 'count = [0-9]*' | grep -o '[0-9]*$' || true)
web_instr=$(echo "$finished" | grep -o 'instructions=[0-9]*' | grep -o '[0-9]*$')

# The same program under the lesson's settings (assets/lessons/09-thread-safety.json), natively.
native=$("$cli" run "$src/programs/lessons/09_race.s" --cores 1 --policy rr --quantum 1 \
  --timer 7 --switch-cost 2 --seed 1)
native_count=$(echo "$native" | grep -o 'count = [0-9]*' | grep -o '[0-9]*$')
native_instr=$(echo "$native" | grep -o '^[0-9]* instructions' | grep -o '^[0-9]*')
echo "browser: count = $web_count after $web_instr instructions; native CLI: count = $native_count after $native_instr instructions"
[ -n "$web_count" ] || fail "the page printed no count"
[ "$web_count" = "$native_count" ] || fail "the counts differ"
[ "$web_instr" = "$native_instr" ] || fail "the instruction counts differ"
size=$(stat -c %s "$shot" 2>/dev/null || echo 0)
[ "$size" -gt 20000 ] || fail "the screenshot $shot is missing or blank ($size bytes)"
echo "screenshot: $shot ($size bytes)"

# The settings were kept in the browser's storage: a page opened without
# ?lesson or ?lang comes back in the same language on the same lesson.
if [ "$lang" != en ]; then
  open_page "autotest=1" "$work/second.png"
  echo "--- the second page's console:"
  cat "$work/lines"
  grep -q "rendered frame .* lesson=09-thread-safety .* lang=$lang" "$work/lines" ||
    fail "the second page did not come back on lesson 9 in $lang from the browser's storage"
fi
