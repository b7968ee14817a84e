// Hostile inputs (issue 16): each case here crashed, hung, leaked a host
// file or printed something misleading before its fix.
#include "helpers.h"

#include "sim/asm/file_text.h"
#include "teach/lesson.h"
#include "teach/loader.h"
#include "teach/program.h"
#include "teach/session.h"

#include "teach/event_words.h"
#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

fs::path scratch(const char* name) {
    fs::path d = fs::temp_directory_path() / fmt::format("glassbox_hard_{}_{}", name, ::getpid());
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void write(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string all_errors(const gb::AsmResult& r) {
    std::string s;
    for (const auto& e : r.errors)
        s += e.to_string() + "\n";
    return s;
}

std::string run_cli(const std::string& args) {
    std::string cmd = std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI " ") + args;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    int status = pclose(p);
    out += fmt::format("\n[exit {}]", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return out;
}

const char* kExit = "        li r1, 0\n        sys exit\n";

} // namespace

TEST_CASE("hardening: a long chain of forward constants is an error, not a host stack overflow") {
    std::string src = "main:\n        li r1, C0\n";
    src += kExit;
    for (int i = 0; i < 7000; ++i)
        src += fmt::format("C{} = C{} + 1\n", i, i + 1);
    src += "C7000 = 1\n";
    gb::AsmResult r = gb::assemble(src, "chain.s", gbtest::test_asm_options());
    REQUIRE_FALSE(r.ok());
    CAPTURE(all_errors(r));
    CHECK(r.errors[0].message.find("chain of more than 256 constants") != std::string::npos);
    // A chain under the limit still assembles, to the right value.
    gb::AsmOptions o = gbtest::test_asm_options();
    std::string ok = "main:\n        li r1, C0\n";
    ok += kExit;
    for (int i = 0; i < 200; ++i)
        ok += fmt::format("C{} = C{} + 1\n", i, i + 1);
    ok += "C200 = 5\n";
    gb::AsmResult good = gb::assemble(ok, "chain.s", o);
    CHECK(good.ok());
    CHECK(good.image->find("C0")->value == 205);
}

TEST_CASE("hardening: source over the size limit is refused with the limit named") {
    gb::AsmOptions o = gbtest::test_asm_options();
    o.max_source_bytes = 1000;
    gb::AsmResult r = gb::assemble(std::string(1001, ';'), "big.s", o);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message == "the program is too large (1001 bytes; at most 1000)");
    fs::path d = scratch("size");
    write(d / "main.s", ".include \"part.s\"\nmain:\n" + std::string(kExit));
    write(d / "part.s", std::string(2000, ';') + "\n");
    gb::AsmResult inc = gb::assemble_file((d / "main.s").string(), o);
    REQUIRE_FALSE(inc.ok());
    CHECK(all_errors(inc).find("would pass the limit of 1000 bytes") != std::string::npos);
    fs::remove_all(d);
}

TEST_CASE("hardening: a NUL byte in a program is an error at its place") {
    std::string src = std::string("main:\n        li r1, 0 ; a\0b\n", 28) + kExit;
    gb::AsmResult r = gb::assemble(src, "nul.s", gbtest::test_asm_options());
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].line == 2);
    CHECK(r.errors[0].column == 21);
    CHECK(r.errors[0].message.find("NUL byte") != std::string::npos);
}

TEST_CASE("hardening: a NUL byte in a lesson's text leaves the lesson out with a message") {
    fs::path d = scratch("lesson");
    fs::create_directories(d / "assets" / "lessons");
    fs::copy(GLASSBOX_SOURCE_DIR "/assets/lessons", d / "assets" / "lessons",
             fs::copy_options::recursive);
    fs::create_directory_symlink(GLASSBOX_SOURCE_DIR "/programs", d / "programs");
    std::vector<std::string> errors;
    size_t good = gb::load_lessons((d / "assets").string(), errors).size();
    REQUIRE(good > 0);
    fs::path md;
    for (const auto& e : fs::directory_iterator(d / "assets" / "lessons"))
        if (e.path().string().ends_with(".en.md")) md = e.path();
    REQUIRE(!md.empty());
    write(md, std::string("# Title\n\0\n## Predict\n\n## Answer\n", 32));
    errors.clear();
    CHECK(gb::load_lessons((d / "assets").string(), errors).size() == good - 1);
    std::string all;
    for (const auto& e : errors)
        all += e + "\n";
    CHECK(all.find("NUL byte") != std::string::npos);
    fs::remove_all(d);
}

