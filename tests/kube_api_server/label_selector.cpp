#include "label_selector.h"

#include <algorithm>

namespace kube_test {

namespace {

std::string trim(const std::string& text) {
  const auto start = text.find_first_not_of(' ');
  if (start == std::string::npos) return "";
  return text.substr(start, text.find_last_not_of(' ') - start + 1);
}

// Splits at commas outside parentheses: "a in (x,y),b" is two terms.
std::vector<std::string> terms(const std::string& text) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  for (char c : text) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (c == ',' && depth == 0) {
      parts.push_back(trim(current));
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(trim(current));
  return parts;
}

std::optional<Requirement> set_term(const std::string& term, const std::string& word, Requirement::Op op) {
  const auto at = term.find(" " + word + " ");
  if (at == std::string::npos) return std::nullopt;
  std::string list = trim(term.substr(at + word.size() + 2));
  if (list.size() < 2 || list.front() != '(' || list.back() != ')') return std::nullopt;
  Requirement requirement{trim(term.substr(0, at)), op, {}};
  for (auto& value : terms(list.substr(1, list.size() - 2))) requirement.values.push_back(value);
  return requirement;
}

std::optional<Requirement> parse_term(const std::string& term) {
  if (term.empty()) return std::nullopt;
  if (auto in = set_term(term, "notin", Requirement::Op::not_in)) return in;
  if (auto in = set_term(term, "in", Requirement::Op::in)) return in;
  if (const auto at = term.find("!="); at != std::string::npos)
    return Requirement{trim(term.substr(0, at)), Requirement::Op::not_equals, {trim(term.substr(at + 2))}};
  if (const auto at = term.find("=="); at != std::string::npos)
    return Requirement{trim(term.substr(0, at)), Requirement::Op::equals, {trim(term.substr(at + 2))}};
  if (const auto at = term.find('='); at != std::string::npos)
    return Requirement{trim(term.substr(0, at)), Requirement::Op::equals, {trim(term.substr(at + 1))}};
  if (term.front() == '!') return Requirement{trim(term.substr(1)), Requirement::Op::not_exists, {}};
  return Requirement{term, Requirement::Op::exists, {}};
}

bool satisfied(const Requirement& requirement, const std::map<std::string, std::string>& fields) {
  const auto found = fields.find(requirement.key);
  const bool present = found != fields.end();
  const auto listed = [&] { return present && std::ranges::find(requirement.values, found->second) != requirement.values.end(); };
  switch (requirement.op) {
    case Requirement::Op::equals: return listed();
    case Requirement::Op::in: return listed();
    case Requirement::Op::not_equals: return !listed();  // as in Kubernetes: absent keys match !=
    case Requirement::Op::not_in: return !listed();
    case Requirement::Op::exists: return present;
    case Requirement::Op::not_exists: return !present;
  }
  return false;
}

}  // namespace

std::optional<Selector> parse_selector(const std::string& text) {
  Selector selector;
  if (trim(text).empty()) return selector;
  for (const auto& term : terms(text)) {
    auto requirement = parse_term(term);
    if (!requirement || requirement->key.empty()) return std::nullopt;
    selector.push_back(std::move(*requirement));
  }
  return selector;
}

bool matches(const Selector& selector, const std::map<std::string, std::string>& fields) {
  return std::ranges::all_of(selector, [&](const Requirement& requirement) { return satisfied(requirement, fields); });
}

}  // namespace kube_test
