#include "teach/asm_syntax.h"

#include "sim/asm/asm_passes.h"

#include <cctype>

namespace gb {

namespace {

bool ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}
bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_mnemonic(std::string_view word) {
    std::string w = lower(word);
    for (const OpInfo& op : isa_table())
        if (op.mnemonic == w) return true;
    return asm_detail::find_pseudo(w) != nullptr;
}

// The end of a quoted literal starting at `i` (its closing quote included),
// or the line's end when it is not closed.
size_t quoted_end(std::string_view line, size_t i) {
    char q = line[i];
    size_t j = i + 1;
    while (j < line.size() && line[j] != q) {
        if (line[j] == '\\' && j + 1 < line.size()) ++j;
        ++j;
    }
    return j < line.size() ? j + 1 : line.size();
}

} // namespace

std::vector<SyntaxSpan> syntax_spans(std::string_view line) {
    std::vector<SyntaxSpan> out;
    bool seen_op = false; // the instruction or directive of this line was seen
    size_t i = 0;
    while (i < line.size()) {
        char c = line[i];
        if (c == ';' || c == '#') {
            out.push_back({i, line.size(), SyntaxKind::Comment});
            break;
        }
        if (c == '"' || c == '\'') {
            size_t e = quoted_end(line, i);
            out.push_back({i, e, SyntaxKind::String});
            i = e;
            continue;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            size_t e = i;
            while (e < line.size() && std::isalnum(static_cast<unsigned char>(line[e])))
                ++e;
            out.push_back({i, e, SyntaxKind::Number});
            i = e;
            continue;
        }
        if (ident_start(c)) {
            size_t e = i + 1;
            while (e < line.size() && ident_char(line[e]))
                ++e;
            std::string_view word = line.substr(i, e - i);
            size_t after = e;
            while (after < line.size() && (line[after] == ' ' || line[after] == '\t'))
                ++after;
            SyntaxKind kind = SyntaxKind::Label;
            if (word[0] == '.') {
                kind = SyntaxKind::Directive;
                seen_op = true;
            } else if (after < line.size() && line[after] == ':') {
                kind = SyntaxKind::Label; // a label's definition
            } else if (parse_reg(word)) {
                kind = SyntaxKind::Register;
            } else if (!seen_op && is_mnemonic(word)) {
                kind = SyntaxKind::Instruction;
                seen_op = true;
            } else {
                seen_op = true; // NAME = 42, or a symbol operand
            }
            out.push_back({i, e, kind});
            i = e;
            continue;
        }
        ++i;
    }
    return out;
}

std::optional<WordAt> word_at(std::string_view line, size_t at) {
    for (const SyntaxSpan& s : syntax_spans(line))
        if (at >= s.begin && at < s.end && s.kind != SyntaxKind::Comment &&
            s.kind != SyntaxKind::String)
            return WordAt{std::string(line.substr(s.begin, s.end - s.begin)), s.kind, s.begin,
                          s.end};
    return std::nullopt;
}

std::optional<MnemonicHelp> mnemonic_help(std::string_view mnemonic) {
    std::string w = lower(mnemonic);
    std::optional<MnemonicHelp> help;
    for (const OpInfo& op : isa_table()) {
        if (op.mnemonic != w) continue;
        std::string form = w;
        std::string_view ops = asm_detail::syntax_text(op.syntax);
        if (!ops.empty()) form += " " + std::string(ops);
        if (!help) {
            help =
                MnemonicHelp{form, std::string(op.explain_en), std::string(op.explain_ko), false};
        } else {
            help->syntax += "  |  " + form;
        }
    }
    if (help) return help;
    if (const asm_detail::PseudoInfo* p = asm_detail::find_pseudo(w)) {
        std::string form = w;
        if (!p->syntax.empty()) form += " " + std::string(p->syntax);
        return MnemonicHelp{form,
                            "a pseudo-instruction: the assembler writes it as " +
                                std::to_string(p->words) + " instruction word(s)",
                            "의사 명령어: 어셈블러가 명령어 워드 " + std::to_string(p->words) +
                                "개로 바꿔 씁니다",
                            true};
    }
    return std::nullopt;
}

} // namespace gb
