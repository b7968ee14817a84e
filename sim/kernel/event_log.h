// The event log: every context switch, syscall, block, wake-up, fault and
// exit, stamped with the cycle. The dashboard's timeline is drawn from it.
//
// Events are data, not text: a message id (Msg) and the numbers it needs.
// The machine never formats an event; teach/event_words.h words it in
// English or Korean when it is shown. The history is kept in immutable
// shared chunks, so copying a machine (a checkpoint) copies only the
// newest events and the chunk pointers.
#pragma once

#include "sim/kernel/event_msg.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gb {

enum class EventKind : uint8_t {
    Switch,  // a core changed threads: tid = incoming (0 = idle), other = outgoing
    Syscall, // msg names the call or its failure
    Block,   // msg names what the thread waits on
    Wake,
    Fault,
    ThreadStart,
    ThreadExit,
    ProcessStart, // other = parent pid
    ProcessExit,
    Timer, // a timer interrupt that preempted a thread
    Io,    // device requests and completions
    Deadlock,
    Note,
};
std::string_view event_kind_name(EventKind k);

// Why a core switched threads. Timer: the time slice (or the MLFQ allotment)
// ran out. Preempt: a thread the policy prefers became ready (STCF, priority, MLFQ).
enum class SwitchReason : uint8_t { Start, Timer, Block, Yield, Exit, Idle, Preempt };
std::string_view switch_reason_name(SwitchReason r);

constexpr size_t kEventArgs = 6;

struct Event {
    uint64_t cycle = 0;
    EventKind kind = EventKind::Note;
    SwitchReason reason = SwitchReason::Start; // for Switch
    Msg msg = Msg::Text;
    int core = -1;
    int pid = 0;
    int tid = 0;
    int other = 0;
    // The message's numbers, in the order event_msg.h lists them. A name
    // (a file, a container) is an index into the log's string table.
    std::array<int64_t, kEventArgs> args{};
    bool operator==(const Event&) const = default;
};

// Names the events mention (file, process, container names; the few
// messages that come from outside the machine), each stored once. Shared
// between copies of a log and copied only when a copy adds a new name.
struct EventStrings {
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::vector<std::string> list;
    std::unordered_map<std::string, int, Hash, std::equal_to<>> index;
};

// The events in order, oldest first: full chunks that never change (shared
// by every copy of the log) and a tail that grows.
class EventSeq {
  public:
    static constexpr size_t kChunk = 4096;
    using Chunk = std::vector<Event>;

    size_t size() const { return chunks_.size() * kChunk - skip_ + tail_.size(); }
    bool empty() const { return size() == 0; }
    const Event& operator[](size_t i) const {
        i += skip_;
        size_t c = i / kChunk;
        if (c < chunks_.size()) return (*chunks_[c])[i % kChunk];
        return tail_[i - chunks_.size() * kChunk];
    }
    const Event& front() const { return (*this)[0]; }
    const Event& back() const { return (*this)[size() - 1]; }

    class const_iterator {
      public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Event;
        using difference_type = std::ptrdiff_t;
        using pointer = const Event*;
        using reference = const Event&;
        const_iterator() = default;
        const_iterator(const EventSeq* s, size_t i) : s_(s), i_(i) {}
        reference operator*() const { return (*s_)[i_]; }
        pointer operator->() const { return &(*s_)[i_]; }
        reference operator[](difference_type n) const { return (*s_)[add(n)]; }
        const_iterator& operator++() { return ++i_, *this; }
        const_iterator operator++(int) { return {s_, i_++}; }
        const_iterator& operator--() { return --i_, *this; }
        const_iterator operator--(int) { return {s_, i_--}; }
        const_iterator& operator+=(difference_type n) { return i_ = add(n), *this; }
        const_iterator& operator-=(difference_type n) { return i_ = add(-n), *this; }
        const_iterator operator+(difference_type n) const { return {s_, add(n)}; }
        friend const_iterator operator+(difference_type n, const const_iterator& it) {
            return it + n;
        }
        const_iterator operator-(difference_type n) const { return {s_, add(-n)}; }
        difference_type operator-(const const_iterator& o) const {
            return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_);
        }
        bool operator==(const const_iterator& o) const { return i_ == o.i_; }
        auto operator<=>(const const_iterator& o) const { return i_ <=> o.i_; }

      private:
        size_t add(difference_type n) const {
            return static_cast<size_t>(static_cast<difference_type>(i_) + n);
        }
        const EventSeq* s_ = nullptr;
        size_t i_ = 0;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }
    using const_reverse_iterator = std::reverse_iterator<const_iterator>;
    const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
    const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

    void push_back(Event e);
    void drop_oldest(size_t n);
    void clear();
    // The full chunks (shared with copies of this log): for tests and memory figures.
    const std::vector<std::shared_ptr<const Chunk>>& chunks() const { return chunks_; }
    size_t tail_size() const { return tail_.size(); }

  private:
    std::vector<std::shared_ptr<const Chunk>> chunks_;
    size_t skip_ = 0; // events of chunks_[0] already dropped
    Chunk tail_;
};

struct EventLog {
    EventSeq events;
    size_t limit = 200000; // oldest events are dropped past this (dropped counts them)
    uint64_t dropped = 0;
    void add(const Event& e);
    // The index of `s` in the string table (added if new).
    int intern(std::string_view s);
    // The string at `index` ("" if there is none).
    std::string_view str(int64_t index) const;

  private:
    std::shared_ptr<EventStrings> strings_;
};

} // namespace gb
