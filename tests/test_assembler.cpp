// The assembler: encodings, labels, directives, includes, pseudo-
// instructions, error reports, round trips, and garbage that must not crash.
#include "sim/asm/assembler.h"
#include "sim/asm/file_text.h"
#include "sim/isa/isa.h"
#include "sim/isa/memlayout.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

using gb::Instr;
using gb::Op;
namespace fs = std::filesystem;
namespace layout = gb::layout;

std::string all_errors(const gb::AsmResult& r) {
    std::string s;
    for (const auto& e : r.errors)
        s += e.to_string() + "\n";
    return s;
}

gb::Image assemble_ok(const std::string& src, const gb::AsmOptions& opts = {}) {
    gb::AsmResult r = gb::assemble(src, "test.s", opts);
    INFO(all_errors(r));
    REQUIRE(r.ok());
    return *r.image;
}

uint32_t word_at(const gb::Segment& seg, uint32_t addr) {
    uint32_t off = addr - seg.base;
    REQUIRE(off + 4 <= seg.bytes.size());
    return uint32_t{seg.bytes[off]} | uint32_t{seg.bytes[off + 1]} << 8 |
           uint32_t{seg.bytes[off + 2]} << 16 | uint32_t{seg.bytes[off + 3]} << 24;
}

// The code words of an image.
std::vector<uint32_t> code(const gb::Image& img) {
    std::vector<uint32_t> out;
    for (uint32_t a = 0; a + 4 <= img.text.bytes.size(); a += 4)
        out.push_back(word_at(img.text, img.text.base + a));
    return out;
}

std::vector<uint32_t> encode_all(std::initializer_list<Instr> ins) {
    std::vector<uint32_t> out;
    for (const auto& in : ins)
        out.push_back(gb::encode(in));
    return out;
}

// Asserts that assembling `src` reports an error at line:column whose
// message contains `part`.
void expect_error(const std::string& src, int line, int column, const std::string& part) {
    gb::AsmResult r = gb::assemble(src, "bad.s");
    INFO("source:\n" << src << "\nerrors:\n" << all_errors(r));
    CHECK_FALSE(r.ok());
    bool found = false;
    for (const auto& e : r.errors)
        if (e.line == line && e.column == column && e.message.find(part) != std::string::npos)
            found = true;
    CHECK_MESSAGE(found, "expected an error at " << line << ":" << column << " containing '" << part
                                                 << "'");
}

// A fresh directory for include tests.
fs::path temp_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / fmt::format("glassbox_asm_test_{}", name);
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// assemble → disassemble_image → assemble gives the same bytes.
void check_round_trip(const std::string& src) {
    gb::Image a = assemble_ok(src);
    std::string text = gb::disassemble_image(a);
    gb::AsmResult r = gb::assemble(text, "roundtrip.s");
    INFO("disassembly:\n" << text << "\nerrors:\n" << all_errors(r));
    REQUIRE(r.ok());
    CHECK(r.image->text.bytes == a.text.bytes);
    CHECK(r.image->data.bytes == a.data.bytes);
    CHECK(r.image->tls.bytes == a.tls.bytes);
    CHECK(r.image->entry == a.entry);
}

} // namespace

namespace {
// A legal instruction for a table row, with distinct fields.
Instr sample(const gb::OpInfo& row) {
    Instr in{row.op, 0, 0, 0, 0};
    switch (row.syntax) {
    case gb::Syntax::None: break;
    case gb::Syntax::D_A_B: in.rd = 1, in.ra = 2, in.rb = 3; break;
    case gb::Syntax::D_A_I: in.rd = 4, in.ra = 5, in.imm = -6; break;
    case gb::Syntax::D_A: in.rd = 7, in.ra = gb::SP; break;
    case gb::Syntax::A_B: in.ra = 8, in.rb = 9; break;
    case gb::Syntax::A_I: in.ra = 10, in.imm = 300; break;
    case gb::Syntax::D_I: in.rd = 11, in.imm = 1234; break;
    case gb::Syntax::D: in.rd = 12; break;
    case gb::Syntax::A: in.ra = gb::TP; break;
    case gb::Syntax::D_MemAI: in.rd = 1, in.ra = gb::FP, in.imm = -8; break;
    case gb::Syntax::D_MemAbs: in.rd = 2, in.imm = 0x10004; break;
    case gb::Syntax::D_MemA: in.rd = 3, in.ra = 4; break;
    case gb::Syntax::D_MemAX: in.rd = 8, in.ra = 9, in.rb = 10; break;
    case gb::Syntax::D_B_MemA: in.rd = 5, in.rb = 6, in.ra = 7; break;
    case gb::Syntax::Target: in.imm = 0x1000; break;
    case gb::Syntax::Number: in.imm = 42; break;
    }
    return in;
}
} // namespace

