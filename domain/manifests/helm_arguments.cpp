// What a chart reference or a chart version must look like to reach helm's command line as
// one argument of its own (never through a shell): redis.yaml and monitoring.yaml share it.
#include <algorithm>
#include <cctype>

#include "kubernetes_names.h"
#include "sections.h"
#include "adapters/yaml/tree_paths.h"

namespace synops {

// One that starts with "-" would be read as a flag, and white space is never in a chart
// reference or a version helm accepts as one argument.
bool is_helm_argument(const std::string& text) {
  return !text.empty() && text.front() != '-' &&
         std::ranges::none_of(text, [](char c) { return std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c)); });
}

void check_release_name(const Node& entry, Diagnostics& problems) {
  if (is_dns1123_subdomain(entry.label())) return;
  report(problems, entry.key_at(), "release name \"" + entry.label() + "\" " + where_in(entry.parent_path()) +
                                       " must be a Kubernetes name (lowercase letters, digits, \"-\" and \".\")");
}

}  // namespace synops
