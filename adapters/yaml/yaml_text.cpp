#include "yaml_text.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "yaml_flow_scan.h"
#include "yaml_tab_lines.h"

namespace synops {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool starts_with_utf16_bom(std::string_view text) {
  return text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF");
}

// YAML treats CRLF and a lone CR as one line break; so do editors. Turning both into LF
// keeps yaml-cpp's line numbers and ours in step and keeps "\r" out of every value.
std::string normalise_line_breaks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    }
  }
  return out;
}

std::vector<std::size_t> line_starts_of(const std::string& text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  return starts;
}

std::string hex_byte(unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", byte);
  return buffer;
}

std::string code_point_name(char32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Decodes one UTF-8 sequence at `i` strictly (no overlongs, surrogates or values past
// U+10FFFF). Returns its length, or 0 when the bytes are not valid UTF-8.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char b0 = byte(0);
  std::size_t length = b0 < 0x80 ? 1 : b0 < 0xC2 ? 0 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : b0 < 0xF5 ? 4 : 0;
  if (length == 0 || i + length > s.size()) return 0;
  cp = length == 1 ? b0 : length == 2 ? (b0 & 0x1F) : length == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < length; ++k) {
    if (!is_continuation(byte(k))) return 0;
    cp = (cp << 6) | (byte(k) & 0x3F);
  }
  const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return 0;
  return length;
}

// YAML's printable set: tab and LF (CR is gone by now), and no C0, DEL or C1 controls
// except NEL.
bool is_forbidden_control(char32_t cp) {
  if (cp == '\t' || cp == '\n') return false;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F && cp != 0x85);
}

std::optional<Diagnostic> check_encoding(const YamlText& yaml, const std::string& file) {
  const std::string& s = yaml.text;
  for (std::size_t i = 0; i < s.size();) {
    const auto at = [&] { return yaml.position_of_offset(file, i); };
    if (s[i] == '\0') return Diagnostic{at(), "NUL byte in the text; manifests must be UTF-8 text"};
    char32_t cp = 0;
    const std::size_t length = decode_utf8(s, i, cp);
    if (length == 0)
      return Diagnostic{at(), "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(s[i])) +
                                  "); manifests must be UTF-8 text"};
    if (is_forbidden_control(cp))
      return Diagnostic{at(), "control character " + code_point_name(cp) + " is not allowed in YAML"};
    i += length;
  }
  return std::nullopt;
}

}  // namespace

SourcePosition YamlText::position(const std::string& file, std::size_t line,
                                  std::size_t byte_column) const {
  if (line >= line_starts.size()) return {file, static_cast<int>(line) + 1, static_cast<int>(byte_column) + 1};
  const std::size_t start = line_starts[line];
  const std::size_t end = std::min(text.size(), start + byte_column);
  // Columns count characters, not bytes: continuation bytes do not start one.
  const auto characters = std::count_if(text.begin() + start, text.begin() + end,
                                        [](char c) { return !is_continuation(static_cast<unsigned char>(c)); });
  return {file, static_cast<int>(line) + 1, static_cast<int>(characters) + 1};
}

SourcePosition YamlText::position_of_offset(const std::string& file, std::size_t offset) const {
  const auto next = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  const std::size_t line = static_cast<std::size_t>(next - line_starts.begin()) - 1;
  return position(file, line, offset - line_starts[line]);
}

Diagnostic too_large(const std::string& file, std::uintmax_t size, std::uintmax_t limit) {
  std::string message = "file is " + std::to_string(size) + " bytes, more than the limit of " +
                        std::to_string(limit) + " bytes";
  if (limit % (1u << 20) == 0) message += " (" + std::to_string(limit >> 20) + " MiB)";
  return Diagnostic{{file, 1, 1}, message};
}

std::string too_deep_message(int max_depth) {
  return "mappings and sequences are nested deeper than the limit of " + std::to_string(max_depth) +
         " levels";
}

std::string too_many_nodes_message(std::size_t max_nodes) {
  return "the document has more than the limit of " + std::to_string(max_nodes) +
         " values (aliases count once per use)";
}

std::string paths_too_long_message(std::size_t max_path_bytes) {
  return "the paths of the document's values add up to more than the limit of " + std::to_string(max_path_bytes) +
         " bytes (very long keys, nested deep)";
}

Result<YamlText> prepare_yaml_text(std::string_view text, const std::string& file,
                                   const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) return fail({too_large(file, text.size(), limits.max_bytes)});
  if (starts_with_utf16_bom(text))
    return fail("the file starts with a UTF-16 byte order mark; manifests must be UTF-8 text",
                {file, 1, 1});
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  YamlText yaml;
  yaml.text = normalise_line_breaks(text);
  yaml.line_starts = line_starts_of(yaml.text);
  if (auto problem = check_encoding(yaml, file)) return fail({*problem});
  auto scan = scan_flow_collections(yaml, file, limits);
  if (scan.problem) return fail({*scan.problem});
  blank_tab_lines(yaml, scan.tab_blank_lines);
  return yaml;
}

}  // namespace synops
