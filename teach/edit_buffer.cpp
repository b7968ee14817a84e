#include "teach/edit_buffer.h"

#include "teach/program.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace gb {

namespace fs = std::filesystem;

namespace {
// The largest file the editor opens (the assembler's own limit on source text).
constexpr uintmax_t kMaxFileBytes = 4u << 20;
} // namespace

// --- templates -----------------------------------------------------------------

std::string template_text(ProgramTemplate t, bool korean) {
    if (t == ProgramTemplate::Main) {
        return korean ? R"(; 새 프로그램: main 에서 시작하고, main 이 ret 하면 끝납니다.
; 한 줄에 명령어 하나. ; 뒤는 주석입니다.

        .data
greeting: .string "Hello, Glassbox!\n"

        .text
main:
        li   r1, greeting       ; r1 ← 문자열의 주소
        sys  print_str          ; 콘솔에 출력
        li   r1, 6
        mul  r1, r1, 7          ; r1 ← 6 × 7
        sys  print_int
        li   r1, '\n'
        sys  print_char
        li   r0, 0              ; 종료 코드 0
        ret
)"
                      : R"(; A new program: it starts at main and ends when main returns.
; One instruction per line; a ; starts a comment.

        .data
greeting: .string "Hello, Glassbox!\n"

        .text
main:
        li   r1, greeting       ; r1 ← the string's address
        sys  print_str          ; print it on the console
        li   r1, 6
        mul  r1, r1, 7          ; r1 ← 6 × 7
        sys  print_int
        li   r1, '\n'
        sys  print_char
        li   r0, 0              ; exit code 0
        ret
)";
    }
    return korean ? R"(; 스레드 두 개: 각자 인자(r1)를 공유 전역 변수 total 에 더합니다.
; main 은 두 스레드를 기다렸다가(join) total 을 출력합니다.

        .data
total:  .word 0

        .text
main:
        li   r1, worker         ; 스레드가 실행할 함수
        li   r2, 10             ; 그 인자 (worker 의 r1)
        sys  thread_create      ; r0 ← 새 스레드의 tid
        mov  r5, r0
        li   r1, worker
        li   r2, 20
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join        ; 첫 번째 스레드를 기다림
        mov  r1, r6
        sys  thread_join
        load r1, [total]
        sys  print_int          ; 30
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

; worker(r1): total ← total + r1 (원자적으로)
worker:
        li   r2, total
        fadd r3, r1, [r2]       ; r3 ← 이전 값
        li   r0, 0
        ret
)"
                  : R"(; Two threads: each adds its argument (r1) to the shared global total.
; main waits for both (join), then prints total.

        .data
total:  .word 0

        .text
main:
        li   r1, worker         ; the function the thread runs
        li   r2, 10             ; its argument (worker's r1)
        sys  thread_create      ; r0 ← the new thread's tid
        mov  r5, r0
        li   r1, worker
        li   r2, 20
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join        ; wait for the first thread
        mov  r1, r6
        sys  thread_join
        load r1, [total]
        sys  print_int          ; 30
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

; worker(r1): total ← total + r1 (atomically)
worker:
        li   r2, total
        fadd r3, r1, [r2]       ; r3 ← the value before
        li   r0, 0
        ret
)";
}

// --- the buffer ------------------------------------------------------------------

void EditBuffer::open(std::string path, std::string text) {
    path_ = std::move(path);
    text_ = std::move(text);
    saved_ = path_.empty() ? std::string() : text_;
    cursor_ = 0;
    undo_.clear();
    redo_.clear();
    last_mergeable_ = false;
    ++generation_;
    diagnostics_.clear();
    assembles_ = false;
    last_good_.reset();
    stamp_file();
}

bool EditBuffer::open_file(const std::string& path, std::string& error) {
    // Only a regular file of a program's size: a FIFO or a device would block or never end.
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        error = fmt::format("{} is not a regular file", path);
        return false;
    }
    if (fs::file_size(path, ec) > kMaxFileBytes) {
        error = fmt::format("{} is larger than {} bytes", path, kMaxFileBytes);
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = fmt::format("cannot read {}", path);
        return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    open(path, ss.str());
    return true;
}

