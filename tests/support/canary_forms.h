// The shapes a secret takes on its way out: the raw bytes, base64 at each of the three
// alignments it can sit at inside a longer encoded value (the value preceded by 0, 1 or 2
// bytes; the characters that depend on its neighbours are left out), the same in URL-safe
// base64, and base64 of those (a Helm release is base64 of base64). A leak check looks for
// every one of them.
#pragma once
#include <string>
#include <vector>

namespace synops::testing {

std::vector<std::string> canary_forms(const std::string& canary);

// The forms of `canary` found in `text`; empty when none is.
std::vector<std::string> canary_leaks(const std::string& text, const std::string& canary);

}  // namespace synops::testing
