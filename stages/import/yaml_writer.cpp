#include "yaml_writer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <string_view>

namespace synops {

namespace {

constexpr size_t kLineWidth = 120;

bool is_leaf(const nlohmann::ordered_json& value) { return value.is_primitive(); }

// Fits inside a flow collection: a scalar, or a sequence of scalars ("streams: [events]").
bool is_flow_member(const nlohmann::ordered_json& value) {
  return is_leaf(value) || (value.is_array() && std::ranges::all_of(value, is_leaf));
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Words YAML 1.1 or 1.2 reads as null, booleans or special numbers.
bool is_reserved_word(std::string_view text) {
  static constexpr std::array<std::string_view, 16> words = {
      "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan", "=", "<<"};
  return std::ranges::find(words, lower(text)) != words.end();
}

bool looks_numeric(const std::string& text) {
  static const std::regex number(R"([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0[xXoObB][0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)");
  return std::regex_match(text, number);
}

bool needs_quotes(const std::string& text, bool in_flow) {
  if (text.empty() || is_reserved_word(text) || looks_numeric(text)) return true;
  if (std::isspace(static_cast<unsigned char>(text.front())) || std::isspace(static_cast<unsigned char>(text.back())))
    return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(text.front()) != std::string_view::npos) return true;
  if (text.find(": ") != std::string::npos || text.find(" #") != std::string::npos || text.back() == ':') return true;
  if (in_flow && text.find_first_of(",[]{}") != std::string::npos) return true;
  return std::ranges::any_of(text, [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

std::string key_text(const std::string& key) { return yaml_scalar(key, false); }

// {a: 1, b: [x, y]} or [a, b], when every member is a scalar (or, in a mapping, a list of them).
std::string flow(const nlohmann::ordered_json& value) {
  std::string out;
  if (value.is_object()) {
    for (const auto& [key, member] : value.items())
      out += (out.empty() ? "" : ", ") + yaml_scalar(key, true) + ": " + yaml_scalar(member, true);
    return "{" + out + "}";
  }
  for (const auto& item : value) out += (out.empty() ? "" : ", ") + yaml_scalar(item, true);
  return "[" + out + "]";
}

bool fits_flow(const nlohmann::ordered_json& value, size_t used) {
  if (value.empty()) return true;
  if (!std::ranges::all_of(value, value.is_object() ? is_flow_member : is_leaf)) return false;
  return used + flow(value).size() <= kLineWidth;
}

void write_value(const nlohmann::ordered_json& value, int indent, std::string& out);

void write_mapping(const nlohmann::ordered_json& mapping, int indent, std::string& out) {
  const std::string pad(indent, ' ');
  for (const auto& [key, member] : mapping.items()) {
    const std::string head = pad + key_text(key) + ":";
    if (is_leaf(member)) out += head + " " + yaml_scalar(member, false) + "\n";
    else if (fits_flow(member, head.size() + 1)) out += head + " " + flow(member) + "\n";
    else {
      out += head + "\n";
      write_value(member, indent + 2, out);
    }
  }
}

void write_sequence(const nlohmann::ordered_json& sequence, int indent, std::string& out) {
  const std::string pad(indent, ' ');
  for (const auto& item : sequence) {
    if (is_leaf(item)) out += pad + "- " + yaml_scalar(item, false) + "\n";
    else if (fits_flow(item, pad.size() + 2)) out += pad + "- " + flow(item) + "\n";
    else {
      // A block mapping item starts on the dash line: "- name: x" then its other keys below.
      std::string block;
      write_value(item, indent + 2, block);
      out += pad + "- " + block.substr(indent + 2);
    }
  }
}

void write_value(const nlohmann::ordered_json& value, int indent, std::string& out) {
  if (value.is_object()) write_mapping(value, indent, out);
  else if (value.is_array()) write_sequence(value, indent, out);
  else out += std::string(indent, ' ') + yaml_scalar(value, false) + "\n";
}

}  // namespace

std::string yaml_scalar(const nlohmann::ordered_json& value, bool in_flow) {
  if (value.is_object() || value.is_array()) return flow(value);
  if (!value.is_string()) return value.dump();
  const std::string& text = value.get_ref<const std::string&>();
  return needs_quotes(text, in_flow) ? nlohmann::ordered_json(text).dump() : text;
}

std::string to_yaml(const nlohmann::ordered_json& document) {
  std::string out;
  write_value(document, 0, out);
  return out;
}

}  // namespace synops
