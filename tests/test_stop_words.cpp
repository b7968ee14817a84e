// Reasons are data (sim/kernel/why.h); teach/stop_words.cpp words them.
// Every reason id (why a system call failed, why the machine paused) and
// every "for what" of a memory limit has Korean words with Hangul and no
// English sentence left, naming the same arguments in the right places.
#include "helpers.h"
#include "teach/event_words.h"
#include "teach/instr_words.h"
#include "teach/loader.h"
#include "teach/session.h"

#include "word_checks.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

using gb::Lang;
using gb::Why;
using gbtest::has_hangul;
using gbtest::Placeholder;
using gbtest::placeholders;

namespace {

// The English words left in a Korean template: runs of Latin letters that
// are not part of an identifier (Config::limits.max_file_bytes, read_async,
// memlayout.h, --input), not an acronym (OOM, POLL_IN) and not a system
// call's or a register's name (spawn, accept, r1, sp, fd).
std::vector<std::string> english_words(std::string_view ko) {
    std::string t;
    for (size_t p = 0; p < ko.size(); ++p) { // placeholders out
        if (ko[p] == '{') {
            size_t close = ko.find('}', p);
            if (close != std::string_view::npos) {
                t += ' ';
                p = close;
                continue;
            }
        }
        t += ko[p];
    }
    std::set<std::string> allowed = {"fd", "pc", "pid", "sp", "fp", "tp"};
    for (const gb::SyscallInfo& s : gb::syscall_table())
        allowed.insert(std::string(s.name));
    auto ident_char = [](char c) {
        return c == '_' || c == ':' || c == '.' || c == '-' || c == '/' ||
               std::isdigit(static_cast<unsigned char>(c));
    };
    std::vector<std::string> out;
    for (size_t p = 0; p < t.size();) {
        if (!std::isalpha(static_cast<unsigned char>(t[p]))) {
            ++p;
            continue;
        }
        size_t q = p;
        while (q < t.size() && (std::isalnum(static_cast<unsigned char>(t[q])) || t[q] == '_'))
            ++q;
        std::string w = t.substr(p, q - p);
        bool identifier = (p > 0 && ident_char(t[p - 1])) || (q < t.size() && ident_char(t[q])) ||
                          w.find('_') != std::string::npos ||
                          std::any_of(w.begin(), w.end(), [](char c) {
                              return std::isdigit(static_cast<unsigned char>(c));
                          }); // r1, x10
        bool acronym = std::all_of(w.begin(), w.end(), [](char c) {
            return std::isupper(static_cast<unsigned char>(c)) || c == '_' ||
                   std::isdigit(static_cast<unsigned char>(c));
        });
        if (!identifier && !acronym && !allowed.count(w)) out.push_back(w);
        p = q;
    }
    return out;
}

// A distinct value per argument, so a dropped or swapped argument shows.
int64_t sample(gb::EventLog& log, char type, int index) {
    switch (type) {
    case 's': return log.intern("name" + std::to_string(index));
    case 'd': return static_cast<int64_t>(gb::FdKind::PipeRead) | int64_t{index + 7} << 8;
    case 'x': return 0x1f00 + index;
    case 'n': return gb::need_word(gb::Need::Heap, 4096 + index);
    default: return 7001 + 111 * index;
    }
}

} // namespace

TEST_CASE("stop words: every reason id has Korean words with Hangul and the same arguments") {
    REQUIRE(gb::kWhyCount > 50);
    std::set<std::string> seen;
    for (int i = 0; i < gb::kWhyCount; ++i) {
        const Why w = static_cast<Why>(i);
        const std::string_view en = gb::why_template(w, Lang::En),
                               ko = gb::why_template(w, Lang::Ko);
        CAPTURE(gb::why_id(w));
        CAPTURE(ko);
        CHECK(gb::why_id(w) != "?");
        if (w == Why::None) {
            CHECK(en.empty());
            continue;
        }
        REQUIRE(!en.empty());
        CHECK(en != "?");
        CHECK(ko != "?");
        // Text carries words from outside the machine (an assembler's error) as they are.
        if (w != Why::Text) {
            CHECK(ko != en);
            CHECK(has_hangul(ko));
            CHECK(english_words(ko).empty());
        }
        CHECK(seen.insert(std::string(ko)).second); // no two ids share their words
        // The same arguments, each worded the same way (type per index).
        CHECK(placeholders(ko).size() == placeholders(en).size());
        for (const Placeholder& p : placeholders(en)) {
            CAPTURE(p.index);
            REQUIRE(p.index < static_cast<int>(gb::kWhyArgs));
            CHECK(placeholders(ko).count(p) == 1);
        }

        // Filled with distinct values, both languages show every one.
        gb::EventLog log;
        gb::Reason r{w, {}};
        for (const Placeholder& p : placeholders(en))
            r.args[static_cast<size_t>(p.index)] = sample(log, p.type, p.index);
        const std::string en_text = gb::reason_text(r, log, Lang::En);
        const std::string ko_text = gb::reason_text(r, log, Lang::Ko);
        CAPTURE(ko_text);
        CHECK(en_text.find('{') == std::string::npos);
        CHECK(ko_text.find('{') == std::string::npos);
        CHECK(ko_text.find('?') == std::string::npos);
        for (const Placeholder& p : placeholders(en)) {
            gb::Event e;
            e.args = {r.args[0], r.args[1], r.args[2], r.args[3], r.args[4], 0};
            CHECK(en_text.find(gb::event_arg_text(e, log, p.type, p.index, Lang::En)) !=
                  std::string::npos);
            CHECK(ko_text.find(gb::event_arg_text(e, log, p.type, p.index, Lang::Ko)) !=
                  std::string::npos);
        }
    }
}

