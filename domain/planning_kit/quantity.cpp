#include "quantity.h"

#include <array>
#include <cctype>
#include <cmath>
#include <string>
#include <stdexcept>
#include <utility>

namespace synops {

namespace {

// Binary (Ki..Ei) and decimal (n..E) suffixes, as resource.Quantity reads them.
std::optional<long double> multiplier(std::string_view suffix) {
  static constexpr std::array<std::pair<std::string_view, long double>, 16> kSuffixes = {{
      {"", 1.0L}, {"Ki", 0x1p10L}, {"Mi", 0x1p20L}, {"Gi", 0x1p30L}, {"Ti", 0x1p40L}, {"Pi", 0x1p50L}, {"Ei", 0x1p60L},
      {"n", 1e-9L}, {"u", 1e-6L}, {"m", 1e-3L}, {"k", 1e3L}, {"M", 1e6L}, {"G", 1e9L}, {"T", 1e12L}, {"P", 1e15L}, {"E", 1e18L}}};
  for (const auto& [known, factor] : kSuffixes)
    if (suffix == known) return factor;
  if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return std::nullopt;
  const std::string exponent(suffix.substr(1));
  size_t used = 0;
  try {
    const int power = std::stoi(exponent, &used);
    if (used != exponent.size()) return std::nullopt;
    return std::pow(10.0L, power);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<long double> quantity_value(std::string_view text) {
  size_t end = 0;
  if (end < text.size() && (text[end] == '+' || text[end] == '-')) ++end;
  const size_t digits_from = end;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) ++end;
  if (end == digits_from) return std::nullopt;
  const std::string number(text.substr(0, end));
  size_t used = 0;
  long double value = 0;
  try {
    value = std::stold(number, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != number.size()) return std::nullopt;
  const auto factor = multiplier(text.substr(end));
  if (!factor) return std::nullopt;
  return value * *factor;
}

}  // namespace synops
