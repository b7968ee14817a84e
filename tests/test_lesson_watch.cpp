// A lesson's watches and result sentence (teach/lesson_watch.h): the
// session installs the watched words in the kernel when the lesson opens,
// so each row shows its value and last writer; the result sentence is
// filled from the watches in both languages; every lesson has watches and
// a result that reads fully at the end of its first program.
#include "helpers.h"

#include "teach/lesson.h"
#include "teach/session.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

namespace {

const std::vector<gb::Lesson>& lessons() {
    static const std::vector<gb::Lesson> all = [] {
        std::vector<std::string> errors;
        auto l = gb::load_lessons(GLASSBOX_SOURCE_DIR "/assets", errors);
        for (const std::string& e : errors)
            MESSAGE(e);
        REQUIRE(errors.empty());
        return l;
    }();
    return all;
}

const gb::Lesson& lesson(const std::string& name) {
    std::string error;
    const gb::Lesson* l = gb::find_lesson(lessons(), name, error);
    INFO(error);
    REQUIRE(l != nullptr);
    return *l;
}

std::vector<gb::WatchRow> rows_of(const gb::Session& s, const std::string& lang = "en") {
    return gb::watch_rows(s.watches(), s.machine(), s.image(), lang);
}

const gb::WatchRow& row(const std::vector<gb::WatchRow>& rows, const std::string& label) {
    for (const gb::WatchRow& r : rows)
        if (r.label == label) return r;
    FAIL("no row " << label);
    return rows.front();
}

std::vector<std::string> parse_errors(const std::string& watches_json) {
    nlohmann::json j = nlohmann::json::parse(watches_json);
    std::vector<gb::LessonWatch> w;
    gb::LessonResult r;
    std::vector<std::string> errors;
    gb::parse_lesson_watches(j, "x.json", w, r, errors);
    return errors;
}

} // namespace

TEST_CASE("lesson 9's watch: count, its last writer, and the result with the updates lost") {
    gb::Session s;
    REQUIRE(s.open_lesson(lesson("09")));
    REQUIRE(!s.machine().watches.empty()); // installed in the kernel when the lesson opened
    s.step_n(10'000'000);
    REQUIRE(gb::program_ended(s.machine()));
    auto rows = rows_of(s);
    const gb::WatchRow& count = row(rows, "count (shared)");
    int32_t final_count = gbtest::global(s.machine(), "count");
    CHECK(count.known);
    CHECK(count.value == final_count);
    REQUIRE(count.expected);
    CHECK(*count.expected == 1000);
    CHECK(count.differs == (final_count != 1000));
    CHECK(final_count < 1000); // the lesson's timer loses updates
    // The last write: a store by one of the two worker threads, at a code address.
    CHECK(count.writes > 0);
    CHECK(count.last.new_value == static_cast<uint32_t>(final_count));
    CHECK((count.last.tid == 2 || count.last.tid == 3));
    CHECK(count.last.pc >= gb::layout::kCodeBase);
    CHECK(count.last.pc < gb::layout::kCodeLimit);
    CHECK(count.last.cycle <= s.machine().now);

    std::string en = gb::result_sentence(lesson("09").result, s.watches(), rows, "en");
    CHECK(en == fmt::format("count = {}, expected 1000: {} updates were lost when the timer "
                            "switched threads between a load and its store.",
                            final_count, 1000 - final_count));
    std::string ko = gb::result_sentence(lesson("09").result, s.watches(), rows, "ko");
    CHECK(ko.find(fmt::format("count = {}, 기대값 1000", final_count)) == 0);
    CHECK(ko.find(fmt::format("갱신 {}번", 1000 - final_count)) != std::string::npos);
}

TEST_CASE("lesson 9 with a mutex: the count meets its expected value and the other sentence says "
          "so; the read-only program falls back to the sentence without count") {
    gb::Session s;
    REQUIRE(s.open_lesson(lesson("09"), 1));
    s.step_n(10'000'000);
    auto rows = rows_of(s);
    CHECK(!row(rows, "count (shared)").differs);
    CHECK(gb::result_sentence(lesson("09").result, s.watches(), rows, "en") ==
          "count = 1000, as expected: no update was lost, because only one thread at a time "
          "could do load, add, store.");
    REQUIRE(s.open_lesson(lesson("09"), 5)); // 09_readonly.s has no count
    s.step_n(10'000'000);
    rows = rows_of(s);
    CHECK(!row(rows, "count (shared)").known);
    CHECK(gb::result_sentence(lesson("09").result, s.watches(), rows, "en").find("Both readers") ==
          0);
}

