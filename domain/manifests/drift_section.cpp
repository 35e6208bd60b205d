// drift: what `synops drift` must not report, so that a cron does not cry wolf.
//   drift: {ignore: [{kind: Deployment, name: element-web, path: /spec/template/spec/containers/0/image}]}
// `kind` is required; without `name` a rule covers every object of the kind, without `path`
// the whole object. Paths are JSON Pointers into the live object (a pointer into an embedded
// document continues after "#", as in plans), matched as prefixes.
#include <algorithm>
#include <cctype>

#include "manifest_keys.h"
#include "sections.h"

namespace synops {
namespace {

// Kubernetes kinds are CamelCase identifiers ("StatefulSet", "HelmRelease").
bool is_kind(const std::string& text) {
  return !text.empty() && std::isupper(static_cast<unsigned char>(text.front())) &&
         std::ranges::all_of(text, [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

std::optional<Located<std::string>> read_kind(const Node& rule, Diagnostics& problems) {
  auto kind = text_member(rule, "kind", Need::required, problems);
  if (!kind || is_kind(kind->value)) return kind;
  report(problems, kind->at, "\"kind\" in " + rule.path() + " must be a Kubernetes kind such as StatefulSet, got \"" +
                                 kind->value + "\"");
  return std::nullopt;
}

std::optional<Located<std::string>> read_path(const Node& rule, Diagnostics& problems) {
  auto path = text_member(rule, "path", Need::optional, problems);
  if (!path || path->value.starts_with("/")) return path;
  report(problems, path->at, "\"path\" in " + rule.path() + " must be a JSON Pointer starting with \"/\" (such as "
                                 "/spec/replicas or /data/homeserver.yaml#/rc_message), got \"" + path->value + "\"");
  return std::nullopt;
}

std::optional<DriftIgnoreRule> read_rule(const Node& rule, Diagnostics& problems) {
  if (!expect_mapping(rule, problems)) return std::nullopt;
  check_keys(rule, manifest_keys::drift_ignore_rule, problems);
  DriftIgnoreRule out;
  out.at = rule.at();
  auto kind = read_kind(rule, problems);
  out.name = name_member(rule, "name", Need::optional, problems);
  out.path = read_path(rule, problems);
  if (!kind) return std::nullopt;
  out.kind = *kind;
  return out;
}

}  // namespace

void read_drift_section(const Node& drift, DriftDesired& desired, Diagnostics& problems) {
  if (!expect_mapping(drift, problems)) return;
  check_keys(drift, manifest_keys::drift, problems);
  const auto ignore = drift.get("ignore");
  if (!ignore) return;
  if (!ignore->is_sequence()) return report_type(*ignore, "a sequence", problems);
  for (const Node& rule : ignore->items())
    if (auto read = read_rule(rule, problems)) desired.ignore.push_back(std::move(*read));
}

}  // namespace synops
