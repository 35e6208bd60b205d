// sha256 as lower-case hex, the one digest the rest of synops names things by: config
// hashes on pod templates, the text hashes a redacted snapshot keeps, plan fingerprints.
#pragma once
#include <string>
#include <string_view>

namespace synops {

std::string sha256_hex(std::string_view text);

}  // namespace synops
