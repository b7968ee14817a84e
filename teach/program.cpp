#include "teach/program.h"

#include "sim/asm/file_text.h"
#include "sim/kernel/syscalls.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <mutex>
#include <string_view>

namespace gb {

AsmOptions default_asm_options(const std::string& program_path) {
    namespace fs = std::filesystem;
    AsmOptions o;
    o.predefined = syscall_constants();
    fs::path dir = fs::path(program_path).parent_path();
    o.include_dirs.push_back((dir / "lib").string());
#ifdef GLASSBOX_SOURCE_DIR
    o.include_dirs.push_back(GLASSBOX_SOURCE_DIR "/programs/lib");
#endif
    o.file_roots = sandbox_roots(program_path);
    return o;
}

std::vector<std::string> sandbox_roots(const std::string& program_path) {
    namespace fs = std::filesystem;
    std::vector<std::string> roots;
    std::string dir = fs::path(program_path).parent_path().string();
    roots.push_back(dir.empty() ? "." : dir);
#ifdef GLASSBOX_SOURCE_DIR
    roots.push_back(GLASSBOX_SOURCE_DIR "/programs");
    roots.push_back(GLASSBOX_SOURCE_DIR "/assets");
#endif
    if (const char* env = std::getenv("GLASSBOX_ROOTS")) {
        std::string_view rest(env);
        while (!rest.empty()) {
            size_t colon = rest.find(':');
            std::string_view one = rest.substr(0, colon);
            if (!one.empty()) roots.emplace_back(one);
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    return roots;
}

namespace {

// Length of the valid UTF-8 sequence at s[i] (2..4), or 0.
size_t utf8_length(std::string_view s, size_t i) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; ++k)
        if ((b(i + k) & 0xC0) != 0x80) return 0;
    if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
    if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0; // surrogates
    if (n == 4 && c == 0xF0 && b(i + 1) < 0x90) return 0;
    if (n == 4 && c == 0xF4 && b(i + 1) >= 0x90) return 0;
    if (n == 2 && c == 0xC2 && b(i + 1) < 0xA0) return 0; // C1 controls (U+0080..U+009F)
    return n;
}

} // namespace

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
            out += text[i++];
        } else if (size_t n = c >= 0x80 ? utf8_length(text, i) : 0; n > 0) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            out += fmt::format("\\x{:02x}", c);
            ++i;
        }
    }
    return out;
}

namespace {

// The lines of the files last asked for, so that the dashboard's error list
// (which asks every frame) and a long list of errors read each file once.
// A file is read again when its size or time changes.
struct CachedFile {
    std::string path;
    uintmax_t size = 0;
    std::filesystem::file_time_type time;
    std::vector<std::string> lines;
};

std::mutex cache_mutex;
std::vector<CachedFile> cache; // the most recent last; a few entries

} // namespace

std::string line_of_file(const std::string& file, int line) {
    namespace fs = std::filesystem;
    if (line <= 0) return "";
    std::error_code ec;
    auto st = fs::status(file, ec);
    if (ec || !fs::is_regular_file(st)) return "";
    uintmax_t size = fs::file_size(file, ec);
    if (ec) return "";
    auto time = fs::last_write_time(file, ec);
    if (ec) return "";
    std::lock_guard lock(cache_mutex);
    auto it = std::find_if(cache.begin(), cache.end(), [&](const CachedFile& c) {
        return c.path == file && c.size == size && c.time == time;
    });
    if (it == cache.end()) {
        FileText f = read_file_text(file);
        if (!f.ok()) return "";
        if (cache.size() >= 4) cache.erase(cache.begin());
        cache.push_back({file, size, time, split_source_lines(f.text)});
        it = cache.end() - 1;
    }
    if (static_cast<size_t>(line) > it->lines.size()) return "";
    return it->lines[static_cast<size_t>(line) - 1];
}

std::string format_error(const AsmError& e, const std::string& source_line) {
    std::string out = terminal_safe(e.to_string()) + "\n";
    if (e.line > 0 && !source_line.empty()) {
        out += fmt::format("  {:>4} | {}\n", e.line, terminal_safe(source_line));
        if (e.column > 0) {
            // Keep tabs so the caret lines up under the text: one space per
            // character shown (a UTF-8 character is one, an escaped byte four).
            std::string pad;
            std::string_view line = source_line;
            size_t stop = std::min(line.size(), static_cast<size_t>(e.column - 1));
            for (size_t i = 0; i < stop;) {
                auto c = static_cast<unsigned char>(line[i]);
                size_t n = c >= 0x80 ? utf8_length(line, i) : 0;
                if (c == '\t')
                    pad += '\t';
                else if ((c >= 0x20 && c < 0x7f) || n > 0)
                    pad += ' ';
                else
                    pad += "    "; // shown as \xNN
                i += n > 0 ? n : 1;
            }
            size_t width = std::max<size_t>(1, e.text.size());
            out +=
                fmt::format("       | {}{}\n", pad, std::string(std::min<size_t>(width, 60), '^'));
        }
    }
    return out;
}

std::string format_errors(const AsmResult& r) {
    // The lines the assembler read (not the file again: it may have changed,
    // and reading it per error was quadratic).
    const std::vector<SourceFile>& files = r.image ? r.image->files : r.sources;
    std::string out;
    for (const AsmError& e : r.errors) {
        auto f = std::find_if(files.begin(), files.end(),
                              [&](const SourceFile& s) { return s.path == e.file; });
        std::string line;
        if (f != files.end()) {
            if (e.line > 0 && static_cast<size_t>(e.line) <= f->lines.size())
                line = f->lines[static_cast<size_t>(e.line) - 1];
        } else {
            line = line_of_file(e.file, e.line);
        }
        out += format_error(e, line);
    }
    return out;
}

} // namespace gb
