#include "homeserver_rewrite.h"

#include "yaml_text_edit.h"

namespace synops {

namespace {

// "/instance_map/synapse-event-persister-2" -> {"instance_map", "synapse-event-persister-2"}
std::vector<std::string> pointer_keys(const std::string& pointer) {
  std::vector<std::string> keys;
  for (size_t start = 1; start <= pointer.size();) {
    size_t end = pointer.find('/', start);
    if (end == std::string::npos) end = pointer.size();
    std::string key;
    for (size_t i = start; i < end; ++i) {
      // JSON Pointer escapes: "~1" is "/", "~0" is "~".
      if (pointer[i] == '~' && i + 1 < end) key += pointer[++i] == '1' ? '/' : '~';
      else key += pointer[i];
    }
    keys.push_back(std::move(key));
    start = end + 1;
  }
  return keys;
}

}  // namespace

Result<std::string> rewrite_homeserver(const std::string& live_text, const std::vector<Change>& changes) {
  std::vector<YamlEdit> edits;
  for (const auto& change : changes) {
    if (change.path.embedded.empty()) continue;
    std::optional<nlohmann::json> value;
    if (!change.after.is_null()) value = change.after;
    edits.push_back(YamlEdit{pointer_keys(change.path.embedded), value});
  }
  return edit_yaml_text(live_text, edits);
}

}  // namespace synops
