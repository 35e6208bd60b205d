#include "config_hash.h"

#include <openssl/evp.h>

#include <fmt/format.h>

namespace synops {

std::string config_hash(std::string_view homeserver_yaml) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(homeserver_yaml.data(), homeserver_yaml.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace synops
