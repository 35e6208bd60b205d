#include "base64.h"

#include <openssl/evp.h>

namespace synops {

namespace {

bool is_blank(char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; }

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text)
    if (!is_blank(c)) clean += c;
  if (clean.size() % 4 != 0) return std::nullopt;
  const size_t padding = clean.ends_with("==") ? 2 : clean.ends_with("=") ? 1 : 0;
  // EVP_DecodeBlock reads '=' as a zero digit wherever it stands; only padding may be '='.
  if (clean.find('=') < clean.size() - padding) return std::nullopt;
  std::string out(clean.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
  if (length < 0) return std::nullopt;
  out.resize(static_cast<size_t>(length) - padding);  // it counts padding as output bytes
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');  // and the NUL it writes
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

}  // namespace synops
