// Events are data; teach/event_words words them. Every message id has
// English and Korean words that name every argument, and the event log's
// history is shared between copies of a machine.
#include "helpers.h"
#include "teach/event_words.h"

#include "word_checks.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fmt/format.h>
#include <set>
#include <string>
#include <vector>

using gb::Event;
using gb::Lang;
using gb::Msg;
using gbtest::has_hangul;
using gbtest::Placeholder;
using gbtest::placeholders;

namespace {

// An argument value for a placeholder of `type` at `index`: distinct for
// every index, so a dropped or repeated argument shows.
int64_t sample(gb::EventLog& log, char type, int index) {
    switch (type) {
    case 's': return log.intern("name" + std::to_string(index));
    case 'r': return static_cast<int64_t>(gb::BlockReason::Mutex);
    case 'f': return static_cast<int64_t>(gb::Fault::BadAddress);
    case 'd': // pipe (index + 7), read end
        return static_cast<int64_t>(gb::FdKind::PipeRead) | int64_t{index + 7} << 8;
    case 'o': return static_cast<int64_t>(gb::IoOp::Write);
    case 'h': return 0x10040;
    case 'e': return gb::kPollIn | gb::kPollOut;
    case 'c': return gb::syscall_table().front().number;
    case 'l': return int64_t{index + 4} << 8 | gb::kPollIn;
    case 'x': return 0x1f00 + index;
    case 'w': return static_cast<int64_t>(gb::Why::PollNoEvents); // a reason without arguments
    case 'n': return gb::need_word(gb::Need::Heap, 4096 + index);
    default: return 7001 + 111 * index;
    }
}

} // namespace

TEST_CASE("event words: every message id has English and Korean words naming every argument") {
    std::set<std::string> korean;
    for (int i = 0; i < gb::kMsgCount; ++i) {
        Msg m = static_cast<Msg>(i);
        std::string_view en = gb::msg_template(m, Lang::En), ko = gb::msg_template(m, Lang::Ko);
        CAPTURE(gb::msg_id(m));
        CAPTURE(ko);
        REQUIRE(!en.empty());
        REQUIRE(!ko.empty());
        CHECK(en != "?");
        CHECK(ko != en);
        CHECK(has_hangul(ko));
        CHECK(korean.insert(std::string(ko)).second); // no two ids share their words
        // The Korean names the same arguments, worded the same way.
        CHECK(placeholders(ko).size() == placeholders(en).size());
        for (const Placeholder& p : placeholders(en)) {
            CAPTURE(p.index);
            CHECK(placeholders(ko).count(p) == 1);
        }

        // Filled with distinct values, both texts show every one of them.
        gb::EventLog log;
        Event e;
        e.msg = m;
        for (const Placeholder& p : placeholders(en)) {
            REQUIRE(p.index < static_cast<int>(gb::kEventArgs));
            e.args[static_cast<size_t>(p.index)] = sample(log, p.type, p.index);
        }
        std::string en_text = gb::event_text(e, log, Lang::En);
        std::string ko_text = gb::event_text(e, log, Lang::Ko);
        CAPTURE(en_text);
        CAPTURE(ko_text);
        CHECK(en_text.find('{') == std::string::npos);
        CHECK(ko_text.find('{') == std::string::npos);
        CHECK(has_hangul(ko_text));
        for (const Placeholder& p : placeholders(en)) {
            std::string en_arg = gb::event_arg_text(e, log, p.type, p.index, Lang::En);
            std::string ko_arg = gb::event_arg_text(e, log, p.type, p.index, Lang::Ko);
            CAPTURE(en_arg);
            CAPTURE(ko_arg);
            CHECK(!en_arg.empty());
            CHECK(en_text.find(en_arg) != std::string::npos);
            CHECK(ko_text.find(ko_arg) != std::string::npos);
        }
    }
}

TEST_CASE("event words: the argument words say what the argument is, in each language") {
    gb::EventLog log;
    Event e;
    e.msg = Msg::BlockIo;
    e.args = {2, 5, static_cast<int64_t>(gb::IoOp::Read),
              8, 3, static_cast<int64_t>(gb::FdKind::PipeRead) | int64_t{1} << 8};
    CHECK(gb::event_text(e, log, Lang::En) ==
          "thread 2 blocks on I/O (request 5: read 8 bytes, fd 3 (pipe 1 (read end)))");
    CHECK(gb::event_text(e, log, Lang::Ko) ==
          "스레드 2 대기: 입출력 (요청 5: 읽기 8바이트, fd 3 (파이프 1 (읽기 끝)))");
    e.msg = Msg::PollReturns;
    e.args = {4,
              1,
              5,
              int64_t{3 + 1} << 8 | gb::kPollIn,
              int64_t{0 + 1} << 8 | gb::kPollIn | gb::kPollHup,
              -1};
    CHECK(gb::event_text(e, log, Lang::En) ==
          "thread 4: the readiness wait on set 1 returns 5 ready: fd 3 (in), fd 0 (in+hup), …");
    CHECK(gb::event_text(e, log, Lang::Ko).find("fd 3 (입력), fd 0 (입력+끊김), …") !=
          std::string::npos);
}

