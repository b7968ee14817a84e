// The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998) and the
// three things Python's `random` module builds on it that OSTEP's homework
// simulators use: seeding with a whole number (`random.seed(n)`: the
// number's 32-bit words, least significant first, go through
// init_by_array), `random()` (a double in [0, 1) made of 27 + 26 bits of
// two outputs) and `randbelow(n)` (whole words of bit_length(n) bits,
// redrawn until one is below n). With it the OSTEP simulators' random
// workloads and lottery draws come out the same in Glassbox.
// Written from the published algorithm; a plain copyable value.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace gb {

class Mt19937 {
  public:
    explicit Mt19937(uint32_t seed = 5489) { seed_word(seed); }
    void seed_word(uint32_t seed);                     // init_genrand
    void seed_array(const std::vector<uint32_t>& key); // init_by_array
    uint32_t next_u32();                               // genrand_int32

  private:
    std::array<uint32_t, 624> mt_{};
    int index_ = 625;
};

// Python's random.Random over MT19937.
class PyRandom {
  public:
    explicit PyRandom(uint64_t seed = 0) { seed_int(seed); }
    void seed_int(uint64_t n);      // random.seed(n) for n >= 0
    double random();                // random.random()
    uint64_t getrandbits(int k);    // 1 <= k <= 64
    uint64_t randbelow(uint64_t n); // random._randbelow(n), n >= 1
    uint32_t next_u32() { return mt_.next_u32(); }

  private:
    Mt19937 mt_;
};

} // namespace gb
