#include "cluster_reader.h"

#include <atomic>
#include <functional>
#include <thread>

namespace synops::kube {

namespace {

using Task = std::function<Result<std::vector<LiveObject>>()>;

std::string selector_for(const KindInfo& kind) { return kind.kind == "Secret" ? "owner=helm" : ""; }

Result<std::vector<Task>> plan_tasks(const KubeClient& client, const ClusterReadRequest& request) {
  const auto kinds = request.kinds.empty() ? default_read_kinds() : request.kinds;
  std::vector<Task> tasks;
  for (const auto& name : kinds) {
    const KindInfo* kind = find_kind(name);
    if (kind == nullptr) return fail("cannot read kind " + name + ": synops does not know where the API serves it");
    for (const auto& ns : request.namespaces)
      tasks.push_back([&client, kind, ns] { return client.list(*kind, ns, selector_for(*kind)); });
  }
  for (const auto& ref : request.named_objects)
    tasks.push_back([&client, ref]() -> Result<std::vector<LiveObject>> {
      auto object = client.get(ref);
      if (!object) return std::unexpected(object.error());
      if (!*object) return std::vector<LiveObject>{};
      return std::vector<LiveObject>{std::move(**object)};
    });
  return tasks;
}

// Runs every task on a fixed pool of threads; results keep the task order, so what follows
// does not depend on which thread finished first.
std::vector<Result<std::vector<LiveObject>>> run_all(std::vector<Task>& tasks, int parallelism) {
  std::vector<Result<std::vector<LiveObject>>> results(tasks.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < tasks.size(); i = next++) results[i] = tasks[i]();
  };
  const size_t threads = std::min<size_t>(std::max(parallelism, 1), tasks.size());
  {
    std::vector<std::jthread> pool;
    for (size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
  }  // every worker has joined: results is complete
  return results;
}

}  // namespace

std::vector<std::string> default_read_kinds() {
  std::vector<std::string> kinds;
  for (const auto& kind : known_kinds())
    if (kind.planned) kinds.push_back(kind.kind);
  return kinds;
}

Result<LiveState> read_cluster(const KubeClient& client, const ClusterReadRequest& request) {
  auto tasks = plan_tasks(client, request);
  if (!tasks) return std::unexpected(tasks.error());
  auto results = run_all(*tasks, request.parallelism);
  LiveState state;
  Diagnostics problems;
  for (auto& result : results) {
    if (!result) {
      problems.insert(problems.end(), result.error().begin(), result.error().end());
      continue;
    }
    for (auto& object : *result) state.add(std::move(object));
  }
  // A kind that could not be read is never treated as empty: that would plan creations.
  if (!problems.empty()) {
    sort_diagnostics(problems);
    return fail(std::move(problems));
  }
  return state;
}

Result<LiveState> read_cluster(const KubeClient& client, const std::vector<std::string>& namespaces) {
  return read_cluster(client, ClusterReadRequest{namespaces});
}

}  // namespace synops::kube
