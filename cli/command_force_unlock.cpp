// `synops force-unlock ID [--force]`: release an apply lock left by a run that died, given its
// id (printed in the refusal of the next apply); any other holder is refused, and so is a lock
// renewed within its duration unless --force (its run is probably alive).
#include <iostream>

#include "cluster_connection.h"
#include "cluster_unreachable.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "stages/apply/apply_lock.h"

namespace synops::cli {

int command_force_unlock(const std::string& lock_id, bool force, const CommonOptions& common) {
  auto client = connect_cluster(common, Patience::writing, nullptr);
  if (!client) return print_diagnostics(client.error()), kError;
  const std::string ns = common.ns.empty() ? client->default_namespace() : common.ns;
  if (auto released = apply::force_unlock(*client, ns.empty() ? "default" : ns, lock_id, force); !released)
    return print_diagnostics(unreachable_in_one_line(*client, released.error(), common)), kError;
  std::cerr << "Released the apply lock " << lock_id << ".\n";
  return kOk;
}

}  // namespace synops::cli
