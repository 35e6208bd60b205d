#include "guarded_patch.h"

#include <fmt/format.h>

namespace synops::apply {

std::string describe_mismatch(const ObjectRef& ref, const nlohmann::json& live, const std::vector<FieldValue>& expected) {
  for (const auto& field : expected) {
    auto value = field_value(live, field.path);
    if (value && *value != field.value)
      return fmt::format("changed since plan: {} {} is {}, the plan expected {}", kube::describe(ref), field.path.str(), value->dump(),
                         field.value.dump());
  }
  return "changed since plan: " + kube::describe(ref);
}

Result<Written> guarded_write(const kube::KubeClient& client, const ObjectRef& ref, const std::vector<FieldValue>& expected,
                              const std::vector<FieldValue>& target) {
  bool may_have_landed = false;  // an earlier attempt's outcome is unknown
  for (int attempt = 1;; ++attempt) {
    auto object = client.get(ref);
    if (!object) return std::unexpected(object.error());
    if (!*object) return fail(kube::describe(ref) + " does not exist any more");
    const nlohmann::json& live = (*object)->body.json();
    auto done = fields_hold(live, target);
    if (!done) return std::unexpected(done.error());
    if (*done) return may_have_landed ? Written::now : Written::already;
    auto holds = fields_hold(live, expected);
    if (!holds) return std::unexpected(holds.error());
    if (!*holds) return fail(describe_mismatch(ref, live, expected));
    auto patch = merge_patch_for(live, target);
    if (!patch) return std::unexpected(patch.error());
    auto patched = client.merge_patch(ref, *patch, (*object)->resource_version);
    if (patched) return Written::now;
    const std::string& message = patched.error().front().message;
    const bool conflict = message.starts_with("changed since plan");
    const bool unknown = message.starts_with(kube::kOutcomeUnknown);
    may_have_landed = may_have_landed || unknown;
    if (!(conflict || unknown) || attempt == kWriteAttempts) return std::unexpected(patched.error());
  }
}

}  // namespace synops::apply
