// yaml-cpp finds where keys are (node marks: line and column of each key); the text around
// them — where a scalar, a flow collection or a value block ends — is scanned here, because
// yaml-cpp keeps no end positions and no comments. Each edit is a splice of the text, then the
// result is parsed again and compared with the document before the edit.
#include "yaml_text_edit.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "yaml_lines.h"

namespace synops {
using yaml_lines::is_blank;

namespace {

using json = nlohmann::json;
constexpr size_t npos = std::string_view::npos;

// ---- Byte-order mark and line endings ------------------------------------------------------
// yaml-cpp's marks do not count a byte-order mark, and edits insert "\n": both are taken off
// before editing and put back after, so a CRLF file stays CRLF throughout.

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

struct Framing {
  bool byte_order_mark = false;
  bool crlf = false;
};

struct Unframed {
  std::string text;
  Framing framing;
};

Result<Unframed> unframe(std::string_view text) {
  Unframed out;
  out.framing.byte_order_mark = text.starts_with(kByteOrderMark);
  if (out.framing.byte_order_mark) text.remove_prefix(kByteOrderMark.size());
  auto cr = std::ranges::count(text, '\r');
  auto lf = std::ranges::count(text, '\n');
  size_t crlf = 0;
  for (size_t at = text.find("\r\n"); at != npos; at = text.find("\r\n", at + 2)) ++crlf;
  if (cr != 0 && (size_t(cr) != crlf || size_t(lf) != crlf))
    return fail("cannot edit YAML text with mixed line endings (some lines end in CRLF, others do not); "
                "normalise the file to LF or CRLF first");
  out.framing.crlf = cr != 0;
  out.text.reserve(text.size());
  for (char c : text)
    if (c != '\r') out.text += c;
  return out;
}

std::string reframe(const std::string& text, Framing framing) {
  std::string out = framing.byte_order_mark ? std::string(kByteOrderMark) : std::string();
  for (char c : text) {
    if (c == '\n' && framing.crlf) out += '\r';
    out += c;
  }
  return out;
}

// ---- Scanning the text ---------------------------------------------------------------------

bool is_flow_indicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }
bool at_line_end(std::string_view t, size_t i) { return i >= t.size() || t[i] == '\n'; }

size_t skip_blanks(std::string_view t, size_t i) {
  while (i < t.size() && is_blank(t[i])) ++i;
  return i;
}

size_t line_begin(std::string_view t, size_t i) {
  if (i == 0) return 0;
  size_t newline = t.rfind('\n', i - 1);
  return newline == npos ? 0 : newline + 1;
}

size_t line_end(std::string_view t, size_t i) {
  size_t newline = t.find('\n', i);
  return newline == npos ? t.size() : newline;
}

size_t next_line(std::string_view t, size_t i) {
  size_t end = line_end(t, i);
  return end < t.size() ? end + 1 : end;
}

std::string splice(std::string_view t, size_t begin, size_t end, std::string_view replacement) {
  std::string out(t.substr(0, begin));
  out += replacement;
  out += t.substr(end);
  return out;
}

struct LineShape {
  int indent = 0;
  bool blank = false;
  bool comment = false;
  bool sequence_entry = false;  // "- item" or a lone "-"
};

LineShape shape_of_line(std::string_view t, size_t begin) {
  size_t first = skip_blanks(t, begin);
  LineShape line;
  line.indent = int(first - begin);
  line.blank = at_line_end(t, first);
  line.comment = !line.blank && t[first] == '#';
  line.sequence_entry = !line.blank && t[first] == '-' && (at_line_end(t, first + 1) || is_blank(t[first + 1]));
  return line;
}

// End of a quoted scalar starting at `begin`, or npos when it continues on another line.
size_t skip_quoted(std::string_view t, size_t begin) {
  char quote = t[begin];
  size_t i = begin + 1;
  while (!at_line_end(t, i)) {
    if (quote == '"' && t[i] == '\\') {
      if (at_line_end(t, i + 1)) return npos;  // an escaped line break: the scalar goes on
      i += 2;
      continue;
    }
    if (t[i] == quote) {
      if (quote == '\'' && i + 1 < t.size() && t[i + 1] == '\'') {  // '' is an escaped quote
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return npos;
}

// A plain scalar ends before ": ", " #", the line end and, inside a flow collection, before
// the flow indicators. Trailing blanks are not part of it.
size_t skip_plain(std::string_view t, size_t begin, bool in_flow) {
  size_t end = begin;
  for (size_t i = begin; !at_line_end(t, i); ++i) {
    char c = t[i];
    bool colon_ends = c == ':' && (at_line_end(t, i + 1) || is_blank(t[i + 1]) ||
                                   (in_flow && is_flow_indicator(t[i + 1])));
    if (colon_ends || (c == '#' && i > begin && is_blank(t[i - 1])) || (in_flow && is_flow_indicator(c))) break;
    if (!is_blank(c)) end = i + 1;
  }
  return end;
}

// End of the flow collection opening at `begin`, or npos when it is not closed on this line.
size_t skip_flow(std::string_view t, size_t begin) {
  int depth = 0;
  char previous = ' ';  // last non-blank character: a quote only opens a scalar after {[,:
  size_t i = begin;
  while (!at_line_end(t, i)) {
    char c = t[i];
    if ((c == '"' || c == '\'') && std::string_view("{[,:").contains(previous)) {
      i = skip_quoted(t, i);
      if (i == npos) return npos;
      previous = c;
      continue;
    }
    if (c == '#' && is_blank(t[i - 1])) return npos;  // a comment: the collection goes on below
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    if (!is_blank(c)) previous = c;
    ++i;
  }
  return npos;
}

// ---- Writing values ------------------------------------------------------------------------

// Words that YAML 1.1 (PyYAML, which Synapse uses) or YAML 1.2 read as null, a boolean or a
// merge key when plain.
constexpr std::string_view kReservedWords[] = {
    "~",     "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
    "y",     "Y",    "yes",  "Yes",  "YES",  "n",    "N",    "no",    "No",    "NO",
    "on",    "On",   "ON",   "off",  "Off",  "OFF",  "=",    "<<"};

// Anything that starts like a number (or .inf, or an indicator) is quoted: cheaper than
// reproducing two YAML versions' number and timestamp grammars, and never misread.
bool needs_quotes(std::string_view s) {
  if (s.empty() || is_blank(s.front()) || is_blank(s.back())) return true;
  if (std::ranges::find(kReservedWords, s) != std::end(kReservedWords)) return true;
  if (std::isdigit(static_cast<unsigned char>(s[0])) || std::string_view("-+.?:,[]{}#&*!|>'\"%@`").contains(s[0]))
    return true;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    bool colon_ends = c == ':' && (i + 1 == s.size() || s[i + 1] == ' ' || is_flow_indicator(s[i + 1]));
    if (c < 0x20 || c == 0x7f || is_flow_indicator(char(c)) || colon_ends || (c == '#' && s[i - 1] == ' '))
      return true;
  }
  return false;
}

std::string double_quoted(std::string_view s) {
  constexpr std::string_view hex = "0123456789ABCDEF";
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') out += {'\\', ch};
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) out += {'\\', 'x', hex[c >> 4], hex[c & 0xf]};
    else out += ch;
  }
  return out + "\"";
}

// Single quotes have no escapes, so a string with control characters cannot use them.
std::optional<std::string> single_quoted(std::string_view s) {
  std::string out = "'";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return std::nullopt;
    out += ch == '\'' ? std::string("''") : std::string(1, ch);
  }
  return out + "'";
}