TEST_CASE("assembler: every row of the ISA table assembles from its own disassembly") {
    for (const gb::OpInfo& row : gb::isa_table()) {
        Instr in = sample(row);
        REQUIRE(gb::decode(gb::encode(in)) == in);
        std::string text = gb::disassemble(in);
        CAPTURE(text);
        gb::Image img = assemble_ok(text + "\n");
        REQUIRE(img.text.bytes.size() == 4);
        CHECK(code(img)[0] == gb::encode(in));
    }
}

TEST_CASE("assembler: operand forms pick the right table row") {
    struct Case {
        const char* src;
        Instr in;
    };
    const Case cases[] = {
        {"nop", {Op::Nop, 0, 0, 0, 0}},
        {"halt", {Op::Halt, 0, 0, 0, 0}},
        {"add r1, r2, r3", {Op::Add, 1, 2, 3, 0}},
        {"add r1, r2, 5", {Op::AddI, 1, 2, 0, 5}},
        {"ADD R1, R2, -5", {Op::AddI, 1, 2, 0, -5}},
        {"shl r1, r2, 0x1f", {Op::ShlI, 1, 2, 0, 31}},
        {"and r1, r2, 0b1010", {Op::AndI, 1, 2, 0, 10}},
        {"or r1, r2, 'a'", {Op::OrI, 1, 2, 0, 97}},
        {"mov r1, sp", {Op::Mov, 1, 15, 0, 0}},
        {"mov fp, r13", {Op::Mov, 14, 13, 0, 0}},
        {"cmp r1, r2", {Op::Cmp, 0, 1, 2, 0}},
        {"cmp r1, -3", {Op::CmpI, 0, 1, 0, -3}},
        {"li r1, -5", {Op::Li, 1, 0, 0, -5}},
        {"li r1, 524287", {Op::Li, 1, 0, 0, 524287}},
        {"li r1, -524288", {Op::Li, 1, 0, 0, -524288}},
        {"lui r2, 0x1234", {Op::Lui, 2, 0, 0, 0x1234}},
        {"pop r3", {Op::Pop, 3, 0, 0, 0}},
        {"push r4", {Op::Push, 0, 4, 0, 0}},
        {"jr r5", {Op::Jr, 0, 5, 0, 0}},
        {"callr r6", {Op::Callr, 0, 6, 0, 0}},
        {"ret", {Op::Ret, 0, 0, 0, 0}},
        {"load r1, [sp + 8]", {Op::Load, 1, 15, 0, 8}},
        {"load r1, [r2]", {Op::Load, 1, 2, 0, 0}},
        {"store r1, [fp - 4]", {Op::Store, 1, 14, 0, -4}},
        {"store r1, [fp - 4 + 2]", {Op::Store, 1, 14, 0, -2}},
        {"loadb r1, [r2 + 1]", {Op::LoadB, 1, 2, 0, 1}},
        {"storeb r1, [r2+3]", {Op::StoreB, 1, 2, 0, 3}},
        {"load r1, [0x10000]", {Op::LoadA, 1, 0, 0, 0x10000}},
        {"loadb r1, [0x10001]", {Op::LoadBA, 1, 0, 0, 0x10001}},
        {"store r1, [0x10004]", {Op::StoreA, 1, 0, 0, 0x10004}},
        {"storeb r1, [65536 + 5]", {Op::StoreBA, 1, 0, 0, 0x10005}},
        {"xchg r1, [r2]", {Op::Xchg, 1, 2, 0, 0}},
        {"cas r1, r2, [r3]", {Op::Cas, 1, 3, 2, 0}},
        {"fadd r1, r2, [r3]", {Op::Fadd, 1, 3, 2, 0}},
        {"jmp 0x1000", {Op::Jmp, 0, 0, 0, 0x1000}},
        {"call 4096", {Op::Call, 0, 0, 0, 0x1000}},
        {"sys 3", {Op::Sys, 0, 0, 0, 3}},
        {"  nop ; comment", {Op::Nop, 0, 0, 0, 0}},
        {"nop # comment", {Op::Nop, 0, 0, 0, 0}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.src);
        gb::Image img = assemble_ok(c.src);
        REQUIRE(img.text.bytes.size() == 4);
        CHECK(code(img)[0] == gb::encode(c.in));
        CHECK(img.lines.at(layout::kCodeBase).line == 1);
    }
}

