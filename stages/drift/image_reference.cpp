#include "image_reference.h"

#include <array>

namespace synops {

std::string normalize_image(std::string_view reference) {
  std::string out(reference);
  for (std::string_view registry : std::array<std::string_view, 2>{"docker.io/", "index.docker.io/"})
    if (out.starts_with(registry)) out.erase(0, registry.size());
  if (out.starts_with("library/")) out.erase(0, 8);
  // A tag is a ':' after the last '/' (a ':' before it belongs to a registry port).
  const auto last_slash = out.rfind('/');
  const auto name_start = last_slash == std::string::npos ? 0 : last_slash + 1;
  if (out.find('@') == std::string::npos && out.find(':', name_start) == std::string::npos) out += ":latest";
  return out;
}

std::string image_digest(std::string_view reference) {
  const auto at = reference.find('@');
  return at == std::string_view::npos ? std::string() : std::string(reference.substr(at + 1));
}

}  // namespace synops