TEST_CASE("hardening: a symlink loop is a message from every reader") {
    fs::path d = scratch("loop");
    fs::create_symlink(d / "b.s", d / "a.s");
    fs::create_symlink(d / "a.s", d / "b.s");
    gb::FileText f = gb::read_file_text(d / "a.s");
    CHECK_FALSE(f.ok());
    CHECK(f.error.find("symbolic links") != std::string::npos);
    gb::AsmResult r = gb::assemble_file((d / "a.s").string());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("symbolic links") != std::string::npos);
    CHECK(gb::line_of_file((d / "a.s").string(), 1).empty());
    // As an include, and as a lesson file.
    write(d / "main.s", ".include \"a.s\"\nmain:\n" + std::string(kExit));
    gb::AsmResult inc = gb::assemble_file((d / "main.s").string());
    CHECK(all_errors(inc).find("symbolic links") != std::string::npos);
    fs::create_directories(d / "assets" / "lessons");
    fs::create_symlink(d / "assets" / "lessons" / "y.json", d / "assets" / "lessons" / "x.json");
    fs::create_symlink(d / "assets" / "lessons" / "x.json", d / "assets" / "lessons" / "y.json");
    std::vector<std::string> errors;
    CHECK(gb::load_lessons((d / "assets").string(), errors).empty());
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].find("symbolic links") != std::string::npos);
    fs::remove_all(d);
}

TEST_CASE("hardening: a FIFO or a folder is named for what it is and never opened") {
    fs::path d = scratch("fifo");
    REQUIRE(::mkfifo((d / "pipe.s").c_str(), 0600) == 0);
    fs::create_directories(d / "dir.s");
    gb::AsmResult r = gb::assemble_file((d / "pipe.s").string());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("a FIFO (named pipe)") != std::string::npos);
    CHECK(gb::line_of_file((d / "pipe.s").string(), 1).empty()); // returns: nobody writes
    write(d / "main.s", ".include \"pipe.s\"\n.include \"dir.s\"\nmain:\n" + std::string(kExit));
    gb::AsmResult inc = gb::assemble_file((d / "main.s").string());
    std::string all = all_errors(inc);
    CAPTURE(all);
    CHECK(all.find("cannot find") == std::string::npos);
    CHECK(all.find("main.s:1:10: error: cannot read the include file") != std::string::npos);
    CHECK(all.find("a FIFO (named pipe), not a regular file") != std::string::npos);
    CHECK(all.find("it is a folder, not a file") != std::string::npos);
    fs::remove_all(d);
}

TEST_CASE("hardening: error lines come from what was assembled, read once") {
    fs::path d = scratch("errlines");
    std::string src;
    for (int i = 0; i < 50; ++i)
        src += fmt::format("        bogus{} r1\n", i);
    write(d / "p.s", src);
    gb::AsmResult r = gb::assemble_file((d / "p.s").string());
    REQUIRE(r.errors.size() == 50);
    REQUIRE(r.sources.size() == 1);
    write(d / "p.s", "changed since\n"); // the message shows the text that was assembled
    std::string out = gb::format_errors(r);
    CHECK(out.find("  50 |         bogus49 r1") != std::string::npos);
    CHECK(out.find("changed since") == std::string::npos);
    fs::remove_all(d);
}

TEST_CASE("hardening: the sandbox keeps includes inside the program's folder and the roots") {
    fs::path d = scratch("sandbox");
    fs::create_directories(d / "prog");
    write(d / "secret.s", "; the secret line\n");
    fs::create_symlink(d / "secret.s", d / "prog" / "link.s");
    for (std::string inc : {"/etc/passwd", "/proc/self/environ", "../secret.s", "link.s"}) {
        CAPTURE(inc);
        write(d / "prog" / "main.s", ".include \"" + inc + "\"\nmain:\n" + std::string(kExit));
        const std::string path = (d / "prog" / "main.s").string();
        gb::AsmResult r = gb::assemble_file(path, gb::default_asm_options(path));
        REQUIRE(r.errors.size() == 1);
        CHECK(r.errors[0].message.find("is outside the folders a program may read") !=
              std::string::npos);
        CHECK(gb::format_errors(r).find("secret line") == std::string::npos);
        CHECK(gb::format_errors(r).find("root:") == std::string::npos);
    }
    // The library folder of the source tree is a root: programs/lib includes work.
    write(d / "prog" / "main.s", ".include \"libprint.s\"\nmain:\n" + std::string(kExit));
    const std::string path = (d / "prog" / "main.s").string();
    CHECK(gb::assemble_file(path, gb::default_asm_options(path)).ok());
    // A root added by the environment opens the folder above.
    write(d / "prog" / "main.s", ".include \"../secret.s\"\nmain:\n" + std::string(kExit));
    ::setenv("GLASSBOX_ROOTS", d.c_str(), 1);
    CHECK(gb::assemble_file(path, gb::default_asm_options(path)).ok());
    ::unsetenv("GLASSBOX_ROOTS");
    fs::remove_all(d);
}

