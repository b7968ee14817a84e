// Checkpoints share what did not change: guest memory is kept in pages
// shared between copies of a machine (sim/cpu/paged_bytes.h), so the
// session's checkpoints cost the pages written between them, counted in
// Session::checkpoint_bytes() and kept under a byte budget; and stepping
// back still lands on exactly the state a forward run had.
#include "helpers.h"

#include "sim/cpu/paged_bytes.h"
#include "teach/machine_compare.h"
#include "teach/session.h"

using gb::PagedBytes;
using gb::Session;

TEST_CASE("paged bytes: a copy shares its pages until one side writes, then only that page") {
    PagedBytes a(std::vector<uint8_t>(3 * PagedBytes::kPageSize + 10, 0));
    CHECK(a.size() == 3 * PagedBytes::kPageSize + 10);
    REQUIRE(a.page_count() == 4);
    for (size_t p = 0; p < a.page_count(); ++p)
        CHECK(a.page_is_zero(p)); // zeros take no page of their own
    a.write32(PagedBytes::kPageSize + 8, 0xdeadbeef);
    CHECK(!a.page_is_zero(1));
    PagedBytes b = a;
    for (size_t p = 0; p < a.page_count(); ++p)
        CHECK(a.page_id(p) == b.page_id(p));
    CHECK(b.write32(PagedBytes::kPageSize + 8, 7) == 0xdeadbeef); // returns the old word
    CHECK(a.read32(PagedBytes::kPageSize + 8) == 0xdeadbeef);     // the original kept its value
    CHECK(b.read32(PagedBytes::kPageSize + 8) == 7);
    CHECK(a.page_id(1) != b.page_id(1)); // the written page was copied...
    CHECK(a.page_id(0) == b.page_id(0)); // ...and no other
    CHECK(a.page_id(2) == b.page_id(2));
    CHECK(!(a == b));
    b.write32(PagedBytes::kPageSize + 8, 0xdeadbeef);
    CHECK(a == b); // equal by content, even on different pages
    // A word across a page boundary, and a shrink then grow reads zeros.
    a.write32(PagedBytes::kPageSize - 2, 0x11223344);
    CHECK(a.read32(PagedBytes::kPageSize - 2) == 0x11223344);
    CHECK(a[PagedBytes::kPageSize - 2] == 0x44);
    CHECK(a[PagedBytes::kPageSize + 1] == 0x11);
    a.resize(PagedBytes::kPageSize + 9);
    a.resize(3 * PagedBytes::kPageSize);
    CHECK(a.read32(PagedBytes::kPageSize + 8) == 0xef); // the byte kept, the three cut off are zero
    CHECK(a.to_vector().size() == 3 * PagedBytes::kPageSize);
}

namespace {

// Fills a 64 KiB block once, then counts in a loop touching one word.
const char* kBigThenLittle = R"(
        .data
count:  .word 0
        .text
main:
        li   r1, 65536
        li   r2, 0
        sys  malloc
        mov  r5, r0
        li   r6, 16384
fill:
        store r6, [r5]
        add   r5, r5, 4
        sub   r6, r6, 1
        cmp   r6, 0
        bne   fill
        li    r6, 100000
again:
        load  r3, [count]
        add   r3, r3, 1
        store r3, [count]
        sub   r6, r6, 1
        cmp   r6, 0
        bne   again
        li    r0, 0
        ret
)";

// Rewrites a 64 KiB block again and again: each checkpoint holds the pages
// written since the one before.
const char* kRewriteAll = R"(
        .text
main:
        li   r1, 65536
        li   r2, 0
        sys  malloc
        mov  r7, r0
        li   r8, 40
pass:
        mov  r5, r7
        li   r6, 16384
fill:
        store r8, [r5]
        add   r5, r5, 4
        sub   r6, r6, 1
        cmp   r6, 0
        bne   fill
        sub   r8, r8, 1
        cmp   r8, 0
        bne   pass
        li    r0, 0
        ret
)";

gb::Machine forward(const char* source, uint64_t n) {
    Session s;
    REQUIRE(s.load_source(source, "test.s"));
    s.step_n(n);
    REQUIRE(s.machine().instructions == n);
    return s.machine();
}

} // namespace

TEST_CASE("checkpoints after a large allocation cost what changed, not the whole memory each") {
    Session s;
    REQUIRE(s.load_source(kBigThenLittle, "test.s"));
    const uint64_t n = 500'000;
    s.step_n(n);
    REQUIRE(s.machine().instructions == n);
    const size_t heap = 65536;
    size_t mapped = s.machine().process(1).mem.mapped_bytes();
    REQUIRE(mapped > heap);
    size_t cps = s.checkpoints();
    size_t bytes = s.checkpoint_bytes();
    MESSAGE(cps << " checkpoints hold " << bytes << " bytes of their own; " << mapped
                << " bytes are mapped");
    CHECK(cps >= 20);
    // The filled block is counted once (it was written between checkpoints)...
    CHECK(bytes >= heap);
    // ...and the checkpoints after it share it: all of them together cost
    // far less than one full copy of the memory each.
    CHECK(bytes < cps * mapped / 8);
    // Step back lands on the state of n - 1 instructions.
    REQUIRE(s.step_back());
    CHECK(gb::machine_difference(s.machine(), forward(kBigThenLittle, n - 1)) == "");
}

TEST_CASE("the checkpoints' bytes stay under the session's budget, and step back stays exact") {
    Session s;
    const size_t budget = size_t{128} << 10;
    s.set_checkpoint_budget(budget);
    REQUIRE(s.load_source(kRewriteAll, "test.s"));
    const uint64_t n = 2'000'000;
    for (uint64_t done = 0; done < n; done += 100'000) {
        s.step_n(100'000);
        CHECK(s.checkpoint_bytes() <= budget);
    }
    REQUIRE(s.machine().instructions == n);
    // The budget, not the count, limited them: fewer than the most allowed,
    // and holding more than half the budget.
    MESSAGE(s.checkpoints() << " checkpoints hold " << s.checkpoint_bytes() << " bytes");
    CHECK(s.checkpoints() < Session::kMaxCheckpoints / 2);
    CHECK(s.checkpoints() >= 2);
    CHECK(s.checkpoint_bytes() > budget / 2);
    REQUIRE(s.step_back());
    CHECK(gb::machine_difference(s.machine(), forward(kRewriteAll, n - 1)) == "");
}
