// The memory view's rows: a region as lines of four words with their
// text, labels, each thread's SP and PC marked, the last writer of watched
// words, and the go-to box's addresses and labels.
#include "helpers.h"
#include "teach/memory_view.h"
#include "teach/session.h"
#include "teach/watchpoint.h"

using namespace gbtest;
namespace view = gb::view;

namespace {
size_t region_of_kind(const gb::Machine& m, gb::RegionKind k, int tid = 0) {
    const auto& regions = m.process(1).mem.regions;
    for (size_t i = 0; i < regions.size(); ++i)
        if (regions[i].kind == k && (tid == 0 || regions[i].tid == tid)) return i;
    FAIL("no such region");
    return 0;
}
} // namespace

TEST_CASE("memory view: a data region in lines of four words, with labels and the bytes as text") {
    gb::Machine m = boot(R"(
        .data
a:      .word 0x64636261      ; "abcd"
b:      .word -1
msg:    .byte 72, 105, 33, 10 ; "Hi!\n"
pad:    .space 32
        .text
main:   halt
)");
    size_t data = region_of_kind(m, gb::RegionKind::Data);
    auto v = view::memory_view(m, 1, data);
    REQUIRE_FALSE(v.lines.empty());
    const auto& line = v.lines[0];
    CHECK(line.addr == m.process(1).mem.regions[data].base);
    REQUIRE(line.words.size() >= 3);
    CHECK(line.words[0].symbol == "a");
    CHECK(line.words[0].value == 0x64636261u);
    CHECK(line.words[1].symbol == "b");
    CHECK(line.words[1].value == 0xffffffffu);
    CHECK(line.words[2].symbol == "msg");
    CHECK(line.words[1].addr == line.addr + 4);
    // Printable bytes as themselves, the others as dots.
    CHECK(line.text.substr(0, 12) == "abcd....Hi!.");
    // Lines start at the one holding `from`.
    auto later = view::memory_view(m, 1, data, line.addr + 20);
    REQUIRE_FALSE(later.lines.empty());
    CHECK(later.lines[0].addr == line.addr + 16);
    // A narrow panel's lines of two words: half as many bytes each.
    auto two = view::memory_view(m, 1, data, 0, 4096, 2);
    REQUIRE(two.lines.size() >= 2);
    CHECK(two.lines[0].words.size() == 2);
    CHECK(two.lines[1].addr == line.addr + 8);
    CHECK(two.lines[1].words[0].symbol == "msg");
    CHECK(two.lines[0].text == "abcd....");
}

TEST_CASE("memory view: each thread's SP marks its own stack, its PC the code") {
    gb::Config cfg;
    cfg.timer_period = 5;
    gb::Machine m = boot_file("programs/race.s", cfg);
    for (int i = 0; i < 40; ++i)
        m.step();
    REQUIRE(m.threads.size() >= 2);
    for (int tid : {1, 2}) {
        const auto& ctx = m.context_of(tid);
        auto stack = view::region_at(m, 1, ctx.regs[gb::SP]);
        REQUIRE(stack);
        auto v = view::memory_view(m, 1, *stack);
        int sp_marks = 0;
        for (const auto& line : v.lines)
            for (const auto& w : line.words)
                for (const auto& mk : w.marks)
                    if (!mk.pc && mk.tid == tid) {
                        ++sp_marks;
                        CHECK(w.addr == (ctx.regs[gb::SP] & ~3u));
                    }
        CHECK(sp_marks == 1);
        // The other thread's SP is not in this thread's stack.
        for (const auto& mk : v.marks)
            CHECK((mk.pc || mk.tid == tid));
    }
    auto code = view::region_at(m, 1, m.context_of(1).pc);
    REQUIRE(code);
    auto v = view::memory_view(m, 1, *code);
    bool pc_marked = false;
    for (const auto& mk : v.marks)
        pc_marked |= mk.pc && mk.tid == 1 && mk.addr == m.context_of(1).pc;
    CHECK(pc_marked);
}

TEST_CASE("memory view: a watched word shows its last writer, an unwatched one none") {
    gb::Session s;
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/race.s"));
    gb::LessonWatch w;
    w.name = w.symbol = "count";
    REQUIRE(s.pin(w));
    s.step_n(400);
    const gb::Machine& m = s.machine();
    uint32_t count = static_cast<uint32_t>(m.process(1).image->find("count")->value);
    auto data = view::region_at(m, 1, count);
    REQUIRE(data);
    auto v = view::memory_view(m, 1, *data, count, 1);
    REQUIRE(v.lines.size() == 1);
    const auto& word = v.lines[0].words[(count - v.lines[0].addr) / 4];
    CHECK(word.symbol == "count");
    CHECK(word.watched);
    REQUIRE(word.last != nullptr);
    CHECK(word.last->new_value == word.value);
    CHECK((word.last->tid == 2 || word.last->tid == 3)); // a worker wrote it
    for (const auto& other : v.lines[0].words)
        if (other.addr != count) {
            CHECK_FALSE(other.watched);
            CHECK(other.last == nullptr);
        }
}

TEST_CASE("memory view: the go-to box takes addresses and labels, and says what is wrong") {
    gb::Machine m = boot_file("programs/race.s");
    uint32_t count = static_cast<uint32_t>(m.process(1).image->find("count")->value);
    view::AddressError err{};
    std::string what;
    CHECK(view::parse_memory_address(m, 1, "0x10040", err, what) == 0x10040u);
    CHECK(view::parse_memory_address(m, 1, " 65600 ", err, what) == 65600u);
    CHECK(view::parse_memory_address(m, 1, "count", err, what) == count);
    CHECK(view::parse_memory_address(m, 1, "count + 8", err, what) == count + 8);
    CHECK_FALSE(view::parse_memory_address(m, 1, "", err, what));
    CHECK(err == view::AddressError::Empty);
    CHECK_FALSE(view::parse_memory_address(m, 1, "0x1g", err, what));
    CHECK(err == view::AddressError::NotNumber);
    CHECK(what == "0x1g");
    CHECK_FALSE(view::parse_memory_address(m, 1, "count+", err, what));
    CHECK(err == view::AddressError::BadOffset);
    CHECK_FALSE(view::parse_memory_address(m, 1, "nosuch", err, what));
    CHECK(err == view::AddressError::NoLabel);
    CHECK(what == "nosuch");
    // Guards have no bytes: no region is offered for them.
    for (size_t r : view::memory_regions(m, 1))
        CHECK(m.process(1).mem.regions[r].kind != gb::RegionKind::Guard);
}

TEST_CASE("memory view: the globals a line of code names, for the code panel's Pin") {
    gb::Machine m = boot(R"(
        .data
count:  .word 0
x10:    .word 0
        .text
main:   load r3, [count]
        halt
)");
    const gb::Image& img = *m.process(1).image;
    using V = std::vector<std::string>;
    CHECK(gb::globals_named_in("store r3, [count]", img) == V{"count"});
    CHECK(gb::globals_named_in("add count, count, x10", img) == V{"count", "x10"});
    // Numbers, code labels, registers and comments name no global.
    CHECK(gb::globals_named_in("li r1, 0x10 ; count", img).empty());
    CHECK(gb::globals_named_in("b main", img).empty());
}
