// generate_deployment: writes a manifest directory in the format of examples/matrix and a
// live snapshot (one `kubectl get -o json` List) of exactly --size live objects, the same
// bytes for the same (--size, --seed, --changed). --changed F makes about that share of the
// values synops owns differ between manifests and live, without a refusal.
//
//   generate_deployment --size 10000 [--seed 1] [--changed 0.1] [--api-only] --out DIR
//
// --api-only keeps only the changes that apply through the Kubernetes API alone (no helm, no
// pg_dump): what bench/apply_overhead applies to the API test server.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>

#include "bench/generator/manifests.h"
#include "bench/generator/model.h"
#include "bench/generator/objects.h"

namespace {

int usage() {
  std::fprintf(stderr, "usage: generate_deployment --size N [--seed S] [--changed FRACTION] [--api-only] --out DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  long long size = 0;
  unsigned long long seed = 1;
  double changed = 0;
  std::string out;
  bool api_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--api-only") {
      api_only = true;
      continue;
    }
    if (i + 1 >= argc) return usage();
    const char* value = argv[++i];
    if (arg == "--size") size = std::atoll(value);
    else if (arg == "--seed") seed = std::strtoull(value, nullptr, 10);
    else if (arg == "--changed") changed = std::atof(value);
    else if (arg == "--out") out = value;
    else return usage();
  }
  if (size <= 0 || out.empty() || changed < 0 || changed > 1) return usage();
  std::string error;
  auto model = synops::bench::build_model(size, seed, changed, api_only, error);
  if (!model) {
    std::fprintf(stderr, "generate_deployment: %s\n", error.c_str());
    return 1;
  }
  try {
    const std::filesystem::path dir(out);
    synops::bench::write_manifests(*model, dir);
    std::filesystem::create_directories(dir / "live");
    const auto written = synops::bench::write_live_snapshot(*model, dir / "live/cluster.json");
    if (written.objects != size) {
      std::fprintf(stderr, "generate_deployment: wrote %lld objects, expected %lld\n", static_cast<long long>(written.objects), size);
      return 1;
    }
    std::fprintf(stderr, "generate_deployment: %s: %lld live objects (%zu worker pools, %zu certificates, %zu Helm releases), "
                 "%.1f MB snapshot, %lld instance_map entries\n",
                 out.c_str(), size, model->pools.size(), model->certificates.size(), model->redis.size(),
                 static_cast<double>(written.bytes) / 1e6, static_cast<long long>(model->instance_map_entries()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "generate_deployment: %s\n", e.what());
    return 1;
  }
  return 0;
}
