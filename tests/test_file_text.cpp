// The one whole-file reader (sim/asm/file_text.h) and the line shown under
// an assembler error (teach/program.h): exact bytes, failure as a message.
#include "sim/asm/file_text.h"
#include "teach/program.h"

#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

fs::path scratch() {
    fs::path d = fs::temp_directory_path() / fmt::format("glassbox_file_text_{}", ::getpid());
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void write(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

} // namespace

TEST_CASE("read_file_text: the bytes exactly, NUL, CR and a missing final newline included") {
    fs::path d = scratch();
    const std::string bytes = std::string("a\r\nb\0c", 6) + "\xff";
    write(d / "f.bin", bytes);
    gb::FileText f = gb::read_file_text(d / "f.bin");
    CHECK(f.ok());
    CHECK(f.error.empty());
    CHECK(f.text == bytes);
    write(d / "empty", "");
    gb::FileText e = gb::read_file_text(d / "empty");
    CHECK(e.ok());
    CHECK(e.text.empty());
    fs::remove_all(d);
}

TEST_CASE("read_file_text: a missing file, a folder and a file over the limit are messages") {
    fs::path d = scratch();
    gb::FileText missing = gb::read_file_text(d / "nope.s");
    CHECK_FALSE(missing.ok());
    CHECK(missing.error == "no such file");
    CHECK(missing.text.empty());

    gb::FileText folder = gb::read_file_text(d);
    CHECK_FALSE(folder.ok());
    CHECK(folder.error == "it is a folder, not a file");

    write(d / "big", std::string(100, 'x'));
    gb::FileText big = gb::read_file_text(d / "big", 99);
    CHECK_FALSE(big.ok());
    CHECK(big.error == "the file is too large (100 bytes; at most 99)");
    CHECK(big.text.empty());
    CHECK(gb::read_file_text(d / "big", 100).text == std::string(100, 'x'));
    fs::remove_all(d);
}

TEST_CASE("line_of_file: the numbered line without its line ending, empty past the end") {
    fs::path d = scratch();
    write(d / "p.s", "main:\r\n  addd r1, r1, 1\n\nlast");
    const std::string p = (d / "p.s").string();
    CHECK(gb::line_of_file(p, 1) == "main:");
    CHECK(gb::line_of_file(p, 2) == "  addd r1, r1, 1");
    CHECK(gb::line_of_file(p, 3).empty());
    CHECK(gb::line_of_file(p, 4) == "last");
    CHECK(gb::line_of_file(p, 5).empty());
    CHECK(gb::line_of_file(p, 0).empty());
    CHECK(gb::line_of_file((d / "nope.s").string(), 1).empty());
    fs::remove_all(d);
}

TEST_CASE("assemble_file: an unreadable program is one error at line 0 that says why") {
    fs::path d = scratch();
    const std::string p = (d / "nope.s").string();
    gb::AsmResult r = gb::assemble_file(p);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 0);
    CHECK(r.errors[0].to_string() ==
          fmt::format("{}: error: cannot read '{}': no such file", p, p));
    fs::remove_all(d);
}
