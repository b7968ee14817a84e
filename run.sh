#!/usr/bin/env bash
# One script behind the README's two commands, for a fresh Debian 12 machine:
#   ./run.sh          install what is missing, build, open the dashboard on the default program
#   ./run.sh test     install what is missing, build, run every test
#   ./run.sh sanitize the same tests, built with ASan and UBSan (slower)
set -euo pipefail
cd "$(dirname "$0")"
mode="${1:-start}"

packages=(build-essential cmake ninja-build pkg-config
          libimgui-dev libglfw3-dev python3-glad libstb-dev fonts-nanum-coding
          libcli11-dev nlohmann-json3-dev libfmt-dev doctest-dev
          xvfb xauth clang-format)

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
    ;;
  *)
    echo "usage: ./run.sh [start|test|sanitize]" >&2
    exit 1
    ;;
esac
