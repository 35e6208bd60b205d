#include "run_location.h"

#include "cluster_connection.h"
#include "cluster_unreachable.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "state_directory.h"
#include "domain/apply_kit/interrupt.h"
#include "domain/manifests/manifest_loader.h"

namespace synops::cli {

Result<RunLocation> locate_run(const std::string& dir, const CommonOptions& common) {
  RunLocation run;
  if (std::filesystem::exists(std::filesystem::path(dir) / "synops.yaml")) {
    auto desired = load_manifests(dir);
    if (!desired) return std::unexpected(in_manifest_dir(desired.error(), dir));
    run.manifests = std::move(*desired);
  }
  run.ns = !common.ns.empty() ? common.ns : run.manifests ? run.manifests->ns.value : "";
  // The default journal folder is the namespace's; with --journal the journal names its own.
  if (run.ns.empty() && common.journal.empty())
    return fail("which deployment? " + dir + " holds no synops.yaml: run this in the manifest directory, or pass --namespace NS");
  return run;
}

Result<bool> locate_journal(const kube::KubeClient& client, const CommonOptions& common, apply::SessionSetup& setup) {
  auto state = state_directory();
  if (!state) return std::unexpected(state.error());
  auto key = apply::JournalKey::load_or_create(journal_key_file(*state));
  if (!key) return std::unexpected(key.error());
  setup.journal_key = std::make_shared<const apply::JournalKey>(std::move(*key));
  if (!common.journal.empty()) return setup.journal_dir = common.journal, true;
  auto cluster = kube::read_cluster_identity(client);
  if (!cluster) return std::unexpected(cluster.error());
  setup.journal_dir = default_journal_dir(*state, *cluster, setup.ns);
  return true;
}

int continue_run(const ApplyCommandOptions& options, const CommonOptions& common, ContinueRun next) {
  auto run = locate_run(options.target, common);
  if (!run) return print_diagnostics(run.error()), kError;
  auto setup = session_setup(options, run->ns);
  add_helm_options(setup, options, common, run->manifests ? &*run->manifests : nullptr);
  auto client = connect_cluster(common, Patience::writing, run->manifests ? &*run->manifests : nullptr, setup.redactor.get());
  if (!client) return print_diagnostics(client.error()), kError;
  if (auto located = locate_journal(*client, common, setup); !located)
    return print_diagnostics(unreachable_in_one_line(*client, located.error(), common, run->manifests ? &*run->manifests : nullptr)), kError;
  apply::install_interrupt_handlers();
  return report_session(next(*client, setup), *setup.redactor);
}

}  // namespace synops::cli
