// The assembler's errors: each recorded with its place, sorted into source
// order at the end; and the "did you mean" suggestions for typos.
#include "sim/asm/asm_passes.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb::asm_detail {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Optimal-string-alignment distance (an adjacent swap counts as one edit),
// or more than `limit` when it is surely above it. Words up to 40 bytes.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
    constexpr size_t kMax = 40;
    const size_t n = a.size(), m = b.size();
    if (n > kMax || m > kMax) return limit + 1;
    std::array<size_t, kMax + 1> prev2{}, prev{}, cur{};
    for (size_t j = 0; j <= m; ++j)
        prev[j] = j;
    for (size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= m; ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

std::string operand_count(size_t n) {
    return fmt::format("{} operand{}", n, n == 1 ? "" : "s");
}

std::string hex(int64_t v) {
    return fmt::format("0x{:x}", static_cast<uint32_t>(v));
}

void Assembler::error_at(size_t seq, int file, int line, int column, std::string text,
                         std::string msg) {
    if (stopped_) return;
    if (errors_.size() >= kMaxErrors) {
        errors_.push_back(
            {seq, AsmError{files_[static_cast<size_t>(file)].path, line, column, "",
                           fmt::format("too many errors; stopping after {}", kMaxErrors)}});
        stopped_ = true;
        return;
    }
    errors_.push_back({seq, AsmError{files_[static_cast<size_t>(file)].path, line, column,
                                     std::move(text), std::move(msg)}});
}

void Assembler::error(int column, std::string text, std::string msg) {
    error_at(seq_, file_, line_, column, std::move(text), std::move(msg));
}

void Assembler::error(const Token& t, std::string msg) {
    error(t.column, printable(t.text), std::move(msg));
}

void Assembler::error(const Stmt& s, int column, std::string text, std::string msg) {
    error_at(s.seq, s.file, s.line, column, std::move(text), std::move(msg));
}

AsmResult Assembler::finish() {
    AsmResult r;
    if (errors_.empty() && unresolved_ > 0) // a safety net: never return a half-built image
        error_at(0, 0, 0, 0, "", "internal assembler error: a value could not be computed");
    std::stable_sort(errors_.begin(), errors_.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return a.second.column < b.second.column;
    });
    for (auto& [seq, e] : errors_)
        r.errors.push_back(std::move(e));
    if (r.errors.empty())
        r.image = std::move(image_);
    else
        r.sources = std::move(files_);
    return r;
}

// "line 3", or "lib.s:3" when the place is in another file than `from`.
std::string Assembler::where(const SourceLoc& loc, int from) const {
    if (loc.file == (from < 0 ? file_ : from)) return fmt::format("line {}", loc.line);
    return fmt::format("{}:{}", files_[static_cast<size_t>(loc.file)].path, loc.line);
}

void Assembler::unknown_instruction(std::span<const Token> t) {
    const Token& head = t[0];
    std::vector<std::string> names;
    for (const OpInfo& row : isa_table())
        names.emplace_back(row.mnemonic);
    for (const auto& p : pseudos())
        names.emplace_back(p.name);
    std::string lowered = lower(head.text);
    std::string s = suggest(lowered, names);
    std::string msg = fmt::format("unknown instruction '{}'", printable(head.text));
    if (!s.empty()) msg += fmt::format(" — did you mean '{}'?", s);
    if (t.size() == 1)
        msg += fmt::format("{} if '{}' is a label, add a colon: '{}:'", s.empty() ? " —" : "",
                           printable(head.text), printable(head.text));
    error(head, std::move(msg));
}

void Assembler::operand_mismatch(const Token& head, const std::string& mn,
                                 const std::vector<Candidate>& cands,
                                 const std::vector<Operand>& ops) {
    std::vector<std::string> forms;
    for (const auto& c : cands) {
        std::string f = fmt::format("'{}'", c.syntax);
        if (std::find(forms.begin(), forms.end(), f) == forms.end()) forms.push_back(f);
    }
    std::string how;
    for (size_t k = 0; k < forms.size(); ++k)
        how += (k == 0 ? "" : k + 1 == forms.size() ? " or " : ", ") + forms[k];
    bool takes_none = std::all_of(cands.begin(), cands.end(),
                                  [](const Candidate& c) { return c.shape.count == 0; });

    size_t best = 0;
    bool any_count = false;
    for (const auto& c : cands) {
        if (c.shape.count != ops.size()) continue;
        any_count = true;
        size_t k = 0;
        while (k < c.shape.count && accepts(c.shape.want[k], ops[k]))
            ++k;
        best = std::max(best, k);
    }
    if (!any_count) {
        if (takes_none)
            error(head,
                  fmt::format("'{}' takes no operands, got {}", mn, operand_count(ops.size())));
        else
            error(head, fmt::format("'{}' expects {}, got {}", mn, how, operand_count(ops.size())));
        return;
    }
    std::vector<std::string_view> wanted;
    for (const auto& c : cands) {
        if (c.shape.count != ops.size()) continue;
        size_t k = 0;
        while (k < c.shape.count && accepts(c.shape.want[k], ops[k]))
            ++k;
        if (k != best) continue;
        auto w = want_text(c.shape.want[best]);
        if (std::find(wanted.begin(), wanted.end(), w) == wanted.end()) wanted.push_back(w);
    }
    std::string expect;
    auto has = [&](Want w) {
        return std::find(wanted.begin(), wanted.end(), want_text(w)) != wanted.end();
    };
    if (wanted.size() == 2 && has(W::MemOff) && has(W::MemAbs))
        expect = "a memory operand like [sp + 8] or [count]";
    else if (wanted.size() == 3 && has(W::MemOff) && has(W::MemAbs) && has(W::MemIdx))
        expect = "a memory operand like [sp + 8] or [count] or [r2 + r3*4]";
    else
        for (size_t k = 0; k < wanted.size(); ++k)
            expect += (k ? " or " : "") + std::string(wanted[k]);
    std::string written;
    for (size_t k = 0; k < cands.size(); ++k) {
        std::string f =
            fmt::format("'{}{}{}'", mn, cands[k].syntax.empty() ? "" : " ", cands[k].syntax);
        if (written.find(f) != std::string::npos) continue;
        written += (written.empty() ? "" : " or ") + f;
    }
    const Operand& bad = ops[best];
    std::string msg =
        fmt::format("expected {}, got '{}' ({} is written {})", expect, bad.text, mn, written);
    if (mn == "mov" && bad.kind == Operand::Kind::Expr)
        msg += "; to put a number or an address in a register, use 'li'";
    error(bad.column, bad.text, std::move(msg));
}

} // namespace gb::asm_detail
