// bench_stages: `synops plan DIR` split into its stages, in one process, calling the same
// functions the command calls; one JSON line per stage (and one for the whole).
//
//   load          load_manifests(DIR)
//   read          read_snapshot(live.snapshot)          -> LiveState
//   compile+diff  draft_deployment_plan: the planners' steps, the rules across them, safeguards
//   graph         finish_deployment_plan: ordering (Boost.Graph), ids, dependencies, summary,
//                 the live fingerprint and the resourceVersions of the objects acted on
//   render        the text renderer (and json with --format json)
//
// compile+diff and graph are the two stages plan_deployment composes
// (stages/plan/planner.h); the program checks that the plan it builds that way is byte
// for byte the one plan_deployment returns, and says so when it is not.
//
//   bench_stages DIR [--repeat R] [--format text|json]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "cli/render.h"
#include "engine/plan_json.h"
#include "domain/manifests/manifest_loader.h"
#include "stages/plan/planner.h"
#include "adapters/snapshot/snapshot_reader.h"

using namespace synops;

namespace {

double cpu_seconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peak_rss_mb() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double rss_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

struct Measure {
  double wall_s = 0, cpu_s = 0;
  double peak_rss_mb = 0, rss_mb = 0;  // when the stage ended
};

Measure measure(const std::function<void()>& stage) {
  const double cpu = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  stage();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), cpu_seconds() - cpu,
          peak_rss_mb(), rss_mb()};
}

void print(const std::string& stage, size_t size, const Measure& m, std::uintmax_t bytes, const std::string& extra = "") {
  std::printf("{\"bench\": \"stage/%s\", \"size\": %zu, \"wall_s\": %.4f, \"cpu_s\": %.4f, \"peak_rss_mb\": %.1f, "
              "\"rss_mb\": %.1f, \"api_requests\": 0, \"bytes_read\": %ju%s}\n",
              stage.c_str(), size, m.wall_s, m.cpu_s, m.peak_rss_mb, m.rss_mb, bytes, extra.c_str());
  std::fflush(stdout);
}

[[noreturn]] void die(const std::string& what, const Diagnostics& problems) {
  std::fprintf(stderr, "bench_stages: %s failed:\n", what.c_str());
  for (size_t i = 0; i < problems.size() && i < 10; ++i) std::fprintf(stderr, "  %s\n", problems[i].format().c_str());
  std::exit(1);
}

std::uintmax_t directory_bytes(const std::filesystem::path& dir) {
  std::uintmax_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") total += entry.file_size();
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_stages DIR [--format text|json]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  cli::Format format = cli::Format::text;
  for (int i = 2; i + 1 < argc; i += 2)
    if (std::strcmp(argv[i], "--format") == 0) format = std::strcmp(argv[i + 1], "json") == 0 ? cli::Format::json : cli::Format::text;

  const auto whole_start = std::chrono::steady_clock::now();
  const double whole_cpu = cpu_seconds();

  Result<Desired> desired = fail("not loaded");
  const Measure load = measure([&] { desired = load_manifests(dir); });
  if (!desired) die("load", desired.error());

  std::filesystem::path snapshot = desired->live.snapshot ? desired->live.snapshot->value : "live/cluster.json";
  if (snapshot.is_relative()) snapshot = dir / snapshot;
  Result<LiveState> live = fail("not read");
  const Measure read = measure([&] { live = read_snapshot(snapshot); });
  if (!live) die("read", live.error());
  const size_t size = live->size();
  print("load", size, load, directory_bytes(dir));
  print("read", size, read, std::filesystem::is_directory(snapshot) ? 0 : std::filesystem::file_size(snapshot));

  Result<PlanDraft> staged = fail("not drafted");
  const Measure compile = measure([&] { staged = draft_deployment_plan(*desired, *live, PlanOptions{}); });
  if (!staged) die("compile+diff", staged.error());
  PlanDraft draft = std::move(*staged);
  const size_t actions = draft.actions.size(), edges = draft.edges.size();
  print("compile+diff", size, compile, 0, ", \"actions\": " + std::to_string(actions) + ", \"edges\": " + std::to_string(edges));

  Result<Plan> plan = fail("not built");
  const Measure graph = measure([&] { plan = finish_deployment_plan(std::move(draft), *live); });
  if (!plan) die("graph", plan.error());
  print("graph", size, graph, 0, ", \"actions\": " + std::to_string(actions) + ", \"edges\": " + std::to_string(edges));

  std::string rendered;
  const Measure render = measure([&] {
    rendered = cli::render(*plan, format, cli::RenderOptions{cli::Style{}, false});
  });
  print("render", size, render, 0, ", \"output_bytes\": " + std::to_string(rendered.size()));

  const Measure whole{std::chrono::duration<double>(std::chrono::steady_clock::now() - whole_start).count(),
                      cpu_seconds() - whole_cpu, peak_rss_mb(), rss_mb()};
  print("total", size, whole, 0);

  // The split must not change the product: compare with plan_deployment's own plan.
  auto reference = plan_deployment(*desired, *live, PlanOptions{});
  if (!reference) die("plan_deployment", reference.error());
  if (plan_to_json(*reference).dump() != plan_to_json(*plan).dump()) {
    std::fprintf(stderr, "bench_stages: the staged plan differs from plan_deployment's: plan_deployment no longer composes draft_deployment_plan and finish_deployment_plan\n");
    return 1;
  }
  return 0;
}