TEST_CASE("hardening: spawn and load_library of a host file are refused by the sandbox") {
    std::string error;
    const std::string main = GLASSBOX_SOURCE_DIR "/programs/spawn.s";
    CHECK(gb::find_program_file("/etc/passwd", main, "program", error).empty());
    CHECK(error == "'/etc/passwd' is outside the folders a program may read (its own folder, "
                   "programs/ and the lessons; GLASSBOX_ROOTS adds more)");
    CHECK(gb::find_program_file("../../../../../../etc/passwd", main, "library", error).empty());
    CHECK(error.find("outside") != std::string::npos);
    CHECK(gb::find_program_file("hello.s", main, "program", error) == GLASSBOX_SOURCE_DIR
          "/programs/hello.s");
    // Through a guest: the event log says why, and holds none of the file's lines.
    std::string src = ".data\npath: .string \"/etc/passwd\"\n.text\nmain:\n        li r1, path\n"
                      "        sys spawn\n" +
                      std::string(kExit);
    gb::Machine m;
    gb::install_file_loaders(m, main);
    REQUIRE(m.load(gbtest::assemble_ok(src), "t") == 1);
    m.run(1000);
    bool refused = false;
    for (const auto& e : m.log.events) {
        CHECK(gb::event_text(m, e).find("root:") == std::string::npos);
        if (gb::event_text(m, e).find("outside the folders") != std::string::npos) refused = true;
    }
    CHECK(refused);
}

TEST_CASE("hardening: control characters from a file are never printed raw") {
    gb::AsmResult r =
        gb::assemble("main:\n        bogus \x1b[2J r1\n", "esc.s", gbtest::test_asm_options());
    REQUIRE_FALSE(r.ok());
    std::string out = gb::format_errors(r);
    CAPTURE(out);
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find("\\x1b[2J") != std::string::npos);
    CHECK(gb::terminal_safe("a\tb\x07\xff 한국어\r") == "a\tb\\x07\\xff 한국어\\x0d");
    // The caret stays under the offending text after an escaped byte.
    gb::AsmError e{"f.s", 1, 6, "bad", "m"};
    CHECK(gb::format_error(e, "\x1b xx bad") ==
          "f.s:1:6: error: m\n     1 | \\x1b xx bad\n       |         ^^^\n");
}

