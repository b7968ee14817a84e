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
    if (ec && ec != std::errc::no_such_file_or_directory) {
        r.error = ec.message(); // a symlink loop, a permission problem
        return r;
    }
    if (ec || !fs::exists(st)) {
        r.error = "no such file";
        return r;
    }
    if (!fs::is_regular_file(st)) {
        r.error = file_kind_problem(st);
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

std::string file_kind_problem(const fs::file_status& st) {
    switch (st.type()) {
    case fs::file_type::directory: return "it is a folder, not a file";
    case fs::file_type::fifo: return "it is a FIFO (named pipe), not a regular file";
    case fs::file_type::socket: return "it is a socket, not a regular file";
    case fs::file_type::block:
    case fs::file_type::character: return "it is a device, not a regular file";
    case fs::file_type::regular:
    case fs::file_type::not_found:
    case fs::file_type::none: return "";
    default: return "not a regular file";
    }
}

namespace {

fs::path resolved(const fs::path& p) {
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec);
    if (ec) return {};
    fs::path r = fs::weakly_canonical(abs, ec);
    return ec ? fs::path() : r;
}

} // namespace

bool is_under_roots(const fs::path& file, const std::vector<std::string>& roots) {
    fs::path f = resolved(file);
    if (f.empty()) return false;
    for (const std::string& root : roots) {
        if (root.empty()) continue;
        fs::path r = resolved(root);
        if (r.empty()) continue;
        auto fi = f.begin();
        bool inside = true;
        for (auto ri = r.begin(); ri != r.end(); ++ri, ++fi) {
            if (ri->empty()) continue; // a trailing separator
            if (fi == f.end() || *fi != *ri) {
                inside = false;
                break;
            }
        }
        if (inside) return true;
    }
    return false;
}

std::vector<std::string> split_source_lines(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r') continue;
        lines.emplace_back(text.substr(start, i - start));
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < text.size() || lines.empty()) lines.emplace_back(text.substr(start));
    return lines;
}

} // namespace gb