std::string emit_string(std::string_view s) { return needs_quotes(s) ? double_quoted(s) : std::string(s); }

// PyYAML reads a float only with a dot in it ("1e+20" would be a string there).
std::string emit_float(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d < 0 ? "-.inf" : ".inf";
  std::string s = json(d).dump();
  size_t mantissa_end = std::min(s.find_first_of("eE"), s.size());
  if (s.substr(0, mantissa_end).find('.') == npos) s.insert(mantissa_end, ".0");
  return s;
}

bool is_block_collection(const json& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

std::string emit_inline(const json& v);

std::string emit_flow(const json& v) {
  std::string out = v.is_object() ? "{" : "[";
  std::string separator;
  for (const auto& [key, item] : v.items()) {
    out += separator + (v.is_object() ? emit_string(key) + ": " : std::string()) + emit_inline(item);
    separator = ", ";
  }
  return out + (v.is_object() ? "}" : "]");
}

std::string emit_inline(const json& v) {
  switch (v.type()) {
    case json::value_t::object:
    case json::value_t::array: return emit_flow(v);
    case json::value_t::string: return emit_string(v.get_ref<const std::string&>());
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::number_float: return emit_float(v.get<double>());
    case json::value_t::null: return "null";
    default: return v.dump();  // integers
  }
}

// A string replacing a quoted one keeps the operator's choice of quotes.
std::string emit_replacing(const json& v, std::string_view old_text) {
  if (!v.is_string() || old_text.empty()) return emit_inline(v);
  const auto& s = v.get_ref<const std::string&>();
  if (old_text.front() == '"') return double_quoted(s);
  if (old_text.front() == '\'') return single_quoted(s).value_or(double_quoted(s));
  return emit_inline(v);
}

void emit_block_children(const json& v, int indent, std::string& out);

// What follows "key:" or "-": a scalar on the same line, or child lines two columns deeper.
void emit_block_value(const json& v, int indent, std::string& out) {
  if (!is_block_collection(v)) {
    out += " " + emit_inline(v) + "\n";
    return;
  }
  out += "\n";
  emit_block_children(v, indent + 2, out);
}

void emit_block_entry(std::string_view key, const json& v, int indent, std::string& out) {
  out.append(indent, ' ') += emit_string(key) + ":";
  emit_block_value(v, indent, out);
}

// A collection inside a sequence starts on the "- " line: "- host: a\n  port: 1".
void emit_block_item(const json& v, int indent, std::string& out) {
  if (!is_block_collection(v)) {
    out.append(indent, ' ') += "- " + emit_inline(v) + "\n";
    return;
  }
  std::string children;
  emit_block_children(v, indent + 2, children);
  out.append(indent, ' ') += "- ";
  out += children.substr(size_t(indent) + 2);
}

void emit_block_children(const json& v, int indent, std::string& out) {
  if (v.is_object())
    for (const auto& [key, item] : v.items()) emit_block_entry(key, item, indent, out);
  else
    for (const auto& item : v) emit_block_item(item, indent, out);
}

bool is_writable(const json& v) {
  if (v.is_binary() || v.is_discarded()) return false;
  return !v.is_structured() || std::ranges::all_of(v, [](const json& item) { return is_writable(item); });
}

// ---- The parsed document -------------------------------------------------------------------

struct Document {
  std::string_view text;
  std::vector<size_t> line_starts;
  YAML::Node root;

  size_t offset(const YAML::Mark& mark) const {
    if (mark.line < 0 || size_t(mark.line) >= line_starts.size()) return npos;
    size_t at = line_starts[size_t(mark.line)] + size_t(mark.column);
    return at < text.size() ? at : npos;
  }
  int line_number(size_t at) const {
    return int(std::ranges::upper_bound(line_starts, at) - line_starts.begin());
  }
};

Result<Document> parse_document(std::string_view text) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return fail("cannot edit YAML text that does not parse: " + e.msg + " (line " + std::to_string(e.mark.line + 1) +
                ")");
  }
  if (documents.size() != 1 || !documents.front().IsMap())
    return fail("cannot edit YAML text: it must hold exactly one document, a mapping");
  Document doc{text, {0}, documents.front()};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') doc.line_starts.push_back(i + 1);
  return doc;
}

