#include "json_extent.h"

#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace synops::snapshot {

namespace {

struct Masks {
  std::uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};

// Bit i of each mask is set when data[i] is that character (i < 64).
Masks classify(const char* data) {
  Masks m;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i brace = _mm_set1_epi8('{'), bracket = _mm_set1_epi8('[');
  const __m128i close_brace = _mm_set1_epi8('}'), close_bracket = _mm_set1_epi8(']');
  for (int part = 0; part < 4; ++part) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * part));
    auto bits = [&](__m128i equal) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(equal))) << (16 * part);
    };
    m.quote |= bits(_mm_cmpeq_epi8(bytes, quote));
    m.backslash |= bits(_mm_cmpeq_epi8(bytes, backslash));
    m.open |= bits(_mm_or_si128(_mm_cmpeq_epi8(bytes, brace), _mm_cmpeq_epi8(bytes, bracket)));
    m.close |= bits(_mm_or_si128(_mm_cmpeq_epi8(bytes, close_brace), _mm_cmpeq_epi8(bytes, close_bracket)));
  }
#else
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    switch (data[i]) {
      case '"': m.quote |= bit; break;
      case '\\': m.backslash |= bit; break;
      case '{': case '[': m.open |= bit; break;
      case '}': case ']': m.close |= bit; break;
      default: break;
    }
  }
#endif
  return m;
}

// Bit i set when bit i of `x` or an odd number of bits below it are set: with x the quotes,
// the characters inside strings (opening quote included, closing quote not).
std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The characters escaped by a backslash; `carry` says the previous block ended with one.
std::uint64_t escaped_by(std::uint64_t backslash, std::uint64_t& carry) {
  std::uint64_t escaped = carry;
  carry = 0;
  std::uint64_t pending = backslash & ~escaped;
  while (pending != 0) {
    const int i = __builtin_ctzll(pending);
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (i == 63) carry = 1;
    else escaped |= bit << 1;
    pending &= ~(bit | (bit << 1));  // a backslash escaped by this one escapes nothing
  }
  return escaped;
}

}  // namespace

size_t container_end(const char* data, size_t size, size_t start) {
  std::int64_t depth = 0;
  std::uint64_t in_string = 0;  // all ones when the previous block ended inside a string
  std::uint64_t carry = 0;
  for (size_t block = start; block < size; block += 64) {
    const Masks m = classify(data + block);
    const std::uint64_t valid = size - block >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (size - block)) - 1;
    const std::uint64_t backslash = m.backslash & valid;
    const std::uint64_t escaped = backslash != 0 || carry != 0 ? escaped_by(backslash, carry) : 0;
    const std::uint64_t strings = prefix_xor(m.quote & valid & ~escaped) ^ in_string;
    in_string = static_cast<std::uint64_t>(static_cast<std::int64_t>(strings) >> 63);
    const std::uint64_t open = m.open & valid & ~strings, close = m.close & valid & ~strings;
    const int closes = __builtin_popcountll(close);
    if (depth > closes) {  // cannot come back to zero in this block
      depth += __builtin_popcountll(open) - closes;
      continue;
    }
    for (std::uint64_t brackets = open | close; brackets != 0; brackets &= brackets - 1) {
      const int i = __builtin_ctzll(brackets);
      if (open & (std::uint64_t{1} << i)) ++depth;
      else if (--depth == 0) return block + static_cast<size_t>(i) + 1;
    }
  }
  return kNoEnd;
}

size_t value_end(const char* data, size_t size, size_t start) {
  if (start >= size) return kNoEnd;
  const char first = data[start];
  if (first == '{' || first == '[') return container_end(data, size, start);
  if (first == '"') {
    for (size_t i = start + 1; i < size; ++i) {
      if (data[i] == '\\') ++i;
      else if (data[i] == '"') return i + 1;
    }
    return kNoEnd;
  }
  size_t i = start;
  while (i < size && !is_json_space(data[i]) && data[i] != ',' && data[i] != ']' && data[i] != '}') ++i;
  return i;
}

}  // namespace synops::snapshot
