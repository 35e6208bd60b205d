#include "json_scan.h"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace synops {

namespace {

struct Masks {
  std::uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};

#if defined(__x86_64__) && defined(__SSE2__)
#define SYNOPS_SCAN_X86 1
#endif

// Bit i of each mask is set when data[i] is that character (i < 64).
#if SYNOPS_SCAN_X86
inline __attribute__((always_inline)) Masks classify_sse2(const char* data) {
  Masks m;
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
  return m;
}

__attribute__((target("avx2,popcnt,bmi"), always_inline)) inline Masks classify_avx2(const char* data) {
  Masks m;
  const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\');
  // '[' 0x5B and '{' 0x7B differ only in bit 0x20, as do ']' 0x5D and '}' 0x7D.
  const __m256i fold = _mm256_set1_epi8(0x20), open = _mm256_set1_epi8('{'), close = _mm256_set1_epi8('}');
  for (int part = 0; part < 2; ++part) {
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + 32 * part));
    const __m256i folded = _mm256_or_si256(bytes, fold);
    const int shift = 32 * part;
    m.quote |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(bytes, quote)))} << shift;
    m.backslash |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(bytes, backslash)))} << shift;
    m.open |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(folded, open)))} << shift;
    m.close |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(folded, close)))} << shift;
  }
  return m;
}
#endif

[[maybe_unused]] inline __attribute__((always_inline)) Masks classify_portable(const char* data) {
  Masks m;
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
  return m;
}

// Bit i set when bit i of `x` or an odd number of bits below it are set: with x the quotes,
// the characters inside strings (opening quote included, closing quote not).
inline __attribute__((always_inline)) std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The characters escaped by a backslash; `carry` says the previous block ended with one.
inline __attribute__((always_inline)) std::uint64_t escaped_by(std::uint64_t backslash, std::uint64_t& carry) {
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

// The brackets outside strings, one 64-byte block at a time: quotes not escaped open and close
// strings (a prefix XOR turns them into the mask of string contents), and `on_block(block,
// open, close)` gets the masks of the opening and closing brackets outside strings (bit i:
// the byte at block + i); it returns false to stop. A last block shorter than 64 bytes is
// copied out first, so nothing past `size` is read. A macro, so that each copy is compiled
// for its own instruction set.
#define SYNOPS_SCAN_BLOCKS(classify, data, size, start, on_block)                                             \
  {                                                                                                          \
    std::uint64_t in_string = 0; /* all ones when the previous block ended inside a string */                \
    std::uint64_t carry = 0;                                                                                 \
    char tail[64];                                                                                           \
    for (size_t block = (start); block < (size); block += 64) {                                              \
      const size_t left = (size) - block;                                                                    \
      const char* bytes = (data) + block;                                                                    \
      if (left < 64) {                                                                                       \
        std::memcpy(tail, bytes, left);                                                                      \
        std::memset(tail + left, ' ', 64 - left);                                                            \
        bytes = tail;                                                                                        \
      }                                                                                                      \
      const Masks m = classify(bytes);                                                                       \
      const std::uint64_t valid = left >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1;           \
      const std::uint64_t backslash = m.backslash & valid;                                                   \
      const std::uint64_t escaped = backslash != 0 || carry != 0 ? escaped_by(backslash, carry) : 0;         \
      const std::uint64_t strings = prefix_xor(m.quote & valid & ~escaped) ^ in_string;                      \
      in_string = static_cast<std::uint64_t>(static_cast<std::int64_t>(strings) >> 63);                      \
      if (!on_block(block, m.open & valid & ~strings, m.close & valid & ~strings)) break;                     \
    }                                                                                                        \
  }

// The depth count of container_end: only a block where the depth may come back to zero is
// walked bit by bit.
#define SYNOPS_CONTAINER_END(classify)                                                                         \
  std::int64_t depth = 0;                                                                                      \
  size_t end = kNoEnd;                                                                                         \
  auto count = [&](size_t block, std::uint64_t open, std::uint64_t close) __attribute__((always_inline)) {                            \
    const int closes = __builtin_popcountll(close);                                                            \
    if (depth > closes) { /* cannot come back to zero in this block */                                         \
      depth += __builtin_popcountll(open) - closes;                                                            \
      return true;                                                                                             \
    }                                                                                                          \
    for (std::uint64_t brackets = open | close; brackets != 0; brackets &= brackets - 1) {                     \
      const int i = __builtin_ctzll(brackets);                                                                 \
      if (open & (std::uint64_t{1} << i)) ++depth;                                                             \
      else if (--depth == 0) {                                                                                 \
        end = block + static_cast<size_t>(i) + 1;                                                              \
        return false;                                                                                          \
      }                                                                                                        \
    }                                                                                                          \
    return true;                                                                                               \
  };                                                                                                           \
  SYNOPS_SCAN_BLOCKS(classify, data, size, start, count)                                                       \
  return end;

// Every bracket outside strings, in order.
#define SYNOPS_EACH_BRACKET(classify)                                                                          \
  auto each = [&](size_t block, std::uint64_t open, std::uint64_t close) __attribute__((always_inline)) {                             \
    for (std::uint64_t brackets = open | close; brackets != 0; brackets &= brackets - 1) {                     \
      const int i = __builtin_ctzll(brackets);                                                                 \
      if (!visit(block + static_cast<size_t>(i), (open >> i) & 1)) return false;                               \
    }                                                                                                          \
    return true;                                                                                               \
  };                                                                                                           \
  SYNOPS_SCAN_BLOCKS(classify, text.data(), text.size(), size_t{0}, each)

using BracketVisit = std::function<bool(size_t, bool)>;

#if SYNOPS_SCAN_X86
__attribute__((target("avx2,popcnt,bmi"))) size_t container_end_avx2(const char* data, size_t size, size_t start) {
  SYNOPS_CONTAINER_END(classify_avx2)
}
size_t container_end_sse2(const char* data, size_t size, size_t start) { SYNOPS_CONTAINER_END(classify_sse2) }
__attribute__((target("avx2,popcnt,bmi"))) void each_bracket_avx2(std::string_view text, const BracketVisit& visit) {
  SYNOPS_EACH_BRACKET(classify_avx2)
}
void each_bracket_sse2(std::string_view text, const BracketVisit& visit) { SYNOPS_EACH_BRACKET(classify_sse2) }
#else
size_t container_end_portable(const char* data, size_t size, size_t start) { SYNOPS_CONTAINER_END(classify_portable) }
void each_bracket_portable(std::string_view text, const BracketVisit& visit) { SYNOPS_EACH_BRACKET(classify_portable) }
#endif

}  // namespace

size_t container_end(const char* data, size_t size, size_t start) {
#if SYNOPS_SCAN_X86
  static const auto scan = __builtin_cpu_supports("avx2") ? container_end_avx2 : container_end_sse2;
  return scan(data, size, start);
#else
  return container_end_portable(data, size, start);
#endif
}

void for_each_bracket(std::string_view text, const BracketVisit& visit) {
#if SYNOPS_SCAN_X86
  static const auto scan = __builtin_cpu_supports("avx2") ? each_bracket_avx2 : each_bracket_sse2;
  scan(text, visit);
#else
  each_bracket_portable(text, visit);
#endif
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

}  // namespace synops
