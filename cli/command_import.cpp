#include <filesystem>
#include <fstream>
#include <iostream>

#include "cluster_connection.h"
#include "cluster_unreachable.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "stages/import/importer.h"
#include "adapters/snapshot/snapshot_reader.h"
#include "domain/manifests/manifest_boundary.h"

namespace synops::cli {

namespace {

namespace fs = std::filesystem;

// live.snapshot is read relative to the manifest directory, so point there from `out`. The
// manifests may name only a snapshot inside their directory (manifest_boundary.h): for one
// elsewhere, write no `live` section ("" here) and tell the operator to pass --live.
std::string snapshot_from(const std::string& out, const std::string& snapshot) {
  if (out == "-") return snapshot;  // as given: the operator places the stream's files
  const fs::path from = fs::absolute(out).lexically_normal(), to = fs::absolute(snapshot).lexically_normal();
  if (!path_leaves_directory(from, to).empty()) return "";
  return to.lexically_relative(from).generic_string();
}

// Writes every file, refusing to overwrite manifests that are already there.
Result<bool> write_files(const std::vector<ManifestFile>& files, const fs::path& dir) {
  if (fs::exists(dir / "synops.yaml"))
    return fail((dir / "synops.yaml").string() + " exists; import writes into a new or empty directory only");
  for (const auto& file : files) {
    std::error_code error;
    fs::create_directories((dir / file.path).parent_path(), error);
    std::ofstream out(dir / file.path, std::ios::binary);
    out << file.text;
    if (error || !out.flush()) return fail("cannot write " + (dir / file.path).string());
  }
  return true;
}

// `--out -`: one YAML stream, each file a document headed by its name.
std::string as_stream(const std::vector<ManifestFile>& files) {
  std::string out;
  for (const auto& file : files) out += "--- # " + file.path + "\n" + file.text;
  return out;
}

struct ImportSource {
  LiveState state;
  std::string source;  // for the header comment of the written manifests
};

Result<ImportSource> read_live(const CommonOptions& common) {
  if (!common.live.empty()) {
    auto state = read_snapshot(common.live);
    if (!state) return std::unexpected(state.error());
    return ImportSource{std::move(*state), common.live};
  }
  auto client = connect_cluster(common, Patience::reading);
  if (!client) return std::unexpected(client.error());
  const std::string ns = common.ns.empty() ? client->default_namespace() : common.ns;
  auto state = read_namespace(*client, ns);
  if (!state) return std::unexpected(unreachable_in_one_line(*client, state.error(), common));
  return ImportSource{std::move(*state), "the cluster at " + client->http().server()};
}

}  // namespace

int command_import(const ImportCommandOptions& options, const CommonOptions& common) {
  // 1. Read what is live: a snapshot, or the cluster kubectl would talk to.
  auto live = read_live(common);
  if (!live) return print_diagnostics(live.error()), kError;
  // 2. Turn it into manifests. From a snapshot, the manifests plan against that snapshot; from
  // a cluster, they carry no live section, so plan finds the cluster the way import did.
  ImportOptions import{common.ns, common.live.empty() ? "" : snapshot_from(options.out, common.live),
                       common.live.empty() ? live->source : common.live};
  auto imported = import_manifests(live->state, import);
  if (!imported) return print_diagnostics(imported.error()), kError;
  for (const auto& warning : imported->warnings) std::cerr << "warning: " << warning << '\n';
  // 3. Write them.
  if (options.out == "-") return std::cout << as_stream(imported->files) << std::flush, kOk;
  if (auto written = write_files(imported->files, options.out); !written) return print_diagnostics(written.error()), kError;
  const bool snapshot_named = !import.snapshot.empty() || common.live.empty();
  std::cerr << "Imported namespace " << imported->ns << " into " << options.out << " (" << imported->files.size()
            << " files). Check it with: synops plan " << options.out << (snapshot_named ? "" : " --live " + common.live) << '\n';
  return kOk;
}

}  // namespace synops::cli
