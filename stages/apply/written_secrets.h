// The secrets a run's writes carry without synops choosing them: a ConfigMap update sends
// the whole homeserver.yaml, whose other keys hold form_secret, macaroon_secret_key,
// database passwords...; an image change sends the whole containers array, env values
// included. The values under sensitive keys of every document in the data of every object
// the plan updates, and every env value of those objects, are added to the run's redactor
// before the first step, so an API error quoting the request cannot carry them into a
// message or the journal.
#pragma once
#include "engine/plan.h"
#include "engine/redactor.h"
#include "adapters/kubernetes/kube_client.h"

namespace synops::apply {

// Reads each object the plan updates; one that cannot be read or parsed adds nothing
// (its step will fail on the same read, before sending anything).
void add_written_secrets(const kube::KubeClient& client, const Plan& plan, Redactor& redactor);

}  // namespace synops::apply