TEST_CASE("assembler: labels forward and backward, entry point") {
    gb::Image img = assemble_ok(R"(
        .text
start:  jmp fwd        ; forward
back:   nop
fwd:    beq back       ; backward
main:   call start
        li r1, data1
        load r2, [data1]
        .data
data1:  .word 7
)");
    const uint32_t base = layout::kCodeBase;
    CHECK(code(img) == encode_all({{Op::Jmp, 0, 0, 0, static_cast<int32_t>(base + 8)},
                                   {Op::Nop, 0, 0, 0, 0},
                                   {Op::Beq, 0, 0, 0, static_cast<int32_t>(base + 4)},
                                   {Op::Call, 0, 0, 0, static_cast<int32_t>(base)},
                                   {Op::Li, 1, 0, 0, static_cast<int32_t>(layout::kDataBase)},
                                   {Op::LoadA, 2, 0, 0, static_cast<int32_t>(layout::kDataBase)}}));
    CHECK(img.entry == base + 12);
    REQUIRE(img.find("fwd"));
    CHECK(img.find("fwd")->kind == gb::SymbolKind::Code);
    CHECK(img.find("fwd")->where.line == 5);
    CHECK(img.find("fwd")->where.column == 1);
    CHECK(img.find("data1")->kind == gb::SymbolKind::Data);
    CHECK(img.find("data1")->value == static_cast<int32_t>(layout::kDataBase));
    CHECK(img.files.size() == 1);
    CHECK(img.files[0].path == "test.s");
    CHECK(img.files[0].lines.at(2) == "start:  jmp fwd        ; forward");

    // Without main, execution starts at the beginning of .text.
    CHECK(assemble_ok("nop\nnop\n").entry == base);
    // A label alone on its line names the next instruction.
    gb::Image two = assemble_ok("nop\nlater:\n\n  ; nothing here\nmain: nop\n");
    CHECK(two.find("later")->value == static_cast<int32_t>(base + 4));
    CHECK(two.entry == base + 4);
}

TEST_CASE("assembler: data directives") {
    gb::Image img = assemble_ok(R"(
.equ N, 5
SIZE = N * 4
.data
words:  .word 1, -1, 0xffffffff, 'A', N, SIZE, words + 4, end - words, (N + 1) * 2
bytes:  .byte 1, 255, -128, 'z', N
str:    .string "a\tb\n\\\"#;\0"
after:  .word 9                  ; aligned to 4 automatically
gap:    .space 3
        .byte 7
        .align 16
al:     .byte 1
end:
.tls
t0:     .word 5
t1:     .space 8
t2:     .byte 1
.text
main:   load r1, [tp + t2]
)");
    const uint32_t d = layout::kDataBase;
    const auto& seg = img.data;
    CHECK(word_at(seg, d + 0) == 1u);
    CHECK(word_at(seg, d + 4) == 0xffffffffu);
    CHECK(word_at(seg, d + 8) == 0xffffffffu);
    CHECK(word_at(seg, d + 12) == 65u);
    CHECK(word_at(seg, d + 16) == 5u);
    CHECK(word_at(seg, d + 20) == 20u);
    CHECK(word_at(seg, d + 24) == d + 4);
    uint32_t end = static_cast<uint32_t>(img.find("end")->value);
    CHECK(word_at(seg, d + 28) == end - d);
    CHECK(word_at(seg, d + 32) == 12u);
    uint32_t b = static_cast<uint32_t>(img.find("bytes")->value);
    CHECK(b == d + 36);
    CHECK(std::vector<uint8_t>(seg.bytes.begin() + 36, seg.bytes.begin() + 41) ==
          std::vector<uint8_t>{1, 255, 128, 'z', 5});
    uint32_t s = static_cast<uint32_t>(img.find("str")->value);
    CHECK(s == d + 41);
    std::string expect = "a\tb\n\\\"#;";
    expect += '\0';
    expect += '\0'; // the \0 escape, then the terminating NUL
    CHECK(std::string(seg.bytes.begin() + (s - d), seg.bytes.begin() + (s - d) + expect.size()) ==
          expect);
    uint32_t after = static_cast<uint32_t>(img.find("after")->value);
    CHECK(after % 4 == 0);
    CHECK(after >= s + expect.size());
    CHECK(word_at(seg, after) == 9u);
    uint32_t gap = static_cast<uint32_t>(img.find("gap")->value);
    CHECK(gap == after + 4);
    CHECK(seg.bytes[gap + 3 - d] == 7);
    uint32_t al = static_cast<uint32_t>(img.find("al")->value);
    CHECK(al % 16 == 0);
    CHECK(seg.bytes[al - d] == 1);
    CHECK(end == al + 1);
    CHECK(seg.bytes.size() == end - d);

    // .tls symbols are offsets from tp.
    CHECK(img.find("t0")->kind == gb::SymbolKind::Tls);
    CHECK(img.find("t0")->value == 0);
    CHECK(img.find("t1")->value == 4);
    CHECK(img.find("t2")->value == 12);
    CHECK(img.tls.bytes == std::vector<uint8_t>{5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    CHECK(code(img)[0] == gb::encode({Op::Load, 1, gb::TP, 0, 12}));

    // Constants are in the symbol table.
    REQUIRE(img.find("SIZE"));
    CHECK(img.find("SIZE")->kind == gb::SymbolKind::Constant);
    CHECK(img.find("SIZE")->value == 20);

    // Every data item has a line.
    CHECK(img.line_of(d + 0)->line == 5);
    CHECK(img.line_of(d + 32)->line == 5);
    CHECK(img.line_of(b + 4)->line == 6);
    CHECK(img.line_of(s)->line == 7);
    CHECK(img.line_of(after)->line == 8);
}

TEST_CASE("assembler: a label before aligned data names the aligned address") {
    gb::Image img = assemble_ok(".data\nmsg: .string \"abc\"\ncount:\n    .word 42\n");
    CHECK(img.find("count")->value == static_cast<int32_t>(layout::kDataBase + 4));
    CHECK(word_at(img.data, layout::kDataBase + 4) == 42u);
}

TEST_CASE("assembler: constants defined later, and predefined constants") {
    gb::Image img = assemble_ok(R"(
main:   li r1, LATER
        add r2, r2, TWICE
        sys SYS_PRINT
        sys SYS_EXIT
.equ LATER, 100
TWICE = LATER * 2
.equ SYS_EXIT, 9      ; the program's own definition wins
)",
                                gb::AsmOptions{{}, {{"SYS_PRINT", 2}, {"SYS_EXIT", 1}}});
    CHECK(code(img) == encode_all({{Op::Li, 1, 0, 0, 100},
                                   {Op::AddI, 2, 2, 0, 200},
                                   {Op::Sys, 0, 0, 0, 2},
                                   {Op::Sys, 0, 0, 0, 9}}));
    CHECK_FALSE(img.find("SYS_PRINT")); // predefined constants stay out of the image

    // A label may reuse a predefined name, but then `sys` with it is an error.
    gb::AsmOptions opts{{}, {{"exit", 0}}};
    gb::AsmResult r = gb::assemble("main: jmp exit\nexit: sys exit\n", "t.s", opts);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 2);
    CHECK(r.errors[0].column == 11);
    CHECK(r.errors[0].message.find("hides the system call 'exit'") != std::string::npos);
}

