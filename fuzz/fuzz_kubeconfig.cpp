// load_kubeconfig on arbitrary bytes written as the kubeconfig file. Loading only parses:
// an exec credential plugin is read into ClusterConfig::exec and run later, by the
// credential source the HTTP client uses (credential_source.h), which this harness does
// not link -- so no input can make the fuzzer run a program. Files the kubeconfig names
// (certificate-authority, client-key, tokenFile) resolve against the scratch directory.
#include <cstddef>
#include <cstdint>

#include "fuzz_files.h"
#include "adapters/kubernetes/kubeconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  synops::kube::KubeconfigOptions options;
  options.kubeconfig = synops::fuzz::write_scratch_file("config", synops::fuzz::as_text(data, size)).string();
  options.kubeconfig_env = "";  // never the environment's $KUBECONFIG or ~/.kube/config
  options.home = "/nonexistent";
  (void)synops::kube::load_kubeconfig(options);
  return 0;
}
