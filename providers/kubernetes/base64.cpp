#include "base64.h"

#include <array>

namespace synops::kube {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// -1 for bytes outside the alphabet.
constexpr std::array<int, 256> decoding_table() {
  std::array<int, 256> table{};
  table.fill(-1);
  for (size_t i = 0; i < kAlphabet.size(); ++i) table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  return table;
}

constexpr auto kDecoding = decoding_table();

bool is_line_break(char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; }

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text)
    if (!is_line_break(c)) clean += c;
  if (clean.size() % 4 != 0) return std::nullopt;
  size_t padding = clean.ends_with("==") ? 2 : clean.ends_with("=") ? 1 : 0;
  std::string out;
  out.reserve(clean.size() / 4 * 3);
  uint32_t buffer = 0;
  for (size_t i = 0; i < clean.size() - padding; ++i) {
    const int value = kDecoding[static_cast<unsigned char>(clean[i])];
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    if (i % 4 == 3) {
      out += static_cast<char>(buffer >> 16);
      out += static_cast<char>(buffer >> 8);
      out += static_cast<char>(buffer);
      buffer = 0;
    }
  }
  // The last group: 2 or 3 characters carry 1 or 2 bytes.
  if (padding == 2) out += static_cast<char>(buffer >> 4);
  if (padding == 1) {
    out += static_cast<char>(buffer >> 10);
    out += static_cast<char>(buffer >> 2);
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(group >> shift) & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  uint32_t group = static_cast<unsigned char>(bytes[i]) << 16;
  if (rest == 2) group |= static_cast<unsigned char>(bytes[i + 1]) << 8;
  out += kAlphabet[(group >> 18) & 63];
  out += kAlphabet[(group >> 12) & 63];
  out += rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
  out += '=';
  return out;
}

}  // namespace synops::kube