std::string EditBuffer::name() const {
    return path_.empty() ? std::string("untitled.s") : fs::path(path_).filename().string();
}

void EditBuffer::push_undo(bool mergeable, double now) {
    // A burst of typing is one step: the snapshot before its first keystroke.
    bool merge = mergeable && last_mergeable_ && now - last_edit_ < kUndoMerge && !undo_.empty();
    if (!merge) {
        undo_.push_back({text_, cursor_});
        if (undo_.size() > kMaxUndo) undo_.erase(undo_.begin());
    }
    redo_.clear();
    last_mergeable_ = mergeable;
    last_edit_ = now;
}

void EditBuffer::changed(double now) {
    last_edit_ = now;
    ++generation_;
}

void EditBuffer::edit(std::string text, size_t cursor, double now) {
    if (text == text_) {
        cursor_ = std::min(cursor, text_.size());
        return;
    }
    push_undo(true, now);
    text_ = std::move(text);
    cursor_ = std::min(cursor, text_.size());
    changed(now);
}

bool EditBuffer::undo() {
    if (undo_.empty()) return false;
    redo_.push_back({text_, cursor_});
    text_ = std::move(undo_.back().text);
    cursor_ = undo_.back().cursor;
    undo_.pop_back();
    last_mergeable_ = false;
    ++generation_;
    last_edit_ = -1e9; // assemble at the next poll
    return true;
}

bool EditBuffer::redo() {
    if (redo_.empty()) return false;
    undo_.push_back({text_, cursor_});
    text_ = std::move(redo_.back().text);
    cursor_ = redo_.back().cursor;
    redo_.pop_back();
    last_mergeable_ = false;
    ++generation_;
    last_edit_ = -1e9;
    return true;
}

template <class Op> void EditBuffer::each_line(size_t& begin, size_t& end, double now, Op op) {
    if (begin > end) std::swap(begin, end);
    begin = std::min(begin, text_.size());
    end = std::min(end, text_.size());
    size_t first = text_.rfind('\n', begin == 0 ? 0 : begin - 1);
    first = (begin == 0 || first == std::string::npos) ? 0 : first + 1;
    // A selection that ends at the start of a line does not take that line.
    size_t last_end = end;
    if (end > begin && text_[end - 1] == '\n') last_end = end - 1;
    std::vector<std::string> lines;
    size_t pos = first;
    while (true) {
        size_t nl = text_.find('\n', pos);
        size_t stop = nl == std::string::npos ? text_.size() : nl;
        lines.emplace_back(text_.substr(pos, stop - pos));
        if (nl == std::string::npos || nl >= last_end) {
            pos = stop;
            break;
        }
        pos = nl + 1;
    }
    op(lines);
    std::string joined;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i) joined += '\n';
        joined += lines[i];
    }
    std::string next = text_.substr(0, first) + joined + text_.substr(pos);
    if (next == text_) return;
    push_undo(false, now);
    text_ = std::move(next);
    begin = first;
    end = first + joined.size();
    cursor_ = end;
    changed(now);
}

void EditBuffer::indent(size_t& begin, size_t& end, double now) {
    each_line(begin, end, now, [](std::vector<std::string>& lines) {
        for (std::string& l : lines)
            if (!l.empty()) l.insert(0, "    ");
    });
}

void EditBuffer::unindent(size_t& begin, size_t& end, double now) {
    each_line(begin, end, now, [](std::vector<std::string>& lines) {
        for (std::string& l : lines) {
            if (!l.empty() && l[0] == '\t') {
                l.erase(0, 1);
                continue;
            }
            size_t n = 0;
            while (n < 4 && n < l.size() && l[n] == ' ')
                ++n;
            l.erase(0, n);
        }
    });
}

void EditBuffer::toggle_comment(size_t& begin, size_t& end, double now) {
    each_line(begin, end, now, [](std::vector<std::string>& lines) {
        auto first_char = [](const std::string& l) { return l.find_first_not_of(" \t"); };
        bool all = true, any = false;
        for (const std::string& l : lines) {
            size_t f = first_char(l);
            if (f == std::string::npos) continue;
            any = true;
            all = all && (l[f] == ';' || l[f] == '#');
        }
        if (!any) return;
        for (std::string& l : lines) {
            size_t f = first_char(l);
            if (f == std::string::npos) continue;
            if (all) {
                l.erase(f, 1);
                if (f < l.size() && l[f] == ' ') l.erase(f, 1);
            } else {
                l.insert(f, "; ");
            }
        }
    });
}

