// A LIST page cut into items as its bytes arrive: the same items and continue token however the
// bytes are split, and never an empty list from a page cut short.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/kubernetes/compact_bodies.h"
#include "adapters/kubernetes/list_page_cutter.h"
#include "adapters/kubernetes/pruned_json.h"
#include "engine/live_state.h"

using namespace synops;
using namespace synops::kube;

namespace {

// Items as JSON, parsed by nlohmann from the text the cutter handed on.
struct Cut {
  std::vector<nlohmann::json> items;
  Result<std::string> next = std::string();
};

Cut cut(std::string_view page, size_t step) {
  Cut result;
  ListPageCutter cutter("StatefulSet", [&](std::string_view text, size_t readable) {
    CHECK(readable >= text.size() + kParserPadding);
    auto item = nlohmann::json::parse(text, nullptr, false);
    if (item.is_discarded()) return ListPageCutter::Verdict::invalid;
    if (!item.is_object() || !item.contains("metadata")) return ListPageCutter::Verdict::not_an_object;
    result.items.push_back(std::move(item));
    return ListPageCutter::Verdict::taken;
  });
  for (size_t at = 0; at < page.size(); at += step)
    if (!cutter.feed(page.substr(at, step))) break;
  result.next = cutter.finish();
  return result;
}

std::string message(const Cut& result) { return result.next ? "" : result.next.error().front().message; }

const std::string kPage = R"({"apiVersion":"apps/v1", "items" : [ {"metadata":{"name":"a \"]}[{","namespace":"m"},"spec":{"x":[1,{"y":"\\"}]}},)"
                          "\n"
                          R"({"metadata":{"name":"b"},"data":{"items":["}"]}} ],"kind":"StatefulSetList","metadata":{"continue":"tok\"en","items":[1]}})";

}  // namespace

TEST_CASE("list page cutter: the same items and continue token however the bytes are split") {
  const auto whole = nlohmann::json::parse(kPage);
  for (size_t step : {kPage.size(), size_t{1}, size_t{2}, size_t{7}, size_t{64}}) {
    CAPTURE(step);
    const Cut result = cut(kPage, step);
    REQUIRE_MESSAGE(result.next, message(result));
    CHECK(*result.next == "tok\"en");
    REQUIRE(result.items.size() == 2);
    CHECK(result.items[0] == whole["items"][0]);
    CHECK(result.items[1] == whole["items"][1]);
  }
}

TEST_CASE("list page cutter: a page cut short anywhere is an error, never a shorter list") {
  for (size_t length = 0; length < kPage.size(); ++length) {
    CAPTURE(length);
    const Cut result = cut(std::string_view(kPage).substr(0, length), 5);
    CHECK_FALSE(result.next);
  }
}

TEST_CASE("list page cutter: what the whole-page parser refused, it refuses, in the same order") {
  CHECK(message(cut(R"({"kind":"Status","items":[]})", 3)) == "the response is not a List");
  CHECK(message(cut(R"({"kind":"PodList","metadata":{}})", 3)) == "the response is not a List");
  CHECK(message(cut(R"([{"metadata":{"name":"a"}}])", 3)) == "the response is not a List");
  CHECK(message(cut(R"({"kind":"PodList","items":[{"metadata":{"name":"a"}} {"metadata":{"name":"b"}}]})", 3)) ==
        "the response is not complete JSON");
  CHECK(message(cut(R"({"kind":"PodList","items":[{"metadata":{"name":"a"}},]})", 3)) == "the response is not complete JSON");
  CHECK(message(cut(R"({"kind":"PodList","items":[,{"metadata":{"name":"a"}}]})", 3)) == "the response is not complete JSON");
  CHECK(message(cut(R"({"kind":"PodList","items":[{"metadata":{"name":"a"}}]} x)", 3)) == "the response is not complete JSON");
  CHECK(message(cut(R"({"kind":"PodList","items":[{"metadata":{"name":"a",}}]})", 3)) == "the response is not complete JSON");
  CHECK(message(cut(R"({"kind":"PodList","items":[1, "two", null]})", 3)) == "an object without metadata.name");
  // Not a List outranks an item that is not an object, as when the page was parsed whole.
  CHECK(message(cut(R"({"kind":"Status","items":[1]})", 3)) == "the response is not a List");
  CHECK(message(cut("", 3)) == "the response is not complete JSON");
}

