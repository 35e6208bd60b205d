// Lines of only blanks that start with a tab. YAML reads such a line between block nodes as a
// blank line, but yaml-cpp 0.7 stops at it: "illegal tab when looking for indentation". Where
// the line is provably blank the text is rewritten (its tabs become spaces, so every offset
// stays); elsewhere the flow scan (yaml_flow_scan.cpp) refuses it by name. Inside a block
// scalar, or before a line that is indented, a tab-only line is not always blank for YAML (it
// ends a block scalar, and cannot continue a plain scalar), so it is never rewritten there.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "yaml_text.h"

namespace synops {

// A line of spaces and tabs that starts with a tab.
bool is_tab_blank_line(std::string_view line);

// Whether the first line after the 0-based `line` that holds more than blanks starts at column
// 0, or there is none: then a blank line before it ends whatever came before, as YAML reads it.
bool next_content_at_column_0(const YamlText& yaml, std::size_t line);

// Turns the tabs of the given lines into spaces.
void blank_tab_lines(YamlText& yaml, const std::vector<std::size_t>& lines);

std::string tab_blank_line_message();

}  // namespace synops
