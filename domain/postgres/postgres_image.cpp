#include "postgres_image.h"

#include <cctype>
#include <charconv>

namespace synops {

std::optional<int> postgres_major_version(std::string_view image) {
  if (auto digest = image.find('@'); digest != std::string_view::npos) image = image.substr(0, digest);
  const auto colon = image.rfind(':');
  // A ':' before the last '/' belongs to a registry port, not a tag.
  if (colon == std::string_view::npos || (image.rfind('/') != std::string_view::npos && colon < image.rfind('/')))
    return std::nullopt;
  const std::string_view tag = image.substr(colon + 1);
  int major = 0;
  auto [end, error] = std::from_chars(tag.data(), tag.data() + tag.size(), major);
  if (error != std::errc() || end == tag.data()) return std::nullopt;
  return major;
}

}  // namespace synops
