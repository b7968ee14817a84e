// The dashboard's view-model: register change detection, code rows,
// timeline segments from the event log, the address-space picture.
#include "helpers.h"
#include "teach/session.h"
#include "teach/viewmodel.h"

#include <algorithm>
#include <map>

using namespace gbtest;
namespace view = gb::view;

namespace {
gb::Machine race(uint32_t timer = 100, int cores = 1) {
    gb::Config cfg;
    cfg.timer_period = timer;
    cfg.cores = cores;
    return boot_file("programs/race.s", cfg);
}
} // namespace

TEST_CASE("viewmodel: register rows mark exactly the registers that changed") {
    gb::Context a, b;
    b.regs[3] = 7;
    b.regs[gb::SP] = 0x100;
    auto rows = view::register_rows(b, a, true);
    REQUIRE(rows.size() == gb::kNumRegs);
    for (const auto& r : rows)
        CHECK(r.changed == (r.reg == 3 || r.reg == gb::SP));
    CHECK(rows[3].old == 0);
    CHECK(rows[3].value == 7);
    CHECK(rows[gb::SP].name == "sp");
    // No last instruction: nothing is marked.
    for (const auto& r : view::register_rows(b, a, false))
        CHECK_FALSE(r.changed);
}

TEST_CASE("viewmodel: a core's rows show what its last instruction changed") {
    gb::Machine m = boot(R"(
main:   li   r1, 5        ; r1 changes
        add  r2, r1, r1   ; r2 changes
        cmp  r2, 10       ; only the flags change
        halt
)");
    m.step();
    auto rows = view::core_register_rows(m, 0);
    for (const auto& r : rows)
        CHECK(r.changed == (r.reg == 1));
    m.step();
    rows = view::core_register_rows(m, 0);
    for (const auto& r : rows)
        CHECK(r.changed == (r.reg == 2));
    CHECK(rows[2].value == 10);
    CHECK(rows[2].old == 0);
    m.step();
    for (const auto& r : view::core_register_rows(m, 0))
        CHECK_FALSE(r.changed);
    CHECK(view::flags_changed(m, 0));
}

TEST_CASE("viewmodel: with threads switching, the marks follow each step's own changes") {
    gb::Machine m = race(7);
    int checked = 0;
    for (int i = 0; i < 300; ++i) {
        gb::StepResult s = m.step();
        if (!s.executed || m.cores[0].tid != s.tid) continue; // switched out right after
        auto rows = view::core_register_rows(m, 0);
        for (const auto& r : rows)
            CHECK(r.changed == (s.before.regs[static_cast<size_t>(r.reg)] !=
                                s.after.regs[static_cast<size_t>(r.reg)]));
        ++checked;
    }
    CHECK(checked > 200);
}

TEST_CASE("viewmodel: code rows: one per instruction word, with labels and source") {
    gb::Machine m = race();
    const gb::Image& img = *m.process(1).image;
    auto rows = view::code_rows(img);
    REQUIRE(rows.size() == img.text.bytes.size() / 4);
    CHECK(rows.front().addr == img.text.base);
    int main_row = view::row_of(rows, img.entry);
    REQUIRE(main_row >= 0);
    CHECK(rows[static_cast<size_t>(main_row)].label == "main");
    uint32_t again = static_cast<uint32_t>(img.find("again")->value);
    const auto& r = rows[static_cast<size_t>(view::row_of(rows, again))];
    CHECK(r.label == "again");
    CHECK(r.text.find("load") == 0);
    CHECK(r.source.find("load  r3, [count]") == 0);
    CHECK(r.line > 0);
    CHECK(view::address_of_line(img, r.file, r.line) == again);
    CHECK(view::row_of(rows, 0x7) == -1);
    CHECK(view::opening_comment(img.files[0]).rfind("race.s", 0) == 0);
}

