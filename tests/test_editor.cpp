// The program editor's model (teach/edit_buffer.h, teach/asm_syntax.h) and
// its way to the machine (Session::apply_source), without a window: undo
// and redo, line operations, find, assembling after a pause with errors at
// their line and column, the templates, the file rules (save, save as, a
// user's own copy of a shipped program, changes on disk), syntax colours,
// and "apply and reset" keeping the lesson and moving breakpoints by line.
#include "helpers.h"

#include "teach/asm_syntax.h"
#include "teach/edit_buffer.h"
#include "teach/lesson.h"
#include "teach/session.h"
#include "teach/viewmodel.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using gb::EditBuffer;

namespace {

// A fresh folder of its own under the system's temporary folder.
fs::path temp_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("gb_editor_" + std::to_string(getpid())) / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

// Runs the session's machine to its end and returns what it printed.
std::string run_to_end(gb::Session& s) {
    for (int i = 0; i < 1000 && !s.machine().all_done(); ++i)
        s.step_n(10'000);
    REQUIRE(s.machine().all_done());
    return s.machine().console;
}

} // namespace

TEST_CASE("editor: typing is undone in bursts, and redo brings it back") {
    EditBuffer b;
    b.open("", "");
    b.edit("l", 1, 0.0);
    b.edit("li", 2, 0.1);
    b.edit("li ", 3, 0.2);   // one burst: three keystrokes
    b.edit("li r1", 5, 5.0); // after a pause: a second step
    CHECK(b.text() == "li r1");
    REQUIRE(b.undo());
    CHECK(b.text() == "li ");
    CHECK(b.cursor() == 3);
    REQUIRE(b.undo());
    CHECK(b.text() == "");
    CHECK_FALSE(b.undo());
    REQUIRE(b.redo());
    CHECK(b.text() == "li ");
    REQUIRE(b.redo());
    CHECK(b.text() == "li r1");
    CHECK_FALSE(b.redo());
    // A new edit after an undo drops what could be redone.
    b.undo();
    b.edit("li r2", 5, 9.0);
    CHECK_FALSE(b.can_redo());
}

TEST_CASE("editor: indent, unindent and comment work on the selected lines") {
    EditBuffer b;
    b.open("", "a:\nadd r1, r1, 1\nsub r2, r2, 1\nret");
    // Lines 2 and 3 selected (from inside line 2 to inside line 3).
    size_t begin = b.offset_of(2, 3), end = b.offset_of(3, 2);
    b.indent(begin, end, 0);
    CHECK(b.text() == "a:\n    add r1, r1, 1\n    sub r2, r2, 1\nret");
    CHECK(begin == b.offset_of(2, 1));
    CHECK(end == b.offset_of(3, 1) + std::string("    sub r2, r2, 1").size());
    b.toggle_comment(begin, end, 1);
    CHECK(b.text() == "a:\n    ; add r1, r1, 1\n    ; sub r2, r2, 1\nret");
    b.toggle_comment(begin, end, 2);
    CHECK(b.text() == "a:\n    add r1, r1, 1\n    sub r2, r2, 1\nret");
    b.unindent(begin, end, 3);
    CHECK(b.text() == "a:\nadd r1, r1, 1\nsub r2, r2, 1\nret");
    // Each line operation is its own undo step.
    b.undo();
    CHECK(b.text() == "a:\n    add r1, r1, 1\n    sub r2, r2, 1\nret");
    // An empty selection takes the cursor's line only; a selection ending
    // at the start of a line does not take that line.
    size_t c = b.offset_of(4, 2), c2 = c;
    b.toggle_comment(c, c2, 4);
    CHECK(b.line_text(4) == "; ret");
    size_t s1 = b.offset_of(1, 1), s2 = b.offset_of(2, 1);
    b.indent(s1, s2, 5);
    CHECK(b.line_text(1) == "    a:");
    CHECK(b.line_text(2) == "    add r1, r1, 1");
}

TEST_CASE("editor: find goes forward, wraps around and ignores case") {
    EditBuffer b;
    b.open("", "Loop:\n  jmp loop\n  ; LOOP again\n");
    size_t first = b.find("loop", 0);
    CHECK(first == 0);
    size_t second = b.find("loop", first + 1);
    CHECK(second == b.offset_of(2, 7));
    size_t third = b.find("loop", second + 1);
    CHECK(third == b.offset_of(3, 5));
    CHECK(b.find("loop", third + 1) == first); // wraps
    CHECK(b.find("LOOP", 1, true) == third);
    CHECK(b.find("nothing", 0) == std::string::npos);
    CHECK(b.find("", 0) == std::string::npos);
}

TEST_CASE("editor: lines and columns map to offsets and back") {
    EditBuffer b;
    b.open("", "ab\n\ncdé\n");
    CHECK(b.line_count() == 4);
    CHECK(b.line_col(0) == std::pair{1, 1});
    CHECK(b.line_col(3) == std::pair{2, 1});
    CHECK(b.line_col(4) == std::pair{3, 1});
    CHECK(b.line_col(5) == std::pair{3, 2});
    CHECK(b.offset_of(3, 3) == 6);                      // the é
    CHECK(b.offset_of(3, 99) == b.offset_of(4, 1) - 1); // clamped to the line
    CHECK(b.line_text(3) == "cdé");
    CHECK(b.line_text(9).empty());
}

TEST_CASE("editor: the text assembles after a pause, errors at their line and column") {
    EditBuffer b;
    b.open("", "main:\n    li r0, 0\n    ret\n");
    CHECK_FALSE(b.checked());
    CHECK(b.poll(0.0)); // a fresh buffer is checked at once
    CHECK(b.assembles());
    CHECK(b.diagnostics().empty());
    REQUIRE(b.last_good() != nullptr);
    CHECK(b.last_good()->symbols.count("main") == 1);

    // A typo: not checked while the user keeps typing, then checked.
    b.edit("main:\n    li r0, 0\n    addd r1, r2\n    ret\n", 30, 10.0);
    CHECK_FALSE(b.poll(10.1));
    CHECK_FALSE(b.checked());
    CHECK(b.poll(10.0 + EditBuffer::kAssembleDelay));
    CHECK(b.checked());
    CHECK_FALSE(b.assembles());
    REQUIRE(b.diagnostics().size() == 1);
    const gb::Diagnostic& d = b.diagnostics()[0];
    CHECK(d.line == 3);
    CHECK(d.column == 5);
    CHECK(d.length == 4); // "addd"
    CHECK(d.message.find("addd") != std::string::npos);
    CHECK(b.diagnostics_on(3).size() == 1);
    CHECK(b.diagnostics_on(2).empty());
    // The last good program is still there (labels' addresses for hover).
    REQUIRE(b.last_good() != nullptr);
    CHECK_FALSE(b.poll(99)); // nothing changed since: no work
}

TEST_CASE("editor: every error is listed, not just the first") {
    EditBuffer b;
    b.open("", "main:\n  li r99, 1\n  jmp nowhere\n  ret\n");
    b.check();
    REQUIRE(b.diagnostics().size() >= 2);
    CHECK(b.diagnostics()[0].line == 2);
    CHECK(b.diagnostics()[1].line == 3);
    for (const gb::Diagnostic& d : b.diagnostics()) {
        CHECK(d.column >= 1);
        CHECK(d.column - 1 + d.length <= static_cast<int>(b.line_text(d.line).size()));
    }
}

TEST_CASE("editor: both templates assemble and run to their result, in English and Korean") {
    for (bool ko : {false, true}) {
        for (auto t : {gb::ProgramTemplate::Main, gb::ProgramTemplate::Threads}) {
            EditBuffer b;
            b.open("", gb::template_text(t, ko));
            b.check();
            INFO("template " << static_cast<int>(t) << " korean " << ko);
            for (const auto& d : b.diagnostics())
                INFO(d.line << ":" << d.column << " " << d.message);
            REQUIRE(b.assembles());
            CHECK(b.dirty()); // a new program is unsaved until it is saved
            gb::Session s;
            REQUIRE(s.apply_source(b.text(), "untitled.s", false));
            std::string out = run_to_end(s);
            if (t == gb::ProgramTemplate::Main)
                CHECK(out == "Hello, Glassbox!\n42\n");
            else
                CHECK(out == "30\n");
        }
    }
}

TEST_CASE("editor: save, save as, unsaved marker and changes on disk") {
    fs::path dir = temp_dir("save");
    fs::path file = dir / "mine.s";
    write(file, "main:\n  ret\n");
    EditBuffer b;
    std::string error;
    REQUIRE(b.open_file(file.string(), error));
    CHECK_FALSE(b.dirty());
    CHECK(b.name() == "mine.s");
    b.edit("main:\n  li r0, 3\n  ret\n", 0, 1);
    CHECK(b.dirty());
    b.undo();
    CHECK_FALSE(b.dirty()); // back to the saved text
    b.redo();
    REQUIRE(b.save(error));
    CHECK_FALSE(b.dirty());
    CHECK(read(file) == "main:\n  li r0, 3\n  ret\n");
    CHECK_FALSE(b.changed_on_disk());

    fs::path other = dir / "sub" / "other.s";
    REQUIRE(b.save_as(other.string(), error));
    CHECK(b.path() == other.string());
    CHECK(read(other) == b.text());

    // Another program changes the file: noticed; keeping the edits makes the
    // buffer unsaved against the new file, and it is not noticed again.
    b.edit("main:\n  li r0, 4\n  ret\n", 0, 2);
    write(other, "main:\n  li r0, 9\n  ret\n");
    fs::last_write_time(other, fs::file_time_type::clock::now() + std::chrono::seconds(5));
    CHECK(b.changed_on_disk());
    b.keep_mine();
    CHECK_FALSE(b.changed_on_disk());
    CHECK(b.dirty());
    CHECK(b.text() == "main:\n  li r0, 4\n  ret\n");
    // Or reading it again takes the file's text.
    REQUIRE(b.reload_from_disk(error));
    CHECK(b.text() == "main:\n  li r0, 9\n  ret\n");
    CHECK_FALSE(b.dirty());

    // A new program has no file: save says so, save as gives it one.
    EditBuffer n;
    n.open("", "main:\n  ret\n");
    CHECK(n.dirty());
    CHECK_FALSE(n.save(error));
    CHECK(error.find("Save as") != std::string::npos);
    CHECK_FALSE(n.save_as((file / "x.s").string(), error)); // under a file, not a folder
    CHECK(error.find("cannot write") != std::string::npos);
    REQUIRE(n.open_file((dir / "missing.s").string(), error) == false);
    CHECK(error.find("not a regular file") != std::string::npos);
    // A FIFO is refused at once (reading it would wait forever), and so is a folder.
    fs::path fifo = dir / "fifo.s";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_FALSE(n.open_file(fifo.string(), error));
    CHECK(error.find("not a regular file") != std::string::npos);
    CHECK_FALSE(n.open_file(dir.string(), error));
    CHECK(n.text() == "main:\n  ret\n"); // unchanged by the failed opens
    fs::remove_all(dir);
}

TEST_CASE("editor: a shipped program is saved as the user's own copy, the original untouched") {
    std::string shipped = GLASSBOX_SOURCE_DIR "/programs/race.s";
    std::vector<std::string> roots{GLASSBOX_SOURCE_DIR "/programs", GLASSBOX_SOURCE_DIR "/assets"};
    CHECK(gb::is_shipped(shipped, roots));
    CHECK(gb::is_shipped(GLASSBOX_SOURCE_DIR "/programs/../programs/lessons/x.s", roots));
    CHECK_FALSE(gb::is_shipped("/tmp/race.s", roots));
    CHECK_FALSE(gb::is_shipped(GLASSBOX_SOURCE_DIR "/programsX/race.s", roots));
    CHECK_FALSE(gb::is_shipped("", roots));

    std::string before = read(shipped);
    fs::path user = temp_dir("own");
    EditBuffer b;
    std::string error;
    REQUIRE(b.open_file(shipped, error));
    b.edit(b.text() + "; my change\n", 0, 1);
    std::string copy = gb::own_copy_path(b.path(), user.string());
    CHECK(copy == (user / "race.s").string());
    REQUIRE(b.save_as(copy, error));
    CHECK(read(shipped) == before);
    CHECK(read(copy) == b.text());
    CHECK_FALSE(gb::is_shipped(b.path(), roots));
    // A second copy does not overwrite the first.
    CHECK(gb::own_copy_path(shipped, user.string()) == (user / "race-2.s").string());
    // The copy, outside programs/, still finds the shared library folder.
    b.check();
    CHECK(b.assembles());
    fs::remove_all(user);
}

TEST_CASE("editor: quitting or replacing unsaved edits asks first; the answer decides") {
    using gb::BufferEffect;
    using gb::UnsavedAnswer;
    EditBuffer b;
    b.open("/tmp/x.s", "main:\n  ret\n");
    // Nothing unsaved: nothing to ask, whatever the command does.
    CHECK_FALSE(gb::asks_first(BufferEffect::Closes, b));
    CHECK_FALSE(gb::asks_first(BufferEffect::Replaces, b));
    b.edit("main:\n  li r0, 1\n  ret\n", 0, 1);
    // Unsaved edits: quitting and replacing ask; the rest never does.
    CHECK(gb::asks_first(BufferEffect::Closes, b));
    CHECK(gb::asks_first(BufferEffect::Replaces, b));
    CHECK_FALSE(gb::asks_first(BufferEffect::Keeps, b));
    // Save goes ahead only when the save worked; Discard always; Cancel never.
    CHECK(gb::goes_ahead(UnsavedAnswer::Save, true));
    CHECK_FALSE(gb::goes_ahead(UnsavedAnswer::Save, false));
    CHECK(gb::goes_ahead(UnsavedAnswer::Discard, false));
    CHECK_FALSE(gb::goes_ahead(UnsavedAnswer::Cancel, true));
    // Undoing back to the saved text: quitting no longer asks.
    b.undo();
    CHECK_FALSE(gb::asks_first(BufferEffect::Closes, b));
    // A new program from a template is unsaved until it has a file.
    EditBuffer n;
    n.open("", gb::template_text(gb::ProgramTemplate::Main, false));
    CHECK(gb::asks_first(BufferEffect::Closes, n));
}

TEST_CASE("editor: text written elsewhere (the browser's save) marks the buffer saved there") {
    EditBuffer b;
    b.open("", "main:\n  ret\n");
    uint64_t gen = b.generation();
    CHECK(b.dirty());
    b.saved_to("/tmp/gb-nowhere/mine.s");
    CHECK_FALSE(b.dirty());
    CHECK(b.path() == "/tmp/gb-nowhere/mine.s");
    CHECK(b.generation() != gen);     // assembled again under its new name
    CHECK_FALSE(b.changed_on_disk()); // no file there: nothing to compare with
    b.edit("main:\n  li r0, 2\n  ret\n", 0, 1);
    CHECK(b.dirty());
}

TEST_CASE("editor: Reload reads the user's own copy of a lesson's program, not the shipped one") {
    std::string shipped = GLASSBOX_SOURCE_DIR "/programs/race.s";
    std::vector<std::string> roots{GLASSBOX_SOURCE_DIR "/programs", GLASSBOX_SOURCE_DIR "/assets"};
    fs::path user = temp_dir("reload");
    EditBuffer b;
    std::string error;
    REQUIRE(b.open_file(shipped, error));
    // Not saved yet: the buffer is the shipped file, the session reloads its own.
    CHECK(gb::reload_file(b, shipped, shipped, roots).empty());
    b.edit(b.text() + "; mine\n", 0, 1);
    std::string copy = gb::own_copy_path(shipped, user.string());
    REQUIRE(b.save_as(copy, error));
    // Saved from the running (shipped) program, or applied under the copy's name: the copy.
    CHECK(gb::reload_file(b, shipped, shipped, roots) == copy);
    CHECK(gb::reload_file(b, shipped, copy, roots) == copy);
    // The session runs something else: none of the editor's business.
    CHECK(gb::reload_file(b, shipped, GLASSBOX_SOURCE_DIR "/programs/hello.s", roots).empty());
    // A file the user opened themselves, running: the session reads it already.
    CHECK(gb::reload_file(b, copy, copy, roots).empty());
    // Within lesson 09 (its shipped program open in the editor, saved as
    // the user's copy): Reload reads the copy and the lesson stays.
    std::vector<std::string> errors;
    auto lessons = gb::load_lessons(GLASSBOX_SOURCE_DIR "/assets", errors);
    const gb::Lesson* l = gb::find_lesson(lessons, "09", error);
    REQUIRE(l != nullptr);
    gb::Session s;
    REQUIRE(s.open_lesson(*l));
    std::string lesson_prog = s.path();
    EditBuffer e;
    REQUIRE(e.open_file(lesson_prog, error));
    e.edit(e.text() + "; my own copy\n", 0, 1);
    std::string mine = gb::own_copy_path(lesson_prog, user.string());
    REQUIRE(e.save_as(mine, error));
    std::string want = gb::reload_file(e, lesson_prog, s.path(), roots);
    REQUIRE(want == mine);
    REQUIRE(s.apply_source(read(want), want, true));
    CHECK(s.lesson() != nullptr);
    CHECK(s.path() == mine);
    const auto& lines = s.image()->files.at(0).lines;
    CHECK(std::find(lines.begin(), lines.end(), "; my own copy") != lines.end());
    fs::remove_all(user);
}

TEST_CASE("editor: syntax colours come from the ISA table and the assembler's lists") {
    using K = gb::SyntaxKind;
    std::string line = "loop:   add  r1, sp, 0x10   ; 한국어 주석 \"x\"";
    auto spans = gb::syntax_spans(line);
    auto kind_of = [&](std::string_view word) {
        size_t at = line.find(word);
        for (const auto& s : spans)
            if (s.begin == at) return s.kind;
        return K::Plain;
    };
    CHECK(kind_of("loop") == K::Label);
    CHECK(kind_of("add") == K::Instruction);
    CHECK(kind_of("r1") == K::Register);
    CHECK(kind_of("sp") == K::Register);
    CHECK(kind_of("0x10") == K::Number);
    CHECK(kind_of("; 한국어") == K::Comment);
    CHECK(spans.back().end == line.size()); // the comment runs to the end, quotes and all

    std::string data = "msg: .string \"a ; b\" # c";
    auto ds = gb::syntax_spans(data);
    REQUIRE(ds.size() == 4);
    CHECK(ds[1].kind == K::Directive);
    CHECK(ds[2].kind == K::String);
    CHECK(data.substr(ds[2].begin, ds[2].end - ds[2].begin) == "\"a ; b\"");
    CHECK(ds[3].kind == K::Comment);
    // A word that is an instruction elsewhere is a symbol as an operand.
    auto js = gb::syntax_spans("  jmp add");
    REQUIRE(js.size() == 2);
    CHECK(js[0].kind == K::Instruction);
    CHECK(js[1].kind == K::Label);
    // Hover: the word under the mouse, and what an instruction does.
    auto w = gb::word_at("    load r3, [count]", 15);
    REQUIRE(w);
    CHECK(w->word == "count");
    CHECK(w->kind == K::Label);
    CHECK_FALSE(gb::word_at("  ; load", 5));
    auto help = gb::mnemonic_help("ADD");
    REQUIRE(help);
    CHECK(help->syntax.find("add rd, ra, rb") != std::string::npos);
    CHECK_FALSE(help->explain_en.empty());
    CHECK_FALSE(help->explain_ko.empty());
    auto pseudo = gb::mnemonic_help("beqz");
    REQUIRE(pseudo);
    CHECK(pseudo->pseudo);
    CHECK_FALSE(gb::mnemonic_help("frobnicate"));
}

TEST_CASE("editor: apply keeps the lesson and its settings, and moves breakpoints by line") {
    std::vector<std::string> errors;
    auto lessons = gb::load_lessons(GLASSBOX_SOURCE_DIR "/assets", errors);
    std::string error;
    const gb::Lesson* l = gb::find_lesson(lessons, "09", error);
    REQUIRE(l != nullptr);
    gb::Session s;
    REQUIRE(s.open_lesson(*l));
    gb::Config cfg = s.config();
    cfg.timer_period += 3; // a setting the user changed
    s.set_config(cfg);
    std::string path = s.path();
    EditBuffer b;
    REQUIRE(b.open_file(path, error));

    // A breakpoint on the instruction after `main`'s first one.
    const gb::Image& img = *s.image();
    uint32_t bp = img.symbols.at("main").value + 4;
    auto loc = img.line_of(bp);
    REQUIRE(loc);
    s.set_breakpoint(bp, true);

    // An instruction inserted just above it (at main's first line + 1).
    auto main_loc = img.line_of(bp - 4);
    REQUIRE(main_loc);
    std::string edited;
    for (int i = 1; i <= b.line_count(); ++i) {
        if (i == main_loc->line + 1) edited += "        nop\n";
        edited += std::string(b.line_text(i)) + (i < b.line_count() ? "\n" : "");
    }
    b.edit(edited, 0, 1);
    // Apply with an error first: nothing changes but the errors.
    std::string broken = edited + "\n    bogus r1\n";
    uint64_t gen = s.generation();
    CHECK_FALSE(s.apply_source(broken, path, true));
    CHECK(s.generation() == gen);
    REQUIRE_FALSE(s.errors().empty());
    CHECK(s.errors()[0].line == b.line_count() + 1);
    CHECK(s.has_breakpoint(bp));

    REQUIRE(s.apply_source(b.text(), path, true));
    CHECK(s.errors().empty());
    REQUIRE(s.lesson() != nullptr);
    CHECK(s.lesson()->id == l->id);
    CHECK(s.config().timer_period == cfg.timer_period);
    CHECK_FALSE(s.watches().empty()); // the lesson's watches are still there
    // The breakpoint followed its instruction: one line and one word down.
    CHECK(s.breakpoints() == std::set<uint32_t>{bp + 4});
    CHECK(s.image()->line_of(bp + 4)->line == loc->line + 1);
    // The shipped file itself was not written.
    CHECK(read(path) != b.text());

    // A breakpoint on a line that is then changed goes away.
    std::string line_text(b.line_text(loc->line + 1));
    std::string changed = b.text();
    changed.replace(b.offset_of(loc->line + 1), line_text.size(), "        nop");
    REQUIRE(s.apply_source(changed, path, true));
    CHECK(s.breakpoints().empty());

    // The lines around an edit keep their place; those after it move by its size.
    std::vector<std::string> before{"a", "b", "c", "d"}, after{"a", "x", "y", "c", "d"};
    CHECK(gb::line_after_edit(before, after, 1) == 1);
    CHECK_FALSE(gb::line_after_edit(before, after, 2));
    CHECK(gb::line_after_edit(before, after, 3) == 4);
    CHECK(gb::line_after_edit(before, after, 4) == 5);
    CHECK_FALSE(gb::line_after_edit(before, after, 9));

    // Without the lesson, apply makes a plain program.
    REQUIRE(
        s.apply_source(gb::template_text(gb::ProgramTemplate::Main, false), "untitled.s", false));
    CHECK(s.lesson() == nullptr);
    CHECK(run_to_end(s) == "Hello, Glassbox!\n42\n");
}

TEST_CASE("editor: the issue's whole path, from an empty template to a saved program") {
    // A student starts from the template, makes a typo, sees it, fixes it,
    // applies, sets a breakpoint on a line, runs to it, changes a line
    // above it, applies again, and saves.
    EditBuffer b;
    b.open("", gb::template_text(gb::ProgramTemplate::Main, false));
    b.check();
    REQUIRE(b.assembles());
    std::string text = b.text();
    size_t at = text.find("sys  print_int");
    REQUIRE(at != std::string::npos);
    std::string typo = text;
    typo.replace(at, 3, "sis"); // "sis  print_int"
    b.edit(typo, at + 3, 1.0);
    REQUIRE(b.poll(2.0));
    REQUIRE(b.diagnostics().size() == 1);
    int line = b.diagnostics()[0].line;
    CHECK(b.line_text(line).find("sis") != std::string::npos);
    CHECK(b.diagnostics()[0].column == static_cast<int>(b.line_text(line).find("sis")) + 1);
    b.undo(); // the typo undone
    b.poll(10);
    REQUIRE(b.assembles());

    gb::Session s;
    REQUIRE(s.apply_source(b.text(), "untitled.s", false));
    // A breakpoint on the print_int line, as the gutter sets it.
    auto addr = gb::view::address_of_line(*s.image(), 0, line);
    REQUIRE(addr);
    s.toggle_breakpoint(*addr);
    gb::RunResult r = s.continue_run(100000);
    CHECK(r.reason == gb::StopReason::Breakpoint);
    CHECK(s.machine().console == "Hello, Glassbox!\n");

    // "What if it printed 6 × 8?": change a line above the breakpoint and apply.
    std::string changed = b.text();
    size_t mul = changed.find("mul  r1, r1, 7");
    REQUIRE(mul != std::string::npos);
    changed.replace(mul, 14, "mul  r1, r1, 8");
    b.edit(changed, mul, 20);
    REQUIRE(s.apply_source(b.text(), "untitled.s", false));
    CHECK(s.has_breakpoint(*addr)); // the same line, the same instruction: still there
    CHECK(run_to_end(s) == "Hello, Glassbox!\n48\n");

    // Saved where the student says (a new program has no file yet).
    fs::path dir = temp_dir("whole");
    std::string error;
    CHECK(b.dirty());
    REQUIRE(b.save_as((dir / "mine.s").string(), error));
    CHECK_FALSE(b.dirty());
    CHECK(read(dir / "mine.s") == b.text());
    fs::remove_all(dir);
}
