// Suggestions for misspelt keys and names: the closest candidate by edit distance.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace synops {

// Optimal string alignment distance (insertions, deletions, substitutions and swaps of
// two neighbours, each costing 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a likely typo: at most
// one edit for short words, a third of the word's length for longer ones. Ties go to
// the earlier candidate.
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates);

// "; did you mean "x"?" or "".
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

// "a, b, c".
std::string comma_list(std::span<const std::string_view> words);

}  // namespace synops
