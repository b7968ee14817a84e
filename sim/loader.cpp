#include "loader.h"

#include "machine.h"
#include "program.h"
#include "shared_lib.h"

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
        for (const std::string& inc : default_asm_options(main_program).include_dirs) tries.push_back(fs::path(inc) / want);
    }
    std::error_code ec;
    for (const fs::path& p : tries)
        if (fs::is_regular_file(p, ec)) return p.lexically_normal().string();
    return "";
}

void install_file_loaders(Machine& m, const std::string& main_program) {
    m.loader = [main_program](const std::string& path, std::string& error) -> std::shared_ptr<const Image> {
        std::string file = resolve_program_path(path, main_program);
        if (file.empty()) {
            error = fmt::format("no program file '{}'", path);
            return nullptr;
        }
        AsmResult r = assemble_file(file, default_asm_options(file));
        if (!r.ok()) {
            error = format_errors(r);
            return nullptr;
        }
        return std::make_shared<const Image>(std::move(*r.image));
    };
    m.lib_loader = [main_program](const std::string& path, uint32_t base,
                                  std::string& error) -> std::shared_ptr<const Image> {
        std::string file = resolve_program_path(path, main_program);
        if (file.empty()) {
            error = fmt::format("no library file '{}'", path);
            return nullptr;
        }
        return assemble_library(file, base, error);
    };
}

} // namespace gb
