// `glassbox-cli ostep SIM ...` against OSTEP's own simulators. Each file in
// tests/ostep/SIM/ holds a command line (first line) and what the original
// simulator printed for it with python3 (the rest). The figures — the lines
// each simulator prints its numbers on — must be the same in Glassbox.
#include "sim/asm/x86_frontend.h"
#include "sim/kernel/syscalls.h"
#include "teach/ostep.h"
#include "teach/ostep_args.h"
#include "teach/ostep_x86.h"
#include "teach/session.h"

#include <algorithm>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && line.back() == ' ')
            line.pop_back(); // lottery.py ends its job lines with a space
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> figures(const std::string& text, const std::regex& which) {
    std::vector<std::string> out;
    for (const std::string& l : lines_of(text))
        if (std::regex_search(l, which)) out.push_back(l);
    return out;
}

std::string run_cli(const std::string& args) {
    // From the source folder: x86.py's cases name their programs from there.
    std::string cmd =
        std::string("cd '" GLASSBOX_SOURCE_DIR "' && " GLASSBOX_CLI " ") + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    pclose(p);
    return out;
}

// Runs every recorded case of `sim`; returns how many agree.
void check_cases(const std::string& sim, const std::regex& which, size_t at_least) {
    std::filesystem::path dir = std::filesystem::path(GLASSBOX_SOURCE_DIR) / "tests/ostep" / sim;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    CHECK(files.size() >= at_least);
    size_t agree = 0;
    for (const auto& f : files) {
        std::ifstream in(f);
        std::string first, rest, line;
        std::getline(in, first);
        while (std::getline(in, line))
            rest += line + "\n";
        REQUIRE(first.rfind("# glassbox-cli ", 0) == 0);
        std::string args = first.substr(std::string("# glassbox-cli ").size());
        std::vector<std::string> want = figures(rest, which);
        std::vector<std::string> got = figures(run_cli(args), which);
        INFO("case ", f.filename().string(), ": glassbox-cli ", args);
        CHECK(!want.empty());
        CHECK(got == want);
        if (got == want) ++agree;
    }
    MESSAGE(sim, ": ", agree, " of ", files.size(), " cases agree with the original");
}

} // namespace

TEST_CASE("ostep scheduler: the same figures as scheduler.py -c") {
    check_cases("scheduler", std::regex(R"(^  (Job|\[ time|Average))"), 20);
}

TEST_CASE("ostep mlfq: the same figures as mlfq.py -c") {
    check_cases("mlfq", std::regex(R"(^(  Job|  Avg|OPTIONS))"), 20);
}

TEST_CASE("ostep lottery: the same draws and completions as lottery.py -c") {
    check_cases("lottery", std::regex(R"(^(Random|-->|  Job| \())"), 20);
}

TEST_CASE("ostep flags: optparse's spellings, prefixes and errors") {
    gb::OstepArgs a("x", {{'s', "seed", false, "0", ""},
                          {'q', "quantum", false, "1", ""},
                          {'Q', "quantumList", false, "", ""},
                          {'c', "", true, "", ""},
                          {'S', "stay", true, "", ""}});
    std::string error;
    REQUIRE(a.parse({"-s5", "--quantumL=3,4", "-cS"}, error));
    long long seed = 0;
    CHECK(a.integer("seed", seed, error));
    CHECK(seed == 5);
    CHECK(a.text("quantumList") == "3,4");
    CHECK(a.flag("c"));
    CHECK(a.flag("stay"));
    CHECK(a.text("quantum") == "1"); // the default

    gb::OstepArgs b("x", {{'q', "quantum", false, "1", ""}, {'Q', "quantumList", false, "", ""}});
    CHECK_FALSE(b.parse({"--quant", "3"}, error));
    CHECK(error.find("ambiguous") != std::string::npos);
    gb::OstepArgs c("x", {{'s', "seed", false, "0", ""}});
    CHECK_FALSE(c.parse({"-x"}, error));
    CHECK(error == "no such option: -x");
    CHECK_FALSE(c.parse({"-s"}, error));
    CHECK(error == "-s option requires an argument");
    REQUIRE(c.parse({"-s", "x1"}, error));
    CHECK_FALSE(c.integer("seed", seed, error));
    CHECK(error == "option -s: invalid integer value: 'x1'");

    gb::OstepOutput bad = gb::run_ostep("mlfq", {"-l", "0,10", "-c"});
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("Badly formatted job string") != std::string::npos);
    gb::OstepOutput unknown = gb::run_ostep("nosuch", {});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.error.find("expected scheduler") != std::string::npos);
}