namespace {
// What lui + add computes.
uint32_t run_li(const std::vector<uint32_t>& words) {
    uint32_t r = 0;
    for (uint32_t w : words) {
        auto in = gb::decode(w);
        REQUIRE(in);
        if (in->op == Op::Li)
            r = static_cast<uint32_t>(in->imm);
        else if (in->op == Op::Lui)
            r = static_cast<uint32_t>(in->imm) << 16;
        else if (in->op == Op::AddI)
            r += static_cast<uint32_t>(in->imm);
        else
            FAIL("unexpected instruction");
    }
    return r;
}
} // namespace

TEST_CASE("assembler: li with a big value becomes lui + add") {
    const int64_t values[] = {0x80000,    -524289,   0x12345678, 0x7fff8000, 0xffff8000,
                              0x7fffffff, INT32_MIN, 0xffffffff, 0x10000,    0x18000,
                              -0x80000,   0x7ffff,   0,          -1};
    for (int64_t v : values) {
        CAPTURE(v);
        gb::Image img = assemble_ok(fmt::format("li r3, {}\nnop\n", v));
        auto words = code(img);
        bool small = v >= gb::kImm20Min && v <= gb::kImm20Max;
        REQUIRE(words.size() == (small ? 2u : 3u));
        words.pop_back(); // the nop
        CHECK(run_li(words) == static_cast<uint32_t>(v));
        if (!small) {
            CHECK(gb::decode(words[0])->op == Op::Lui);
            CHECK(gb::decode(words[0])->rd == 3);
            CHECK(gb::decode(words[1])->op == Op::AddI);
            // Both words come from line 1.
            CHECK(img.line_of(layout::kCodeBase + 4)->line == 1);
        }
    }
    // A named constant defined above is known in pass 1.
    gb::Image img = assemble_ok(".equ BIG, 0x123456\nmain: li r1, BIG\nhalt\n");
    CHECK(code(img).size() == 3);
    CHECK(img.find("main")->value == static_cast<int32_t>(layout::kCodeBase));
    // Labels always fit in one li.
    CHECK(code(assemble_ok("la r1, msg\n.data\nmsg: .word 1\n")).size() == 1);
}

TEST_CASE("assembler: pseudo-instructions") {
    gb::Image img = assemble_ok(R"(
main:   la r1, main
        inc r2
        dec r3
        neg r4, r5
        not r6, r7
        b main
        beqz r8, main
        bnez r9, main
        enter 16
        leave
)");
    const int32_t m = static_cast<int32_t>(layout::kCodeBase);
    CHECK(code(img) == encode_all({
                           {Op::Li, 1, 0, 0, m},
                           {Op::AddI, 2, 2, 0, 1},
                           {Op::SubI, 3, 3, 0, 1},
                           {Op::XorI, 4, 5, 0, -1},
                           {Op::AddI, 4, 4, 0, 1},
                           {Op::XorI, 6, 7, 0, -1},
                           {Op::Jmp, 0, 0, 0, m},
                           {Op::CmpI, 0, 8, 0, 0},
                           {Op::Beq, 0, 0, 0, m},
                           {Op::CmpI, 0, 9, 0, 0},
                           {Op::Bne, 0, 0, 0, m},
                           {Op::Push, 0, gb::FP, 0, 0},
                           {Op::Mov, gb::FP, gb::SP, 0, 0},
                           {Op::SubI, gb::SP, gb::SP, 0, 16},
                           {Op::Mov, gb::SP, gb::FP, 0, 0},
                           {Op::Pop, gb::FP, 0, 0, 0},
                       }));
    // Every word of an expansion maps to the pseudo's line.
    CHECK(img.line_of(layout::kCodeBase + 4 * 4)->line == 5);
    CHECK(img.line_of(layout::kCodeBase + 15 * 4)->line == 11);
}