size_t EditBuffer::find(std::string_view needle, size_t from, bool match_case) const {
    if (needle.empty() || needle.size() > text_.size()) return std::string::npos;
    auto eq = [&](char a, char b) {
        if (match_case) return a == b;
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    };
    auto search = [&](size_t lo, size_t hi) -> size_t {
        auto it = std::search(text_.begin() + static_cast<std::ptrdiff_t>(lo),
                              text_.begin() + static_cast<std::ptrdiff_t>(hi), needle.begin(),
                              needle.end(), eq);
        size_t at = static_cast<size_t>(it - text_.begin());
        return at + needle.size() <= hi && it != text_.begin() + static_cast<std::ptrdiff_t>(hi)
                   ? at
                   : std::string::npos;
    };
    from = std::min(from, text_.size());
    size_t at = search(from, text_.size());
    if (at == std::string::npos) at = search(0, std::min(text_.size(), from + needle.size() - 1));
    return at;
}

// --- positions ---------------------------------------------------------------------

int EditBuffer::line_count() const {
    return 1 + static_cast<int>(std::count(text_.begin(), text_.end(), '\n'));
}

std::pair<int, int> EditBuffer::line_col(size_t offset) const {
    offset = std::min(offset, text_.size());
    int line = 1 + static_cast<int>(std::count(
                       text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    size_t start = offset == 0 ? std::string::npos : text_.rfind('\n', offset - 1);
    size_t col0 = start == std::string::npos ? offset : offset - start - 1;
    return {line, static_cast<int>(col0) + 1};
}

size_t EditBuffer::offset_of(int line, int column) const {
    size_t pos = 0;
    for (int l = 1; l < line; ++l) {
        size_t nl = text_.find('\n', pos);
        if (nl == std::string::npos) return text_.size();
        pos = nl + 1;
    }
    size_t nl = text_.find('\n', pos);
    size_t stop = nl == std::string::npos ? text_.size() : nl;
    return std::min(pos + static_cast<size_t>(std::max(column, 1) - 1), stop);
}

std::string_view EditBuffer::line_text(int line) const {
    if (line < 1 || line > line_count()) return {};
    size_t pos = offset_of(line, 1);
    size_t nl = text_.find('\n', pos);
    std::string_view all(text_);
    return all.substr(pos, (nl == std::string::npos ? text_.size() : nl) - pos);
}

// --- assembling ---------------------------------------------------------------------

bool EditBuffer::poll(double now) {
    if (checked() || now - last_edit_ < kAssembleDelay) return false;
    check();
    return true;
}

void EditBuffer::check() {
    std::string as = path_.empty() ? name() : path_;
    AsmResult r = assemble(text_, as, default_asm_options(as));
    checked_generation_ = generation_;
    diagnostics_.clear();
    assembles_ = r.ok();
    if (r.ok()) {
        last_good_ = std::make_shared<const Image>(std::move(*r.image));
        return;
    }
    for (const AsmError& e : r.errors) {
        Diagnostic d;
        d.file = e.file;
        d.message = e.message;
        bool here = e.file == as || e.file.empty();
        if (!here) {
            std::error_code ec;
            here = fs::equivalent(e.file, as, ec);
        }
        d.line = here ? e.line : 0;
        d.column = std::max(e.column, 1);
        d.length = std::max<int>(1, static_cast<int>(e.text.size()));
        if (here && d.line >= 1) {
            // Never past the end of the line (an error may name a whole operand list).
            int room = static_cast<int>(line_text(d.line).size()) - (d.column - 1);
            d.length = std::max(1, std::min(d.length, room));
        }
        diagnostics_.push_back(std::move(d));
    }
}

std::vector<const Diagnostic*> EditBuffer::diagnostics_on(int line) const {
    std::vector<const Diagnostic*> out;
    for (const Diagnostic& d : diagnostics_)
        if (d.line == line) out.push_back(&d);
    return out;
}

// --- files ---------------------------------------------------------------------------

void EditBuffer::stamp_file() {
    disk_time_.reset();
    if (path_.empty()) return;
    std::error_code ec;
    auto t = fs::last_write_time(path_, ec);
    if (!ec) disk_time_ = t;
}

bool EditBuffer::save(std::string& error) {
    if (path_.empty()) {
        error = "this program has no file yet: use Save as";
        return false;
    }
    return save_as(path_, error);
}

bool EditBuffer::save_as(const std::string& path, std::string& error) {
    std::error_code ec;
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text_) || !(out.flush())) {
        error = fmt::format("cannot write {}", path);
        return false;
    }
    out.close();
    if (path != path_) ++generation_; // assembled again under its new name (includes resolve there)
    path_ = path;
    saved_ = text_;
    stamp_file();
    return true;
}