// ---- Locating keys in the text -------------------------------------------------------------

enum class Shape {
  empty,   // nothing after "key:" (null)
  scalar,  // a scalar on the key's line
  flow,    // a flow collection on the key's line
  block,   // the value goes on below the key's line: a block collection or scalar, a long scalar
};

struct Entry {
  size_t key_begin = 0;
  size_t colon = 0;
  size_t value_begin = 0;  // first character of the value on the key's line, or colon + 1
  size_t value_end = 0;    // end of the value on the key's line (== value_begin when empty)
  size_t block_end = 0;    // block mappings: start of the first line after the value
  int indent = 0;          // block mappings: the key's column
  bool in_flow = false;    // a member of a flow mapping
  Shape shape = Shape::empty;
};

std::string dotted(const std::vector<std::string>& path, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += (i ? "." : "") + path[i];
  return out;
}

std::unexpected<Diagnostics> refuse(std::string_view where, const std::string& why) {
  return fail("cannot edit YAML key '" + std::string(where) + "': " + why);
}

std::string at_line(const Document& doc, size_t at) { return " (line " + std::to_string(doc.line_number(at)) + ")"; }

// A value block ends before the next content line indented at or left of the key (a "- item"
// at the key's own column still belongs to it). Comments indented deeper than the key right
// after it belong to it too; other comments and blank lines there belong to what follows.
size_t find_block_end(std::string_view t, size_t first_line, int indent, bool& has_content) {
  size_t content_end = first_line;
  for (size_t at = first_line; at < t.size(); at = next_line(t, at)) {
    LineShape line = shape_of_line(t, at);
    if (line.blank || line.comment) continue;
    if (line.indent < indent || (line.indent == indent && !line.sequence_entry)) break;
    has_content = true;
    content_end = next_line(t, at);
  }
  size_t end = content_end;
  while (end < t.size()) {
    LineShape line = shape_of_line(t, end);
    if (!line.comment || line.indent <= indent) break;
    end = next_line(t, end);
  }
  return end;
}

