// Command lines in the style of OSTEP's homework simulators, which use
// Python's optparse: `-s 5`, `-s5`, `--seed 5`, `--seed=5`, a long name
// may be shortened to any unique prefix, and flags combine (`-cS`). Each
// simulator declares its options with the original's letters, names,
// defaults and help; `glassbox-cli ostep SIM -h` prints them.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace gb {

struct OstepOption {
    char letter = 0;  // 's'
    std::string name; // "seed"
    bool flag = false;
    std::string default_value; // as text; flags: "" (false)
    std::string help;
};

class OstepArgs {
  public:
    OstepArgs(std::string program, std::vector<OstepOption> options)
        : program_(std::move(program)), options_(std::move(options)) {}
    // false with `error` set ("option -s: invalid integer value: 'x'");
    // `help` set when -h/--help was given (then the caller prints it).
    bool parse(const std::vector<std::string>& argv, std::string& error);
    bool help_asked() const { return help_; }
    std::string help_text() const;

    const std::string& text(const std::string& name) const;
    bool flag(const std::string& name) const { return text(name) == "1"; }
    // The value as a whole number; false (and `error`) if it is not one.
    bool integer(const std::string& name, long long& out, std::string& error) const;
    bool given(const std::string& name) const { return given_.count(name) > 0; }

  private:
    const OstepOption* find_long(const std::string& prefix, std::string& error) const;
    const OstepOption* find_short(char c) const;
    std::string program_;
    std::vector<OstepOption> options_;
    std::map<std::string, std::string> values_;
    std::map<std::string, bool> given_;
    bool help_ = false;
};

// Python's "%.2f" etc. are fmt's; these are the few Python spellings the
// simulators print: str(float) for a whole number ("5.0"), str(bool).
std::string py_bool(bool b);

// "a,b,,c" split at `sep`, empty pieces kept (as Python's str.split(sep)).
std::vector<std::string> split_list(const std::string& s, char sep);

} // namespace gb
