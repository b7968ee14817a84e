// The words for what the machine reports: events (sim/kernel/event_log.h),
// fault reports and deadlock reports are data in the machine; this module
// turns them into English or Korean text when they are shown (the
// dashboard in its current language, the CLI, the trace export).
#pragma once

#include "sim/kernel/machine.h"

#include <string>
#include <string_view>
#include <vector>

namespace gb {

enum class Lang : uint8_t { En, Ko };

// The message's template: {N} is argument N in decimal; a letter before N
// words it another way (x hex, s a name from the string table, r a block
// reason, f a fault, d an fd description, o an I/O operation, h a request's
// mode, e poll events, l a list of ready fds (arguments N and on), c a
// syscall, q a byte quota or none, u a CPU quota of N every N+1 cycles,
// w a reason (sim/kernel/why.h: its id, then its arguments from N+1 on),
// n what needed memory).
std::string_view msg_template(Msg m, Lang lang);
std::string_view msg_id(Msg m); // "BlocksOn": the enum's name, for JSON and tests
// One placeholder's words ("{d2}" → type 'd', index 2) for event `e`.
std::string event_arg_text(const Event& e, const EventLog& log, char type, int index, Lang lang);

// Template `t` with its placeholders filled from e's arguments.
std::string format_template(std::string_view t, const Event& e, const EventLog& log, Lang lang);

// The event in words: "thread 2 blocks on mutex 1" / "스레드 2 대기: 뮤텍스 1".
std::string event_text(const Event& e, const EventLog& log, Lang lang);
// The same for an event of `m`'s log (its names are in m.log).
std::string event_text(const Machine& m, const Event& e, Lang lang = Lang::En);

// Small words the panels share.
std::string_view block_reason_text(BlockReason r, Lang lang);
std::string_view fault_text(Fault f, Lang lang);
std::string_view event_kind_text(EventKind k, Lang lang);
std::string_view switch_reason_text(SwitchReason r, Lang lang);

// "bad address at pc 0x10008 (prog.s:12: load r1, [r2]), address 0x0: process 1, thread 1"
std::string fault_report_text(const FaultReport& f, Lang lang);
// The fault's source line; past the end of the code, the file and what happened:
// "run_off_end.s: past the last instruction: the program ran off the end of its code ...".
std::string fault_source_text(const FaultReport& f, Lang lang);
// The dashboard's fault banner: "Fault: bad address — thread t2 worker of process 1 at PC
// 0x01008, address 0x00000. The kernel killed the process." and the source line.
std::string fault_banner_text(const Machine& m, const FaultReport& f, Lang lang);
// An I/O request: "read 8 bytes, fd 3 (pipe 1 (read end))".
std::string io_request_text(const Machine& m, const IoRequest& r, Lang lang);
// The I/O panel's summary line: "3 clients · 9 of 20 requests answered · 0 lost".
std::string io_summary_text(int clients, int answered, int total, int lost, Lang lang);

// The deadlock report, from the machine's state: the wait-for cycle, then
// what every blocked thread waits on.
std::string deadlock_report(const Machine& m, Lang lang);
// "thread 2 → mutex 1 (owned by thread 3) → thread 3 → ... → thread 2"
std::string wait_cycle_text(const Machine& m, const std::vector<WaitStep>& cycle, Lang lang);

// Reasons (sim/kernel/why.h, teach/stop_words.cpp): why a system call
// failed or the machine paused. The template uses the event placeholders
// over the reason's own arguments.
std::string_view why_template(Why w, Lang lang);
std::string_view why_id(Why w); // "ThreadLimit": the enum's name, for tests
std::string_view need_template(Need n, Lang lang);
// What needed memory, from a need_word(): "a heap of 4096 bytes".
std::string need_text(int64_t word, const EventLog& log, Lang lang);
// "thread limit reached: process 1 already has 8 live threads, ..."
std::string reason_text(const Reason& r, const EventLog& log, Lang lang);
std::string reason_text(const Machine& m, const Reason& r, Lang lang = Lang::En);
// Why the machine last stopped, if the kernel said (m.stop_why); "" if not.
std::string stop_text(const Machine& m, Lang lang = Lang::En);
std::vector<std::string_view> stop_words_korean();

// Every Korean word this module can print (for the dashboard's font).
std::vector<std::string_view> event_words_korean();

} // namespace gb
