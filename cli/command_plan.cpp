#include <filesystem>
#include <fstream>
#include <iostream>

#include "cluster_connection.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "live_source.h"
#include "plan_file.h"
#include "postgres_contexts.h"
#include "domain/manifests/manifest_loader.h"
#include "stages/plan/planner.h"
#include "render.h"

namespace synops::cli {


int command_plan(const PlanCommandOptions& options, const CommonOptions& common) {
  // 1. Load the desired state.
  auto desired = load_manifests(options.dir);
  if (!desired) return print_diagnostics(in_manifest_dir(desired.error(), options.dir)), kError;
  if (!common.ns.empty()) desired->ns.value = common.ns;
  // 2. Read what is live.
  auto live = read_live_state(*desired, common);
  if (!live) return print_diagnostics(live.error()), kError;
  // 3. Diff and order into a plan, with the PostgreSQL server's parameter contexts when it is live.
  const bool from_snapshot = live_state_is_snapshot(*desired, common);
  auto plan = plan_deployment(*desired, *live, {.allow_critical = options.allow_critical,
                                                .postgres_contexts = live_parameter_contexts(*desired, from_snapshot)});
  if (!plan) return print_diagnostics(in_manifest_dir(plan.error(), options.dir)), kError;
  // 4. Save it when asked, then print it, both saying what it was made from.
  const PlanOrigin origin = origin_now(live_source(*desired, common, from_snapshot));
  if (!options.out.empty()) {
    if (auto saved = save_plan_file(*plan, origin, options.out); !saved) return print_diagnostics(saved.error()), kError;
  }
  const RenderOptions render_options{.style = style_for_stdout(common.no_color), .explain = options.explain, .origin = &origin};
  std::cout << render(*plan, options.format, render_options) << std::flush;
  // 5. Exit as the contract says.
  if (plan->refused()) return kRefused;
  if (options.detailed_exitcode && !plan->empty()) return kChangesPresent;
  return kOk;
}

}  // namespace synops::cli
