// The machine's one seeded PRNG (DESIGN.md invariant 3): lottery draws,
// I/O jitter, load generators. SplitMix64: tiny, fast, and a plain value.
#pragma once

#include <cstdint>

namespace gb {

struct Rng {
    uint64_t state = 1;
    explicit Rng(uint64_t seed = 1) : state(seed) {}
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n); n > 0.
    uint64_t below(uint64_t n) { return n ? next() % n : 0; }
};

} // namespace gb
