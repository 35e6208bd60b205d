// The OpenAPI v3 documents of the served resources (GET /openapi/v3 and
// /openapi/v3/<api|apis/group>/<version>): their paths and operations, with the
// x-kubernetes-group-version-kind of each and the query parameters the API takes, but no
// object schemas. Clients read them to learn which operations take fieldValidation (helm and
// kubectl then leave unknown-field checks to the server instead of downloading schemas);
// a kind with no schema is not validated client-side, as for a CRD without one.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace kube_test {

// The index: {"paths": {"apis/apps/v1": {"serverRelativeURL": "/openapi/v3/apis/apps/v1?hash=..."}}}.
nlohmann::json openapi_index();
// One group version's document; null when the server does not serve it.
nlohmann::json openapi_document(const std::string& group, const std::string& version);

}  // namespace kube_test
