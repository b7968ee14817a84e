// The CLI's subcommands, one file each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gbcli {

// Exit codes (also in --help).
constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitAsmError = 2;
constexpr int kExitFault = 3;
constexpr int kExitLimit = 4;
constexpr int kExitDeadlock = 5;

struct AsmArgs {
    std::string file;
    bool json = false;
};

struct RunArgs {
    std::string file;
    bool trace = false;
    bool json = false;
    uint64_t max_steps = 10'000'000;
    int cores = 1;
    std::string policy = "rr";
    uint32_t timer = 100;
    uint32_t quantum = 1;
    std::optional<uint32_t> switch_cost;
    uint64_t seed = 1;
};

int cmd_asm(const AsmArgs& a);
int cmd_disasm(const AsmArgs& a);
int cmd_isa(bool korean);
int cmd_run(const RunArgs& a);

} // namespace gbcli