// Finds the end of the value written on the key's line; sets value_begin/value_end/shape.
Result<void> scan_inline_value(const Document& doc, Entry& e, std::string_view where) {
  std::string_view t = doc.text;
  size_t v = skip_blanks(t, e.colon + 1);
  e.value_begin = e.value_end = e.colon + 1;
  if (at_line_end(t, v) || t[v] == '#' || (e.in_flow && (t[v] == ',' || t[v] == '}'))) return {};
  char c = t[v];
  if (c == '&' || c == '*' || c == '!') {
    std::string what = c == '&' ? "has an anchor" : c == '*' ? "is an alias" : "has a tag";
    return refuse(where, "its value " + what + at_line(doc, v) +
                             "; an edit there could change other keys or types, so it is left to a person");
  }
  e.value_begin = v;
  e.shape = Shape::scalar;
  if (c == '{' || c == '[') {
    e.value_end = skip_flow(t, v);
    e.shape = Shape::flow;
    if (e.value_end == npos)
      return refuse(where, "its value is a flow collection over several lines" + at_line(doc, v));
  } else if (c == '"' || c == '\'') {
    e.value_end = skip_quoted(t, v);
    if (e.value_end == npos && e.in_flow)
      return refuse(where, "a quoted scalar goes on over several lines" + at_line(doc, v));
    if (e.value_end == npos) e.value_end = line_end(t, v), e.shape = Shape::block;
  } else if (!e.in_flow && (c == '|' || c == '>')) {
    for (e.value_end = v; !at_line_end(t, e.value_end) && !is_blank(t[e.value_end]); ++e.value_end) {}
    e.shape = Shape::block;
  } else {
    e.value_end = skip_plain(t, v, e.in_flow);
  }
  size_t rest = skip_blanks(t, e.value_end);
  bool clean = e.in_flow ? rest < t.size() && (t[rest] == ',' || t[rest] == '}')
                         : at_line_end(t, rest) || t[rest] == '#';
  if (!clean) return refuse(where, "could not tell where its value ends" + at_line(doc, v));
  return {};
}

