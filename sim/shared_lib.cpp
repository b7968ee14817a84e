#include "shared_lib.h"

#include "assembler.h"
#include "isa.h"
#include "memlayout.h"
#include "program.h"

#include <filesystem>
#include <fmt/format.h>

namespace gb {

std::shared_ptr<const Image> assemble_library(const std::string& path, uint32_t base, std::string& error) {
    // The library is assembled for its own base address, so every label
    // (and every jump inside it) already holds its final address.
    AsmOptions opts = default_asm_options(path);
    opts.text_base = base;
    opts.text_limit = layout::kLibLimit;
    AsmResult a = assemble_file(path, opts);
    if (!a.ok()) {
        error = format_errors(a);
        return nullptr;
    }
    if (!a.image->data.bytes.empty() || !a.image->tls.bytes.empty()) {
        error = fmt::format("{}: a shared library holds only code and constants (.text); move its "
                            ".data and .tls into the programs that use it",
                            path);
        return nullptr;
    }
    return std::make_shared<const Image>(std::move(*a.image));
}

} // namespace gb