TEST_CASE("viewmodel: timeline lanes come from the event log") {
    gb::Machine m = race(7);
    m.run(400);
    view::Timeline tl = view::build_timeline(m);
    CHECK(tl.start == 0);
    CHECK(tl.end >= m.now);
    // The core lane is contiguous and covers the whole span.
    std::vector<view::Segment> core0;
    for (const auto& s : tl.cores)
        if (s.lane == 0) core0.push_back(s);
    REQUIRE_FALSE(core0.empty());
    for (size_t i = 1; i < core0.size(); ++i)
        CHECK(core0[i].start == core0[i - 1].end);
    CHECK(core0.back().end == tl.end);
    // One marker per logged switch, with its reason.
    size_t switches =
        std::count_if(m.log.events.begin(), m.log.events.end(),
                      [](const gb::Event& e) { return e.kind == gb::EventKind::Switch; });
    CHECK(tl.switches.size() == switches);
    bool timer_switch =
        std::any_of(tl.switches.begin(), tl.switches.end(), [](const view::SwitchMarker& s) {
            return s.reason == gb::SwitchReason::Timer;
        });
    CHECK(timer_switch);
    // A lane per thread; main blocks in join; the workers take turns.
    CHECK(tl.thread_lanes == std::vector<int>{1, 2, 3});
    bool main_blocked = false;
    std::map<int, uint64_t> running;
    for (const auto& s : tl.threads) {
        CHECK(s.start < s.end);
        if (s.lane == 1 && s.state == view::LaneState::Blocked) main_blocked = true;
        if (s.state == view::LaneState::Running) running[s.lane] += s.end - s.start;
    }
    CHECK(main_blocked);
    CHECK(running[2] > 0);
    CHECK(running[3] > 0);
    // With one core, a thread's running segments match the core lane's.
    uint64_t core_running_t2 = 0;
    for (const auto& s : core0)
        if (s.tid == 2) core_running_t2 += s.end - s.start;
    CHECK(core_running_t2 == running[2]);
}

TEST_CASE("viewmodel: the address-space picture: regions top-down, sharing, SP and PC") {
    gb::Machine m = race();
    m.run(20); // both workers exist
    view::SpacePicture pic = view::layout_address_space(m, 1, 0.05f);
    REQUIRE_FALSE(pic.boxes.empty());
    // Boxes go from high addresses down and do not overlap.
    for (size_t i = 1; i < pic.boxes.size(); ++i) {
        CHECK(pic.boxes[i].base < pic.boxes[i - 1].base);
        CHECK(pic.boxes[i].y0 >= pic.boxes[i - 1].y1 - 1e-5f);
    }
    // Boxes and gaps tile 0..1.
    float total = 0;
    for (const auto& b : pic.boxes) {
        CHECK(b.y1 > b.y0);
        total += b.y1 - b.y0;
        if (b.kind != gb::RegionKind::Guard) CHECK(b.y1 - b.y0 >= 0.05f - 1e-4f);
    }
    for (const auto& g : pic.gaps)
        total += g.y1 - g.y0;
    CHECK(total == doctest::Approx(1.0f).epsilon(0.001));
    // Code is shared by the threads; each stack belongs to one thread.
    int stacks = 0;
    for (const auto& b : pic.boxes) {
        if (b.kind == gb::RegionKind::Code) CHECK(b.sharing == view::Sharing::Threads);
        if (b.kind == gb::RegionKind::Stack) {
            ++stacks;
            CHECK(b.sharing == view::Sharing::Private);
            CHECK(b.tid > 0);
        }
    }
    CHECK(stacks == 3);
    // A PC and an SP marker per live thread, inside their regions.
    CHECK(pic.markers.size() == 6);
    for (const auto& mk : pic.markers) {
        CHECK(mk.mapped);
        const view::RegionBox* in = nullptr;
        for (const auto& b : pic.boxes)
            if (mk.addr >= b.base && mk.addr - b.base < b.size) in = &b;
        REQUIRE(in != nullptr);
        CHECK(mk.y >= in->y0);
        CHECK(mk.y <= in->y1);
        if (mk.pc)
            CHECK(in->kind == gb::RegionKind::Code);
        else
            CHECK(in->tid == mk.tid);
    }
    // Higher addresses are drawn higher.
    CHECK(*pic.y_of(0x7f000) < *pic.y_of(0x10000));
}

TEST_CASE("viewmodel: the words of the data region carry their symbols") {
    gb::Machine m = race();
    const gb::Process& p = m.process(1);
    size_t data = 0;
    for (size_t i = 0; i < p.mem.regions.size(); ++i)
        if (p.mem.regions[i].kind == gb::RegionKind::Data) data = i;
    auto words = view::region_words(m, 1, data);
    REQUIRE_FALSE(words.empty());
    CHECK(words[0].label == "count");
    CHECK(words[0].value == 0);
    CHECK(view::focus_pid(m) == 1);
    CHECK(view::thread_colour_index(1) != view::thread_colour_index(2));
}
