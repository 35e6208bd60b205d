#include "ignore_rules.h"

#include <algorithm>

namespace synops {

namespace {

bool names(const DriftIgnoreRule& rule, const ObjectRef& ref) {
  return rule.kind.value == ref.kind && (!rule.name || rule.name->value == ref.name);
}

// A prefix on token boundaries: the next character starts a new token or the embedded document.
bool path_within(const std::string& path, const std::string& prefix) {
  if (!path.starts_with(prefix)) return false;
  if (path.size() == prefix.size() || prefix.ends_with('/')) return true;
  const char next = path[prefix.size()];
  return next == '/' || next == '#';
}

}  // namespace

bool ignore_rule_matches(const DriftIgnoreRule& rule, const DriftItem& item) {
  const bool object = names(rule, item.object) || (item.owner && names(rule, *item.owner));
  return object && (!rule.path || path_within(item.path, rule.path->value));
}

int apply_ignore_rules(const std::vector<DriftIgnoreRule>& rules, std::vector<DriftItem>& items) {
  const auto removed = std::erase_if(items, [&](const DriftItem& item) {
    return std::ranges::any_of(rules, [&](const DriftIgnoreRule& rule) { return ignore_rule_matches(rule, item); });
  });
  return static_cast<int>(removed);
}

}  // namespace synops
