// Bytes as lower-case hex, as digests and keys are written (sha256.h, hmac.h, the journal key).
#pragma once
#include <string>
#include <string_view>

namespace synops {

std::string hex_of(std::string_view bytes);

}  // namespace synops