TEST_CASE("assembler: includes") {
    fs::path dir = temp_dir("includes");
    write_file(dir / "main.s", ".include \"sub/helper.s\"\n.include \"lib.s\"\nmain: call helper\n"
                               "    call libfn\n    halt\n");
    write_file(dir / "sub" / "helper.s",
               "; a helper\nhelper: ret\n.include \"../lib.s\"   ; next to the includer\n");
    write_file(dir / "libdir" / "lib.s", "libfn: li r0, 1\n    ret\n");
    // lib.s is not next to main.s; it is found in the include dirs. Included
    // twice (from main.s and helper.s) it is read once.
    write_file(dir / "lib.s", "libfn: li r0, 2\n    ret\n");

    gb::AsmOptions opts;
    opts.include_dirs.push_back((dir / "libdir").string());
    gb::AsmResult r = gb::assemble_file((dir / "main.s").string(), opts);
    INFO(all_errors(r));
    REQUIRE(r.ok());
    const gb::Image& img = *r.image;
    REQUIRE(img.files.size() == 3);
    CHECK(img.files[0].path == (dir / "main.s").string());
    CHECK(img.files[1].path.find("helper.s") != std::string::npos);
    CHECK(img.files[2].path.find("lib.s") != std::string::npos);
    // The copy next to main.s wins over the include dir (searched first).
    CHECK(img.files[2].path.find("libdir") == std::string::npos);
    const gb::Symbol* helper = img.find("helper");
    REQUIRE(helper);
    CHECK(helper->where.file == 1);
    CHECK(helper->where.line == 2);
    CHECK(img.find("libfn")->where.file == 2);
    CHECK(img.find("main")->where.file == 0);
    auto loc = img.line_of(static_cast<uint32_t>(img.find("libfn")->value));
    REQUIRE(loc);
    CHECK(loc->file == 2);
    CHECK(loc->line == 1);

    // The include dirs are searched when the file is not next to the includer.
    write_file(dir / "only_dir.s", ".include \"other.s\"\nmain: call other\n");
    write_file(dir / "libdir" / "other.s", "other: ret\n");
    CHECK(gb::assemble_file((dir / "only_dir.s").string(), opts).ok());

    // Missing include: an error on the include line.
    gb::AsmResult missing =
        gb::assemble("nop\n  .include \"nope.s\"\n", (dir / "x.s").string(), opts);
    REQUIRE(missing.errors.size() == 1);
    CHECK(missing.errors[0].line == 2);
    CHECK(missing.errors[0].column == 12);
    CHECK(missing.errors[0].message.find("cannot find the include file 'nope.s'") !=
          std::string::npos);

    // A cycle is an error, not a hang.
    write_file(dir / "a.s", ".include \"b.s\"\nnop\n");
    write_file(dir / "b.s", "nop\n.include \"a.s\"\n");
    gb::AsmResult cyc = gb::assemble_file((dir / "a.s").string());
    REQUIRE(cyc.errors.size() == 1);
    CHECK(cyc.errors[0].line == 2);
    CHECK(cyc.errors[0].file.find("b.s") != std::string::npos);
    CHECK(cyc.errors[0].message.find("include cycle") != std::string::npos);

    // A file including itself.
    write_file(dir / "self.s", ".include \"self.s\"\n");
    CHECK(gb::assemble_file((dir / "self.s").string()).errors.at(0).message.find("include cycle") !=
          std::string::npos);

    // Errors inside an included file name that file.
    write_file(dir / "broken.s", "nop\n  addd r1, r2, r3\n");
    gb::AsmResult br = gb::assemble(".include \"broken.s\"\n", (dir / "top.s").string());
    REQUIRE(br.errors.size() == 1);
    CHECK(br.errors[0].file.find("broken.s") != std::string::npos);
    CHECK(br.errors[0].line == 2);
    CHECK(br.errors[0].column == 3);

    // A deep chain of includes stops with an error.
    for (int i = 0; i < 30; ++i)
        write_file(dir / fmt::format("deep{}.s", i),
                   fmt::format(".include \"deep{}.s\"\nnop\n", i + 1));
    write_file(dir / "deep30.s", "nop\n");
    gb::AsmResult deep = gb::assemble_file((dir / "deep0.s").string());
    REQUIRE_FALSE(deep.ok());
    CHECK(deep.errors[0].message.find("nested too deeply") != std::string::npos);

    fs::remove_all(dir);
}

TEST_CASE("assembler: assemble_file of a missing file") {
    gb::AsmResult r = gb::assemble_file("/nonexistent/dir/prog.s");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].line == 0);
    CHECK(r.errors[0].message.find("cannot read") != std::string::npos);
    CHECK(r.errors[0].to_string().rfind("/nonexistent/dir/prog.s: error: ", 0) == 0);
}

