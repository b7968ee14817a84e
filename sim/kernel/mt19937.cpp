#include "sim/kernel/mt19937.h"

#include <algorithm>
#include <bit>

namespace gb {

namespace {
constexpr int kN = 624, kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfu, kUpper = 0x80000000u, kLower = 0x7fffffffu;
} // namespace

void Mt19937::seed_word(uint32_t seed) {
    mt_[0] = seed;
    for (int i = 1; i < kN; ++i) {
        uint32_t prev = mt_[static_cast<size_t>(i - 1)];
        mt_[static_cast<size_t>(i)] =
            1812433253u * (prev ^ (prev >> 30)) + static_cast<uint32_t>(i);
    }
    index_ = kN;
}

void Mt19937::seed_array(const std::vector<uint32_t>& key) {
    seed_word(19650218u);
    const int len = std::max<int>(1, static_cast<int>(key.size()));
    auto at = [&](int i) -> uint32_t& { return mt_[static_cast<size_t>(i)]; };
    int i = 1, j = 0;
    for (int k = std::max(kN, len); k > 0; --k) {
        uint32_t prev = at(i - 1);
        uint32_t word = key.empty() ? 0 : key[static_cast<size_t>(j)];
        at(i) = (at(i) ^ ((prev ^ (prev >> 30)) * 1664525u)) + word + static_cast<uint32_t>(j);
        ++i;
        ++j;
        if (i >= kN) {
            at(0) = at(kN - 1);
            i = 1;
        }
        if (j >= len) j = 0;
    }
    for (int k = kN - 1; k > 0; --k) {
        uint32_t prev = at(i - 1);
        at(i) = (at(i) ^ ((prev ^ (prev >> 30)) * 1566083941u)) - static_cast<uint32_t>(i);
        ++i;
        if (i >= kN) {
            at(0) = at(kN - 1);
            i = 1;
        }
    }
    at(0) = 0x80000000u; // the most significant bit set: the state is never all zero
    index_ = kN;
}

uint32_t Mt19937::next_u32() {
    if (index_ >= kN) { // regenerate the whole block of 624 words
        for (int k = 0; k < kN; ++k) {
            uint32_t y = (mt_[static_cast<size_t>(k)] & kUpper) |
                         (mt_[static_cast<size_t>((k + 1) % kN)] & kLower);
            mt_[static_cast<size_t>(k)] =
                mt_[static_cast<size_t>((k + kM) % kN)] ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
        }
        index_ = 0;
    }
    uint32_t y = mt_[static_cast<size_t>(index_++)];
    // Tempering.
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

void PyRandom::seed_int(uint64_t n) {
    std::vector<uint32_t> key;
    while (n) {
        key.push_back(static_cast<uint32_t>(n & 0xffffffffu));
        n >>= 32;
    }
    if (key.empty()) key.push_back(0);
    mt_.seed_array(key);
}

double PyRandom::random() {
    uint32_t a = mt_.next_u32() >> 5, b = mt_.next_u32() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

uint64_t PyRandom::getrandbits(int k) {
    k = std::clamp(k, 1, 64);
    if (k <= 32) return mt_.next_u32() >> (32 - k);
    uint64_t low = mt_.next_u32();
    uint64_t high = mt_.next_u32() >> (64 - k);
    return (high << 32) | low;
}

uint64_t PyRandom::randbelow(uint64_t n) {
    if (n <= 1) return 0;
    int k = static_cast<int>(std::bit_width(n));
    uint64_t r = getrandbits(k);
    while (r >= n)
        r = getrandbits(k);
    return r;
}

} // namespace gb