TEST_CASE("stop words: the check for English words left in Korean can fail") {
    CHECK(english_words("스레드 {0}: thread limit reached").size() == 3);
    CHECK(english_words("{s0}: 파일 '{s1}' (Config::limits.max_file_bytes, read_async를, "
                        "OOM 킬러, spawn, --input, memlayout.h)")
              .empty());
}

TEST_CASE("stop words: every 'for what' of a memory limit has Korean words") {
    gb::EventLog log;
    for (int i = 0; i < gb::kNeedCount; ++i) {
        const auto n = static_cast<gb::Need>(i);
        std::string_view ko = gb::need_template(n, Lang::Ko);
        CAPTURE(ko);
        CHECK(has_hangul(ko));
        CHECK(english_words(ko).empty());
        CHECK(gb::need_template(n, Lang::En) != "?");
    }
    CHECK(gb::need_text(gb::need_word(gb::Need::Heap, 8192), log, Lang::En) ==
          "a heap of 8192 bytes");
    CHECK(gb::need_text(gb::need_word(gb::Need::Heap, 8192), log, Lang::Ko) ==
          "8192바이트 크기의 힙");
    const int64_t lib = log.intern("libprint.s");
    CHECK(gb::need_text(gb::need_word(gb::Need::Library, lib), log, Lang::Ko) ==
          "라이브러리 'libprint.s'");
    CHECK(gb::need_text(int64_t{99} << 48, log, Lang::Ko) == "?");
}

TEST_CASE("stop words: arguments land in their places in both languages") {
    gb::EventLog log;
    auto both = [&](gb::Reason r) {
        return std::pair{gb::reason_text(r, log, Lang::En), gb::reason_text(r, log, Lang::Ko)};
    };
    // Process 3 already has 8 live threads (not process 8 with 3).
    auto [en, ko] = both(gb::because(Why::ThreadLimit, 3, 8));
    CHECK(en == "thread limit reached: process 3 already has 8 live threads, the most one process "
                "may have (Config::limits.max_threads_per_process)");
    CHECK(ko.find("프로세스 3에 살아 있는 스레드가 이미 8개") != std::string::npos);
    // mutex 2, owned by thread 5, unlocked by thread 4.
    std::tie(en, ko) = both(gb::because(Why::UnlockNotOwner, 4, 2, 5));
    CHECK(en == "mutex_unlock: thread 4 does not own mutex 2 (thread 5 does)");
    CHECK(ko == "mutex_unlock: 스레드 4은(는) 뮤텍스 2의 주인이 아님 (주인은 스레드 5)");
    // The memory limit: process, bytes it would use, the limit, what needed it.
    std::tie(en, ko) =
        both(gb::because(Why::MemoryLimit, 1, 600000, 524288, gb::need_word(gb::Need::Stack)));
    CHECK(en == "memory limit reached: process 1 would use 600000 bytes with another thread's "
                "stack, but a process may use at most 524288 "
                "(Config::limits.max_memory_per_process)");
    CHECK(ko.find("프로세스 1이(가) 스레드 하나의 스택까지 더하면 600000바이트") !=
          std::string::npos);
    CHECK(ko.find("최대 524288바이트") != std::string::npos);
    // A file name and a call's name as strings; a pipe's read end as an fd description.
    std::tie(en, ko) = both(
        gb::because(Why::FileBytesLimit, log.intern("write"), log.intern("out.txt"), 70000, 65536));
    CHECK(ko.find("write 호출로 'out.txt'이(가) 70000바이트") != std::string::npos);
    CHECK(ko.find("max_file_bytes = 65536") != std::string::npos);
    std::tie(en, ko) = both(gb::because(Why::FdNotForWriting, log.intern("write"), 3,
                                        static_cast<int64_t>(gb::FdKind::PipeRead) | 2 << 8));
    CHECK(en == "write: fd 3 (pipe 2 (read end)) is not for writing");
    CHECK(ko == "write: fd 3 (파이프 2 (읽기 끝))은(는) 쓰기용이 아님");
}

TEST_CASE("stop words: a failed call in an event names its reason, then its arguments") {
    // mutex_unlock of a mutex nobody holds: the call fails, the process runs on.
    gb::Machine m = gbtest::boot(R"(
main:   li r1, 0
        sys mutex_create
        mov r1, r0
        sys mutex_unlock
        li r1, 0
        sys exit
)");
    m.run(1000);
    const gb::Event* failed = nullptr;
    for (const gb::Event& e : m.log.events)
        if (e.msg == gb::Msg::SyscallFailed) failed = &e;
    REQUIRE(failed != nullptr);
    CHECK(failed->args[0] == static_cast<int64_t>(Why::UnlockNotLocked));
    CHECK(gb::event_text(m, *failed, Lang::En) == "mutex_unlock: mutex 1 is not locked");
    CHECK(gb::event_text(m, *failed, Lang::Ko) ==
          "시스템 호출 실패: mutex_unlock: 뮤텍스 1은(는) 잠겨 있지 않음");
}

