#include "teach/program.h"

#include "sim/asm/file_text.h"
#include "sim/kernel/syscalls.h"

#include <filesystem>
#include <fmt/format.h>
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
    return o;
}

std::string line_of_file(const std::string& file, int line) {
    if (line <= 0) return "";
    FileText f = read_file_text(file);
    if (!f.ok()) return "";
    std::string_view rest = f.text;
    for (int i = 1; i < line; ++i) {
        size_t nl = rest.find('\n');
        if (nl == std::string_view::npos) return "";
        rest.remove_prefix(nl + 1);
    }
    std::string_view text = rest.substr(0, rest.find('\n'));
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return std::string(text);
}

std::string format_error(const AsmError& e, const std::string& source_line) {
    std::string out = e.to_string() + "\n";
    if (e.line > 0 && !source_line.empty()) {
        out += fmt::format("  {:>4} | {}\n", e.line, source_line);
        if (e.column > 0) {
            // Keep tabs so the caret lines up under the text.
            std::string pad;
            for (int i = 0; i + 1 < e.column && i < static_cast<int>(source_line.size()); ++i)
                pad += source_line[static_cast<size_t>(i)] == '\t' ? '\t' : ' ';
            size_t width = std::max<size_t>(1, e.text.size());
            out +=
                fmt::format("       | {}{}\n", pad, std::string(std::min<size_t>(width, 60), '^'));
        }
    }
    return out;
}

std::string format_errors(const AsmResult& r) {
    std::string out;
    for (const AsmError& e : r.errors) {
        out += format_error(e, line_of_file(e.file, e.line));
    }
    return out;
}

} // namespace gb
