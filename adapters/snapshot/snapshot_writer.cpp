#include "snapshot_writer.h"

#include <nlohmann/json.hpp>

namespace synops::kube {

std::string write_snapshot(const LiveState& state) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [ref, object] : state.objects()) items.push_back(object.body);  // the map is ordered by identity
  const nlohmann::json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"metadata", {{"resourceVersion", ""}}}, {"items", items}};
  // The API only sends UTF-8; replacing rather than throwing keeps a stray byte from losing the file.
  return list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace synops::kube
