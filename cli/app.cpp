#include "app.h"

#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "build_info.h"
#include "command_line_errors.h"
#include "commands.h"
#include "completion.h"
#include "exit_codes.h"

namespace synops::cli {

namespace {

const std::map<std::string, Format> kFormats = {
    {"text", Format::text}, {"markdown", Format::markdown}, {"json", Format::json}, {"dot", Format::dot}};
const std::map<std::string, DriftFormat> kDriftFormats = {
    {"text", DriftFormat::text}, {"json", DriftFormat::json}, {"prometheus", DriftFormat::prometheus}};

// The options every command shares. Each command shows those it uses in its own help, under
// "Global options", with their defaults; the top level holds them all, so that they may come
// before the command too (synops --context prod plan).
enum Reach : unsigned { kLocal = 0, kLive = 1, kCluster = 2, kJournal = 4 };
constexpr const char* kGlobal = "Global options";

void add_common_options(CLI::App& app, CommonOptions& common, unsigned reach) {
  if (reach & kLive)
    app.add_option("--live", common.live, "Read live state from a kubectl JSON snapshot (file or directory) (default: the cluster)")
        ->group(kGlobal);
  if (reach & kCluster) {
    app.add_option("--kubeconfig", common.kubeconfig, "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)")
        ->group(kGlobal);
    app.add_option("--context", common.context, "Kubeconfig context (default: its current-context)")->group(kGlobal);
    app.add_option("--namespace", common.ns, "Namespace (default: synops.yaml's namespace:)")->group(kGlobal);
  }
  if (reach & kJournal)
    app.add_option("--journal", common.journal,
                   "Journal directory of apply, resume and rollback (default: $XDG_STATE_HOME/synops/journal/CLUSTER/NAMESPACE, "
                   "never the manifest directory)")
        ->group(kGlobal);
  app.add_flag("-v,--verbose", common.verbose, "More detail on stderr (repeat for more) (default: off)")->group(kGlobal);
  if (reach & kCluster) {
    app.add_flag("--allow-insecure-tls", common.allow_insecure_tls,
                 "Honour insecure-skip-tls-verify in the kubeconfig (default: off; TLS verification is otherwise never turned off)")
        ->group(kGlobal);
    app.add_option("--allow-exec", common.allow_exec,
                   "Let the kubeconfig run this credential plugin (its exec command as written; repeatable; also "
                   "$SYNOPS_ALLOW_EXEC, colon-separated) (default: none)")
        ->group(kGlobal);
  }
  app.add_flag("--no-color", common.no_color, "Never colour the output (default: colour on a terminal; NO_COLOR is honoured too)")
      ->group(kGlobal);
}

void add_format_option(CLI::App& command, Format& format) {
  command.add_option_function<std::string>("-o,--format,--output", [&format](const std::string& name) { format = kFormats.at(name); },
                                           "Output format (default: text)")
      ->check(CLI::IsMember(kFormats).description(""))
      ->option_text("text|markdown|json|dot");
}

// `synops help [COMMAND]`: the same text as `synops [COMMAND] --help`, on stdout.
int print_help(const CLI::App& app, const std::string& command) {
  // app.help() would describe the selected command, help itself; the formatter is asked directly.
  if (command.empty()) return std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal), kOk;
  const CLI::App* found = nullptr;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == command) found = sub;
  if (found == nullptr) return print_unknown_command(app, command);
  std::cout << found->help(app.get_name());
  return kOk;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"synops: plan and apply changes to a Matrix/Synapse deployment on Kubernetes, in the order the "
               "operations guide demands",
               "synops"};
  app.set_version_flag("--version", version_line(), "Print the version, the commit and the compiler, and exit");
  app.require_subcommand(1);
  app.fallthrough();  // common options may follow the command, as users type them
  CommonOptions common;
  add_common_options(app, common, kLive | kCluster | kJournal);

  std::string validate_dir = ".";
  auto* validate = app.add_subcommand("validate", "Load and check the manifests; no cluster access");
  validate->add_option("DIR", validate_dir, "Manifest directory (holds synops.yaml)")->default_str(".");
  add_common_options(*validate, common, kLocal);

  PlanCommandOptions plan_options;
  auto* plan = app.add_subcommand("plan", "Diff live state with the manifests and print the ordered, risk-rated plan");
  plan->add_option("DIR", plan_options.dir, "Manifest directory (holds synops.yaml)")->default_str(".");
  plan->add_option("--out", plan_options.out, "Save the plan (JSON) for review, show and apply");
  add_format_option(*plan, plan_options.format);
  plan->add_flag("--detailed-exitcode", plan_options.detailed_exitcode, "Exit 2 when the plan has changes");
  plan->add_flag("--allow-critical", plan_options.allow_critical,
                 "Permit critical changes (a PostgreSQL major upgrade) that are refused by default");
  plan->add_flag("--explain", plan_options.explain, "Show why every change and ordering exists");
  add_common_options(*plan, common, kLive | kCluster);

  ShowCommandOptions show_options;
  auto* show = app.add_subcommand("show", "Render a saved plan, marking what the manifests (or any synops plan) do not hold");
  show->add_option("PLANFILE", show_options.plan_file, "A plan saved with plan --out")->required();
  show->add_option("DIR", show_options.dir,
                   "Manifest directory: plan again from it and the live state (--live, --kubeconfig ...) and mark every step "
                   "and change that plan does not hold");
  add_format_option(*show, show_options.format);
  add_common_options(*show, common, kLive | kCluster);

  DriftCommandOptions drift_options;
  auto* drift = app.add_subcommand("drift", "Compare live with desired, including what is in effect; exit 0 in sync, 2 drift");
  drift->add_option("DIR", drift_options.dir, "Manifest directory (holds synops.yaml)")->default_str(".");
  drift->add_option_function<std::string>(
           "-o,--format,--output", [&drift_options](const std::string& name) { drift_options.format = kDriftFormats.at(name); },
           "Output format (prometheus: the metrics on stdout) (default: text)")
      ->check(CLI::IsMember(kDriftFormats).description(""))
      ->option_text("text|json|prometheus");
  drift->add_option("--metrics-out", drift_options.metrics_out,
                    "Also write the Prometheus metrics of this run to FILE (for node-exporter's textfile collector; "
                    "written on exit 0 or 2 only, replaced atomically)")
      ->option_text("FILE");
  drift->add_option("--pushgateway", drift_options.pushgateway,
                    "Also push the Prometheus metrics of this run to the Pushgateway at URL "
                    "(PUT URL/metrics/job/synops_drift/deployment/NAMESPACE; exit 6 when that fails)")
      ->option_text("URL");
  add_common_options(*drift, common, kLive | kCluster);

  ImportCommandOptions import_options;
  auto* import = app.add_subcommand("import", "Write desired-state manifests from what is live");
  import->add_option("--out", import_options.out, "Directory to write the manifests to (\"-\": stdout)")->required();
  add_common_options(*import, common, kLive | kCluster);

  SnapshotCommandOptions snapshot_options;
  auto* snapshot = app.add_subcommand("snapshot", "Write the live objects synops reads as a kubectl-style JSON List");
  snapshot->add_option("DIR", snapshot_options.dir, "Manifest directory: its namespace and cluster (optional)")->default_str(".");
  snapshot->add_option("--out", snapshot_options.out, "File to write (mode 0600) (default: stdout)");
  add_common_options(*snapshot, common, kCluster);

  ApplyCommandOptions apply_options;
  auto add_run_options = [&apply_options, &common](CLI::App& command) {
    command.add_option("--timeout", apply_options.timeout_seconds, "Seconds any wait may take (default: by kind, docs/apply.md)");
    command.add_option("--poll-ms", apply_options.poll_ms, "How often waits read the object, in milliseconds")->capture_default_str();
    command.add_option("--helm", apply_options.helm, "The helm 3 binary for steps on Helm releases (default: helm on PATH)");
    add_common_options(command, common, kCluster | kJournal);
  };
  auto* apply = app.add_subcommand("apply", "Execute a plan with checkpoints, a journal and rollback on failure");
  apply->add_option("TARGET", apply_options.target, "Manifest directory, or a plan saved with plan --out")->default_str(".");
  apply->add_flag("--auto-approve", apply_options.auto_approve, "Do not ask for 'yes' before applying");
  apply->add_option("--parallelism", apply_options.parallelism, "Steps run one at a time: only 1 is accepted")->capture_default_str();
  apply->add_flag("--skip-preflight", apply_options.skip_preflight, "Apply even if the deployment is not healthy");
  apply->add_flag("--allow-critical", apply_options.allow_critical, "Permit critical changes that are refused by default");
  add_run_options(*apply);
  auto* resume = app.add_subcommand("resume", "Continue an apply that was interrupted, from its journal");
  resume->add_option("DIR", apply_options.target, "Manifest directory the apply ran from (its journal and cluster)")->default_str(".");
  add_run_options(*resume);
  auto* rollback = app.add_subcommand("rollback", "Undo the last apply that did not finish, from its journal");
  rollback->add_option("DIR", apply_options.target, "Manifest directory the apply ran from (its journal and cluster)")->default_str(".");
  rollback->add_flag("--through-barrier", apply_options.through_barrier,
                     "Undo a step past its point of no return too (main's schema-migrating upgrade); restore its backup first");
  add_run_options(*rollback);
  std::string unlock_id;
  bool unlock_force = false;
  auto* force_unlock = app.add_subcommand("force-unlock", "Release the apply lock left by a killed run, given its id");
  force_unlock->add_option("ID", unlock_id, "The lock id (named when an apply is refused)")->required();
  force_unlock->add_flag("--force", unlock_force, "Release a lock renewed within its duration too (its run then stops before its next write)");
  add_common_options(*force_unlock, common, kCluster);

  std::string help_command;
  auto* help = app.add_subcommand("help", "Print the help of a command (the same as COMMAND --help), or of synops");
  help->add_option("COMMAND", help_command, "The command");
  std::string completion_shell;
  auto* completion = app.add_subcommand("completion", "Print a shell completion script: source <(synops completion bash)");
  completion->add_option("SHELL", completion_shell, "bash, zsh or fish")->required()->check(CLI::IsMember(completion_shells()));

  // A mistyped command is named before CLI11 calls it a missing one.
  if (auto unknown = unknown_command(app, argc, argv)) return print_unknown_command(app, *unknown);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& error) {
    return print_unexpected_arguments(app, error);
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
  if (*help) return print_help(app, help_command);
  if (*completion) return std::cout << completion_script(app, completion_shell), kOk;
  return kError;
}

}  // namespace synops::cli
