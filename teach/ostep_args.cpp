#include "teach/ostep_args.h"

#include <charconv>
#include <fmt/format.h>

namespace gb {

namespace {
// The name an option's value is kept under: its long name, or its letter
// for a short-only option like -c.
std::string key(const OstepOption& o) {
    return o.name.empty() ? std::string(1, o.letter) : o.name;
}
} // namespace

std::vector<std::string> split_list(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t at = s.find(sep, start);
        out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return out;
        start = at + 1;
    }
}

std::string py_bool(bool b) {
    return b ? "True" : "False";
}

const OstepOption* OstepArgs::find_short(char c) const {
    for (const OstepOption& o : options_)
        if (o.letter == c) return &o;
    return nullptr;
}

const OstepOption* OstepArgs::find_long(const std::string& prefix, std::string& error) const {
    const OstepOption* found = nullptr;
    std::string names;
    for (const OstepOption& o : options_) {
        if (o.name.empty()) continue;
        if (o.name == prefix) return &o;
        if (o.name.rfind(prefix, 0) == 0) {
            names += (names.empty() ? "--" : ", --") + o.name;
            if (found) {
                error = fmt::format("ambiguous option: --{} ({}?)", prefix, names);
                return nullptr;
            }
            found = &o;
        }
    }
    if (!found) {
        // Finish the list of candidates for the message above.
        error = fmt::format("no such option: --{}", prefix);
        return nullptr;
    }
    for (const OstepOption& o : options_)
        if (&o != found && !o.name.empty() && o.name.rfind(prefix, 0) == 0) {
            error = fmt::format("ambiguous option: --{} ({}, --{}?)", prefix, names, o.name);
            return nullptr;
        }
    return found;
}

bool OstepArgs::parse(const std::vector<std::string>& argv, std::string& error) {
    for (const OstepOption& o : options_)
        values_[key(o)] = o.flag ? "" : o.default_value;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "-h" || a == "--help") {
            help_ = true;
            return true;
        }
        if (a.rfind("--", 0) == 0 && a.size() > 2) {
            std::string name = a.substr(2), value;
            size_t eq = name.find('=');
            bool has_value = eq != std::string::npos;
            if (has_value) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            const OstepOption* o = find_long(name, error);
            if (!o) return false;
            if (o->flag) {
                if (has_value) {
                    error = fmt::format("--{} option does not take a value", o->name);
                    return false;
                }
                values_[key(*o)] = "1";
            } else {
                if (!has_value) {
                    if (i + 1 >= argv.size()) {
                        error = fmt::format("--{} option requires an argument", o->name);
                        return false;
                    }
                    value = argv[++i];
                }
                values_[key(*o)] = value;
            }
            given_[key(*o)] = true;
            continue;
        }
        if (a.size() >= 2 && a[0] == '-') {
            for (size_t k = 1; k < a.size(); ++k) {
                const OstepOption* o = find_short(a[k]);
                if (!o) {
                    if (a[k] == 'h') {
                        help_ = true;
                        return true;
                    }
                    error = fmt::format("no such option: -{}", a[k]);
                    return false;
                }
                given_[key(*o)] = true;
                if (o->flag) {
                    values_[key(*o)] = "1";
                    continue;
                }
                if (k + 1 < a.size()) {
                    values_[key(*o)] = a.substr(k + 1);
                } else if (i + 1 < argv.size()) {
                    values_[key(*o)] = argv[++i];
                } else {
                    error = fmt::format("-{} option requires an argument", a[k]);
                    return false;
                }
                break;
            }
            continue;
        }
        // optparse leaves positional arguments to the program; these simulators ignore them.
    }
    return true;
}

const std::string& OstepArgs::text(const std::string& name) const {
    static const std::string none;
    auto it = values_.find(name);
    return it == values_.end() ? none : it->second;
}

bool OstepArgs::integer(const std::string& name, long long& out, std::string& error) const {
    const std::string& v = text(name);
    const char* b = v.data();
    const char* e = v.data() + v.size();
    if (b != e && *b == '+') ++b;
    auto [p, ec] = std::from_chars(b, e, out);
    if (v.empty() || ec != std::errc() || p != e) {
        const OstepOption* o = nullptr;
        for (const OstepOption& x : options_)
            if (key(x) == name) o = &x;
        error = fmt::format("option {}: invalid integer value: '{}'",
                            o && o->letter ? fmt::format("-{}", o->letter) : "--" + name, v);
        return false;
    }
    return true;
}

std::string OstepArgs::help_text() const {
    std::string out = fmt::format("Usage: glassbox-cli ostep {} [options]\n\nOptions:\n"
                                  "  -h, --help            show this help message and exit\n",
                                  program_);
    for (const OstepOption& o : options_) {
        std::string left = o.letter ? fmt::format("-{}", o.letter) : std::string();
        std::string up = o.name;
        for (char& ch : up)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (o.flag && o.name.empty())
            ;
        else if (o.flag)
            left += fmt::format("{}--{}", o.letter ? ", " : "", o.name);
        else
            left += fmt::format(" {}, --{}={}", up, o.name, up);
        std::string help = o.help;
        if (!o.flag && !o.default_value.empty())
            help += fmt::format(" (default {})", o.default_value);
        if (left.size() < 22)
            out += fmt::format("  {:<22}{}\n", left, help);
        else
            out += fmt::format("  {}\n  {:<22}{}\n", left, "", help);
    }
    return out;
}

} // namespace gb
