// Pass 1's directives: sections, data, .space/.align, .equ and .include.
// An included file is read here and assembled in place, line by line.
#include "sim/asm/asm_passes.h"
#include "sim/asm/file_text.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

namespace gb::asm_detail {

int Assembler::add_file(const std::string& path, std::string_view text) {
    files_.push_back(SourceFile{path, split_source_lines(text)});
    return static_cast<int>(files_.size() - 1);
}

void Assembler::directive(std::span<const Token> t) {
    const Token& head = t[0];
    std::string d = lower(head.text);
    auto args = t.subspan(1);
    if (d == ".text" || d == ".data" || d == ".tls") {
        if (!args.empty()) {
            error(args[0], fmt::format("'{}' takes no operands", d));
            return;
        }
        bind_pending();
        sec_ = d == ".text" ? Sec::Text : d == ".data" ? Sec::Data : Sec::Tls;
    } else if (d == ".word" || d == ".byte") {
        Stmt s;
        s.kind = d == ".word" ? Stmt::Kind::Word : Stmt::Kind::Byte;
        s.name = d;
        s.toks.assign(t.begin(), t.end());
        std::span<const Token> all(s.toks);
        std::vector<std::span<const Token>> pieces;
        if (args.empty()) {
            error(head, fmt::format("'{}' expects one or more values, like {} 1, 2, 3", d, d));
            return;
        }
        if (!split_commas(all.subspan(1), head, pieces)) return;
        for (auto p : pieces) {
            if (!check_value(p, p.front().column, "a number, a character or a label")) return;
            Operand op;
            op.begin = static_cast<size_t>(p.data() - all.data());
            op.end = op.begin + p.size();
            op.column = p.front().column;
            op.text = operand_text(p);
            s.ops.push_back(std::move(op));
        }
        uint32_t each = s.kind == Stmt::Kind::Word ? 4 : 1;
        s.size = each * static_cast<uint32_t>(s.ops.size());
        place(std::move(s), head, each);
    } else if (d == ".string") {
        if (args.size() != 1 || args[0].kind != Tok::String) {
            error(args.empty() ? head : args[0],
                  "'.string' expects one string in double quotes, like .string \"hello\\n\"");
            return;
        }
        Stmt s;
        s.kind = Stmt::Kind::String;
        s.name = d;
        s.str = args[0].str;
        s.size = static_cast<uint32_t>(std::min<size_t>(s.str.size() + 1, UINT32_MAX / 2));
        place(std::move(s), head, 1);
    } else if (d == ".space" || d == ".align") {
        auto n = pass1_size(head, args);
        if (!n) return;
        if (d == ".space") {
            const SecInfo& si = info(sec_);
            if (*n < 0 || *n > si.max_size) {
                error(args[0].column, operand_text(args),
                      *n < 0 ? fmt::format("a .space size cannot be negative (got {})", *n)
                             : fmt::format("{} segment full: .space {} is larger than the "
                                           "whole segment ({} bytes)",
                                           si.name, *n, si.max_size));
                return;
            }
            Stmt s;
            s.kind = Stmt::Kind::Space;
            s.name = d;
            s.size = static_cast<uint32_t>(*n);
            place(std::move(s), head, 1);
        } else {
            if (*n < 1 || *n > 4096 || (*n & (*n - 1)) != 0) {
                error(args[0].column, operand_text(args),
                      fmt::format(".align expects a power of two from 1 to 4096 (bytes), got {}",
                                  *n));
                return;
            }
            auto a = static_cast<uint32_t>(*n);
            auto& off = off_[static_cast<size_t>(sec_)];
            uint64_t at = (uint64_t{off} + a - 1) / a * a;
            if (at > info(sec_).max_size) {
                error(head, fmt::format("{} segment full", info(sec_).name));
                return;
            }
            off = static_cast<uint32_t>(at); // labels above bind to the next item
        }
    } else if (d == ".equ") {
        if (args.empty() || args[0].kind != Tok::Ident) {
            error(args.empty() ? head : args[0],
                  "'.equ' expects a name and a value, like .equ SIZE, 16");
            return;
        }
        size_t k = 1;
        if (k < args.size() && args[k].kind == Tok::Comma) ++k;
        define_constant(args[0], args.subspan(k), args[k - 1]);
    } else if (d == ".include") {
        if (args.size() != 1 || args[0].kind != Tok::String) {
            error(args.empty() ? head : args[0],
                  "'.include' expects a file name in double quotes, like .include \"print.s\"");
            return;
        }
        include(args[0]);
    } else {
        std::string msg = fmt::format("unknown directive '{}'", printable(head.text));
        std::string s = suggest(d, kDirectives);
        if (!s.empty())
            msg += fmt::format(" — did you mean '{}'?", s);
        else
            msg += " (the directives are .text .data .tls .word .byte .string .space .align "
                   ".equ .include)";
        error(head, std::move(msg));
    }
}

// The value of .space / .align, which must be known in pass 1.
std::optional<int64_t> Assembler::pass1_size(const Token& head, std::span<const Token> args) {
    int col = head.column + static_cast<int>(head.text.size()) + 1;
    if (!check_value(args, col, fmt::format("a size after '{}'", head.text))) return std::nullopt;
    auto v = eval_expr(args, [this](const Token& t) { return known(t); });
    if (v.error) {
        error(v.error->column, v.error->text, v.error->message);
        return std::nullopt;
    }
    if (!v.value) {
        for (const Token& t : args)
            if (t.kind == Tok::Ident && !known(t)) {
                if (auto it = syms_.find(t.text); it != syms_.end() && it->second.poisoned)
                    return std::nullopt; // its own error was reported
                error(t, fmt::format("the size of '{}' must be known where it is written, but "
                                     "'{}' is not defined above this line",
                                     lower(head.text), printable(t.text)));
                return std::nullopt;
            }
        error(args[0].column, operand_text(args), "the size could not be computed");
        return std::nullopt;
    }
    return v.value;
}

void Assembler::include(const Token& name) {
    const std::string& rel = name.str;
    if (rel.empty() || rel.find('\0') != std::string::npos) {
        error(name, "'.include' needs a file name");
        return;
    }
    if (stack_.size() >= kMaxIncludeDepth) {
        error(name, fmt::format("includes are nested too deeply (more than {} levels)",
                                kMaxIncludeDepth));
        return;
    }
    std::error_code ec;
    fs::path want(rel);
    std::vector<fs::path> tried;
    if (want.is_absolute())
        tried.push_back(want);
    else {
        fs::path here = fs::path(files_[static_cast<size_t>(file_)].path).parent_path();
        tried.push_back(here / want);
        for (const auto& dir : opts_.include_dirs)
            tried.push_back(fs::path(dir) / want);
    }
    // The first place where something exists (a folder or a FIFO too: it is
    // then named for what it is rather than "cannot find").
    fs::path found;
    for (const auto& p : tried) {
        auto st = fs::symlink_status(p, ec);
        if (!ec && fs::exists(st)) {
            found = p;
            break;
        }
    }
    if (found.empty()) {
        std::string places;
        for (const auto& p : tried)
            places += (places.empty() ? "" : ", ") + printable(p.lexically_normal().string(), 200);
        error(name, fmt::format("cannot find the include file '{}' (looked for {})",
                                printable(rel, 200), places));
        return;
    }
    found = found.lexically_normal();
    if ((void)fs::status(found, ec), ec && ec != std::errc::no_such_file_or_directory) {
        error(name, fmt::format("cannot read the include file '{}': {}",
                                printable(found.string(), 200), ec.message()));
        return;
    }
    std::vector<std::string> roots = opts_.file_roots;
    roots.push_back(fs::path(files_[0].path).parent_path().string());
    if (roots.back().empty()) roots.back() = ".";
    if (!is_under_roots(found, roots)) {
        error(name, fmt::format("'{}' is outside the folders a program may read (its own folder "
                                "and the sandbox's roots: programs/ and the lessons); the "
                                "assembler does not open it",
                                printable(rel, 200)));
        return;
    }
    auto canon = fs::weakly_canonical(fs::absolute(found, ec), ec);
    std::string key = ec ? found.string() : canon.string();
    for (size_t k = 0; k < stack_.size(); ++k) {
        if (keys_[static_cast<size_t>(stack_[k])] != key) continue;
        std::string chain;
        for (size_t j = k; j < stack_.size(); ++j)
            chain += files_[static_cast<size_t>(stack_[j])].path + " → ";
        chain += found.string();
        error(name, fmt::format("include cycle: {}", chain));
        return;
    }
    if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return; // included already
    size_t room = opts_.max_source_bytes - std::min(source_bytes_, opts_.max_source_bytes);
    FileText file = read_file_text(found, room);
    if (!file.ok()) {
        if (file.error.starts_with("the file is too large"))
            file.error = fmt::format("the program and its includes would pass the limit of {} "
                                     "bytes of source",
                                     opts_.max_source_bytes);
        error(name, fmt::format("cannot read the include file '{}': {}",
                                printable(found.string(), 200), file.error));
        return;
    }
    source_bytes_ += file.text.size();
    int idx = add_file(found.string(), file.text);
    keys_.push_back(key);
    int saved_file = file_, saved_line = line_;
    std::string_view saved_text = text_;
    stack_.push_back(idx);
    pass1_file(idx);
    stack_.pop_back();
    file_ = saved_file;
    line_ = saved_line;
    text_ = saved_text;
}

} // namespace gb::asm_detail
