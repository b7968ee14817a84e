#!/usr/bin/env bash
# One script behind the README's two commands, for a fresh Debian 12 machine:
#   ./run.sh          install what is missing, build, open the dashboard on the default program
#   ./run.sh test     install what is missing, build, run every test
#   ./run.sh sanitize the same tests, built with ASan and UBSan (slower)
#   ./run.sh web      build the dashboard for the browser into build-web/site and serve it
#                     on 127.0.0.1 (PORT=8000 by default); ./run.sh web build only builds
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

# Installs the Debian packages in "$@" that are missing (extra options for
# apt-get first, up to "--").
install_missing() {
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${opts[@]}" "${missing[@]}" >/dev/null
  fi
}
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi

# The browser build: emscripten (its GLFW, WebGL 2 and system libraries come
# prebuilt with it), Dear ImGui 1.86's sources from Debian's source package,
# the fonts; chromium runs the browser test headless.
web_packages=(emscripten cmake ninja-build python3 xz-utils fonts-nanum-coding fonts-dejavu-core
              libcli11-dev nlohmann-json3-dev libfmt-dev doctest-dev)
web_dir=build-web

# Dear ImGui 1.86 (the version of libimgui-dev) unpacked into build-web/imgui-1.86.
imgui_sources() {
  [ -f "$web_dir/imgui-1.86/imgui.h" ] && return
  mkdir -p "$web_dir/imgui-src"
  if ! (cd "$web_dir/imgui-src" && apt-get source --download-only imgui >/dev/null 2>&1); then
    # apt-get source needs a deb-src entry: the same archive as the system's own.
    local codename uri
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    uri=$(grep -hm1 -E '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | awk '{print $2}')
    echo "Adding a deb-src entry for $codename (apt-get source imgui)"
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "${uri:-http://deb.debian.org/debian}" "$codename" |
      "${sudo[@]}" tee /etc/apt/sources.list.d/glassbox-deb-src.sources >/dev/null
    "${sudo[@]}" apt-get update -qq
    (cd "$web_dir/imgui-src" && apt-get source --download-only imgui >/dev/null 2>&1)
  fi
  tar -xf "$web_dir"/imgui-src/imgui_1.86*.orig.tar.xz -C "$web_dir"
  [ -f "$web_dir/imgui-1.86/imgui.h" ] || { echo "Dear ImGui 1.86 sources not found" >&2; exit 1; }
}

web_build() {
  install_missing --no-install-recommends -- "${web_packages[@]}" "$@"
  imgui_sources
  # Node 20 does not look in Debian's node modules by itself (emcc needs acorn there).
  export NODE_PATH=/usr/share/nodejs
  emcmake cmake -S . -B "$web_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
  cmake --build "$web_dir" -j "$(nproc)"
}

if [ "$mode" = web ]; then
  web_build
  [ "${2:-}" = build ] && { echo "Built $web_dir/site (serve that folder: index.html)"; exit 0; }
  port="${PORT:-8000}"
  echo "Glassbox in the browser: open http://127.0.0.1:$port/index.html  (Ctrl+C stops the server)"
  exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$web_dir/site"
fi

install_missing -- "${packages[@]}"

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
if [ "$mode" = test ]; then
  # The browser test (tests/web/browser_test.sh) needs the browser build and chromium.
  web_build chromium
  cmake_args+=(-DGLASSBOX_WEB_SITE="$PWD/$web_dir/site")
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
    if [ "$mode" = test ]; then
      # The machine's unit tests again, compiled to wasm and run under Node.
      ctest --test-dir "$web_dir" --output-on-failure
    fi
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
    echo "usage: ./run.sh [start|test|sanitize|fuzz|web [build]]" >&2
    exit 1
    ;;
esac