Result<Entry> locate_entry(const Document& doc, const YAML::Node& key, bool in_flow, std::string_view where) {
  std::string_view t = doc.text;
  Entry e;
  e.in_flow = in_flow;
  e.key_begin = doc.offset(key.Mark());
  if (e.key_begin == npos) return refuse(where, "yaml-cpp gave no position for the key");
  size_t first = line_begin(t, e.key_begin);
  e.indent = int(e.key_begin - first);
  if (!in_flow && skip_blanks(t, first) != e.key_begin)
    return refuse(where, "the key does not start its line" + at_line(doc, e.key_begin) +
                             " (is it in a sequence item?)");
  char c = t[e.key_begin];
  size_t key_end = c == '"' || c == '\'' ? skip_quoted(t, e.key_begin) : skip_plain(t, e.key_begin, in_flow);
  e.colon = key_end == npos || c == '?' ? npos : skip_blanks(t, key_end);
  if (e.colon == npos || at_line_end(t, e.colon) || t[e.colon] != ':')
    return refuse(where, "the key is not a one-line key followed by ':'" + at_line(doc, e.key_begin));
  if (auto scanned = scan_inline_value(doc, e, where); !scanned) return std::unexpected(scanned.error());
  if (in_flow) return e;
  bool has_content = false;
  e.block_end = find_block_end(t, next_line(t, e.key_begin), e.indent, has_content);
  if (has_content && e.shape != Shape::flow) e.shape = Shape::block;
  return e;
}

std::string describe(const YAML::Node& node) {
  if (node.IsSequence()) return "a sequence";
  if (node.IsNull()) return "null";
  return "a scalar";
}

Result<std::optional<std::pair<YAML::Node, YAML::Node>>> find_key(const YAML::Node& map, const std::string& key,
                                                                   std::string_view where) {
  std::optional<std::pair<YAML::Node, YAML::Node>> found;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar() != key) continue;
    if (found) return refuse(where, "the key appears twice in its mapping");
    found.emplace(it->first, it->second);
  }
  return found;
}

struct Location {
  std::vector<Entry> entries;  // the path's keys found in the text, outermost first
  YAML::Node holder;           // the mapping holding the last key found, or the next one to add
  YAML::Node target;           // the value of the last key found
};

bool is_flow(const YAML::Node& node) { return node.Style() == YAML::EmitterStyle::Flow; }

struct Span {
  size_t begin = npos;  // the opening brace
  size_t end = npos;    // just after the closing brace
};

// A root written as a flow mapping is edited only when it fits on one line.
Span root_flow_span(const Document& doc) {
  size_t open = doc.offset(doc.root.Mark());
  if (open == npos || doc.text[open] != '{') return {};
  size_t close = skip_flow(doc.text, open);
  return close == npos ? Span{} : Span{open, close};
}

// Walks the path as far as it exists, checking that every step can be edited as text.
Result<Location> locate(const Document& doc, const std::vector<std::string>& path) {
  if (is_flow(doc.root) && root_flow_span(doc).end == npos)
    return refuse(dotted(path, path.size()),
                  "the document is a flow mapping over several lines, or has an anchor or tag");
  Location loc{{}, doc.root, {}};
  for (size_t i = 0; i < path.size(); ++i) {
    std::string where = dotted(path, i + 1);
    auto found = find_key(loc.holder, path[i], where);
    if (!found) return std::unexpected(found.error());
    if (!*found) break;
    auto entry = locate_entry(doc, (*found)->first, is_flow(loc.holder), where);
    if (!entry) return std::unexpected(entry.error());
    loc.entries.push_back(*entry);
    loc.target.reset((*found)->second);  // Node's operator= would write into the document
    if (i + 1 == path.size()) break;
    if (!loc.target.IsMap())
      return refuse(dotted(path, path.size()), "'" + where + "' holds " + describe(loc.target) + ", not a mapping");
    if (is_flow(loc.target) != (entry->shape == Shape::flow))
      return refuse(where, "could not find its mapping in the text" + at_line(doc, entry->key_begin));
    loc.holder.reset(loc.target);
  }
  return loc;
}

