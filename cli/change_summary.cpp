// The one line that heads a pull-request comment: what the plan changes, grouped the way a
// reviewer thinks of it (an upgrade, a scale, a config key), in the order the plan first
// touches each group, so the same plan always gives the same line.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "render.h"

namespace synops::cli {

namespace {

constexpr size_t kNamesShown = 3;  // a group names this many members, then "+N more"

std::string plural(size_t count, const std::string& one, const std::string& many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

// "a, b, c +2 more"
std::string first_names(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < kNamesShown; ++i) out += (i == 0 ? "" : ", ") + names[i];
  if (names.size() > kNamesShown) out += " +" + std::to_string(names.size() - kNamesShown) + " more";
  return out;
}

// "matrixdotorg/synapse:v1.119.0" -> {"matrixdotorg/synapse", "v1.119.0"}; a digest or a
// missing tag leaves the whole reference as the repository.
std::pair<std::string, std::string> split_image(const std::string& image) {
  const auto colon = image.rfind(':');
  if (colon == std::string::npos || image.find('/', colon) != std::string::npos || image.find('@') != std::string::npos)
    return {image, ""};
  return {image.substr(0, colon), image.substr(colon + 1)};
}

std::string text_of(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

struct ImageChange {
  std::string before, after;
  std::vector<std::string> workloads;
};

struct Groups {
  std::vector<ImageChange> images;
  std::vector<std::string> replicas;                   // "synapse-synchrotron 2 → 3"
  std::vector<std::pair<std::string, std::vector<std::string>>> config_keys;  // file, keys
  std::vector<std::string> parameters;                 // "max_connections 100 → 200"
  std::vector<std::string> created;                    // "HorizontalPodAutoscaler synapse-x"
  size_t other = 0;

  void image(const Change& change, const std::string& workload) {
    const std::string before = text_of(change.before), after = text_of(change.after);
    auto found = std::ranges::find_if(images, [&](const ImageChange& c) { return c.before == before && c.after == after; });
    if (found == images.end()) images.push_back({before, after, {}}), found = images.end() - 1;
    if (std::ranges::find(found->workloads, workload) == found->workloads.end()) found->workloads.push_back(workload);
  }

  void config_key(const std::string& file, const std::string& key) {
    auto found = std::ranges::find_if(config_keys, [&](const auto& entry) { return entry.first == file; });
    if (found == config_keys.end()) config_keys.push_back({file, {}}), found = config_keys.end() - 1;
    if (std::ranges::find(found->second, key) == found->second.end()) found->second.push_back(key);
  }
};

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

void sort_change(Groups& groups, const Action& action, const Change& change) {
  const std::string& pointer = change.path.pointer;
  const bool both = !change.before.is_null() && !change.after.is_null();
  if (change.sensitive) ++groups.other;  // a sensitive value is never named, even in a summary
  else if (!change.path.embedded.empty())
    groups.config_key(pointer.substr(pointer.rfind('/') + 1), change.path.embedded.substr(change.path.embedded.starts_with("/") ? 1 : 0));
  else if (both && ((pointer.find("/containers/") != std::string::npos && ends_with(pointer, "/image")) || pointer == "/spec/imageName"))
    groups.image(change, action.target.name);
  else if (pointer == "/spec/replicas" || pointer == "/spec/instances")
    groups.replicas.push_back(fmt::format("{} {} → {}", action.target.name, text_of(change.before), text_of(change.after)));
  else if (pointer.starts_with("/spec/postgresql/parameters/")) {
    const std::string name = pointer.substr(pointer.rfind('/') + 1);
    groups.parameters.push_back(change.before.is_null()  ? name + " set to " + text_of(change.after)
                                : change.after.is_null() ? name + " removed"
                                                         : fmt::format("{} {} → {}", name, text_of(change.before), text_of(change.after)));
  } else
    ++groups.other;
}

std::string image_text(const ImageChange& change) {
  const auto [repository, tag] = split_image(change.before);
  const auto [new_repository, new_tag] = split_image(change.after);
  const std::string what = repository == new_repository && !tag.empty() && !new_tag.empty()
                               ? fmt::format("{} {} → {}", repository, tag, new_tag)
                               : fmt::format("{} → {}", change.before, change.after);
  const size_t count = change.workloads.size();
  return what + " on " + (count == 1 ? change.workloads.front() : plural(count, "workload", "workloads"));
}

}  // namespace

std::string change_summary(const Plan& plan) {
  if (plan.actions.empty()) return "No changes";
  Groups groups;
  for (const auto& action : plan.actions) {
    if (action.type == ActionType::create) {
      groups.created.push_back(action.target.kind + " " + action.target.name);
      continue;
    }
    for (const auto& change : action.changes) sort_change(groups, action, change);
  }
  std::vector<std::string> parts;
  for (const auto& image : groups.images) parts.push_back(image_text(image));
  if (!groups.replicas.empty()) parts.push_back("replicas: " + first_names(groups.replicas));
  for (const auto& [file, keys] : groups.config_keys) parts.push_back(file + ": " + plural(keys.size(), "key", "keys") + " (" + first_names(keys) + ")");
  if (groups.parameters.size() == 1) parts.push_back("PostgreSQL " + groups.parameters.front());
  else if (!groups.parameters.empty())
    parts.push_back(plural(groups.parameters.size(), "PostgreSQL parameter", "PostgreSQL parameters") + " (" + first_names(groups.parameters) + ")");
  if (!groups.created.empty()) parts.push_back("creates " + first_names(groups.created));
  if (groups.other > 0) parts.push_back(plural(groups.other, "other field change", "other field changes"));
  if (parts.empty()) parts.push_back(plural(plan.actions.size(), "step", "steps") + " without field changes");
  std::string line;
  for (const auto& part : parts) line += (line.empty() ? "" : "; ") + part;
  return line;
}

}  // namespace synops::cli
