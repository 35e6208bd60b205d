// The API's verbs on objects, with the semantics clients rely on: LIST pages with limit and
// continue, label and field selectors; PATCH in four formats with a resourceVersion
// precondition (409 on mismatch); metadata.generation bumped when the spec changes; status
// owned by the status subresource; no-op writes that do not move resourceVersion.
#pragma once
#include <map>
#include <string>

#include "http_types.h"
#include "router.h"
#include "store.h"

namespace kube_test {

Response get_object(const Store& store, const Route& route);
Response list_objects(const Store& store, const Route& route, const std::map<std::string, std::string>& query);
// inject_conflict: a test asked for the next write to fail with 409.
Response patch_object(Store& store, const Route& route, const Request& request, bool inject_conflict);
Response create_object(Store& store, const Route& route, const Request& request, bool inject_conflict);
Response update_object(Store& store, const Route& route, const Request& request, bool inject_conflict);
Response delete_object(Store& store, const Route& route);

// What LIST and WATCH return for a stored object: built-in kinds drop kind and apiVersion
// from list items (the List says them once), custom resources keep them.
nlohmann::json as_item(const Stored& stored);

// Label and field selectors of a LIST or WATCH; `error` gets a sentence when one does not parse.
bool selected(const Stored& stored, const std::map<std::string, std::string>& query, std::string& error);

// Messages the API uses, for 404 and 409.
Response not_found(const Resource& resource, const std::string& name);
Response conflict(const Resource& resource, const std::string& name);

// A random UID shaped like the API server's (RFC 4122 text).
std::string uid();

}  // namespace kube_test
