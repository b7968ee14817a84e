// `glassbox-cli ostep SIM ...` against OSTEP's own simulators. Each file in
// tests/ostep/SIM/ holds a command line (first line) and what the original
// simulator printed for it with python3 (the rest). The figures — the lines
// each simulator prints its numbers on — must be the same in Glassbox.
#include "teach/ostep.h"
#include "teach/ostep_args.h"

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
    std::string cmd = std::string(GLASSBOX_CLI " ") + args + " 2>&1";
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