TEST_CASE("assembler: error messages point at the offending text") {
    // Unknown instruction, with a suggestion.
    expect_error("nop\n    addd r1, r2, r3\n", 2, 5,
                 "unknown instruction 'addd' — did you mean 'add'?");
    // A label without its colon.
    expect_error("loop\n", 1, 1, "if 'loop' is a label, add a colon: 'loop:'");
    // Wrong operand count.
    expect_error("add r1, r2\n", 1, 1,
                 "'add' expects 'rd, ra, rb' or 'rd, ra, imm', got 2 operands");
    expect_error("ret r1\n", 1, 1, "'ret' takes no operands");
    // Bad register.
    expect_error("add r1, r16, r3\n", 1, 9, "expected a register (r0..r12, tp, fp, sp), got 'r16'");
    expect_error("add r1, r2, r99\n", 1, 13, "got 'r99'");
    expect_error("load r1, [r20 + 4]\n", 1, 11, "got 'r20'");
    // Immediate ranges.
    expect_error("add r1, r2, 70000\n", 1, 13,
                 "value 70000 does not fit in a signed 16-bit immediate (-32768..32767)");
    expect_error("load r1, [sp + 40000]\n", 1, 10, "signed 16-bit immediate");
    expect_error("load r1, [0x80000]\n", 1, 10, "signed 20-bit immediate");
    expect_error("sys -1\n", 1, 5, "system call number");
    expect_error("enter 40000\n", 1, 7, "signed 16-bit immediate");
    // Undefined and duplicate labels.
    // Equally near words: the one that starts like the typo.
    expect_error("  lod r2, [r1]\n", 1, 3, "unknown instruction 'lod' — did you mean 'load'?");
    expect_error("loop: nop\n  jmp lop\n", 2, 7, "undefined label 'lop' — did you mean 'loop'?");
    expect_error("nop\nloop: nop\nloop: nop\n", 3, 1, "label 'loop' already defined at line 2");
    expect_error(".equ A, 1\nA = 2\n", 2, 1, "constant 'A' already defined at line 1");
    // Strings and characters.
    expect_error(".data\n  .string \"abc\n", 2, 11, "unterminated string");
    expect_error("li r1, 'ab'\n", 1, 8, "exactly one character");
    expect_error("li r1, ''\n", 1, 8, "empty character literal");
    expect_error(".data\n.string \"a\\qb\"\n", 2, 11, "unknown escape '\\q'");
    // Sections.
    expect_error(".data\n    add r1, r2, r3\n", 2, 5, "instruction 'add' in .data section");
    expect_error(".tls\n nop\n", 2, 2, "in .tls section");
    // Jumps must go to code.
    expect_error("beq msg\n.data\nmsg: .word 0\n", 1, 5, "'msg' is a data label in .data");
    expect_error("jmp 0x20000\n", 1, 5, "not an instruction in .text");
    expect_error(".equ K, 3\ncall K\n", 2, 6, "'K' is a constant");
    // Operand shapes.
    expect_error("mov r1, 5\n", 1, 9, "use 'li'");
    expect_error("load r1, r2\n", 1, 10, "expected a memory operand like [sp + 8] or [count]");
    expect_error("xchg r1, [r2 + 4]\n", 1, 10, "no offset");
    expect_error("load r1, [sp * 4]\n", 1, 14, "expected '+' or '-' after the register");
    expect_error("load r1, [sp + 4\n", 1, 10, "no matching ']'");
    expect_error("load r1, [r2 + r3*2]\n", 1, 16, "expected 'r3*4'");
    expect_error("store r1, [r2 + r3]\n", 1, 17, "[base + index*4]");
    expect_error("xchg r1, [r2 + r3*4]\n", 1, 10, "no offset");
    expect_error("add r1, r2, r3 +\n", 1, 13, "'r3' is a register");
    expect_error("add r1, , r3\n", 1, 9, "missing operand before ','");
    expect_error("add r1, r2,\n", 1, 11, "missing operand after ','");
    expect_error("add r1, r2, 5 6\n", 1, 15, "unexpected '6'");
    expect_error("add r1, r2, (5\n", 1, 13, "no matching ')'");
    // Directives.
    expect_error(".wrod 5\n", 1, 1, "unknown directive '.wrod' — did you mean '.word'?");
    expect_error(".data\n.byte 300\n", 2, 7, "value 300 does not fit in a byte (-128..255)");
    expect_error(".data\n.word 0x100000000\n", 2, 7, "too large");
    expect_error(".align 3\n", 1, 8, "power of two");
    expect_error(".space X\n.equ X, 4\n", 1, 8, "'X' is not defined above this line");
    expect_error(".data\n.space -4\n", 2, 8, "cannot be negative");
    expect_error(".string 5\n", 1, 9, "one string in double quotes");
    expect_error(".equ 5, 5\n", 1, 6, "a name and a value");
    expect_error(".equ A, B\n.equ B, A\n", 2, 6, "defined in terms of itself");
    expect_error(".text 5\n", 1, 7, "takes no operands");
    // Lexical errors.
    expect_error("nop @\n", 1, 5, "unexpected character '@'");
    expect_error("li r1, 0x12g\n", 1, 8, "not a valid hex number");
    expect_error("li r1, 99999999999\n", 1, 8, "too large");
    // Names.
    expect_error("sp: nop\n", 1, 1, "'sp' is a register name");
    expect_error("r20 = 5\n", 1, 1, "register name");
    expect_error("1abc: nop\n", 1, 1, "not a valid decimal number");
    // Segments.
    expect_error(".space 0xf000\nnop\n", 2, 1, ".text segment full");
    expect_error(".tls\n.space 1000\n.word 1, 2, 3, 4, 5, 6, 7\n", 3, 1, ".tls segment full");
    // main must be code.
    expect_error(".data\nmain: .word 0\n", 2, 1, "'main' must be a label in .text");
    // li of a big constant that is defined later.
    expect_error("li r1, BIG\n.equ BIG, 0x123456\n", 1, 8, "move its .equ above");
}