// ---- Reading the result back ---------------------------------------------------------------

std::optional<YAML::Node> child(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return std::nullopt;
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  return std::nullopt;
}

// Same structure, same scalars, same order; plain and quoted scalars differ (their tags do).
bool same_tree(const YAML::Node& a, const YAML::Node& b) {
  if (a.Type() != b.Type() || a.size() != b.size()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar() && a.Tag() == b.Tag();
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    bool same =
        a.IsMap() ? same_tree(ia->first, ib->first) && same_tree(ia->second, ib->second) : same_tree(*ia, *ib);
    if (!same) return false;
  }
  return true;
}

// Whether `node` holds `v` as this file writes it. Comparing the written form rather than
// yaml-cpp's conversions keeps YAML 1.1 surprises (010, on, 1e3) from counting as equal.
bool matches(const YAML::Node& node, const json& v) {
  if (v.is_null()) return node.IsNull();
  if (v.is_object()) {
    if (!node.IsMap() || node.size() != v.size()) return false;
    return std::ranges::all_of(v.items(), [&](const auto& item) {
      auto found = child(node, item.key());
      return found && matches(*found, item.value());
    });
  }
  if (v.is_array()) {
    if (!node.IsSequence() || node.size() != v.size()) return false;
    for (size_t i = 0; i < v.size(); ++i)
      if (!matches(node[i], v[i])) return false;
    return true;
  }
  if (!node.IsScalar()) return false;
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    return node.Scalar() == s && (node.Tag() == "!" || !needs_quotes(s));
  }
  return node.Tag() == "?" && node.Scalar() == emit_inline(v);
}

std::optional<YAML::Node> find_path(const YAML::Node& node, const std::vector<std::string>& path, size_t depth) {
  if (depth == path.size()) return node;
  auto next = child(node, path[depth]);
  return next ? find_path(*next, path, depth + 1) : std::nullopt;
}

bool is_mapping_or_nothing(const YAML::Node& node) { return node.IsMap() || node.IsNull() || !node.IsDefined(); }

// True when `before` and `after` hold the same keys and values, in the same order, apart from
// path[depth] — and, below that key, apart from the rest of the path.
bool same_outside(const YAML::Node& before, const YAML::Node& after, const std::vector<std::string>& path,
                  size_t depth) {
  if (!is_mapping_or_nothing(before) || !is_mapping_or_nothing(after)) return false;
  auto others = [&](const YAML::Node& map) {
    std::vector<std::pair<YAML::Node, YAML::Node>> kept;
    if (map.IsMap())
      for (auto it = map.begin(); it != map.end(); ++it)
        if (!it->first.IsScalar() || it->first.Scalar() != path[depth]) kept.emplace_back(it->first, it->second);
    return kept;
  };
  auto same_pair = [](const auto& x, const auto& y) {
    return same_tree(x.first, y.first) && same_tree(x.second, y.second);
  };
  if (!std::ranges::equal(others(before), others(after), same_pair)) return false;
  if (depth + 1 == path.size()) return true;
  auto was = child(before, path[depth]);
  auto is = child(after, path[depth]);
  if (!is) return !was;
  return same_outside(was.value_or(YAML::Node()), *is, path, depth + 1);
}