void EditBuffer::saved_to(const std::string& path) {
    if (path != path_) ++generation_; // (as save_as: assembled again under its new name)
    path_ = path;
    saved_ = text_;
    stamp_file();
}

bool EditBuffer::changed_on_disk() const {
    if (path_.empty() || !disk_time_) return false;
    std::error_code ec;
    auto t = fs::last_write_time(path_, ec);
    return !ec && t != *disk_time_;
}

bool EditBuffer::reload_from_disk(std::string& error) {
    std::string keep = path_;
    return open_file(keep, error);
}

void EditBuffer::keep_mine() {
    stamp_file();
    std::error_code ec;
    if (!fs::is_regular_file(path_, ec)) return;
    // What is on disk now is what "unsaved" compares with.
    std::ifstream in(path_, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    saved_ = ss.str();
}

std::optional<int> line_after_edit(const std::vector<std::string>& before,
                                   const std::vector<std::string>& after, int line) {
    if (line < 1 || static_cast<size_t>(line) > before.size()) return std::nullopt;
    size_t prefix = 0;
    while (prefix < before.size() && prefix < after.size() && before[prefix] == after[prefix])
        ++prefix;
    size_t suffix = 0;
    while (suffix < before.size() - prefix && suffix < after.size() - prefix &&
           before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
        ++suffix;
    auto at = static_cast<size_t>(line - 1);
    if (at < prefix) return line;
    if (at >= before.size() - suffix)
        return line + static_cast<int>(after.size()) - static_cast<int>(before.size());
    return std::nullopt;
}

// --- where a program may be saved -----------------------------------------------------

bool asks_first(BufferEffect effect, const EditBuffer& buf) {
    return effect != BufferEffect::Keeps && buf.dirty();
}

bool goes_ahead(UnsavedAnswer answer, bool saved) {
    switch (answer) {
    case UnsavedAnswer::Save: return saved;
    case UnsavedAnswer::Discard: return true;
    case UnsavedAnswer::Cancel: return false;
    }
    return false;
}

bool is_shipped(const std::string& path, const std::vector<std::string>& roots) {
    if (path.empty()) return false;
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    for (const std::string& r : roots) {
        fs::path root = fs::weakly_canonical(fs::absolute(r, ec), ec);
        auto [a, b] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
        if (a == root.end() && !root.empty()) return true;
    }
    return false;
}

namespace {
bool same_file(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    if (a == b) return true;
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}
} // namespace

std::string reload_file(const EditBuffer& buf, const std::string& origin,
                        const std::string& session_path, const std::vector<std::string>& roots) {
    const std::string& mine = buf.path();
    if (mine.empty() || is_shipped(mine, roots) || same_file(mine, origin)) return {};
    if (same_file(mine, session_path) || same_file(origin, session_path)) return mine;
    return {};
}

std::string own_copy_path(const std::string& path, const std::string& user_dir) {
    fs::path name = fs::path(path.empty() ? "untitled.s" : path).filename();
    fs::path dir(user_dir);
    fs::path want = dir / name;
    std::error_code ec;
    for (int n = 2; fs::exists(want, ec); ++n)
        want = dir / fmt::format("{}-{}{}", name.stem().string(), n, name.extension().string());
    return want.string();
}

} // namespace gb
