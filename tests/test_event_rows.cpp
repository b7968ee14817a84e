// The event-log panel's filtered rows (teach/event_rows.h): extended chunk
// by chunk while the log grows and drops its oldest half, they are the
// events a scan of the whole log would pick, in order.
#include "helpers.h"

#include "teach/event_rows.h"

namespace {

std::vector<size_t> scan(const gb::EventLog& log, bool (*pass)(const gb::Event&)) {
    std::vector<size_t> out;
    for (size_t i = 0; i < log.events.size(); ++i)
        if (pass(log.events[i])) out.push_back(i);
    return out;
}

std::vector<size_t> rows_of(const gb::EventRows& rows, const gb::EventLog& log) {
    std::vector<size_t> out;
    for (size_t r = 0; r < rows.size(); ++r)
        out.push_back(rows.index(log, r));
    return out;
}

bool switches_to_t2(const gb::Event& e) {
    return e.kind == gb::EventKind::Switch && e.tid == 2;
}
bool not_switches(const gb::Event& e) {
    return e.kind != gb::EventKind::Switch;
}

} // namespace

TEST_CASE("filtered event rows extended with each chunk equal a scan of the whole log") {
    gb::Config cfg;
    cfg.timer_period = 7;
    cfg.cores = 2;
    gb::Machine m = gbtest::boot_file("programs/lessons/06_thread_pool.s", cfg);
    m.log.limit = 500; // drops its oldest half many times over the run
    gb::EventRows rows;
    int compared = 0;
    for (int chunk = 0; chunk < 80 && !m.all_done(); ++chunk) {
        m.run(250);
        // The test changes half-way: the rows start again under the new key.
        bool first_half = chunk < 30;
        auto pass = first_half ? switches_to_t2 : not_switches;
        rows.update(m.log, first_half ? "t2" : "not switches", pass);
        CAPTURE(chunk);
        REQUIRE(rows_of(rows, m.log) == scan(m.log, pass));
        compared += rows.size() > 0 ? 1 : 0;
    }
    CHECK(m.log.dropped > 1000); // the dropping case happened
    CHECK(compared > 20);
    // A shorter log (another machine) under the same key: read again from its start.
    gb::Machine fresh = gbtest::boot_file("programs/lessons/09_mutex.s", cfg);
    fresh.run(300);
    rows.update(fresh.log, "not switches", not_switches);
    CHECK(rows_of(rows, fresh.log) == scan(fresh.log, not_switches));
    rows.clear();
    CHECK(rows.size() == 0);
}
