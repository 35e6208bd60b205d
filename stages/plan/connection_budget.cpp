#include "connection_budget.h"

#include <fmt/format.h>

namespace synops {

namespace {
constexpr std::int64_t kTwistedDefaultCpMax = 5;  // adbapi.ConnectionPool's default
}

std::optional<Refusal> check_connection_budget(const SynapseFacts& synapse, const PostgresFacts& postgres) {
  const std::int64_t cp_max = synapse.cp_max.value_or(kTwistedDefaultCpMax);
  const std::int64_t needed = synapse.processes * cp_max;
  const std::int64_t available = postgres.max_connections - postgres.reserved - postgres.headroom;
  if (needed <= available) return std::nullopt;
  const SourcePosition where = synapse.cp_max_from_manifest ? synapse.cp_max_at : postgres.max_connections_at;
  return Refusal{"connection-budget",
                 fmt::format("{} Synapse processes x cp_max {} = {} connections, but max_connections {} - {} reserved - "
                             "{} headroom leaves {}; lower cp_max, run fewer workers, or raise max_connections",
                             synapse.processes, cp_max, needed, postgres.max_connections, postgres.reserved,
                             postgres.headroom, available),
                 where};
}

}  // namespace synops
