#include "rfc3339.h"

#include <cstdio>
#include <ctime>

namespace synops::kube {

namespace {

// Seconds east of UTC for "Z", "+02:00" or "-05:30"; nullopt for anything else.
std::optional<int> offset_seconds(std::string_view zone) {
  if (zone == "Z" || zone == "z") return 0;
  int hours = 0, minutes = 0;
  char sign = 0;
  if (zone.size() != 6 || std::sscanf(std::string(zone).c_str(), "%c%2d:%2d", &sign, &hours, &minutes) != 3) return std::nullopt;
  if (sign != '+' && sign != '-') return std::nullopt;
  const int seconds = hours * 3600 + minutes * 60;
  return sign == '+' ? seconds : -seconds;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  std::tm tm{};
  int consumed = 0;
  const std::string head(text.substr(0, 19));
  if (std::sscanf(head.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec, &consumed) != 6 || consumed != 19)
    return std::nullopt;
  std::string_view rest = text.substr(19);
  if (!rest.empty() && rest.front() == '.') {  // fractional seconds: kept out of the second count
    rest.remove_prefix(1);
    while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  }
  const auto offset = offset_seconds(rest);
  if (!offset) return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t utc = timegm(&tm) - *offset;
  // system_clock counts nanoseconds and ends in 2262; a later date ("never expires") is the end.
  constexpr std::time_t kLast = 9'000'000'000;
  if (utc > kLast) return std::chrono::system_clock::time_point::max();
  return std::chrono::system_clock::from_time_t(utc);
}

std::string format_rfc3339_local(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm local{};
  localtime_r(&seconds, &local);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S%z", &local);
  std::string text = buffer;
  // strftime writes +0200; RFC 3339 wants +02:00, and Go writes Z for UTC.
  if (text.ends_with("+0000")) return text.substr(0, text.size() - 5) + "Z";
  text.insert(text.size() - 2, ":");
  return text;
}

}  // namespace synops::kube
