#include <iostream>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "plan_file.h"
#include "render.h"

namespace synops::cli {

int command_show(const std::string& plan_file, Format format, const CommonOptions& common) {
  // 1. Read the saved plan; 2. render it as `plan` would have.
  auto plan = load_plan_file(plan_file);
  if (!plan) return print_diagnostics(plan.error()), kError;
  std::cout << render(*plan, format, RenderOptions{style_for_stdout(common.no_color), false}) << std::flush;
  return kOk;
}

}  // namespace synops::cli