TEST_CASE("ostep process-run: the same trace and statistics as process-run.py -c -p") {
    check_cases("process-run", std::regex(R"(^(Time|\s*\d+[ *]|Stats))"), 20);
}

TEST_CASE("ostep x86: the same table as x86.py -c (interleaving, traced memory and registers)") {
    // Every line but the timing figure of -S.
    check_cases("x86", std::regex(R"(^(?!STATS:: Emulation).+)"), 20);
}

TEST_CASE("ostep x86: the front-end's yield is the kernel's") {
    CHECK(gb::kX86YieldSyscall == gb::SYS_YIELD);
    gb::X86Program p;
    std::string error;
    CHECK_FALSE(gb::assemble_x86(".main\nmov 0(%ax,%bx,1), %cx\nhalt\n", "t.s", 1000, p, error));
    CHECK(error == "t.s:2:1: an indexed operand must be 0(%base,%index,4) (an array element; "
                   "x86.py's words are 4 apart)");
    CHECK_FALSE(gb::assemble_x86(".main\nmov %cx, 4(%ax,%bx,4)\nhalt\n", "t.s", 1000, p, error));
    CHECK(error.find("0(%base,%index,4)") != std::string::npos);
    // One x86.py instruction, one Glassbox word: element bx of the array at fx.
    REQUIRE(gb::assemble_x86(".main\nmov 0(%fx,%bx,4), %cx\nmov %ax, 0(%fx,%cx,4)\n", "t.s", 1000,
                             p, error));
    REQUIRE(p.instructions.size() == 2);
    auto word = [&](size_t i) {
        auto w = p.image->text.bytes;
        return static_cast<uint32_t>(w[4 * i] | w[4 * i + 1] << 8 | w[4 * i + 2] << 16 |
                                     static_cast<uint32_t>(w[4 * i + 3]) << 24);
    };
    CHECK(word(0) == gb::encode({gb::Op::LoadX, 3, 6, 2, 0}));
    CHECK(word(1) == gb::encode({gb::Op::StoreX, 1, 6, 3, 0}));
    CHECK_FALSE(gb::assemble_x86(".main\nj .nowhere\n", "t.s", 1000, p, error));
    CHECK(error == "t.s:2:1: label '.nowhere' is not defined");
    REQUIRE(gb::assemble_x86(".var a\n.main\n  mov $5, a # five\nhalt\n", "t.s", 1000, p, error));
    REQUIRE(p.instructions.size() == 2);
    CHECK(p.instructions[0].text == "mov $5, a");
    CHECK(p.instructions[1].x86_address == 1001);
    REQUIRE(p.constants.size() == 1); // 5 lives in a constant register
    CHECK(p.constants[0].second == 5u);
    CHECK(gb::looks_like_x86(".main\nmov %ax, %bx\n"));
    CHECK_FALSE(gb::looks_like_x86("main:\n    li r1, 5\n"));
}

TEST_CASE("ostep x86 in a session: the prepared machine is where reset and step back return") {
    gb::OstepX86 x;
    std::string error;
    std::string prog = std::string(GLASSBOX_SOURCE_DIR) + "/tests/ostep/x86/programs/count.s";
    REQUIRE(gb::ostep_x86_machine({"-p", prog, "-t", "2", "-a", "bx=3", "-i", "2"}, x, error));
    gb::Session s;
    s.load_prepared(*x.machine, x.program.image, prog);
    s.step_n(10);
    CHECK(s.machine().instructions == 10);
    // An interrupt every 2 instructions: both threads ran, 5 interrupts.
    CHECK(s.machine().thread(x.first_tid).instructions == 6);
    CHECK(s.machine().thread(x.first_tid + 1).instructions == 4);
    CHECK(s.machine().cores[0].instruction_interrupts == 5);
    REQUIRE(s.step_back());
    CHECK(s.machine().instructions == 9);
    CHECK(s.machine().cores[0].instruction_interrupts == 4);
    s.reset();
    CHECK(s.machine().instructions == 0);
    CHECK(s.machine().config.instruction_timer.every == 2u);
    CHECK(s.prepared());
    // A bad program: the message names the file, line and column.
    gb::OstepX86 bad;
    std::string bad_prog = std::string(GLASSBOX_SOURCE_DIR) + "/tests/hostile/bad/only_garbage.s";
    CHECK_FALSE(gb::ostep_x86_machine({"-p", bad_prog}, bad, error));
    CHECK(error.find("only_garbage.s:1:1: unknown instruction ';'") != std::string::npos);
}