TEST_CASE("stop words: a limit pauses the machine with a reason worded in both languages") {
    gb::Config cfg;
    cfg.limits.max_threads_per_process = 2;
    gb::Machine m = gbtest::boot(R"(
main:   li r1, worker
        li r2, 0
        sys thread_create
        li r1, worker
        sys thread_create
        li r1, 0
        sys exit
worker: li r1, 0
        sys thread_exit
)",
                                 cfg);
    gb::RunResult r = m.run(10000);
    CHECK(r.reason == gb::StopReason::Paused);
    CHECK(m.stop_why.why == Why::ThreadLimit);
    CHECK(gb::stop_text(m).find("thread limit reached: process 1 already has 2 live threads") == 0);
    CHECK(gb::stop_text(m, Lang::Ko)
              .find("스레드 한도 도달: 프로세스 1에 살아 있는 스레드가 이미 "
                    "2개") == 0);
    // The event log keeps the pause as a reason too.
    bool paused = false;
    for (const gb::Event& e : m.log.events)
        if (e.msg == gb::Msg::Paused) {
            paused = true;
            CHECK(gb::event_text(m, e, Lang::Ko).find("멈춤: 스레드 한도 도달") == 0);
            CHECK(gb::event_text(m, e, Lang::En) == gb::stop_text(m));
        }
    CHECK(paused);
}

TEST_CASE("instruction words: every instruction in Korean, a system call by its name") {
    for (const gb::OpInfo& op : gb::isa_table()) {
        gb::Instr in{op.op, 1, 2, 3, 16};
        std::string ko = gb::instruction_words(in, Lang::Ko);
        CAPTURE(op.mnemonic);
        CAPTURE(ko);
        CHECK(!ko.empty());
        CHECK(ko.find('{') == std::string::npos);
        CHECK(english_words(ko).empty());
        CHECK(gb::instruction_words(in, Lang::En).find('{') == std::string::npos);
    }
    // Registers and operands in their places: r1 ← [r2 + 16], compare r2 with r3.
    CHECK(gb::instruction_words({gb::Op::Load, 1, 2, 0, 16}, Lang::Ko) == "로드 r1 ← [r2 + 16]");
    CHECK(gb::instruction_words({gb::Op::Cmp, 0, 2, 3, 0}, Lang::Ko) == "r2와(과) r3 비교");
    CHECK(gb::instruction_words({gb::Op::Blt, 0, 0, 0, 0x1010}, Lang::Ko) ==
          "작으면 0x1010로 점프");
    CHECK(gb::instruction_words({gb::Op::Cmp, 0, 2, 3, 0}, Lang::En) ==
          gb::describe({gb::Op::Cmp, 0, 2, 3, 0}));
    // sys 0 is exit: named, not "system call 0".
    const gb::Instr exit_call{gb::Op::Sys, 0, 0, 0, 0};
    CHECK(gb::instruction_words(exit_call, Lang::Ko, false) == "시스템 호출 0: exit");
    CHECK(gb::instruction_words(exit_call, Lang::En, false) == "system call 0: exit");
    CHECK(gb::instruction_words(exit_call, Lang::Ko).find("exit — ") != std::string::npos);
    CHECK(has_hangul(gb::instruction_words(exit_call, Lang::Ko)));
    CHECK(gb::instruction_words({gb::Op::Sys, 0, 0, 0, 999}, Lang::Ko) ==
          "시스템 호출 999: 알 수 없는 번호");
}

TEST_CASE("stop words: a spawn outside the sandbox says why in both languages") {
    gb::Machine m = gbtest::boot(R"(
.data
p: .string "/etc/passwd"
.text
main:   li r1, p
        sys spawn
        li r1, 0
        sys exit
)");
    gb::install_file_loaders(m, GLASSBOX_SOURCE_DIR "/programs/hello.s");
    m.run(1000);
    const gb::Event* failed = nullptr;
    for (const gb::Event& e : m.log.events)
        if (e.msg == gb::Msg::SpawnFailed) failed = &e;
    REQUIRE(failed != nullptr);
    CHECK(failed->args[1] == static_cast<int64_t>(Why::OutsideRoots));
    CHECK(gb::event_text(m, *failed, Lang::En) ==
          "spawn '/etc/passwd' failed: '/etc/passwd' is outside the folders a program may read "
          "(its own folder, programs/ and the lessons; GLASSBOX_ROOTS adds more)");
    CHECK(gb::event_text(m, *failed, Lang::Ko)
              .find("spawn '/etc/passwd' 실패: '/etc/passwd'은(는) 프로그램이 읽을 수 있는 폴더 "
                    "밖에 있음") == 0);
}
