#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "providers/importer/importer.h"
#include "providers/snapshot/snapshot_reader.h"

namespace synops::cli {

namespace {

namespace fs = std::filesystem;

// live.snapshot is read relative to the manifest directory, so point there from `out`.
std::string snapshot_from(const std::string& out, const std::string& snapshot) {
  if (out == "-") return snapshot;
  std::error_code error;
  const fs::path relative = fs::relative(fs::absolute(snapshot), fs::absolute(out), error);
  return error || relative.empty() ? fs::absolute(snapshot).string() : relative.string();
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

}  // namespace

int command_import(const ImportCommandOptions& options, const CommonOptions& common) {
  // 1. Read what is live: a snapshot until the Kubernetes client is wired into the CLI.
  if (common.live.empty())
    return print_diagnostics({{{}, "import reads live state from a snapshot: pass --live FILE (kubectl get -o json)"}}),
           kError;
  auto live = read_snapshot(common.live);
  if (!live) return print_diagnostics(live.error()), kError;
  // 2. Turn it into manifests.
  ImportOptions import{common.ns, snapshot_from(options.out, common.live), common.live};
  auto imported = import_manifests(*live, import);
  if (!imported) return print_diagnostics(imported.error()), kError;
  for (const auto& warning : imported->warnings) std::cerr << "warning: " << warning << '\n';
  // 3. Write them.
  if (options.out == "-") return std::cout << as_stream(imported->files) << std::flush, kOk;
  if (auto written = write_files(imported->files, options.out); !written) return print_diagnostics(written.error()), kError;
  std::cerr << "Imported namespace " << imported->ns << " into " << options.out << " (" << imported->files.size()
            << " files). Check it with: synops plan " << options.out << '\n';
  return kOk;
}

}  // namespace synops::cli