TEST_CASE("event words: the I/O summary names answered and planned requests in the right order") {
    // The Korean once said "20 of 9": 요청 {planned}개 중 {answered}개.
    CHECK(gb::io_summary_text(3, 9, 20, 1, Lang::En) ==
          "3 clients · 9 of 20 requests answered · 1 lost");
    CHECK(gb::io_summary_text(3, 9, 20, 1, Lang::Ko) ==
          "클라이언트 3개 · 요청 20개 중 9개 응답 · 1개 유실");
}

TEST_CASE("event words: a machine's events, fault and deadlock worded in both languages") {
    gb::Machine m = gbtest::boot_file("programs/deadlock.s");
    auto r = m.run(10000);
    REQUIRE(r.reason == gb::StopReason::Deadlock);
    // The deadlock event carries its numbers: 3 blocked threads, a cycle of 2.
    const Event& last = m.log.events.back();
    REQUIRE(last.kind == gb::EventKind::Deadlock);
    CHECK(last.args[0] == 3);
    CHECK(last.args[1] == 2);
    std::string en = gb::deadlock_report(m, Lang::En), ko = gb::deadlock_report(m, Lang::Ko);
    CHECK(en.find("wait-for cycle: thread 2 → mutex 2 'second' (owned by thread 3) → thread 3 → "
                  "mutex 1 'first' (owned by thread 2) → thread 2") != std::string::npos);
    CHECK(ko.find("대기 순환: 스레드 2 → 뮤텍스 2 'second' (소유: 스레드 3) → 스레드 3 → "
                  "뮤텍스 1 'first' (소유: 스레드 2) → 스레드 2") != std::string::npos);
    CHECK(ko.find("스레드 1 (프로세스 1) 대기: join (스레드 2의 끝을 기다림)") !=
          std::string::npos);
    // Every block event names its thread, and the words name the same thread.
    int blocks = 0;
    for (const Event& e : m.log.events)
        if (e.kind == gb::EventKind::Block) {
            ++blocks;
            CHECK(gb::event_text(e, m.log, Lang::En)
                      .starts_with("thread " + std::to_string(e.tid) + " blocks on "));
            CHECK(gb::event_text(e, m.log, Lang::Ko)
                      .starts_with("스레드 " + std::to_string(e.tid) + " 대기: "));
        }
    CHECK(blocks >= 3);

    gb::FaultReport f{gb::Fault::BadAddress, 1, 2, 0x10008, 0x0, 50, "a.s:3: load r1, [r2]"};
    CHECK(gb::fault_report_text(f, Lang::En) ==
          "process 1 killed by a fault: bad address in thread 2 at pc 0x10008 (address 0x00000)\n"
          "           at a.s:3: load r1, [r2]");
    std::string kf = gb::fault_report_text(f, Lang::Ko);
    CHECK(kf.find(std::string(gb::fault_name_ko(gb::Fault::BadAddress))) != std::string::npos);
    CHECK(kf.find("스레드 2") != std::string::npos);
    CHECK(kf.find("0x10008") != std::string::npos);
}

// --- the event log's shared history -------------------------------------------

namespace {
Event numbered(uint64_t i) {
    Event e;
    e.cycle = i;
    e.kind = gb::EventKind::Note;
    e.msg = Msg::ThreadArrives;
    e.tid = static_cast<int>(i % 7);
    e.args[0] = static_cast<int64_t>(i);
    return e;
}
} // namespace

