#include "sim/asm/file_text.h"

#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <system_error>

namespace gb {

namespace fs = std::filesystem;

FileText read_file_text(const fs::path& path, uintmax_t max_size) {
    FileText r;
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        r.error = "no such file";
        return r;
    }
    if (!fs::is_regular_file(st)) {
        r.error = "not a regular file";
        return r;
    }
    auto size = fs::file_size(path, ec);
    if (ec) {
        r.error = ec.message();
        return r;
    }
    if (size > max_size) {
        r.error = fmt::format("the file is too large ({} bytes; at most {})", size, max_size);
        return r;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        r.error = "cannot open it for reading";
        return r;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        r.error = "a read error";
        return r;
    }
    r.text = std::move(ss).str();
    return r;
}

} // namespace gb
