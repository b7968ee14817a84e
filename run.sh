#!/usr/bin/env bash
# One script behind the README's two commands, for a fresh Debian 12 machine:
#   ./run.sh          install what is missing, build, open the dashboard on the default program
#   ./run.sh test     install what is missing, build, run every test
#   ./run.sh sanitize the same tests, built with ASan and UBSan (slower)
#   ./run.sh fuzz     the libFuzzer targets (clang), each for a bounded time
# On CI (the environment variable CI is set), `./run.sh test` also runs the
# sanitizer build of the tests and the bounded fuzz run (docs/limits.md).
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-start}"

packages=(build-essential cmake ninja-build pkg-config
          libimgui-dev libglfw3-dev python3-glad libstb-dev fonts-nanum-coding
          libcli11-dev nlohmann-json3-dev libfmt-dev doctest-dev
          xvfb xauth clang-format)
on_ci=0
if [ "$mode" = test ] && [ -n "${CI:-}" ]; then on_ci=1; fi
if [ "$mode" = fuzz ] || [ "$on_ci" = 1 ]; then packages+=(clang libclang-rt-14-dev); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The libFuzzer targets, each for FUZZ_SECONDS (default 60), from the
# corpus in the repository; new inputs go to build-fuzz/corpus-*, crashes
# to build-fuzz/crash-*.
run_fuzz() {
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGLASSBOX_FUZZ=ON -DGLASSBOX_GUI=OFF -DGLASSBOX_TESTS=OFF -DGLASSBOX_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j "$(nproc)" --target fuzz_program fuzz_loading
  local secs="${FUZZ_SECONDS:-60}"
  mkdir -p build-fuzz/corpus-program build-fuzz/corpus-loading
  build-fuzz/tests/fuzz/fuzz_program -max_len=1048576 -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix=build-fuzz/crash- -print_final_stats=1 \
    build-fuzz/corpus-program programs tests/hostile/bad tests/hostile/guest
  build-fuzz/tests/fuzz/fuzz_loading -max_len=262144 -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix=build-fuzz/crash- -print_final_stats=1 \
    build-fuzz/corpus-loading assets/lessons programs tests/hostile/bad
}

if [ "$mode" = fuzz ]; then
  run_fuzz
  exit 0
fi

build_dir=build
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ "$mode" = sanitize ]; then
  build_dir=build-sanitize
  cmake_args+=(-DGLASSBOX_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
fi
cmake -S . -B "$build_dir" "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"

case "$mode" in
  start)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display found, so the dashboard cannot open a window here."
      echo "Showing the same program in the command-line runner instead:"
      exec "$build_dir/cli/glassbox-cli" run programs/race.s
    fi
    exec "$build_dir/gui/glassbox"
    ;;
  test|sanitize)
    # The dashboard's screenshot tests need an X server: xvfb-run gives them one.
    xvfb-run -a ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
    if [ "$on_ci" = 1 ]; then
      # The sanitizer build of the test suite (without the dashboard, whose
      # screenshots the normal build has just checked), then the fuzz run.
      cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGLASSBOX_SANITIZE=ON \
        -DGLASSBOX_GUI=OFF -DGLASSBOX_BENCH=OFF >/dev/null
      cmake --build build-sanitize -j "$(nproc)"
      ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)"
      run_fuzz
    fi
    ;;
  *)
    echo "usage: ./run.sh [start|test|sanitize|fuzz]" >&2
    exit 1
    ;;
esac
