// The Markdown parser of teach/markdown.h: lines → blocks, text → styled spans.
#include "teach/markdown.h"

#include <algorithm>
#include <string_view>

namespace gb {

namespace {

// Appends `text` to the last span if it has the same style, else as a new span.
void add_span(std::vector<MdSpan>& out, std::string text, bool code, bool bold, bool emphasis) {
    if (text.empty()) return;
    if (!out.empty() && out.back().code == code && out.back().bold == bold &&
        out.back().emphasis == emphasis) {
        out.back().text += text;
        return;
    }
    out.push_back({std::move(text), code, bold, emphasis});
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           static_cast<unsigned char>(c) >= 0x80;
}

size_t indent_of(std::string_view line) {
    size_t n = 0;
    for (char c : line) {
        if (c == ' ')
            ++n;
        else if (c == '\t')
            n += 4;
        else
            break;
    }
    return n;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// "- x", "* x", "+ x" → the text after the marker; "1. x" → the number too.
bool list_item(std::string_view t, std::string& marker, std::string_view& rest) {
    if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
        marker.clear();
        rest = t.substr(2);
        return true;
    }
    size_t i = 0;
    while (i < t.size() && i < 4 && t[i] >= '0' && t[i] <= '9')
        ++i;
    if (i > 0 && i + 1 < t.size() && (t[i] == '.' || t[i] == ')') && t[i + 1] == ' ') {
        marker = std::string(t.substr(0, i + 1));
        rest = t.substr(i + 2);
        return true;
    }
    return false;
}

} // namespace

std::vector<MdSpan> parse_md_spans(const std::string& text) {
    std::vector<MdSpan> out;
    bool bold = false, emph = false;
    std::string cur;
    auto flush = [&] {
        add_span(out, cur, false, bold, emph);
        cur.clear();
    };
    for (size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\\' && i + 1 < text.size() &&
            std::string_view("\\`*_[]()#+-.!").find(text[i + 1]) != std::string_view::npos) {
            cur += text[i + 1];
            i += 2;
            continue;
        }
        if (c == '`') {
            size_t ticks = text.find_first_not_of('`', i) - i;
            if (text.find_first_not_of('`', i) == std::string::npos) ticks = text.size() - i;
            size_t close = text.find(std::string(ticks, '`'), i + ticks);
            if (close != std::string::npos) {
                flush();
                std::string code = text.substr(i + ticks, close - i - ticks);
                if (ticks > 1 && code.size() >= 2 && code.front() == ' ' && code.back() == ' ')
                    code = code.substr(1, code.size() - 2);
                add_span(out, code, true, bold, emph);
                i = close + ticks;
                continue;
            }
        }
        if ((c == '*' || c == '_') && i + 1 < text.size() && text[i + 1] == c) {
            // ** or __: bold on (followed by a non-space) or off (after a non-space).
            bool can_open = i + 2 < text.size() && text[i + 2] != ' ' &&
                            text.find(std::string(2, c), i + 2) != std::string::npos;
            bool can_close = bold && i > 0 && text[i - 1] != ' ';
            if (can_close || (!bold && can_open)) {
                flush();
                bold = !bold;
                i += 2;
                continue;
            }
        }
        if (c == '*' || c == '_') {
            bool prev_word = i > 0 && is_word_char(text[i - 1]);
            bool next_word = i + 1 < text.size() && text[i + 1] != ' ';
            // An underscore inside a word (thread_join) is just a character.
            bool intraword =
                c == '_' && prev_word && i + 1 < text.size() && is_word_char(text[i + 1]);
            bool can_open = !emph && next_word && !(c == '_' && prev_word) &&
                            text.find(c, i + 1) != std::string::npos;
            bool can_close = emph && i > 0 && text[i - 1] != ' ' && !intraword;
            if (!intraword && (can_open || can_close)) {
                flush();
                emph = !emph;
                ++i;
                continue;
            }
        }
        if (c == '[') {
            size_t close = text.find(']', i + 1);
            if (close != std::string::npos && close + 1 < text.size() && text[close + 1] == '(') {
                size_t paren = text.find(')', close + 2);
                if (paren != std::string::npos) {
                    cur += text.substr(i + 1, close - i - 1);
                    i = paren + 1;
                    continue;
                }
            }
        }
        cur += c;
        ++i;
    }
    flush();
    return out;
}

