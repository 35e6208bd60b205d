// No two workloads share a name: main, li, every worker pool and Element are separate
// objects, and a shared name would make two manifest entries fight over one object.
#include <algorithm>
#include <map>

#include "sections.h"

namespace synops {
namespace {

struct NameUse {
  std::string owner;  // "synapse.main", "synapse.workers.synchrotron", "element"
  const WorkloadRef* workload;
};

std::vector<NameUse> name_uses(const Desired& desired) {
  std::vector<NameUse> uses;
  if (desired.synapse.main) uses.push_back({"synapse.main", &*desired.synapse.main});
  if (desired.synapse.li) uses.push_back({"synapse.li", &*desired.synapse.li});
  for (const auto& pool : desired.synapse.workers) uses.push_back({"synapse.workers." + pool.role.value, &pool.workload});
  if (desired.element.workload) uses.push_back({"element", &*desired.element.workload});
  // The earliest entry keeps the name; later ones are reported, whatever the file order.
  std::ranges::stable_sort(uses, {}, [](const NameUse& use) { return use.workload->at; });
  return uses;
}

}  // namespace

void check_workload_names(const Desired& desired, Diagnostics& problems) {
  std::map<std::string, const NameUse*> first_use;
  const std::vector<NameUse> uses = name_uses(desired);
  for (const NameUse& use : uses) {
    const auto [first, inserted] = first_use.try_emplace(use.workload->name.value, &use);
    if (inserted) continue;
    report(problems, use.workload->name.at,
           "workload name \"" + use.workload->name.value + "\" is used twice: also by " + first->second->owner + " at " +
               first->second->workload->at.str());
  }
}

}  // namespace synops
