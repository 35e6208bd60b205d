#include "suggestions.h"

#include <algorithm>

namespace synops::cli {

int edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus the transposition that typing fingers make.
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string>& candidates) {
  const std::string_view bare = typed.substr(std::min(typed.find_first_not_of('-'), typed.size()));
  const int allowed = bare.size() <= 3 ? 1 : 2;
  std::optional<std::string> best;
  int best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    const int distance = edit_distance(typed, candidate);
    if (distance < best_distance) best = candidate, best_distance = distance;
  }
  if (best) return best;
  if (bare.size() < 2) return std::nullopt;
  for (const auto& candidate : candidates)
    if (candidate.starts_with(typed)) return candidate;
  return std::nullopt;
}

}  // namespace synops::cli
