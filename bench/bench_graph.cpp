// bench_graph: the plan graph alone. Builds a draft of --actions steps (default 100,000)
// shaped like a large Synapse upgrade -- main, LI, tens of thousands of worker pools rolled
// one at a time after a ConfigMap change, gradual scale-downs with pauses, writer scale-ups,
// a version check and backups first -- with its ordering edges made by the planner's own
// rules (synapse_rules::all), then times build_plan: ordering (Boost.Graph), ids,
// dependencies and the summary. One JSON line.
//
//   bench_graph [--actions N] [--digest]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/plan_builder.h"
#include "engine/plan_json.h"
#include "domain/synapse/synapse_ordering.h"

using namespace synops;

namespace {

struct DraftBuilder {
  PlanDraft draft;
  SynapseSteps steps;

  void action(ActionType type, const std::string& key, const ObjectRef& target, Risk risk) {
    Action a;
    a.key = key;
    a.type = type;
    a.target = target;
    a.risk = risk;
    a.reason = "benchmark step";
    if (type == ActionType::update || type == ActionType::restart) {
      a.changes.push_back(Change{{"/spec/template/spec/containers/0/image", ""}, "matrixdotorg/synapse:v1.119.0",
                                 "matrixdotorg/synapse:v1.120.0", false, "synapse.workers.image in values/images.yaml:3:12", {}});
      a.restarts_pods = true;
      a.restart_mode = RestartMode::rolling;
    }
    draft.actions.push_back(std::move(a));
  }
  StepAndWait pair(const char* verb, const ObjectRef& target, const std::string& suffix, Risk risk) {
    StepAndWait keys{std::string(verb) + " " + target.str() + suffix, "wait " + target.str() + suffix};
    action(std::string(verb) == "restart" ? ActionType::restart : ActionType::update, keys.step, target, risk);
    action(ActionType::wait, keys.wait, target, risk);
    return keys;
  }
};

ObjectRef worker(size_t i, bool stateful) {
  char name[64];
  std::snprintf(name, sizeof name, "synapse-worker-%06zu", i);
  return {stateful ? "StatefulSet" : "Deployment", "matrix", name};
}

PlanDraft large_draft(size_t wanted) {
  DraftBuilder b;
  const ObjectRef config{"ConfigMap", "matrix", "synapse-config"};
  b.action(ActionType::update, "update " + config.str(), config, Risk::high);
  b.steps.config_update = "update " + config.str();
  const ObjectRef main{"StatefulSet", "matrix", "synapse-main"}, li{"StatefulSet", "matrix", "synapse-li"};
  b.steps.rolls.push_back({SynapseRole::main, b.pair("update", main, "", Risk::medium), true});
  const ObjectRef cluster{"Cluster", "matrix", "synapse-postgres"};
  b.action(ActionType::backup, "backup " + cluster.str() + " pg_dump", cluster, Risk::low);
  b.action(ActionType::backup, "backup " + config.str() + " object-copy", config, Risk::low);
  const size_t reserved = 2 /*LI*/ + 1 /*verify*/;
  for (size_t i = 0; b.draft.actions.size() + reserved < wanted; ++i) {
    const size_t left = wanted - reserved - b.draft.actions.size();
    const bool stateful = i % 5 == 3;
    const ObjectRef target = worker(i, stateful);
    if (left >= 2) b.steps.rolls.push_back({SynapseRole::worker, b.pair("update", target, "", Risk::medium), true});
    if (i % 10 == 7 && !stateful && wanted - reserved - b.draft.actions.size() >= 5) {  // scale down 6 -> 2 in two steps
      GradualScaleDown gradual{b.steps.rolls.back().roll.wait, {}, {}};
      gradual.steps.push_back(b.pair("update", target, " replicas 4", Risk::low));
      const std::string pause = "pause " + target.str() + " before replicas 2";
      b.action(ActionType::pause, pause, target, Risk::low);
      gradual.pauses.push_back(pause);
      gradual.steps.push_back(b.pair("update", target, " replicas 2", Risk::low));
      b.steps.gradual_scale_downs.push_back(gradual);
    } else if (i % 20 == 3 && wanted - reserved - b.draft.actions.size() >= 2) {  // a writer pool grows first
      b.steps.writer_scale_ups.push_back(b.pair("update", target, " replicas 4", Risk::high));
    }
    if (left < 2) b.action(ActionType::pause, "pause " + target.str(), target, Risk::low);
  }
  b.steps.rolls.push_back({SynapseRole::li, b.pair("update", li, "", Risk::medium), false});
  b.steps.verify = "verify " + main.str() + " version";
  b.action(ActionType::verify, *b.steps.verify, main, Risk::low);
  b.draft.edges = synapse_rules::all(b.steps);
  // backups-first: both backups before every step nothing else waits for.
  for (const char* backup : {"backup Cluster/matrix/synapse-postgres pg_dump", "backup ConfigMap/matrix/synapse-config object-copy"})
    b.draft.edges.push_back({backup, "update " + config.str(), "backups-first"});
  return std::move(b.draft);
}

double cpu_seconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  size_t wanted = 100000;
  bool digest = false;  // --digest: print a digest of the plan to stderr (to compare two builds)
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--actions") == 0 && i + 1 < argc) wanted = static_cast<size_t>(std::atoll(argv[++i]));
    if (std::strcmp(argv[i], "--digest") == 0) digest = true;
  }
  PlanDraft draft = large_draft(wanted);
  const size_t actions = draft.actions.size(), edges = draft.edges.size();
  const double cpu = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  auto plan = build_plan(std::move(draft), "sha256:benchmark");
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double used = cpu_seconds() - cpu;
  if (!plan) {
    std::fprintf(stderr, "bench_graph: %s\n", plan.error().front().message.c_str());
    return 1;
  }
  if (digest) std::fprintf(stderr, "plan digest %zx\n", std::hash<std::string>{}(plan_to_json(*plan).dump()));
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("{\"bench\": \"graph/build_plan\", \"size\": %zu, \"wall_s\": %.4f, \"cpu_s\": %.4f, \"peak_rss_mb\": %.1f, "
              "\"api_requests\": 0, \"bytes_read\": 0, \"actions\": %zu, \"edges\": %zu}\n",
              actions, wall, used, static_cast<double>(usage.ru_maxrss) / 1024.0, actions, edges);
  return 0;
}
