#include "teach/loader.h"

#include "sim/asm/assembler.h"
#include "sim/asm/file_text.h"
#include "sim/isa/memlayout.h"
#include "sim/kernel/machine.h"
#include "sim/kernel/shared_lib.h"
#include "teach/event_words.h"
#include "teach/lesson.h"
#include "teach/program.h"

#include <filesystem>
#include <fmt/format.h>

namespace gb {

std::string resolve_program_path(const std::string& path, const std::string& main_program) {
    namespace fs = std::filesystem;
    if (path.empty()) return "";
    std::vector<fs::path> tries{fs::path(path)};
    fs::path want(path);
    if (!want.is_absolute()) {
        fs::path dir = fs::path(main_program).parent_path();
        tries.push_back(dir / want);
        for (const std::string& inc : default_asm_options(main_program).include_dirs)
            tries.push_back(fs::path(inc) / want);
    }
    std::error_code ec;
    for (const fs::path& p : tries)
        if (fs::is_regular_file(p, ec)) return p.lexically_normal().string();
    return "";
}

std::string find_program_file(const std::string& path, const std::string& main_program,
                              std::string_view what, std::string& error, Why* why) {
    std::string file = resolve_program_path(path, main_program);
    if (file.empty()) {
        if (why) *why = what == "library" ? Why::NoLibraryFile : Why::NoProgramFile;
        error = fmt::format("no {} file '{}'", what, terminal_safe(path));
        return "";
    }
    // The sandbox: a guest names files, so it reaches only the folders a
    // program may read, never the host's other files.
    if (!is_under_roots(file, sandbox_roots(main_program))) {
        if (why) *why = Why::OutsideRoots;
        error = fmt::format("'{}' is outside the folders a program may read (its own folder, "
                            "programs/ and the lessons; GLASSBOX_ROOTS adds more)",
                            terminal_safe(path));
        return "";
    }
    return file;
}

void install_file_loaders(Machine& m, const std::string& main_program) {
    // A reason about the path carries the path (as the guest named it, made
    // safe for a terminal); the assembler's errors stay text (Why::Text).
    m.loader = [main_program](const std::string& path,
                              LoadError& error) -> std::shared_ptr<const Image> {
        std::string text;
        std::string file = find_program_file(path, main_program, "program", text, &error.why);
        if (file.empty()) {
            error.text = terminal_safe(path);
            return nullptr;
        }
        AsmResult r = assemble_file(file, default_asm_options(file));
        if (!r.ok()) {
            error = {Why::Text, format_errors(r)};
            return nullptr;
        }
        return std::make_shared<const Image>(std::move(*r.image));
    };
    m.lib_loader = [main_program](const std::string& path, uint32_t base,
                                  LoadError& error) -> std::shared_ptr<const Image> {
        std::string text;
        std::string file = find_program_file(path, main_program, "library", text, &error.why);
        if (file.empty()) {
            error.text = terminal_safe(path);
            return nullptr;
        }
        auto img = assemble_library(file, base, text, &error.why);
        if (!img) error.text = error.why == Why::Text ? text : file;
        return img;
    };
}

std::shared_ptr<const Image> assemble_library(const std::string& path, uint32_t base,
                                              std::string& error, Why* why) {
    // The library is assembled for its own base address, so every label
    // (and every jump inside it) already holds its final address.
    AsmOptions opts = default_asm_options(path);
    opts.text_base = base;
    opts.text_limit = layout::kLibLimit;
    AsmResult a = assemble_file(path, opts);
    if (!a.ok()) {
        if (why) *why = Why::Text;
        error = format_errors(a);
        return nullptr;
    }
    if (!a.image->data.bytes.empty() || !a.image->tls.bytes.empty()) {
        if (why) *why = Why::LibraryHasData;
        error = fmt::format("{}: a shared library holds only code and constants (.text); move its "
                            ".data and .tls into the programs that use it",
                            path);
        return nullptr;
    }
    return std::make_shared<const Image>(std::move(*a.image));
}

bool apply_lesson_containers(Machine& m, const Lesson& lesson, const std::string& root,
                             std::string& error) {
    bool loaders = static_cast<bool>(m.loader);
    for (const LessonContainer& lc : lesson.containers) {
        std::string path = (std::filesystem::path(root) / lc.program).string();
        AsmResult r = assemble_file(path, default_asm_options(path));
        if (!r.ok()) {
            error = fmt::format("container '{}': {} does not assemble:\n{}", lc.name, lc.program,
                                format_errors(r));
            return false;
        }
        if (!loaders) {
            install_file_loaders(m, path);
            loaders = true;
        }
        int id = m.create_container({lc.name, lc.memory_quota, lc.cpu_quota, lc.cpu_period});
        std::string name = std::filesystem::path(lc.program).filename().string();
        if (!m.load_in_container(id, std::make_shared<const Image>(std::move(*r.image)), name)) {
            error = fmt::format("container '{}': cannot start {}: {}", lc.name, lc.program,
                                stop_text(m));
            return false;
        }
    }
    return true;
}

} // namespace gb
