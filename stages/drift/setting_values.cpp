#include "setting_values.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

namespace synops {

namespace {

enum class Dimension { memory, time };

struct Unit {
  std::string_view name;
  double factor;  // bytes for memory, milliseconds for time
  Dimension dimension;
};

// Largest first: display picks the first unit that divides the value exactly.
constexpr std::array<Unit, 11> kUnits = {{{"TB", 1024.0 * 1024 * 1024 * 1024, Dimension::memory},
                                          {"GB", 1024.0 * 1024 * 1024, Dimension::memory},
                                          {"MB", 1024.0 * 1024, Dimension::memory},
                                          {"kB", 1024.0, Dimension::memory},
                                          {"B", 1.0, Dimension::memory},
                                          {"d", 86'400'000.0, Dimension::time},
                                          {"h", 3'600'000.0, Dimension::time},
                                          {"min", 60'000.0, Dimension::time},
                                          {"s", 1'000.0, Dimension::time},
                                          {"ms", 1.0, Dimension::time},
                                          {"us", 0.001, Dimension::time}}};

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

struct Quantity {
  double number = 0;
  std::string_view unit;  // what follows the number, trimmed
};

std::optional<Quantity> parse_quantity(std::string_view text) {
  text = trim(text);
  Quantity q;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), q.number);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  q.unit = trim(std::string_view(end, text.data() + text.size() - end));
  return q;
}

// A pg_settings unit such as "8kB" is a multiple of a unit.
std::optional<Unit> unit_named(std::string_view name) {
  double multiple = 1;
  if (auto q = parse_quantity(name); q && !q->unit.empty()) {
    multiple = q->number;
    name = q->unit;
  }
  for (const Unit& unit : kUnits)
    if (unit.name == name) return Unit{unit.name, unit.factor * multiple, unit.dimension};
  return std::nullopt;
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

std::optional<bool> boolean_of(std::string_view text) {
  std::string lower(trim(text));
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "on" || lower == "true" || lower == "yes" || lower == "1") return true;
  if (lower == "off" || lower == "false" || lower == "no" || lower == "0") return false;
  return std::nullopt;
}

bool same_text(std::string_view a, std::string_view b) {
  a = trim(a);
  b = trim(b);
  return std::ranges::equal(a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

bool same_unitless(const std::string& desired, const std::string& effective) {
  const auto d = parse_quantity(desired), e = parse_quantity(effective);
  if (d && e && d->unit.empty() && e->unit.empty()) return close(d->number, e->number);
  const auto db = boolean_of(desired), eb = boolean_of(effective);
  if (db && eb) return *db == *eb;
  return same_text(desired, effective);
}

}  // namespace

bool setting_matches(const std::string& desired, const PgSetting& effective) {
  const auto unit = unit_named(effective.unit);
  const auto in_effect = parse_quantity(effective.setting);
  const auto wanted = parse_quantity(desired);
  if (!unit || !in_effect || !wanted) return same_unitless(desired, effective.setting);
  const auto wanted_unit = wanted->unit.empty() ? unit : unit_named(wanted->unit);
  if (!wanted_unit || wanted_unit->dimension != unit->dimension) return same_text(desired, effective.setting);
  return close(wanted->number * wanted_unit->factor, in_effect->number * unit->factor);
}

std::string display_setting(const PgSetting& effective) {
  const auto unit = unit_named(effective.unit);
  const auto value = parse_quantity(effective.setting);
  if (!unit || !value || value->number < 0) return effective.setting;
  const double base = value->number * unit->factor;
  for (const Unit& candidate : kUnits) {
    if (candidate.dimension != unit->dimension) continue;
    const double count = base / candidate.factor;
    if (count >= 1 && close(count, std::round(count)))
      return std::to_string(static_cast<long long>(std::round(count))) + std::string(candidate.name);
  }
  return effective.setting + effective.unit;
}

}  // namespace synops