// The self-check: a bug in the text surgery becomes an error instead of a corrupt ConfigMap.
// The edited text, parsed here, is what the next edit works on.
Result<Document> verify(const Document& before, const std::string& after_text, const YamlEdit& edit) {
  std::string where = dotted(edit.path, edit.path.size());
  auto after = parse_document(after_text);
  if (!after)  // an anchor in a replaced value that is used elsewhere, or a bug here
    return refuse(where, "the edited text would not parse: " + after.error().front().message);
  auto node = find_path(after->root, edit.path, 0);
  bool holds = edit.value ? node && matches(*node, *edit.value) : !node;
  if (!holds) return refuse(where, "internal error: the edited text does not read back as the new value");
  if (!same_outside(before.root, after->root, edit.path, 0))
    return refuse(where, "internal error: the edit would also change other keys");
  return after;
}

// ---- Editing -------------------------------------------------------------------------------

// A block replacing a block of the same kind keeps its indentation, so that an operator's
// "- item" written at the key's own column does not turn into a diff of every item.
int child_indent(std::string_view t, const Entry& e, const YAML::Node& old, const json& v) {
  bool same_kind = (old.IsMap() && v.is_object()) || (old.IsSequence() && v.is_array());
  if (e.shape != Shape::block || !same_kind) return e.indent + 2;
  for (size_t at = next_line(t, e.key_begin); at < e.block_end; at = next_line(t, at)) {
    LineShape line = shape_of_line(t, at);
    if (!line.blank && !line.comment) return line.indent;
  }
  return e.indent + 2;
}

std::string replace_value(std::string_view t, const Entry& e, const YAML::Node& old, const json& v) {
  bool collection = is_block_collection(v);
  if (e.in_flow || e.shape == Shape::flow || (!collection && e.shape != Shape::block)) {
    std::string_view old_text = t.substr(e.value_begin, e.value_end - e.value_begin);
    std::string written = collection ? emit_flow(v) : emit_replacing(v, old_text);
    return splice(t, e.value_begin, e.value_end, (old_text.empty() ? " " : "") + written);
  }
  // The value block is rewritten; the key's line keeps the key and its comment.
  size_t key_line_end = line_end(t, e.key_begin);
  std::string kept(t.substr(e.value_end, key_line_end - e.value_end));
  bool newline = e.block_end > key_line_end && t[e.block_end - 1] == '\n';
  if (!collection) return splice(t, e.colon + 1, e.block_end, " " + emit_inline(v) + kept + (newline ? "\n" : ""));
  std::string block;
  emit_block_children(v, child_indent(t, e, old, v), block);
  if (!newline) block.pop_back();
  return splice(t, e.colon + 1, e.block_end, kept + "\n" + block);
}

// Inside a flow mapping a member leaves with one of its commas.
std::string remove_entry(std::string_view t, const Entry& e) {
  if (!e.in_flow) return splice(t, line_begin(t, e.key_begin), e.block_end, "");
  size_t after = skip_blanks(t, e.value_end);
  if (t[after] == ',') return splice(t, e.key_begin, skip_blanks(t, after + 1), "");
  size_t before = e.key_begin;
  while (is_blank(t[before - 1])) --before;
  if (t[before - 1] == ',') return splice(t, before - 1, e.value_end, "");
  return splice(t, e.key_begin, e.value_end, "");
}

std::string insert_in_flow(std::string_view t, Span span, const std::string& key, const json& v) {
  size_t at = span.end - 1;  // the closing brace
  while (at > span.begin + 1 && is_blank(t[at - 1])) --at;
  std::string member = emit_string(key) + ": " + emit_inline(v);
  char before = t[at - 1];
  return splice(t, at, at, before == '{' ? member : before == ',' ? " " + member : ", " + member);
}

// The end of the root mapping: the end of the text, or the "..." line that ends the document.
size_t root_end(std::string_view t) {
  for (size_t at = 0; at < t.size(); at = next_line(t, at))
    if (t.substr(at).starts_with("...") && (at_line_end(t, at + 3) || is_blank(t[at + 3]))) return at;
  return t.size();
}

