// HMAC-SHA256 and the secret keys it takes: what proves that a file was written by the
// holder of a key (the apply journal, stages/apply/journal_key.h).
#pragma once
#include <string>
#include <string_view>

namespace synops {

// HMAC-SHA256 of `text` under `key`, as lower-case hex.
std::string hmac_sha256_hex(std::string_view key, std::string_view text);

// Whether two strings are equal, taking the same time wherever they differ, so a MAC check
// does not tell an attacker how much of a forged MAC was right.
bool equal_in_constant_time(std::string_view a, std::string_view b);

// `count` bytes from the operating system's cryptographic random source; empty when it fails.
std::string secure_random_bytes(size_t count);

}  // namespace synops