TEST_CASE("assembler: every error is reported, in source order") {
    const std::string src = R"(main:
    addd r1, r2, r3
    add r1, r2
    jmp nowhere
    nop
    li r1, 'xy'
    load r1, [missing]
.data
    mov r1, r2
x:  .word undefined_too, 1
)";
    gb::AsmResult r = gb::assemble(src, "many.s");
    INFO(all_errors(r));
    REQUIRE(r.errors.size() == 7);
    std::vector<int> lines;
    for (const auto& e : r.errors)
        lines.push_back(e.line);
    CHECK(lines == std::vector<int>{2, 3, 4, 6, 7, 9, 10});
    CHECK(r.errors[2].message == "undefined label 'nowhere'");
    CHECK(r.errors[2].column == 9);
    CHECK(r.errors[2].text == "nowhere");
    CHECK(r.errors[4].message.find("undefined label 'missing'") != std::string::npos);
    CHECK(r.errors[6].column == 11);
    CHECK(r.errors[0].to_string() ==
          "many.s:2:5: error: unknown instruction 'addd' — did you mean 'add'?");
    CHECK(r.errors[0].text == "addd");

    // A constant with a bad value is reported once, not again at each use.
    for (const char* bad :
         {".equ X, 65536*65536*65536*65536\nli r1, X\n.space X\n",
          ".equ X, r1\nadd r1, r1, X\n.data\n.word X\n", "X = 0x1ffffffff\nli r1, X\n",
          ".equ X, Y\n.equ Y, 99999*99999*99999\nli r1, X\n"}) {
        gb::AsmResult r1 = gb::assemble(bad, "c.s");
        INFO(bad << "\n" << all_errors(r1));
        CHECK(r1.errors.size() == 1);
    }

    // Labels on a line with a lexical error are still defined.
    CHECK(gb::assemble("loop: li r1, 'ab'\n jmp loop\n", "l.s").errors.size() == 1);

    // Several undefined names on one line each get their own error.
    gb::AsmResult two = gb::assemble(".data\n.word aa + bb\n", "t.s");
    REQUIRE(two.errors.size() == 2);
    CHECK(two.errors[0].column == 7);
    CHECK(two.errors[1].column == 12);
}

TEST_CASE("assembler: round trip through disassemble_image") {
    check_round_trip("main: halt\n");
    check_round_trip(R"(
.equ N, 10
BIG = 0x12345678
.text
main:
    li r1, N
    li r2, BIG
    la r3, msg
loop:   add r1, r1, -1
    cmp r1, 0
    bne loop
    load r4, [count]
    load r5, [sp + 8]
    store r5, [fp - 4]
    load r6, [tp + tv]
    xchg r1, [r2]
    cas r1, r2, [r3]
    fadd r1, r2, [r3]
    enter 16
    leave
    neg r1, r2
    beqz r1, loop
    call fn
    sys 1
    halt
fn: ret
.data
count: .word 42, 'a', N*4, msg+1, fn
msg: .string "hi # there\n"
b1: .byte 1, 2, 255, -1
w2: .word -1
    .space 20
    .align 8
odd: .byte 3
end:
.tls
tv: .word 7
tb: .byte 1, 2, 3
)");
    // Data in .text, odd sizes, labels at odd places.
    check_round_trip(R"(
main: jmp over
table: .word 1, 2, 3
       .byte 9
over:  halt
       .byte 1, 2
tail:
.data
a: .byte 1
b: .byte 2, 3, 4, 5, 6, 7, 8, 9
c: .string "x"
d: .string ""
)");
    // Words in .text that are not instructions (or jump outside .text).
    check_round_trip("main: nop\n.word 0xffffffff, 0x40020000, 0\n");
    // Every ISA row.
    std::string all = "main:\n";
    for (const gb::OpInfo& row : gb::isa_table())
        all += "    " + gb::disassemble(sample(row)) + "\n";
    all += ".data\n.word 1\nv: .word 0\n";
    check_round_trip(all);
}

