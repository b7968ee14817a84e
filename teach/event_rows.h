// The events of a log that pass a test (the event-log panel's filter),
// kept up to date while the log grows: each update tests only the events
// added since the last one, and forgets the rows of events the log has
// dropped, so a frame costs what it added, not the whole log. No GUI here.
#pragma once

#include "sim/kernel/event_log.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace gb {

class EventRows {
  public:
    // `key` names the test (the filter's text, kinds, language, the
    // machine's generation): a different key, or a log shorter than the
    // one read, starts again from the oldest event.
    template <class Pass> void update(const EventLog& log, const std::string& key, Pass pass) {
        uint64_t end = log.dropped + log.events.size();
        if (key != key_ || end < read_) {
            rows_.clear();
            key_ = key;
            read_ = log.dropped;
        }
        // Events the log dropped since: their rows go.
        rows_.erase(rows_.begin(), std::lower_bound(rows_.begin(), rows_.end(), log.dropped));
        for (uint64_t n = std::max(read_, log.dropped); n < end; ++n)
            if (pass(log.events[static_cast<size_t>(n - log.dropped)])) rows_.push_back(n);
        read_ = end;
    }
    // Forget everything (the next update reads the whole log).
    void clear() {
        rows_.clear();
        key_.clear();
        read_ = UINT64_MAX;
    }
    size_t size() const { return rows_.size(); }
    // The index in log.events of row `r`.
    size_t index(const EventLog& log, size_t r) const {
        return static_cast<size_t>(rows_[r] - log.dropped);
    }

  private:
    std::vector<uint64_t> rows_; // events counted from the log's first ever (dropped ones too)
    std::string key_;
    uint64_t read_ = UINT64_MAX; // events looked at, counted the same way
};

} // namespace gb
