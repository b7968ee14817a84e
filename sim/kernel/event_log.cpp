#include "sim/kernel/event_log.h"

#include <algorithm>

namespace gb {

std::string_view event_kind_name(EventKind k) {
    switch (k) {
    case EventKind::Switch: return "switch";
    case EventKind::Syscall: return "syscall";
    case EventKind::Block: return "block";
    case EventKind::Wake: return "wake";
    case EventKind::Fault: return "fault";
    case EventKind::ThreadStart: return "thread-start";
    case EventKind::ThreadExit: return "thread-exit";
    case EventKind::ProcessStart: return "process-start";
    case EventKind::ProcessExit: return "process-exit";
    case EventKind::Timer: return "timer";
    case EventKind::Io: return "io";
    case EventKind::Deadlock: return "deadlock";
    case EventKind::Note: return "note";
    }
    return "?";
}

std::string_view switch_reason_name(SwitchReason r) {
    switch (r) {
    case SwitchReason::Start: return "start";
    case SwitchReason::Timer: return "timer";
    case SwitchReason::Block: return "block";
    case SwitchReason::Yield: return "yield";
    case SwitchReason::Exit: return "exit";
    case SwitchReason::Idle: return "idle";
    case SwitchReason::Preempt: return "preempt";
    }
    return "?";
}

void EventSeq::push_back(Event e) {
    tail_.push_back(std::move(e));
    if (tail_.size() == kChunk) {
        // The tail is full: freeze it into a chunk every copy can share.
        chunks_.push_back(std::make_shared<const Chunk>(std::move(tail_)));
        tail_ = Chunk();
        tail_.reserve(kChunk);
    }
}

void EventSeq::drop_oldest(size_t n) {
    n = std::min(n, size());
    while (n && !chunks_.empty()) {
        size_t in_first = kChunk - skip_;
        if (n < in_first) {
            skip_ += n;
            return;
        }
        n -= in_first;
        chunks_.erase(chunks_.begin());
        skip_ = 0;
    }
    tail_.erase(tail_.begin(), tail_.begin() + static_cast<std::ptrdiff_t>(n));
}

void EventSeq::clear() {
    chunks_.clear();
    skip_ = 0;
    tail_.clear();
}

void EventLog::add(const Event& e) {
    if (events.size() >= limit) {
        // Drop the oldest half at once so adding stays cheap on average.
        size_t n = events.size() / 2;
        events.drop_oldest(n);
        dropped += n;
    }
    events.push_back(e);
}

int EventLog::intern(std::string_view s) {
    if (strings_) {
        auto it = strings_->index.find(s);
        if (it != strings_->index.end()) return it->second;
    }
    // A new name: copy the table first if another log shares it.
    if (!strings_)
        strings_ = std::make_shared<EventStrings>();
    else if (strings_.use_count() > 1)
        strings_ = std::make_shared<EventStrings>(*strings_);
    int id = static_cast<int>(strings_->list.size());
    strings_->list.emplace_back(s);
    strings_->index.emplace(std::string(s), id);
    return id;
}

std::string_view EventLog::str(int64_t index) const {
    if (!strings_ || index < 0 || index >= static_cast<int64_t>(strings_->list.size())) return {};
    return strings_->list[static_cast<size_t>(index)];
}

} // namespace gb
