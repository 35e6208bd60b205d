#include "cluster_reader.h"

#include <algorithm>
#include <atomic>
#include <malloc.h>
#include <functional>
#include <thread>

#include "compact_bodies.h"
#include "pruned_json.h"

namespace synops::kube {

namespace {

// The reading threads are done: their pages, parsers and connections' buffers are free, but
// glibc keeps freed memory in each thread's arena for reuse, and planning allocates from the
// main thread's. Handing it back keeps the peak at the bodies plus what planning needs.
void release_freed_memory() { malloc_trim(0); }

// An object of a LIST, its body kept compact in a reading thread's arena.
struct ListedObject {
  ObjectIdentity identity;
  CompactBodies::Slice slice;
};

// What one task read: LIST items (compact) or objects read by name (whole).
struct TaskOutput {
  std::vector<ListedObject> listed;
  std::vector<LiveObject> named;
};

// What each reading thread owns: its parser and the arena its bodies go to.
struct Worker {
  size_t index;
  PrunedJsonParser& parser;
  CompactBodies::Arena& arena;
};

using Task = std::function<Result<TaskOutput>(Worker&)>;

// The items of one LIST, pruned as LiveState keeps them (pruned_json.h) the moment each has
// arrived, their compact JSON written to the thread's arena.
class PrunedItems : public CollectedItems<ListedObject> {
 public:
  PrunedItems(const KindInfo& kind, Worker& worker) : kind_(kind.kind), api_version_(kind.api_version()), worker_(worker) {}

  ListPageCutter::Verdict item(std::string_view text, size_t readable) override {
    // Room for the item; pruned it is shorter, apart from the kind and apiVersion filled in.
    std::string& chunk = worker_.arena.chunk(text.size() + kind_.size() + api_version_.size() + 32);
    ListedObject object{{}, {worker_.index, worker_.arena.chunk_index(), chunk.size(), 0}};
    const auto item = worker_.parser.parse_list_item(text, readable, kind_, api_version_, object.identity, chunk);
    if (item == PrunedJsonParser::Item::invalid) return ListPageCutter::Verdict::invalid;
    if (item == PrunedJsonParser::Item::other) return ListPageCutter::Verdict::not_an_object;
    object.slice.length = chunk.size() - object.slice.offset;
    objects.push_back(std::move(object));
    return ListPageCutter::Verdict::taken;
  }
  // Items taken back (a retried page, a restarted LIST) leave their bytes in the arena: rare,
  // and never more than the pages read twice.

 private:
  std::string kind_, api_version_;
  Worker& worker_;
};

std::string selector_for(const KindInfo& kind) { return kind.kind == "Secret" ? "owner=helm" : ""; }

Result<std::vector<Task>> plan_tasks(const KubeClient& client, const ClusterReadRequest& request) {
  const auto kinds = request.kinds.empty() ? default_read_kinds() : request.kinds;
  std::vector<Task> tasks;
  for (const auto& name : kinds) {
    const KindInfo* kind = find_kind(name);
    if (kind == nullptr) return fail("cannot read kind " + name + ": synops does not know where the API serves it");
    for (const auto& ns : request.namespaces)
      tasks.push_back([&client, kind, ns](Worker& worker) -> Result<TaskOutput> {
        PrunedItems items(*kind, worker);
        auto listed = client.list_each(*kind, ns, selector_for(*kind), items);
        if (!listed) return std::unexpected(listed.error());
        return TaskOutput{std::move(items.objects), {}};
      });
  }
  for (const auto& ref : request.named_objects)
    tasks.push_back([&client, ref](Worker&) -> Result<TaskOutput> {
      auto object = client.get(ref);
      if (!object) return std::unexpected(object.error());
      TaskOutput output;
      if (*object) output.named.push_back(std::move(**object));
      return output;
    });
  return tasks;
}

size_t thread_count(size_t tasks, int parallelism) { return std::max<size_t>(1, std::min<size_t>(std::max(parallelism, 1), tasks)); }

// Runs every task on a fixed pool of threads, each with its own parser and arena; results keep
// the task order, so what follows does not depend on which thread finished first.
std::vector<Result<TaskOutput>> run_all(std::vector<Task>& tasks, CompactBodies& bodies, size_t threads) {
  std::vector<Result<TaskOutput>> results(tasks.size());
  std::atomic<size_t> next{0};
  auto work = [&](size_t index) {
    PrunedJsonParser parser;
    Worker worker{index, parser, bodies.arena(index)};
    for (size_t i = next++; i < tasks.size(); i = next++) results[i] = tasks[i](worker);
  };
  {
    std::vector<std::jthread> pool;
    for (size_t i = 0; i < threads; ++i) pool.emplace_back(work, i);
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
  const size_t threads = thread_count(tasks->size(), request.parallelism);
  auto bodies = std::make_shared<CompactBodies>(threads);
  auto results = run_all(*tasks, *bodies, threads);
  bodies->finish();
  release_freed_memory();
  LiveState state;
  Diagnostics problems;
  for (auto& result : results) {
    if (!result) {
      problems.insert(problems.end(), result.error().begin(), result.error().end());
      continue;
    }
    for (auto& listed : result->listed) {
      ObjectIdentity& id = listed.identity;
      state.add(LiveObject{ObjectRef{std::move(id.kind), std::move(id.ns), std::move(id.name)}, std::move(id.api_version),
                           std::move(id.resource_version), LiveBody(bodies, bodies->record(listed.slice))});
    }
    for (auto& object : result->named) state.add(std::move(object));
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
