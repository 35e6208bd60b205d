#include "app.h"

#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "exit_codes.h"

namespace synops::cli {

namespace {

const std::map<std::string, Format> kFormats = {
    {"text", Format::text}, {"markdown", Format::markdown}, {"json", Format::json}, {"dot", Format::dot}};
const std::map<std::string, DriftFormat> kDriftFormats = {
    {"text", DriftFormat::text}, {"json", DriftFormat::json}, {"prometheus", DriftFormat::prometheus}};

void add_common_options(CLI::App& app, CommonOptions& common) {
  app.add_option("--live", common.live, "Read live state from a kubectl JSON snapshot (file or directory)");
  app.add_option("--kubeconfig", common.kubeconfig, "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)");
  app.add_option("--context", common.context, "Kubeconfig context (default: its current-context)");
  app.add_option("--namespace", common.ns, "Namespace (overrides synops.yaml)");
  app.add_option("--journal", common.journal, "Journal directory of apply, resume and rollback (default: $XDG_STATE_HOME/synops/journal/CLUSTER/NAMESPACE, never the manifest directory)");
  app.add_flag("-v,--verbose", common.verbose, "More detail on stderr (repeat for more)");
  app.add_flag("--allow-insecure-tls", common.allow_insecure_tls,
               "Honour insecure-skip-tls-verify in the kubeconfig (TLS verification is otherwise never turned off)");
  app.add_option("--allow-exec", common.allow_exec,
                 "Let the kubeconfig run this credential plugin (its exec command as written; repeatable; also $SYNOPS_ALLOW_EXEC, "
                 "colon-separated)");
  app.add_flag("--no-color", common.no_color, "Never colour the output (NO_COLOR is honoured too)");
}

void add_format_option(CLI::App& command, Format& format) {
  command.add_option_function<std::string>("--format", [&format](const std::string& name) { format = kFormats.at(name); },
                                           "Output format")
      ->check(CLI::IsMember(kFormats).description(""))
      ->option_text("text|markdown|json|dot");
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"synops: plan and apply changes to a Matrix/Synapse deployment on Kubernetes, in the order the "
               "operations guide demands"};
  app.set_version_flag("--version", std::string("synops ") + SYNOPS_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // common options may follow the command, as users type them
  CommonOptions common;
  add_common_options(app, common);

  std::string validate_dir = ".";
  auto* validate = app.add_subcommand("validate", "Load and check the manifests; no cluster access");
  validate->add_option("DIR", validate_dir, "Manifest directory (holds synops.yaml)");

  PlanCommandOptions plan_options;
  auto* plan = app.add_subcommand("plan", "Diff live state with the manifests and print the ordered, risk-rated plan");
  plan->add_option("DIR", plan_options.dir, "Manifest directory (holds synops.yaml)");
  plan->add_option("--out", plan_options.out, "Save the plan (JSON) for review, show and apply");
  add_format_option(*plan, plan_options.format);
  plan->add_flag("--detailed-exitcode", plan_options.detailed_exitcode, "Exit 2 when the plan has changes");
  plan->add_flag("--allow-critical", plan_options.allow_critical,
                 "Permit critical changes (a PostgreSQL major upgrade) that are refused by default");
  plan->add_flag("--explain", plan_options.explain, "Show why every change and ordering exists");

  ShowCommandOptions show_options;
  auto* show = app.add_subcommand("show", "Render a saved plan, marking what the manifests (or any synops plan) do not hold");
  show->add_option("PLANFILE", show_options.plan_file, "A plan saved with plan --out")->required();
  show->add_option("DIR", show_options.dir,
                   "Manifest directory: plan again from it and the live state (--live, --kubeconfig ...) and mark every step "
                   "and change that plan does not hold");
  add_format_option(*show, show_options.format);

  DriftCommandOptions drift_options;
  auto* drift = app.add_subcommand("drift", "Compare live with desired, including what is in effect; exit 0 in sync, 2 drift");
  drift->add_option("DIR", drift_options.dir, "Manifest directory (holds synops.yaml)");
  drift->add_option_function<std::string>(
           "--format", [&drift_options](const std::string& name) { drift_options.format = kDriftFormats.at(name); },
           "Output format (prometheus: for the node-exporter textfile collector)")
      ->check(CLI::IsMember(kDriftFormats).description(""))
      ->option_text("text|json|prometheus");

  ImportCommandOptions import_options;
  auto* import = app.add_subcommand("import", "Write desired-state manifests from what is live");
  import->add_option("--out", import_options.out, "Directory to write the manifests to (\"-\": stdout)")->required();

  SnapshotCommandOptions snapshot_options;
  auto* snapshot = app.add_subcommand("snapshot", "Write the live objects synops reads as a kubectl-style JSON List");
  snapshot->add_option("DIR", snapshot_options.dir, "Manifest directory: its namespace and cluster (optional)");
  snapshot->add_option("--out", snapshot_options.out, "File to write (mode 0600); stdout when absent");

  ApplyCommandOptions apply_options;
  auto add_run_options = [&apply_options](CLI::App& command) {
    command.add_option("--timeout", apply_options.timeout_seconds, "Seconds any wait may take (default: by kind, docs/apply.md)");
    command.add_option("--poll-ms", apply_options.poll_ms, "How often waits read the object, in milliseconds");
    command.add_option("--helm", apply_options.helm, "The helm 3 binary for steps on Helm releases (default: helm on PATH)");
  };
  auto* apply = app.add_subcommand("apply", "Execute a plan with checkpoints, a journal and rollback on failure");
  apply->add_option("TARGET", apply_options.target, "Manifest directory, or a plan saved with plan --out");
  apply->add_flag("--auto-approve", apply_options.auto_approve, "Do not ask for 'yes' before applying");
  apply->add_option("--parallelism", apply_options.parallelism, "Steps run one at a time: only 1 is accepted");
  apply->add_flag("--skip-preflight", apply_options.skip_preflight, "Apply even if the deployment is not healthy");
  apply->add_flag("--allow-critical", apply_options.allow_critical, "Permit critical changes that are refused by default");
  add_run_options(*apply);
  auto* resume = app.add_subcommand("resume", "Continue an apply that was interrupted, from its journal");
  resume->add_option("DIR", apply_options.target, "Manifest directory the apply ran from (its journal and cluster)");
  add_run_options(*resume);
  auto* rollback = app.add_subcommand("rollback", "Undo the last apply that did not finish, from its journal");
  rollback->add_option("DIR", apply_options.target, "Manifest directory the apply ran from (its journal and cluster)");
  add_run_options(*rollback);
  rollback->add_flag("--through-barrier", apply_options.through_barrier,
                     "Undo a step past its point of no return too (main's schema-migrating upgrade); restore its backup first");
  std::string unlock_id;
  bool unlock_force = false;
  auto* force_unlock = app.add_subcommand("force-unlock", "Release the apply lock left by a killed run, given its id");
  force_unlock->add_option("ID", unlock_id, "The lock id (named when an apply is refused)")->required();
  force_unlock->add_flag("--force", unlock_force, "Release a lock renewed within its duration too (its run then stops before its next write)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kOk : kError;
  }
  if (*validate) return command_validate(validate_dir, common);
  if (*plan) return command_plan(plan_options, common);
  if (*show) return command_show(show_options, common);
  if (*drift) return command_drift(drift_options, common);
  if (*import) return command_import(import_options, common);
  if (*snapshot) return command_snapshot(snapshot_options, common);
  if (*apply) return command_apply(apply_options, common);
  if (*resume) return command_resume(apply_options, common);
  if (*rollback) return command_rollback(apply_options, common);
  if (*force_unlock) return command_force_unlock(unlock_id, unlock_force, common);
  return kError;
}

}  // namespace synops::cli