TEST_CASE("lesson 7's TLS watch: one row per thread, each written only by its own thread") {
    gb::Session s;
    REQUIRE(s.open_lesson(lesson("07")));
    s.step_n(10'000'000);
    REQUIRE(gb::program_ended(s.machine()));
    auto rows = rows_of(s);
    std::vector<int64_t> worker_calls;
    for (const gb::WatchRow& r : rows) {
        if (s.watches()[r.watch].name != "calls") continue;
        CHECK(r.tid > 0);
        if (r.writes) CHECK(r.last.tid == r.tid); // a thread's copy, written by that thread
        if (r.tid > 1) worker_calls.push_back(r.value);
    }
    CAPTURE(fmt::format("{}", fmt::join(worker_calls, ",")));
    CHECK(worker_calls == std::vector<int64_t>{3, 5, 7});
    CHECK(row(rows, "all_calls (shared)").value == 15);
    CHECK(!row(rows, "all_calls (shared)").differs);
}

TEST_CASE("lesson 8's stack watch: main's local x, written by the intruder thread") {
    gb::Session s;
    REQUIRE(s.open_lesson(lesson("08")));
    bool seen = false;
    for (int i = 0; i < 100'000 && !gb::program_ended(s.machine()); ++i) {
        s.step();
        for (const gb::WatchRow& r : rows_of(s))
            if (s.watches()[r.watch].name == "x" && r.writes && r.last.tid != r.tid &&
                r.value == 99)
                seen = true;
        if (seen) break;
    }
    CHECK(seen);
}

TEST_CASE("a pinned watch records writes from the moment it is pinned, and step back keeps it") {
    gb::Session s;
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/race.s"));
    gb::LessonWatch w;
    w.name = "count";
    w.symbol = "count";
    CHECK(s.pin(w));
    CHECK(!s.pin(w)); // one watch per name
    s.step_n(300);
    auto rows = rows_of(s);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].writes > 0);
    CHECK(rows[0].value == gbtest::global(s.machine(), "count"));
    uint64_t writes = rows[0].writes;
    REQUIRE(s.step_back());
    CHECK(rows_of(s)[0].writes <= writes);
    CHECK(rows_of(s)[0].writes + 1 >= writes);
    s.unpin("count");
    CHECK(s.watches().empty());
}

TEST_CASE("kernel figures: requests answered and throughput of the I/O lesson") {
    gb::Session s;
    REQUIRE(s.open_lesson(lesson("12")));
    s.step_n(10'000'000);
    REQUIRE(gb::program_ended(s.machine()));
    auto rows = rows_of(s);
    CHECK(row(rows, "requests answered").value > 0);
    CHECK(!row(rows, "throughput (per 1000 cycles)").text.empty());
}

TEST_CASE("bad watches are reported with the file and what was expected") {
    CHECK(parse_errors(R"({"watches": [{"name": "a", "kind": "magic"}]})") ==
          std::vector<std::string>{
              "x.json: watches[0].'kind' is 'magic': expected global, tls, stack, register or "
              "kernel"});
    CHECK(parse_errors(R"({"watches": [{"name": "a", "symbol": "a"}],
                          "result": {"en": "{b} is wrong", "ko": "{a}"}})")
              .front()
              .find("{b} names no watch") != std::string::npos);
    CHECK(parse_errors(R"({"watches": [{"name": "a", "symbol": "a"}],
                          "result": {"en": "{a.missing}", "ko": "{a}"}})")
              .front()
              .find("has no \"expected\" value") != std::string::npos);
    CHECK(parse_errors(R"({"watches": [{"name": "a", "kind": "kernel", "figure": "nope"}]})")
              .front()
              .find("expected one of cycles") != std::string::npos);
    CHECK(parse_errors(R"({"result": {"en": "only English"}})").size() == 1);
    CHECK(
        parse_errors(R"({"watches": [{"name": "a", "symbol": "a"}, {"name": "a", "symbol": "b"}]})")
            .size() == 1);
}

TEST_CASE("every lesson declares watches and a result that reads in full, in English and Korean, "
          "when its first program ends") {
    for (const gb::Lesson& l : lessons()) {
        CAPTURE(l.id);
        CHECK(!l.watches.empty());
        REQUIRE(!l.result.empty());
        gb::Session s;
        REQUIRE(s.open_lesson(l));
        s.step_n(20'000'000);
        CHECK(gb::program_ended(s.machine()));
        auto rows = rows_of(s);
        for (const char* lang : {"en", "ko"}) {
            std::string text = gb::result_sentence(l.result, s.watches(), rows, lang);
            CAPTURE(text);
            CHECK(!text.empty());
            CHECK(text.find('{') == std::string::npos);
        }
    }
}

TEST_CASE("travel to a cycle: forward, then back through the checkpoints, to the same state") {
    gb::Session s;
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/race.s"));
    s.go_to_cycle(5000);
    CHECK(s.machine().now >= 5000);
    uint64_t at = s.machine().instructions;
    int32_t count = gbtest::global(s.machine(), "count");
    s.step_n(20000);
    s.go_to_cycle(5000);
    CHECK(s.machine().now >= 5000);
    CHECK(s.machine().instructions == at);
    CHECK(gbtest::global(s.machine(), "count") == count);
    s.go_to_cycle(100);
    CHECK(s.machine().now >= 100);
    CHECK(s.machine().now < 120);
}
