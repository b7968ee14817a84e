// Every program in programs/ runs through the CLI to its expected output
// (tests/expected/NAME.txt: the CLI's stdout, then "[exit N]"), and
// survives the assembler round trip.
#include "helpers.h"

#include "sim/asm/file_text.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> program_files() {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(GLASSBOX_SOURCE_DIR "/programs"))
        if (e.path().extension() == ".s" && e.path().parent_path().filename() != "lib")
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// Runs a shell command; returns its stdout followed by "[exit N]".
std::string run_command(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        out.append(buf.data(), n);
    int status = pclose(p);
    out += "[exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + "]\n";
    return out;
}

std::string read_file(const fs::path& p) {
    gb::FileText f = gb::read_file_text(p);
    REQUIRE_MESSAGE(f.ok(), p.string(), ": ", f.error);
    return f.text;
}

} // namespace

TEST_CASE("programs: every sample program runs to its expected output") {
    auto files = program_files();
    REQUIRE(files.size() >= 5);
    for (const fs::path& f : files) {
        std::string rel = fs::relative(f, GLASSBOX_SOURCE_DIR).string();
        std::string name =
            fs::relative(f, GLASSBOX_SOURCE_DIR "/programs").replace_extension("").string();
        std::replace(name.begin(), name.end(), '/', '_');
        fs::path expected = fs::path(GLASSBOX_SOURCE_DIR "/tests/expected") / (name + ".txt");
        CAPTURE(rel);
        std::string actual = run_command(
            std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI " run ") + rel + " 2>&1");
        if (!fs::exists(expected)) {
            // Write what it printed next to the missing file's name so a person can review it.
            std::ofstream(expected.string() + ".new") << actual;
            FAIL("no expected output for ", rel, ": review ", expected.string(),
                 ".new and rename it");
        }
        CHECK(actual == read_file(expected));
    }
}

TEST_CASE("programs: assemble → disassemble → assemble gives identical words") {
    for (const fs::path& f : program_files()) {
        CAPTURE(f.string());
        gb::AsmResult first = gb::assemble_file(f.string(), gb::default_asm_options(f.string()));
        if (!first.ok()) continue; // programs that demonstrate assembler errors
        std::string text = gb::disassemble_image(*first.image);
        gb::AsmResult second =
            gb::assemble(text, "roundtrip.s", gb::default_asm_options(f.string()));
        std::string errors;
        for (const auto& e : second.errors)
            errors += e.to_string() + "\n";
        INFO(errors);
        REQUIRE(second.ok());
        CHECK(second.image->text.bytes == first.image->text.bytes);
        CHECK(second.image->data.bytes == first.image->data.bytes);
        CHECK(second.image->tls.bytes == first.image->tls.bytes);
        CHECK(second.image->entry == first.image->entry);
    }
}

TEST_CASE("cli: asm lists system calls by name; race.s says what it got beside what it expected") {
    std::string listing =
        run_command("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI " asm programs/hello.s 2>&1");
    INFO(listing);
    CHECK(listing.find("sys print_str") != std::string::npos);
    CHECK(listing.find("sys 3 ") == std::string::npos);
    CHECK(listing.find("[exit 0]") != std::string::npos);
    // Timer 7: updates are lost, and the line says how many were expected.
    std::string run = run_command("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI
                                  " run programs/race.s --timer 7 2>&1");
    INFO(run);
    size_t at = run.find("count = ");
    REQUIRE(at != std::string::npos);
    int got = std::stoi(run.substr(at + 8));
    CHECK(got < 2000);
    CHECK(run.find(fmt::format("count = {}, expected 2000\n", got)) != std::string::npos);
}