std::vector<MdBlock> parse_markdown(const std::string& markdown) {
    std::vector<MdBlock> out;
    std::vector<std::string_view> lines;
    for (size_t start = 0; start < markdown.size();) {
        size_t nl = markdown.find('\n', start);
        size_t end = nl == std::string::npos ? markdown.size() : nl;
        lines.emplace_back(markdown.data() + start, end - start);
        start = end + 1;
    }
    // The text of the block being gathered (a paragraph or a list item).
    std::string text;
    MdBlock pending;
    bool open = false;
    std::vector<size_t> list_indents; // the indents of the open list levels
    auto close = [&] {
        if (!open) return;
        pending.spans = parse_md_spans(text);
        out.push_back(std::move(pending));
        pending = MdBlock{};
        text.clear();
        open = false;
    };
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string_view raw = lines[i];
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        std::string_view t = trim(raw);
        if (t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0) {
            close();
            std::string_view fence = t.substr(0, 3);
            MdBlock code;
            code.kind = MdBlock::Kind::Code;
            size_t ind = indent_of(raw);
            bool first = true;
            for (++i; i < lines.size(); ++i) {
                std::string_view l = lines[i];
                if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
                if (trim(l).rfind(fence, 0) == 0) break;
                // Keep the code's own indentation, less the fence's.
                size_t drop = std::min(ind, indent_of(l));
                if (!first) code.code += '\n';
                code.code += std::string(l.substr(std::min(drop, l.size())));
                first = false;
            }
            out.push_back(std::move(code));
            list_indents.clear();
            continue;
        }
        if (t.empty()) {
            close();
            continue;
        }
        if (t[0] == '#') {
            size_t level = t.find_first_not_of('#');
            if (level != std::string_view::npos && level <= 6 && t[level] == ' ') {
                close();
                list_indents.clear();
                open = true;
                pending.kind = MdBlock::Kind::Heading;
                pending.level = static_cast<int>(level);
                std::string_view h = trim(t.substr(level));
                while (!h.empty() && h.back() == '#')
                    h.remove_suffix(1); // "## Title ##"
                text = std::string(trim(h));
                close();
                continue;
            }
        }
        if (t.size() >= 3 && (t.find_first_not_of('-') == std::string_view::npos ||
                              t.find_first_not_of('*') == std::string_view::npos ||
                              t.find_first_not_of('_') == std::string_view::npos)) {
            close();
            list_indents.clear();
            out.push_back({MdBlock::Kind::Rule, 0, "", {}, ""});
            continue;
        }
        std::string marker;
        std::string_view rest;
        if (list_item(t, marker, rest)) {
            close();
            size_t ind = indent_of(raw);
            while (!list_indents.empty() && list_indents.back() > ind)
                list_indents.pop_back();
            if (list_indents.empty() || list_indents.back() < ind) list_indents.push_back(ind);
            open = true;
            pending.kind = marker.empty() ? MdBlock::Kind::Bullet : MdBlock::Kind::Numbered;
            pending.level = static_cast<int>(list_indents.size()) - 1;
            pending.marker = marker;
            text = std::string(rest);
            continue;
        }
        // A plain line: continues the paragraph or the list item, else starts a paragraph.
        if (open) {
            text += ' ';
            text += t;
            continue;
        }
        list_indents.clear();
        open = true;
        pending.kind = MdBlock::Kind::Paragraph;
        text = std::string(t);
    }
    close();
    return out;
}

} // namespace gb