TEST_CASE("hardening: CR-only line endings and a byte-order mark read as ordinary text") {
    std::string src = "\xEF\xBB\xBFmain:\r        li r1, 7\r        sys exit\r";
    gb::AsmResult r = gb::assemble(src, "cr.s", gbtest::test_asm_options());
    CAPTURE(all_errors(r));
    REQUIRE(r.ok());
    CHECK(r.image->files[0].lines.size() == 3);
    CHECK(r.image->files[0].lines[0] == "main:");
    CHECK(gb::split_source_lines("a\r\nb\rc\n") == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("hardening: running off the end of the code and an empty program name the problem") {
    gb::Machine m = gbtest::boot("main:\n        li r1, 1\n");
    m.run(100);
    REQUIRE(m.faults == 1);
    CHECK(m.last_fault.code_end == gb::CodeEnd::PastEnd);
    CHECK(gb::fault_source_text(m.last_fault, gb::Lang::En).find("ran off the end of its code") !=
          std::string::npos);
    CHECK(gb::fault_source_text(m.last_fault, gb::Lang::Ko).find("코드 끝을 넘어") !=
          std::string::npos);
    gb::Machine empty = gbtest::boot("; nothing\n");
    empty.run(100);
    REQUIRE(empty.faults == 1);
    CHECK(gb::fault_source_text(empty.last_fault, gb::Lang::En).find("has no instructions") !=
          std::string::npos);
    CHECK(gb::fault_source_text(empty.last_fault, gb::Lang::Ko).find("명령어가 없음") !=
          std::string::npos);
}

TEST_CASE("hardening: a frame larger than the guard gap is a stack overflow") {
    gb::Machine m =
        gbtest::boot("main:\n        enter 30000\n        push r1\n" + std::string(kExit));
    m.run(100);
    REQUIRE(m.faults == 1);
    CHECK(m.last_fault.fault == gb::Fault::StackOverflow);
}

TEST_CASE("hardening: JSON output survives bytes that are not UTF-8") {
    fs::path d = scratch("json");
    write(d / "ff.s", "main:\n        li r1, 0xff\n        sys print_char\n" + std::string(kExit));
    std::string out = run_cli("run --json " + (d / "ff.s").string() + " 2>&1");
    CAPTURE(out);
    CHECK(out.find("\"output\"") != std::string::npos);
    CHECK(out.find("\xEF\xBF\xBD") != std::string::npos); // U+FFFD stands in for the byte
    CHECK(out.find("[exit 0]") != std::string::npos);
    fs::remove_all(d);
}

TEST_CASE("hardening: the console keeps its newest bytes within Limits::max_console_bytes") {
    gb::Config cfg;
    cfg.limits.max_console_bytes = 1000;
    gb::Machine m = gbtest::boot(".data\ns: .string \"0123456789\"\n.text\nmain:\n"
                                 "loop:   li r1, s\n        sys print_str\n        jmp loop\n",
                                 cfg);
    m.run(30000);
    CHECK(m.console.size() <= 1000);
    CHECK(m.process(1).output.size() <= 1000);
    CHECK(m.console_dropped > 10000);
    CHECK(m.console_dropped + m.console.size() ==
          m.process(1).output_dropped + m.process(1).output.size());
    CHECK(m.console.ends_with("0123456789"));
}

TEST_CASE("hardening: glassbox-cli prints output as it comes, past the console limit") {
    // 4 MB printed, four times what the machine keeps: all of it reaches stdout.
    fs::path d = scratch("stream");
    write(d / "p.s", ".data\ns: .string \"0123456789abcdef0123456789abcdef0123456789abcdef012345"
                     "6789abcdef\\n\"\n.text\nmain:\n        li r5, 65536\nloop:   li r1, s\n"
                     "        sys print_str\n        sub r5, r5, 1\n        cmp r5, 0\n"
                     "        bne loop\n" +
                         std::string(kExit));
    std::string out = run_cli("run --max-steps 10000000 " + (d / "p.s").string() + " | wc -c");
    CAPTURE(out);
    CHECK(std::stoul(out) > 65536u * 65u);
    fs::remove_all(d);
}

TEST_CASE("hardening: exited processes give their memory back past Limits::max_exited_memory") {
    gb::Config cfg;
    cfg.limits.max_exited_memory = 1000;
    gb::Machine m = gbtest::boot("main:\n        li r5, 40\nagain:  sys fork\n        cmp r0, 0\n"
                                 "        beq child\n        li r1, 0\n        sys wait\n"
                                 "        sub r5, r5, 1\n        cmp r5, 0\n        bne again\n" +
                                     std::string(kExit) + "child:  li r1, 0\n        sys exit\n",
                                 cfg);
    m.run(100000);
    REQUIRE(m.all_done());
    REQUIRE(m.processes.size() == 41);
    CHECK(m.process(2).memory_released);
    CHECK(m.process(2).mem.mapped_bytes() == 0);
    CHECK_FALSE(m.process(41).memory_released); // the newest keep theirs
    CHECK(m.exited_holding_bytes <= 1000);
}

TEST_CASE("hardening: kernel objects are bounded by Limits::max_sync_objects") {
    gb::Config cfg;
    cfg.limits.max_sync_objects = 10;
    gb::Machine m = gbtest::boot("main:\nagain:  li r1, 0\n        sys mutex_create\n"
                                 "        jmp again\n",
                                 cfg);
    gb::RunResult r = m.run(100000);
    CHECK(r.reason == gb::StopReason::Paused);
    CHECK(m.mutexes.size() == 10);
    CHECK(gb::stop_text(m).find("kernel object limit reached") != std::string::npos);
    CHECK(gbtest::reg(m, 0) == -1);
}

TEST_CASE("hardening: the count of live threads follows every thread's state") {
    gb::Machine m =
        gbtest::boot("main:\n        li r5, 50\nagain:  li r1, worker\n"
                     "        li r2, 0\n        sys thread_create\n        mov r1, r0\n"
                     "        sys thread_join\n        sub r5, r5, 1\n        cmp r5, 0\n"
                     "        bne again\n" +
                     std::string(kExit) + "worker: li r0, 0\n        ret\n");
    for (int i = 0; i < 200; ++i) {
        m.run(37);
        int live = 0;
        for (const gb::Thread& t : m.threads)
            live += t.state != gb::ThreadState::Done;
        REQUIRE(m.live_threads() == live);
    }
    m.run(100000);
    CHECK(m.all_done());
    CHECK(m.threads.size() == 51);
}
