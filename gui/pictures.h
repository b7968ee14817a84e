// The lesson pictures (issue 10): panels that draw what a lesson is about
// from the teach/ view-models — containers with their quotas, the thread
// pool's queue and workers, a pipe's buffer, ... — and the small drawing
// pieces they share (picture_helpers.cpp).
#pragma once

#include "ui.h"

#include "teach/coroutine_view.h"

#include <imgui_internal.h> // ImRect

#include <string>

namespace gui {

void draw_containers(const gb::Machine& m, UiState& ui, Commands& out);   // panel_containers.cpp
void draw_pool(const gb::Machine& m, UiState& ui, Commands& out);         // panel_pool.cpp
void draw_sizing(const gb::Machine& m, UiState& ui, Commands& out);       // panel_sizing.cpp
void draw_pipe_buffers(const gb::Machine& m, UiState& ui, Commands& out); // panel_pipes.cpp
void draw_event_loop(const gb::Machine& m, UiState& ui, Commands& out);   // panel_event_loop.cpp
void draw_coroutines(const gb::Machine& m, UiState& ui, Commands& out);   // panel_coroutines.cpp
// The lesson's coroutine resumes and suspends up to `m` (replayed once, then
// carried on as the run goes; the timeline marks them too), or null when
// the lesson has no coroutines.
const std::vector<gb::view::CoroutineSwitch>* coroutine_switches_so_far(const gb::Machine& m,
                                                                        UiState& ui);

// A horizontal bar `fraction` (0..1) full, `text` centred on it, an optional
// tick at `marker` (0..1; < 0: none), as wide as `width` (<= 0: the rest of the line).
void fill_bar(float fraction, const std::string& text, ImVec4 colour, float marker = -1.0f,
              float width = 0.0f);
// Text drawn into a picture with the draw list (not an ImGui item): drawn at
// `pos`, and its rectangle kept for the clip check, which notes it (kind
// "clipped") when it runs past the window's visible width or the draw list's
// clip, or out of `box` when one is given (a cell, a bar). Returns its size.
ImVec2 picture_text(ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& text,
                    const ImRect* box = nullptr);
// Moves the notes of picture text drawn since the last call that did not fit
// into ui.layout_items (called after each panel, by note_overflow).
void note_picture_text(UiState& ui);
// A framed box around what is drawn between begin_box and end_box.
void begin_box(const char* id);
void end_box(ImVec4 border, float thickness = 2.0f);
// The width left on this line inside the innermost open box (or the panel).
float box_room();
// A colour with its alpha scaled by `alpha`.
ImU32 faded(ImVec4 colour, float alpha);
// "900 B", "48 KiB", "12.7 KiB".
std::string bytes_text(uint64_t bytes);

} // namespace gui
