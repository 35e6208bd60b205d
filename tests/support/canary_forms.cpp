#include "canary_forms.h"

#include <algorithm>

#include "engine/base64.h"

namespace synops::testing {

namespace {

// The characters of base64(prefix + value) that only `value` determines, for a prefix of
// `offset` bytes: skip the ones holding prefix bits, stop before the ones holding what follows.
std::string aligned_core(const std::string& value, size_t offset) {
  const std::string encoded = base64_encode(std::string(offset, 'x') + value);
  const size_t first = (offset * 8 + 5) / 6;
  const size_t last = (offset + value.size()) * 8 / 6;
  return encoded.substr(first, last - first);
}

std::string url_safe(std::string text) {
  std::ranges::replace(text, '+', '-');
  std::ranges::replace(text, '/', '_');
  return text;
}

}  // namespace

std::vector<std::string> canary_forms(const std::string& canary) {
  std::vector<std::string> forms{canary};
  for (size_t offset = 0; offset < 3; ++offset) {
    const std::string core = aligned_core(canary, offset);
    forms.push_back(core);
    forms.push_back(url_safe(core));
    for (size_t outer = 0; outer < 3; ++outer) forms.push_back(aligned_core(core, outer));
  }
  std::ranges::sort(forms);
  forms.erase(std::ranges::unique(forms).begin(), forms.end());
  return forms;
}

std::vector<std::string> canary_leaks(const std::string& text, const std::string& canary) {
  std::vector<std::string> found;
  for (const auto& form : canary_forms(canary))
    if (text.find(form) != std::string::npos) found.push_back(form);
  return found;
}

}  // namespace synops::testing
