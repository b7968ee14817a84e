#!/usr/bin/env bash
# One hostile input, run the way a student would: through glassbox-cli (and,
# when a dashboard binary is given, headless through the dashboard).
#   run_hostile.sh CLI FILE MEMORY_KB [GUI OUTDIR]
# FILE's first lines say what must happen:
#   ; expect: REGEX   (grep -E, on the CLI's stdout and stderr together)
#   ; exit: N         (the CLI's exit status; -1: any clean status 0..5)
#   ; args: ...       (extra options for `run`)
# The time bound is CTest's TIMEOUT; MEMORY_KB bounds the host memory
# (ulimit -v; 0 under the sanitizers, which reserve huge address ranges).
set -u
cli=$1 file=$2 mem=$3 gui=${4:-} outdir=${5:-}
expect=$(sed -n '1s/^\xef\xbb\xbf//; s/^; expect: //p' "$file" | head -n 1)
want=$(sed -n 's/^; exit: //p' "$file" | head -n 1)
args=$(sed -n 's/^; args: //p' "$file" | head -n 1)
[[ $args == *--max-steps* ]] || args="--max-steps 200000 $args"
name=$(basename "$file" .s)

# shellcheck disable=SC2086  # args is a list of options
out=$( (if [ "$mem" != 0 ]; then ulimit -v "$mem"; fi; exec "$cli" run $args "$file") 2>&1)
rc=$?
fail() {
  echo "FAIL $name: $*"
  echo "--- output (first 40 lines) ---"
  printf '%s\n' "$out" | head -n 40
  exit 1
}
if [ "$rc" -gt 5 ]; then fail "glassbox-cli ended with status $rc (a crash or an unknown status)"; fi
if [ "$want" != -1 ] && [ "$rc" != "$want" ]; then fail "exit status $rc, expected $want"; fi
if printf '%s' "$out" | grep -qE 'terminate called|AddressSanitizer|runtime error:|Segmentation'; then
  fail "a host error was printed"
fi
if ! printf '%s\n' "$out" | grep -qE -- "$expect"; then fail "no line matches '$expect'"; fi
if printf '%s' "$out" | grep -q $'\x1b'; then fail "a raw ESC byte reached the terminal"; fi

if [ -n "$gui" ]; then
  gout=$( (if [ "$mem" != 0 ]; then ulimit -v "$mem"; fi
           exec "$gui" --program "$file" --steps 2000 --size 640x480 \
             --screenshot "$outdir/$name.png") 2>&1)
  grc=$?
  if [ "$grc" != 0 ] || ! printf '%s' "$gout" | grep -q '^wrote '; then
    out=$gout
    fail "the dashboard ended with status $grc"
  fi
fi
echo "ok $name: status $rc"
