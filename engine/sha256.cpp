#include "sha256.h"

#include <openssl/evp.h>

#include "hex.h"

namespace synops {

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return hex_of(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace synops