// New keys go after the mapping's last line, at the column of its existing keys.
std::string insert_in_block(const Document& doc, const Location& loc, const std::string& key, const json& v) {
  std::string lines;
  emit_block_entry(key, v, loc.holder.begin()->first.Mark().column, lines);
  size_t at = loc.entries.empty() ? root_end(doc.text) : loc.entries.back().block_end;
  bool needs_newline = at > 0 && doc.text[at - 1] != '\n';
  return splice(doc.text, at, at, (needs_newline ? "\n" : "") + lines);
}

std::string insert_entry(const Document& doc, const Location& loc, const YamlEdit& edit) {
  size_t depth = loc.entries.size();
  json value = *edit.value;
  for (size_t i = edit.path.size() - 1; i > depth; --i) {
    json parent = json::object();
    parent[edit.path[i]] = std::move(value);
    value = std::move(parent);
  }
  const std::string& key = edit.path[depth];
  if (!is_flow(loc.holder)) return insert_in_block(doc, loc, key, value);
  const Entry* holder = loc.entries.empty() ? nullptr : &loc.entries.back();
  Span span = holder ? Span{holder->value_begin, holder->value_end} : root_flow_span(doc);
  return insert_in_flow(doc.text, span, key, value);
}

Result<std::string> apply_edit(const Document& doc, const Location& loc, const YamlEdit& edit) {
  bool found = loc.entries.size() == edit.path.size();
  if (!edit.value && found && edit.path.size() == 1 && doc.root.size() == 1 && !is_flow(doc.root))
    return refuse(edit.path.front(), "it is the document's only key, and YAML has no empty block mapping");
  if (!edit.value) return found ? remove_entry(doc.text, loc.entries.back()) : std::string(doc.text);
  if (!found) return insert_entry(doc, loc, edit);
  if (matches(loc.target, *edit.value)) return std::string(doc.text);
  return replace_value(doc.text, loc.entries.back(), loc.target, *edit.value);
}

Result<void> check_edit(const YamlEdit& edit) {
  if (edit.path.empty()) return fail("cannot edit YAML: an edit has an empty key path");
  if (edit.value && !is_writable(*edit.value))
    return refuse(dotted(edit.path, edit.path.size()), "the new value holds binary data");
  return {};
}

// The text being edited and its parse. Each edit's self-check parses the edited text anyway,
// and that parse is the next edit's: a document is parsed once per edit that changes it, not
// twice (yaml-cpp reads a 30 kB homeserver.yaml in milliseconds, and scaling event
// persisters edits a dozen keys of it).
class EditedDocument {
 public:
  explicit EditedDocument(std::string text) : text_(std::move(text)) {}

  Result<void> apply(const YamlEdit& edit) {
    if (auto checked = check_edit(edit); !checked) return checked;
    if (!parsed_) {
      auto doc = parse_document(text_);
      if (!doc) return std::unexpected(doc.error());
      parsed_ = std::move(*doc);
    }
    auto loc = locate(*parsed_, edit.path);
    if (!loc) return std::unexpected(loc.error());
    auto edited = apply_edit(*parsed_, *loc, edit);
    if (!edited) return std::unexpected(edited.error());
    if (*edited == text_) return {};
    auto after = verify(*parsed_, *edited, edit);
    if (!after) return std::unexpected(after.error());
    text_ = std::move(*edited);
    parsed_ = std::move(*after);
    parsed_->text = text_;  // the parse viewed the string just moved here
    return {};
  }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::optional<Document> parsed_;
};

}  // namespace

Result<std::string> edit_yaml_text(std::string_view text, const std::vector<YamlEdit>& edits) {
  auto unframed = unframe(text);
  if (!unframed) return std::unexpected(unframed.error());
  EditedDocument document(std::move(unframed->text));
  for (const auto& edit : edits)
    if (auto applied = document.apply(edit); !applied) return std::unexpected(applied.error());
  return reframe(document.text(), unframed->framing);
}

}  // namespace synops
