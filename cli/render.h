// Renderers of a plan for people (text, markdown) and machines (json, dot).
// Each returns the whole document; output is deterministic for a given plan.
#pragma once
#include <string>
#include <vector>

#include "engine/foreign_content.h"
#include "engine/plan.h"
#include "options.h"
#include "plan_file.h"
#include "terminal.h"

namespace synops::cli {

struct PlanCheck;

struct RenderOptions {
  Style style;
  bool explain = false;  // show the reason of every field change
  // `show`: what was checked, and the parts to mark as foreign (plan_check.h); none for `plan`.
  const PlanCheck* check = nullptr;
  // What made the plan, from what and when (the markdown header, the JSON's members); none
  // for a plan file older than format 3.0.
  const PlanOrigin* origin = nullptr;
};

std::string render_text(const Plan& plan, const RenderOptions& options);
std::string render_markdown(const Plan& plan, const RenderOptions& options = {});
std::string render_json(const Plan& plan, const RenderOptions& options = {});
std::string render_dot(const Plan& plan, const RenderOptions& options = {});

std::string render(const Plan& plan, Format format, const RenderOptions& options);

// The steps past which a failed apply is rolled back no further (the plan's irreversible
// steps: docs/apply.md, "The point of no return"), as "a2 (update StatefulSet/matrix/synapse-main)".
std::vector<std::string> points_of_no_return(const Plan& plan);

// The plan's health warnings as every format says them: the sentence that heads them
// ("the deployment is not healthy now, ..."), then one "Kind/namespace/name: problem" line per
// object, each on one line (a plan file is input: a line break in it must not start a line of
// its own in the output).
std::string health_warning_heading();
std::vector<std::string> health_warning_lines(const Plan& plan);

// What the plan changes, in one line a reviewer reads first, derived from the steps' changes:
// image changes grouped by image and versions, replica counts, keys of embedded config files,
// PostgreSQL parameters, objects created, then "N other field changes". Deterministic.
// "matrixdotorg/synapse v1.119.0 → v1.120.0 on 7 workloads; 2 PostgreSQL parameters (max_connections, work_mem)"
std::string change_summary(const Plan& plan);

// The order of the steps with every edge implied by others left out (a transitive reduction:
// a->c goes when a->b->c is there), by step index, sorted; `rules` are the ordering rules of
// the kept edge. Edges naming a step the plan does not hold (a forged file) are left out.
struct OrderEdge {
  size_t from = 0;
  size_t to = 0;
  std::vector<std::string> rules;
};
std::vector<OrderEdge> reduced_order(const Plan& plan);

// A value as a reviewer reads it: strings quoted, "(absent)" for a missing field,
// "(sensitive)" for credentials.
std::string display_value(const nlohmann::json& value, bool sensitive);

// The mark of a step, or of one of its changes, by position; Foreign::none when unchecked.
Foreign step_mark(const RenderOptions& options, size_t step);
Foreign change_mark(const RenderOptions& options, size_t step, size_t change);
// "FOREIGN: the manifests do not ask for this"
std::string mark_text(Foreign foreign);

}  // namespace synops::cli
