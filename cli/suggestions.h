// "Did you mean ...?" for a mistyped command or flag, as kubectl and git suggest.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace synops::cli {

// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`.
int edit_distance(std::string_view a, std::string_view b);

// The candidate `typed` most likely meant: the nearest within two edits (fewer for short
// words, so "ls" suggests nothing), else one that `typed` begins. Ties go to the earlier.
std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace synops::cli
