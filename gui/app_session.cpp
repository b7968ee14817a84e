// Saved sessions in the dashboard (teach/recording.h): File → Save session
// writes the program, settings, input, breakpoints and the moment shown to
// one JSON file; opening that file (Open…, drag and drop, --session)
// replays to the very same machine.
#include "app.h"

#include "teach/recording.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace gui {

bool App::open_session_file(const std::string& path) {
    std::string error;
    if (!gb::open_session(session_, path, ui_.lessons, error)) {
        note(error);
        return false;
    }
    ui_.lesson_index = session_.lesson() ? find_lesson_index(session_.lesson()->id) : -1;
    settings_.opened(session_.path());
    ui_.show_answer = ui_.scroll_to_answer = false;
    ui_.cursor.reset();
    ui_.code_image = nullptr;
    ui_.tl.follow = true;
    relayout_ = true;
    note(trf("opened the session {} at instruction {}", fs::path(path).filename().string(),
             session_.machine().instructions));
    return true;
}

void App::toggle_watch(const std::string& text) {
    if (!session_.image()) return;
    std::vector<gb::Watchpoint> w = session_.watchpoints();
    auto same = [&](const gb::Watchpoint& x) { return x.text == text; };
    if (std::any_of(w.begin(), w.end(), same)) {
        std::erase_if(w, same);
    } else {
        std::string error;
        auto parsed = gb::parse_watchpoint(text, *session_.image(), error);
        if (!parsed) {
            note(error);
            return;
        }
        w.push_back(*parsed);
    }
    session_.set_watchpoints(std::move(w));
}

void App::save_session_file(const std::string& to) {
    std::string stem = fs::path(session_.path()).stem().string();
    std::string path =
        !to.empty() ? to : (stem.empty() ? std::string("glassbox") : stem) + ".session.json";
    std::string error;
    if (gb::save_session(session_, path, error))
        note(trf("saved the session to {}", fs::absolute(path).string()));
    else
        note(error);
}

} // namespace gui