TEST_CASE("list page cutter: nesting past the limit names the item and the byte, at once") {
  const std::string deep = std::string(R"({"kind":"StatefulSetList","items":[{"metadata":{"name":"synapse-li","namespace":"matrix"},"spec":)") +
                           std::string(5000, '[');
  size_t handed = 0;
  ListPageCutter cutter("StatefulSet", [&](std::string_view, size_t) { return ++handed, ListPageCutter::Verdict::taken; });
  CHECK_FALSE(cutter.feed(deep));
  const auto next = cutter.finish();
  REQUIRE_FALSE(next);
  CHECK(next.error().front().message ==
        "StatefulSet matrix/synapse-li nests deeper than 1000 levels (byte " + std::to_string(deep.find('[', 40) + 997) + " of the response)");
  CHECK(handed == 0);
}

TEST_CASE("list page cutter: restart forgets a page read in part") {
  std::vector<std::string> names;
  ListPageCutter cutter("Pod", [&](std::string_view text, size_t) {
    names.push_back(nlohmann::json::parse(text)["metadata"]["name"]);
    return ListPageCutter::Verdict::taken;
  });
  cutter.feed(R"({"kind":"PodList","items":[{"metadata":{"name":"a"}},{"meta)");
  cutter.restart();
  names.clear();
  cutter.feed(R"({"kind":"PodList","items":[{"metadata":{"name":"b"}}],"metadata":{}})");
  const auto next = cutter.finish();
  REQUIRE(next);
  CHECK(*next == "");
  CHECK(names == std::vector<std::string>{"b"});
}

TEST_CASE("pruned LIST items: kind and apiVersion filled in, pruned as LiveState prunes, read back equal") {
  const nlohmann::json pod = {{"metadata",
                               {{"name", "p"},
                                {"namespace", "matrix"},
                                {"resourceVersion", "7"},
                                {"managedFields", {{{"manager", "kubectl"}}}},
                                {"annotations", {{"kubectl.kubernetes.io/last-applied-configuration", "{}"}, {"a", "b"}}}}},
                              {"spec", {{"containers", nlohmann::json::array()}}},
                              {"status", {{"phase", "Running"}, {"ratio", 1.0}, {"n", -3}}}};
  const nlohmann::json secret = {{"metadata", {{"name", "s"}, {"labels", {{"owner", "helm"}}}}},
                                 {"data", {{"release", "eA=="}, {"password", "c2VjcmV0"}}}};
  PrunedJsonParser parser;
  CompactBodies bodies(1);
  for (const auto& [item, kind, api_version] : {std::tuple{pod, "Pod", "v1"}, std::tuple{secret, "Secret", "v1"}}) {
    CAPTURE(kind);
    std::string text = item.dump();
    const size_t size = text.size();
    text.append(kParserPadding, ' ');
    ObjectIdentity identity;
    std::string& chunk = bodies.arena(0).chunk(size + 64);
    const size_t offset = chunk.size();
    REQUIRE(parser.parse_list_item(std::string_view(text.data(), size), text.size(), kind, api_version, identity, chunk) ==
            PrunedJsonParser::Item::object);
    CHECK(identity.kind == kind);
    CHECK(identity.api_version == api_version);
    CHECK(identity.name == item["metadata"]["name"]);
    nlohmann::json expected = item;
    expected["kind"] = kind;
    expected["apiVersion"] = api_version;
    prune_live_body(expected);
    chunk.append(kParserPadding, ' ');
    CHECK(materialize_compact(std::string_view(chunk).substr(offset, chunk.size() - kParserPadding - offset), chunk.size() - offset) ==
          expected);
  }
  std::string text = R"({"metadata":{"namespace":"m"}})" + std::string(kParserPadding, ' ');
  ObjectIdentity identity;
  std::string compact;
  CHECK(parser.parse_list_item(std::string_view(text).substr(0, text.size() - kParserPadding), text.size(), "Pod", "v1", identity,
                               compact) == PrunedJsonParser::Item::other);
  CHECK(parser.parse_list_item(std::string_view(text).substr(0, 5), text.size(), "Pod", "v1", identity, compact) ==
        PrunedJsonParser::Item::invalid);
}
