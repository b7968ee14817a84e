#!/usr/bin/env bash
# Fails when an include points the wrong way (DESIGN.md): gui, cli, bench ->
# teach -> sim; inside sim, kernel -> cpu -> isa and asm -> isa. Prints each
# offending line as file:line: include.
set -uo pipefail
cd "${1:-$(dirname "$0")/../..}"
bad=0
# forbid DIR PATTERN WHY: no file under DIR may include a header matching PATTERN.
forbid() {
    local hits
    hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$1" \
        --include='*.h' --include='*.cpp' --include='*.inc' 2>/dev/null)
    if [ -n "$hits" ]; then
        printf '%s\n' "$hits" | sed "s|\$|   <- $3|"
        bad=1
    fi
}
forbid sim 'teach/|gui/|cli/|bench/' 'sim/ is the machine alone: it includes nothing from above it'
forbid sim 'nlohmann/|imgui|GLFW/|glad/|GL/' 'sim/ links no JSON library and nothing graphical'
forbid teach 'gui/|cli/|bench/|imgui|GLFW/' 'teach/ sits below gui/, cli/ and bench/'
forbid sim/isa 'sim/(asm|cpu|kernel)/' 'the ISA is the bottom of sim/'
forbid sim/asm 'sim/(cpu|kernel)/' 'the assembler knows only the ISA'
forbid sim/cpu 'sim/(asm|kernel)/' 'the CPU knows only the ISA'
if [ "$bad" -eq 0 ]; then echo "layers: every include points down"; fi
exit "$bad"
