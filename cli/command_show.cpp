// `synops show PLANFILE [DIR]`: renders a saved plan, marking what synops did not plan. A plan
// file can come from anyone (issue #18, 3), so what a reviewer reads is checked: with DIR
// against the plan made again now, as `apply PLANFILE` checks it; without, against what no
// synops plan holds. Values the sensitivity rules hide stay hidden whatever the file says.
#include <iostream>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "plan_check.h"
#include "plan_file.h"
#include "render.h"

namespace synops::cli {

int command_show(const ShowCommandOptions& options, const CommonOptions& common) {
  // 1. Read the saved plan.
  PlanOrigin origin;
  auto plan = load_plan_file(options.plan_file, &origin);
  if (!plan) return print_diagnostics(plan.error()), kError;
  // 2. Mark its foreign parts, planning again from DIR when given.
  auto check = check_plan_file(*plan, options.dir, common);
  if (!check) return print_diagnostics(check.error()), kError;
  // 3. Render it as `plan` would have, with the marks, sensitive values hidden by the rules.
  const RenderOptions render_options{.style = style_for_stdout(common.no_color), .check = &*check, .origin = &origin};
  std::cout << render(with_rules_sensitivity(std::move(*plan)), options.format, render_options) << std::flush;
  return kOk;
}

}  // namespace synops::cli
