// The bytes of one memory region, kept in 1 KiB pages shared between
// copies: copying a region (a copy of the Machine, a checkpoint for step
// back) copies only the page pointers, and a write to a page that another
// copy still holds copies that page first (copy on write). Untouched pages
// of a new region all point at one page of zeros. So N checkpoints of a
// machine cost the pages that changed between them, not N times its memory.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace gb {

class PagedBytes {
  public:
    static constexpr uint32_t kPageBits = 10;
    static constexpr uint32_t kPageSize = 1u << kPageBits;
    using Page = std::array<uint8_t, kPageSize>;

    PagedBytes() = default;
    PagedBytes(const std::vector<uint8_t>& bytes) { assign(bytes); } // NOLINT: as a vector converts
    PagedBytes& operator=(const std::vector<uint8_t>& bytes) {
        assign(bytes);
        return *this;
    }
    void assign(const std::vector<uint8_t>& bytes);

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // Grows with zeros or shrinks; bytes past the new size read as zero if it grows again.
    void resize(size_t n, uint8_t zero = 0);
    void clear() { resize(0); }

    uint8_t operator[](size_t i) const { return (*pages_[i >> kPageBits])[i & (kPageSize - 1)]; }
    uint32_t read32(size_t i) const {
        uint32_t v;
        size_t in = i & (kPageSize - 1);
        if (in + 4 <= kPageSize) {
            std::memcpy(&v, pages_[i >> kPageBits]->data() + in, 4);
            return v;
        }
        uint8_t b[4] = {(*this)[i], (*this)[i + 1], (*this)[i + 2], (*this)[i + 3]};
        std::memcpy(&v, b, 4);
        return v;
    }
    // Writes, copying a shared page first; each returns the value overwritten.
    uint8_t write8(size_t i, uint8_t v) {
        uint8_t& b = writable(i >> kPageBits)[i & (kPageSize - 1)];
        uint8_t old = b;
        b = v;
        return old;
    }
    uint32_t write32(size_t i, uint32_t v) {
        size_t in = i & (kPageSize - 1);
        if (in + 4 <= kPageSize) {
            uint8_t* p = writable(i >> kPageBits).data() + in;
            uint32_t old;
            std::memcpy(&old, p, 4);
            std::memcpy(p, &v, 4);
            return old;
        }
        uint32_t old = read32(i);
        for (size_t k = 0; k < 4; ++k)
            write8(i + k, static_cast<uint8_t>(v >> (8 * k)));
        return old;
    }
    std::vector<uint8_t> to_vector() const;
    bool operator==(const PagedBytes& o) const;

    // For counting memory: the pages, each an address that identifies it
    // (equal when two copies still share it).
    size_t page_count() const { return pages_.size(); }
    const void* page_id(size_t p) const { return pages_[p].get(); }
    // Whether page p is the shared page of zeros (never written).
    bool page_is_zero(size_t p) const { return pages_[p] == zero_page(); }

  private:
    std::vector<std::shared_ptr<Page>> pages_;
    size_t size_ = 0;

    static const std::shared_ptr<Page>& zero_page();
    Page& writable(size_t p) {
        std::shared_ptr<Page>& page = pages_[p];
        if (page.use_count() != 1) page = std::make_shared<Page>(*page); // copy on write
        return *page;
    }
};

} // namespace gb
