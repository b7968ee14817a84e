// The little Markdown the lesson texts use, parsed into blocks of styled
// spans. Parsing only: the dashboard's renderer (gui/markdown.cpp) draws the
// blocks, and the tests read them without a GUI.
#pragma once

#include <string>
#include <vector>

namespace gb {

// Understood: headings (#, ##, ###), paragraphs (lines joined), bullets
// ("- ", "* ", indented for nesting), numbered items ("1. "), fenced code
// blocks (```, kept verbatim), horizontal rules (---), and inside text
// `code`, **bold**, *emphasis* / _emphasis_ and [links](url) (shown as
// their text).
struct MdSpan {
    std::string text;
    bool code = false;
    bool bold = false;
    bool emphasis = false;
    bool operator==(const MdSpan&) const = default;
};
struct MdBlock {
    enum class Kind { Heading, Paragraph, Bullet, Numbered, Code, Rule };
    Kind kind = Kind::Paragraph;
    int level = 0;             // heading: 1-6; bullet/numbered: nesting depth from 0
    std::string marker;        // numbered: "1."
    std::vector<MdSpan> spans; // text blocks
    std::string code;          // code block: its lines, verbatim, joined by '\n'
};
std::vector<MdSpan> parse_md_spans(const std::string& text);
std::vector<MdBlock> parse_markdown(const std::string& markdown);

} // namespace gb