TEST_CASE("assembler: listing shows addresses, encodings and source") {
    gb::Image img = assemble_ok("main:\n    li r1, 5   ; five\n    halt\n.data\ncount: .word 42\n");
    std::string l = gb::listing(img);
    INFO(l);
    CHECK(l.find("main:\n") != std::string::npos);
    CHECK(l.find("count:\n") != std::string::npos);
    CHECK(l.find(fmt::format("{:08x}", gb::encode({Op::Li, 1, 0, 0, 5}))) != std::string::npos);
    CHECK(l.find("li r1, 5") != std::string::npos);
    CHECK(l.find("test.s:2") != std::string::npos);
    CHECK(l.find("; five") != std::string::npos);
    CHECK(l.find("0x10000") != std::string::npos);
    CHECK(l.find(".word 42") != std::string::npos);
}

TEST_CASE("assembler: odd inputs do not crash") {
    CHECK(gb::assemble("", "empty.s").ok());
    CHECK(gb::assemble("\n\n\n", "blank.s").ok());
    CHECK(gb::assemble("; only a comment\n# another\n", "c.s").ok());
    CHECK(gb::assemble("nop", "nonewline.s").ok());
    CHECK(gb::assemble("nop\r\nhalt\r\n", "crlf.s").ok());
    CHECK_FALSE(gb::assemble(std::string("nop\0halt\n", 9), "nul.s").ok());
    // Deep nesting, long lines, huge numbers.
    CHECK_FALSE(gb::assemble("li r1, " + std::string(100000, '(') + "1\n", "p.s").ok());
    CHECK_FALSE(gb::assemble("li r1, " + std::string(100000, '-') + "1\n", "m.s").ok());
    CHECK_FALSE(gb::assemble("li r1, " + std::string(100000, '9') + "\n", "n.s").ok());
    CHECK_FALSE(gb::assemble(std::string(200000, 'a') + "\n", "l.s").ok());
    CHECK_FALSE(gb::assemble(".word " + std::string(100000, ',') + "\n", "c.s").ok());
    CHECK_FALSE(gb::assemble("li r1, 65536*65536*65536*65536*65536\n", "o.s").ok());
    CHECK_FALSE(gb::assemble(".space 0xffffffff\n", "s.s").ok());
    CHECK_FALSE(gb::assemble(".data\n.space 4294967295\n.space 4294967295\n", "s.s").ok());
    // Very many errors stop at a limit.
    std::string many;
    for (int i = 0; i < 5000; ++i)
        many += "bogus r1\n";
    gb::AsmResult r = gb::assemble(many, "many.s");
    CHECK(r.errors.size() <= 1001);
    CHECK(r.errors.back().message.find("too many errors") != std::string::npos);

    // Random garbage, and random mutations of a good program.
    std::mt19937 rng(12345);
    const std::string good =
        "main: li r1, 5\nloop: add r1, r1, -1\n  bne loop\n  load r2, [sp + 4]\n"
        ".data\nmsg: .string \"hi\\n\"\nw: .word 1, msg+2\n.equ N, 3\n";
    const std::string alphabet = "abrspt0123456789x,[]()+-*:;#.'\"\\ \n=_equwordstringspacealign";
    for (int iter = 0; iter < 300; ++iter) {
        std::string src;
        switch (iter % 3) {
        case 0:
            for (int k = 0; k < 200; ++k)
                src += static_cast<char>(rng() & 0xff);
            break;
        case 1:
            for (int k = 0; k < 200; ++k)
                src += alphabet[rng() % alphabet.size()];
            break;
        case 2:
            src = good;
            for (int k = 0; k < 5; ++k)
                src[rng() % src.size()] = alphabet[rng() % alphabet.size()];
            break;
        }
        gb::AsmResult res = gb::assemble(src, "fuzz.s");
        if (res.ok()) {
            // Whatever assembles must survive a round trip too.
            gb::AsmResult again = gb::assemble(gb::disassemble_image(*res.image), "again.s");
            CHECK(again.ok());
            if (again.ok()) CHECK(again.image->text.bytes == res.image->text.bytes);
            (void)gb::listing(*res.image);
        } else {
            for (const auto& e : res.errors) {
                CHECK(e.line >= 1);
                CHECK(e.column >= 0);
                CHECK_FALSE(e.message.empty());
            }
        }
    }
}

TEST_CASE("assembler: docs/isa.md lists every instruction") {
    gb::FileText file = gb::read_file_text(std::string(GLASSBOX_SOURCE_DIR) + "/docs/isa.md");
    REQUIRE_MESSAGE(file.ok(), file.error);
    const std::string& doc = file.text;
    for (const gb::OpInfo& row : gb::isa_table()) {
        CAPTURE(row.mnemonic);
        CHECK(doc.find(fmt::format("`{}", row.mnemonic)) != std::string::npos);
    }
    for (const char* p :
         {"la", "inc", "dec", "neg", "not", "b", "beqz", "bnez", "enter", "leave"}) {
        CAPTURE(p);
        CHECK((doc.find(fmt::format("| `{} ", p)) != std::string::npos ||
               doc.find(fmt::format("| `{}`", p)) != std::string::npos));
    }
}
