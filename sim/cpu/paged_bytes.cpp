#include "sim/cpu/paged_bytes.h"

#include <algorithm>

namespace gb {

const std::shared_ptr<PagedBytes::Page>& PagedBytes::zero_page() {
    static const std::shared_ptr<Page> zeros = std::make_shared<Page>(Page{});
    return zeros;
}

void PagedBytes::assign(const std::vector<uint8_t>& bytes) {
    pages_.clear();
    size_ = 0;
    resize(bytes.size());
    for (size_t p = 0; p < pages_.size(); ++p) {
        size_t from = p * kPageSize, n = std::min<size_t>(kPageSize, bytes.size() - from);
        if (std::any_of(bytes.begin() + static_cast<long>(from),
                        bytes.begin() + static_cast<long>(from + n), [](uint8_t b) { return b; }))
            std::memcpy(writable(p).data(), bytes.data() + from, n);
    }
}

void PagedBytes::resize(size_t n, uint8_t zero) {
    (void)zero; // new bytes are always zero, as a region's are
    if (n > size_ && (size_ & (kPageSize - 1))) {
        // The last page's bytes past the old size may hold what a shrink
        // left there: they must read as zero now.
        size_t p = size_ >> kPageBits, in = size_ & (kPageSize - 1);
        const Page& page = *pages_[p];
        if (std::any_of(page.begin() + static_cast<long>(in), page.end(),
                        [](uint8_t b) { return b; })) {
            Page& w = writable(p);
            std::fill(w.begin() + static_cast<long>(in), w.end(), uint8_t{0});
        }
    }
    pages_.resize((n + kPageSize - 1) >> kPageBits, zero_page());
    size_ = n;
}

std::vector<uint8_t> PagedBytes::to_vector() const {
    std::vector<uint8_t> out(size_);
    for (size_t p = 0; p < pages_.size(); ++p) {
        size_t from = p * kPageSize, n = std::min<size_t>(kPageSize, size_ - from);
        std::memcpy(out.data() + from, pages_[p]->data(), n);
    }
    return out;
}

bool PagedBytes::operator==(const PagedBytes& o) const {
    if (size_ != o.size_) return false;
    for (size_t p = 0; p < pages_.size(); ++p) {
        if (pages_[p] == o.pages_[p]) continue; // shared: equal
        size_t n = std::min<size_t>(kPageSize, size_ - p * kPageSize);
        if (std::memcmp(pages_[p]->data(), o.pages_[p]->data(), n) != 0) return false;
    }
    return true;
}

} // namespace gb
