// Runs the real helm for a step: `helm ARGUMENTS --namespace NS` plus the cluster synops
// talks to (--kubeconfig, --kube-context), without a shell (run_program.h), keeping the apply
// lock while helm waits. Nothing sensitive is ever put on its command line.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/apply_kit/actuation_context.h"
#include "engine/result.h"

namespace synops::apply {

// Whether `binary` can be run (a path, or a name found on PATH); otherwise why not, with how
// to install helm.
std::optional<std::string> missing_helm(const std::string& binary);

// helm's output when it exits 0; else an error "<what>: helm exited N: <helm's Error: lines>".
Result<std::string> run_helm(ActuationContext& context, const std::string& what, const std::string& ns,
                             std::vector<std::string> arguments);

}  // namespace synops::apply