TEST_CASE("event log: copying a machine shares the history's chunks; the copies then diverge") {
    gb::Machine m = gbtest::boot(".text\nmain: li r1, 0\n sys exit\n");
    const size_t before = m.log.events.size();
    for (uint64_t i = 0; i < 100000; ++i)
        m.log.add(numbered(i));
    REQUIRE(m.log.events.size() == before + 100000);
    const auto& chunks = m.log.events.chunks();
    REQUIRE(chunks.size() == (before + 100000) / gb::EventSeq::kChunk);
    CHECK(m.log.events.tail_size() < gb::EventSeq::kChunk);

    gb::Machine copy = m; // a checkpoint
    const auto& copied = copy.log.events.chunks();
    REQUIRE(copied.size() == chunks.size());
    size_t shared_bytes = 0;
    for (size_t c = 0; c < chunks.size(); ++c) {
        CHECK(copied[c].get() == chunks[c].get()); // the same memory, not a copy
        CHECK(chunks[c].use_count() == 2);
        shared_bytes += chunks[c]->size() * sizeof(Event);
    }
    CHECK(shared_bytes >= 95000 * sizeof(Event));
    REQUIRE(copy.log.events.size() == m.log.events.size());
    for (size_t i = 0; i < m.log.events.size(); ++i)
        REQUIRE(copy.log.events[i] == m.log.events[i]);

    // Appending to one does not change the other, even past a chunk boundary.
    for (uint64_t i = 0; i < gb::EventSeq::kChunk + 5; ++i)
        copy.log.add(numbered(900000 + i));
    CHECK(m.log.events.size() == before + 100000);
    CHECK(m.log.events.back().args[0] == 99999);
    CHECK(copy.log.events.back().args[0] == 900000 + gb::EventSeq::kChunk + 4);
    m.log.add(numbered(123));
    CHECK(m.log.events.back().args[0] == 123);
    CHECK(copy.log.events[before + 100000].args[0] == 900000);

    // A name added by the copy is the copy's alone.
    int id = copy.log.intern("only in the copy");
    CHECK(copy.log.str(id) == "only in the copy");
    CHECK(m.log.str(id).empty());
}

TEST_CASE("event log: past the limit the oldest half is dropped, as with one vector") {
    for (size_t limit : {size_t{1000}, size_t{10000}, size_t{20000}}) {
        CAPTURE(limit);
        gb::EventLog log;
        log.limit = limit;
        std::vector<Event> model; // the old log: one vector, halved when full
        uint64_t model_dropped = 0;
        for (uint64_t i = 0; i < 50000; ++i) {
            if (model.size() >= limit) {
                size_t n = model.size() / 2;
                model.erase(model.begin(), model.begin() + static_cast<long>(n));
                model_dropped += n;
            }
            model.push_back(numbered(i));
            log.add(numbered(i));
        }
        CHECK(log.dropped == model_dropped);
        REQUIRE(log.events.size() == model.size());
        for (size_t i = 0; i < model.size(); ++i)
            REQUIRE(log.events[i] == model[i]);
        CHECK(log.events.front().args[0] == static_cast<int64_t>(model_dropped));
        CHECK(std::equal(log.events.begin(), log.events.end(), model.begin(), model.end()));
    }
}

TEST_CASE("event words: the CLI's --events names every event's process and thread, in --lang") {
    auto run = [](const std::string& args) {
        std::string cmd =
            std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI " run programs/deadlock.s ") +
            args;
        FILE* p = popen(cmd.c_str(), "r");
        REQUIRE(p != nullptr);
        std::string out;
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0)
            out.append(buf, n);
        pclose(p);
        return out;
    };
    std::string en = run("--events block");
    CHECK(en.find("  block         p1  t2  thread 2 blocks on mutex 2\n") != std::string::npos);
    CHECK(en.find("  block         p1  t3  thread 3 blocks on mutex 1\n") != std::string::npos);
    CHECK(en.find("wait-for cycle: thread 2 → mutex 2 'second'") != std::string::npos);
    std::string ko = run("--events block --lang ko");
    CHECK(ko.find("  block         p1  t2  스레드 2 대기: 뮤텍스 2\n") != std::string::npos);
    CHECK(ko.find("대기 순환: 스레드 2 → 뮤텍스 2 'second' (소유: 스레드 3)") != std::string::npos);
}

TEST_CASE("event words: the fault banner names the fault, thread, process, pc and address") {
    gb::Machine m = gbtest::boot(".text\nmain: li r1, 0\n load r2, [r1]\n halt\n");
    REQUIRE(m.run(100).reason == gb::StopReason::Fault);
    const gb::FaultReport& f = m.last_fault;
    REQUIRE(f.fault == gb::Fault::BadAddress);
    std::string en = gb::fault_banner_text(m, f, Lang::En);
    std::string ko = gb::fault_banner_text(m, f, Lang::Ko);
    CHECK(en.starts_with("Fault: bad address — thread t1 main of process 1 at PC 0x"));
    CHECK(en.find("address 0x00000. The kernel killed the process.") != std::string::npos);
    CHECK(ko.starts_with("폴트: " + std::string(gb::fault_name_ko(gb::Fault::BadAddress)) +
                         " — 프로세스 1의 스레드 t1 main, PC 0x"));
    CHECK(ko.find(fmt::format("PC 0x{:05x}, 주소 0x00000", f.pc)) != std::string::npos);
    CHECK(en.find(fmt::format("PC 0x{:05x}", f.pc)) != std::string::npos);
    if (!f.source.empty()) {
        CHECK(en.find("\nSource: " + f.source) != std::string::npos);
        CHECK(ko.find("\n소스: " + f.source) != std::string::npos);
    }
}
