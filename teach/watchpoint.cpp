#include "teach/watchpoint.h"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

namespace gb {

namespace {

bool touches(uint32_t at, unsigned width, uint32_t word) {
    return width && at < word + 4 && at + width > word;
}

bool parse_number(const std::string& s, int64_t& out) {
    try {
        size_t used = 0;
        long long n = std::stoll(s, &used, 0);
        if (used != s.size() || n < INT32_MIN || n > UINT32_MAX) return false;
        out = n;
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool holds(const Watchpoint& w, uint32_t v) {
    int32_t x = static_cast<int32_t>(v);
    switch (w.cmp) {
    case Watchpoint::Cmp::Any: return true;
    case Watchpoint::Cmp::Eq: return x == w.value;
    case Watchpoint::Cmp::Ne: return x != w.value;
    case Watchpoint::Cmp::Lt: return x < w.value;
    case Watchpoint::Cmp::Le: return x <= w.value;
    case Watchpoint::Cmp::Gt: return x > w.value;
    case Watchpoint::Cmp::Ge: return x >= w.value;
    }
    return false;
}

} // namespace

std::optional<Watchpoint> parse_watchpoint(const std::string& text, const Image& image,
                                           std::string& error) {
    Watchpoint w;
    w.text = text;
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
        size_t at = text.find(':', start);
        parts.push_back(text.substr(start, at == std::string::npos ? at : at - start));
        if (at == std::string::npos) break;
        start = at + 1;
    }
    const std::string& name = parts[0];
    int64_t n = 0;
    if (name.empty()) {
        error = fmt::format("watch '{}': expected a data label or an address before ':'", text);
        return std::nullopt;
    }
    if (const Symbol* s = image.find(name); s && s->kind == SymbolKind::Data) {
        w.name = name;
        w.addr = static_cast<uint32_t>(s->value);
    } else if ((name[0] >= '0' && name[0] <= '9') && parse_number(name, n)) {
        w.addr = static_cast<uint32_t>(n);
        w.name = fmt::format("{:#x}", w.addr);
    } else {
        error = fmt::format("watch '{}': '{}' is neither a data label of the program nor an "
                            "address (like 0x10000)",
                            text, name);
        return std::nullopt;
    }
    bool mode_seen = false;
    for (size_t i = 1; i < parts.size(); ++i) {
        const std::string& p = parts[i];
        if (!mode_seen && (p == "r" || p == "w" || p == "rw" || p == "wr")) {
            w.on_read = p.find('r') != std::string::npos;
            w.on_write = p.find('w') != std::string::npos;
            mode_seen = true;
            continue;
        }
        static const std::pair<const char*, Watchpoint::Cmp> ops[] = {
            {"==", Watchpoint::Cmp::Eq}, {"!=", Watchpoint::Cmp::Ne}, {"<=", Watchpoint::Cmp::Le},
            {">=", Watchpoint::Cmp::Ge}, {"<", Watchpoint::Cmp::Lt},  {">", Watchpoint::Cmp::Gt}};
        bool matched = false;
        for (auto [op, cmp] : ops)
            if (p.rfind(op, 0) == 0 && w.cmp == Watchpoint::Cmp::Any) {
                std::string num = p.substr(std::string(op).size());
                while (!num.empty() && num.front() == ' ')
                    num.erase(num.begin());
                if (!parse_number(num, n)) break;
                w.cmp = cmp;
                w.value = static_cast<int32_t>(n);
                matched = true;
                break;
            }
        if (!matched) {
            error = fmt::format("watch '{}': '{}' is neither a mode (r, w, rw) nor a condition "
                                "(==, !=, <, <=, >, >= and a number, like ==0)",
                                text, p);
            return std::nullopt;
        }
    }
    return w;
}

std::string watchpoint_text(const std::string& name, bool on_read, const std::string& condition) {
    std::string cond;
    for (char c : condition)
        if (c != ' ' && c != '\t') cond += c;
    if (!cond.empty()) return name + (on_read ? ":rw:" : ":w:") + cond;
    return on_read ? name + ":rw" : name;
}

std::vector<std::string> globals_named_in(const std::string& text, const Image& image) {
    std::vector<std::string> out;
    auto word_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.';
    };
    // The code, not its comment.
    const std::string code = text.substr(0, text.find(';'));
    for (size_t i = 0; i < code.size();) {
        if (!word_char(code[i])) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < code.size() && word_char(code[end]))
            ++end;
        std::string word = code.substr(i, end - i);
        const Symbol* s = image.find(word);
        if (s && s->kind == SymbolKind::Data &&
            std::find(out.begin(), out.end(), word) == out.end())
            out.push_back(word);
        i = end;
    }
    return out;
}

std::optional<WatchHit> watch_hit(const Watchpoint& w, const Machine& m, const StepResult& s) {
    if (!s.executed || s.pid != w.pid || s.outcome.kind == StepKind::Fault) return std::nullopt;
    const StepOutcome& o = s.outcome;
    uint32_t now = 0;
    m.process(s.pid).mem.peek32(w.addr, now);
    if (w.on_write && touches(o.write.addr, o.write.width, w.addr)) {
        WatchHit h{true, now, now};
        if (o.write.width == 4 && o.write.addr == w.addr) {
            h.old_value = o.write.old_value;
        } else { // a byte store: put the old byte back to get the old word
            unsigned shift = 8 * (o.write.addr - w.addr);
            h.old_value = (now & ~(0xFFu << shift)) | ((o.write.old_value & 0xFF) << shift);
        }
        if (holds(w, h.new_value)) return h;
    }
    if (w.on_read && touches(o.read.addr, o.read.width, w.addr)) {
        // The value read: the word before any write of this same instruction.
        uint32_t v =
            o.write.width && touches(o.write.addr, o.write.width, w.addr) && o.write.width == 4
                ? o.write.old_value
                : now;
        WatchHit h{false, v, v};
        if (holds(w, v)) return h;
    }
    return std::nullopt;
}

std::string describe_hit(const Watchpoint& w, const WatchHit& h, const Machine& m,
                         const StepResult& s) {
    std::string what =
        h.write ? fmt::format("wrote {}: {} -> {}", w.name, static_cast<int32_t>(h.old_value),
                              static_cast<int32_t>(h.new_value))
                : fmt::format("read {}: {}", w.name, static_cast<int32_t>(h.old_value));
    return fmt::format("thread {} {} at {} (cycle {}, instruction {})", s.tid, what,
                       m.source_line(s.pid, s.outcome.pc), s.cycle, m.instructions);
}

} // namespace gb
