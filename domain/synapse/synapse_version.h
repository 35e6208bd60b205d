// The Synapse version an image runs, and the version each pod of a workload says it runs.
// The plan promises that after an upgrade every Synapse process reports the new version;
// apply keeps that promise by asking each pod through the API server's pod proxy
// (GET /api/v1/namespaces/NS/pods/NAME:PORT/proxy/_matrix/federation/v1/version), which
// needs no route to the pods beyond the API server.
#pragma once
#include <string>

#include "domain/apply_kit/actuation_context.h"
#include "engine/object_ref.h"
#include "engine/result.h"

namespace synops {

// "matrixdotorg/synapse:v1.120.0" -> "1.120.0", as Synapse reports itself.
std::string version_of_image(const std::string& image);

// Whether release `a` ("1.119.0") comes before `b` ("1.120.0"), comparing the numbers of the
// dotted release; false when either is not such a release (a tag like "latest" or a digest
// says nothing about the order).
bool older_release(const std::string& a, const std::string& b);

namespace apply {

// Every pod of the workload runs its template, is ready, and answers the version of the
// template's first container's image; the number of pods checked. An error names the pod and
// what it answered.
Result<int> check_reported_versions(ActuationContext& context, const ObjectRef& workload);

}  // namespace apply

}  // namespace synops
