// `synops apply [DIR | PLANFILE]`: plan (or load a saved plan), check the deployment is
// healthy, ask, then run the plan under the lock with a journal (stages/apply).
#include <filesystem>
#include <iostream>
#include <string>

#include "cluster_connection.h"
#include "cluster_unreachable.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "plan_file.h"
#include "postgres_contexts.h"
#include "run_location.h"
#include "engine/plan_comparison.h"
#include "stages/apply/apply_session.h"
#include "stages/apply/stale_plan.h"
#include "domain/apply_kit/interrupt.h"
#include "adapters/kubernetes/preflight.h"
#include "domain/manifests/manifest_loader.h"
#include "stages/plan/planner.h"
#include "render.h"

namespace synops::cli {

namespace {

namespace fs = std::filesystem;

// What apply works from: the plan, and the manifests when there are any (for the cluster,
// the namespace, the database connection of backups and the default journal directory).
struct ApplyInput {
  std::optional<Desired> manifests;
  Plan plan;
  bool saved = false;
};

// A plan file's manifests are those beside it, else those of the current directory.
std::optional<fs::path> manifests_for_plan_file(const fs::path& plan_file) {
  for (const fs::path& dir : {plan_file.parent_path().empty() ? fs::path(".") : plan_file.parent_path(), fs::path(".")})
    if (fs::exists(dir / "synops.yaml")) return dir;
  return std::nullopt;
}

std::string namespace_of(const ApplyInput& input, const CommonOptions& common) {
  if (!common.ns.empty()) return common.ns;
  if (input.manifests) return input.manifests->ns.value;
  for (const auto& action : input.plan.actions)
    if (!action.target.ns.empty()) return action.target.ns;
  return "default";
}

// A saved plan is applied only when it is what synops plans now from the same manifests and
// the same live objects: first every object it read must be unchanged (else the difference
// would be the cluster's, and the file merely stale), then every step must match the fresh
// plan's. One sentence per problem, never a value.
Result<std::vector<std::string>> saved_plan_problems(const kube::KubeClient& client, const Plan& saved, const Plan& fresh) {
  if (auto unverifiable = apply::unverifiable_plan(saved)) return std::vector<std::string>{*unverifiable};
  auto stale = apply::changed_since_plan(client, saved);
  if (!stale || !stale->empty()) return stale;
  if (fresh.refused()) {
    std::vector<std::string> refusals;
    for (const auto& refusal : fresh.refusals) refusals.push_back("planned again now, the change is refused: " + refusal.message);
    return refusals;
  }
  auto differences = plan_differences(saved, fresh);
  if (!differences.empty())
    differences.push_back("the plan file is not what synops plans from these manifests and this cluster: it was edited, or the "
                          "manifests changed since; make the plan again");
  return differences;
}

bool approved(const Plan& plan, const CommonOptions& common) {
  std::cout << render(plan, Format::text, RenderOptions{style_for_stdout(common.no_color), false}) << std::flush;
  std::cerr << "\nDo you want to apply this plan? Only 'yes' will be accepted: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes";
}

int refuse(const std::vector<std::string>& reasons) {
  for (const auto& reason : reasons) std::cerr << "error: " << reason << "\n";
  std::cerr << "apply refused.\n";
  return kRefused;
}

}  // namespace

apply::SessionSetup session_setup(const ApplyCommandOptions& options, const std::string& ns) {
  apply::SessionSetup setup;
  setup.ns = ns;
  if (options.timeout_seconds > 0) setup.options.wait_timeout = std::chrono::seconds(options.timeout_seconds);
  setup.options.poll_interval = std::chrono::milliseconds(std::max(10, options.poll_ms));
  setup.progress = [](const std::string& line) { std::cerr << line << "\n" << std::flush; };
  setup.through_barrier = options.through_barrier;
  return setup;
}

void add_helm_options(apply::SessionSetup& setup, const ApplyCommandOptions& options, const CommonOptions& common, const Desired* manifests) {
  apply::HelmOptions& helm = setup.options.helm;
  if (!options.helm.empty()) helm.binary = options.helm;
  const auto cluster = kubeconfig_options(common, manifests);
  helm.kubeconfig = cluster.kubeconfig;
  helm.context = cluster.context;
  if (manifests == nullptr) return;
  for (const auto& release : manifests->redis)
    if (release.chart)
      helm.charts[manifests->ns.value + "/" + release.name.value] = {release.chart->value, release.version ? release.version->value : ""};
  if (manifests->monitoring)
    for (const auto& release : manifests->monitoring->releases)
      helm.charts[manifests->monitoring->ns.value + "/" + release.name.value] = {release.chart.value, release.version.value};
}

int report_session(const Result<apply::SessionResult>& session, const Redactor& redactor) {
  if (!session) return print_diagnostics(session.error(), redactor), kError;
  auto said = [&redactor](const std::string& text) { return redactor.redact(text); };
  if (session->refused) {
    std::vector<std::string> reasons;
    for (const auto& reason : session->reasons) reasons.push_back(said(reason));
    return refuse(reasons);
  }
  const auto& run = session->run;
  const std::string journal = session->journal.string();
  // What failed, when a step did: `synops rollback` itself has no failed step to name.
  const std::string failure = run.failure.empty() ? "" : "error: " + said(run.failure) + "\n";
  switch (run.outcome) {
    case apply::Outcome::applied:
      std::cerr << "Apply complete. Journal: " << journal << "\n";
      return kOk;
    case apply::Outcome::rolled_back:
      std::cerr << failure << "Rolled back: every step that ran was undone and the deployment is healthy. Journal: " << journal << "\n";
      return kRolledBack;
    case apply::Outcome::rollback_incomplete:
      std::cerr << failure << "Rollback incomplete; what remains:\n";
      for (const auto& left : run.remaining) std::cerr << "  - " << said(left) << "\n";
      std::cerr << "Fix the cause, then run synops rollback (journal " << journal << ").\n";
      return kRollbackIncomplete;
    case apply::Outcome::interrupted:
      if (!run.changed_cluster) return std::cerr << "interrupted before any change; nothing to resume. Journal: " << journal << "\n", kError;
      std::cerr << "interrupted; run synops resume or synops rollback (journal " << journal << ")\n";
      return kError;
    case apply::Outcome::failed_before_change:
      // Nothing to undo: the cluster is as it was, which is what exit 4 promises.
      std::cerr << failure << "Nothing was changed. Journal: " << journal << "\n";
      return kRolledBack;
    case apply::Outcome::stopped_at_barrier:
      std::cerr << failure << "Rolled back as far as the point of no return, and stopped there:\n";
      for (const auto& left : run.remaining) std::cerr << "  - " << said(left) << "\n";
      std::cerr << "Journal: " << journal << "\n";
      return kRollbackIncomplete;
    case apply::Outcome::stopped:
      std::cerr << failure << "Stopped: nothing more was sent to the cluster. What is left:\n";
      for (const auto& left : run.remaining) std::cerr << "  - " << said(left) << "\n";
      std::cerr << "Once that is settled, run synops resume to go on or synops rollback to undo (journal " << journal << ").\n";
      return kRollbackIncomplete;
  }
  return kError;
}

int command_apply(const ApplyCommandOptions& options, const CommonOptions& common) {
  // 1. The plan: made now from the manifests and the cluster, or loaded from a saved file.
  if (!common.live.empty()) return std::cerr << "error: apply changes the cluster; --live (a snapshot) is for plan only\n", kError;
  // Accepted by the contract, but a value synops would not honour is refused, never ignored.
  if (options.parallelism != 1)
    return std::cerr << "error: --parallelism " << options.parallelism
                     << ": apply runs one step at a time (the journal, the lock and rollback are built on that order); "
                        "leave the option out or pass --parallelism 1\n",
           kError;
  ApplyInput input;
  const fs::path target = options.target;
  input.saved = !fs::is_directory(target);
  if (input.saved) {
    auto plan = load_plan_file(target);
    if (!plan) return print_diagnostics(plan.error()), kError;
    input.plan = std::move(*plan);
    // The plan file is checked against the plan made again now (saved_plan_problems), which
    // needs the manifests it was made from.
    const auto dir = manifests_for_plan_file(target);
    if (!dir)
      return std::cerr << "error: " << target.string()
                       << ": a plan file is applied only together with the manifests it was made from; run apply in their directory, "
                          "or put the plan file there\n",
             kError;
    auto desired = load_manifests(*dir);
    if (!desired) return print_diagnostics(in_manifest_dir(desired.error(), *dir)), kError;
    input.manifests = std::move(*desired);
  } else {
    auto desired = load_manifests(target);
    if (!desired) return print_diagnostics(in_manifest_dir(desired.error(), target)), kError;
    input.manifests = std::move(*desired);
  }
  if (input.manifests && !common.ns.empty()) input.manifests->ns.value = common.ns;
  const std::string ns = namespace_of(input, common);
  // 2. The cluster, and what is live in it.
  auto setup = session_setup(options, ns);
  add_helm_options(setup, options, common, input.manifests ? &*input.manifests : nullptr);
  auto client = connect_cluster(common, Patience::writing, input.manifests ? &*input.manifests : nullptr, setup.redactor.get());
  if (!client) return print_diagnostics(client.error()), kError;
  const Desired* manifests = input.manifests ? &*input.manifests : nullptr;
  if (auto located = locate_journal(*client, common, setup); !located)
    return print_diagnostics(unreachable_in_one_line(*client, located.error(), common, manifests)), kError;
  auto live = read_manifest_namespaces(*client, *input.manifests);
  if (!live) return print_diagnostics(unreachable_in_one_line(*client, live.error(), common, manifests)), kError;
  // Planned as `plan` plans against a cluster: with the PostgreSQL server's parameter contexts.
  auto fresh = plan_deployment(*input.manifests, *live,
                               {.allow_critical = options.allow_critical,
                                .postgres_contexts = live_parameter_contexts(*input.manifests, /*from_snapshot=*/false)});
  if (!fresh) return print_diagnostics(fresh.error()), kError;
  if (input.saved) {
    if (auto mismatch = saved_plan_problems(*client, input.plan, *fresh); !mismatch) return print_diagnostics(mismatch.error()), kError;
    else if (!mismatch->empty()) return refuse(*mismatch);
  } else {
    input.plan = std::move(*fresh);
  }
  // 3. Refusals before anything is written: safety rules, an unhealthy deployment.
  if (input.plan.refused()) {
    std::cout << render(input.plan, Format::text, RenderOptions{style_for_stdout(common.no_color), false}) << std::flush;
    return kRefused;
  }
  if (input.plan.empty()) return std::cout << "No changes. The deployment matches the manifests.\n", kOk;
  if (!options.skip_preflight) {
    std::vector<std::string> problems;
    for (const auto& problem : kube::preflight_problems(*live)) problems.push_back(kube::describe(problem.ref) + ": " + problem.message);
    if (!problems.empty()) {
      problems.push_back("the deployment is not healthy; fix it first, or pass --skip-preflight");
      return refuse(problems);
    }
  }
  // 4. A person confirms a plan made now; a saved plan was reviewed already.
  if (!input.saved && !options.auto_approve && !approved(input.plan, common)) return std::cerr << "Apply cancelled.\n", kError;
  // 5. Run it.
  if (input.manifests && input.manifests->postgres) {
    setup.options.database = input.manifests->postgres->connection;
    setup.options.li_database = input.manifests->postgres->li_connection;
  }
  apply::install_interrupt_handlers();
  return report_session(apply::start_apply(*client, input.plan, setup), *setup.redactor);
}

}  // namespace synops::cli
