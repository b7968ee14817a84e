#!/usr/bin/env bash
# Programs that cannot be kept in the repository as files: a FIFO and a
# symlink loop, made here, given to glassbox-cli and (when a dashboard binary
# is given) to the dashboard headless. Each must end at once with a clear
# message: a FIFO is never opened (opening one waits for a writer forever).
#   run_special_files.sh CLI [GUI]
set -u
cli=$1 gui=${2:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/fifo.s"
ln -s "$dir/loop_b.s" "$dir/loop_a.s"
ln -s "$dir/loop_a.s" "$dir/loop_b.s"
status=0
check() { # name, command output, expected regex
  if printf '%s\n' "$2" | grep -qE -- "$3"; then
    echo "ok $1"
  else
    echo "FAIL $1: no line matches '$3'"
    printf '%s\n' "$2" | head -n 20
    status=1
  fi
}
out=$(timeout 20 "$cli" run "$dir/fifo.s" 2>&1)
check "cli fifo (status $?)" "$out" 'fifo\.s: error: cannot read .*a FIFO \(named pipe\), not a regular file'
out=$(timeout 20 "$cli" run "$dir/loop_a.s" 2>&1)
check "cli symlink loop (status $?)" "$out" 'loop_a\.s: error: cannot read .*symbolic links'
if [ -n "$gui" ]; then
  for f in fifo.s loop_a.s; do
    out=$(timeout 60 "$gui" --program "$dir/$f" --steps 10 --size 640x480 \
            --screenshot "$dir/$f.png" --dump-state "$dir/$f.json" 2>&1)
    rc=$?
    check "dashboard $f (status $rc)" "$out" '^wrote '
    [ "$rc" = 0 ] || status=1
    check "dashboard $f shows one error" "$(cat "$dir/$f.json" 2>/dev/null)" '"errors": 1,'
  done
fi
exit $status
