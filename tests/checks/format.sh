#!/usr/bin/env bash
# Fails when a C++ file differs from what the project's .clang-format makes
# of it, and names the files (fix with: clang-format -i FILE).
set -uo pipefail
cd "${1:-$(dirname "$0")/../..}"
if ! command -v clang-format >/dev/null; then
    echo "clang-format is not installed (./run.sh installs it)" >&2
    exit 1
fi
bad=$(git ls-files '*.cpp' '*.h' | while read -r f; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"
done)
if [ -n "$bad" ]; then
    echo "not formatted with .clang-format (run clang-format -i on them):"
    printf '  %s\n' $bad
    exit 1
fi
echo "format: every C++ file matches .clang-format"
