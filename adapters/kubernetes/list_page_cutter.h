// A LIST page cut into its items as its bytes arrive, so that neither a whole page nor a whole
// item list is ever held: each element of the page's `items` array is handed on the moment its
// last byte is in, and only the rest of the page (kind, apiVersion, metadata with the continue
// token: a few hundred bytes) is kept, to be checked when the page ends.
//
// The cutter only finds where items begin and end (brackets and strings); the item handler
// parses and validates each item, and the rest of the page is parsed at the end, so a page is
// accepted exactly when it is one valid JSON List. Its verdicts, in the order the whole-page
// parser gave them: nested too deep (json_depth.h, naming the item), not complete JSON, not a
// List, an item that is not an object with metadata.name.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/result.h"

namespace synops::kube {

class ListPageCutter {
 public:
  enum class Verdict { taken, invalid, not_an_object };
  // One item's text, with kParserPadding (pruned_json.h) bytes readable past its end.
  using ItemHandler = std::function<Verdict(std::string_view text, size_t readable)>;

  // `kind` names items in messages ("StatefulSet matrix/synapse-li").
  ListPageCutter(std::string kind, ItemHandler on_item) : kind_(std::move(kind)), on_item_(std::move(on_item)) {}

  // Forgets everything: the page is read again from its first byte (a retried request).
  void restart();
  // The next bytes of the page; false once the page cannot be a valid List (finish says why).
  bool feed(std::string_view bytes);
  // After the last byte: the page's continue token ("" on the last page), or why the page
  // is not a List whose every item was taken (a sentence without the request's name).
  Result<std::string> finish();

 private:
  enum class Route { skeleton, item, none };
  enum class Expect { item_or_end, item, comma_or_end };

  void route(Route to, size_t at, std::string_view bytes);
  bool open_bracket(size_t at, std::string_view bytes);
  bool end_item(size_t end, std::string_view bytes);
  bool step_items(char c, size_t i, std::string_view bytes);
  bool step_item(char c, size_t i, std::string_view bytes, bool& reprocess);
  bool step_skeleton(char c, size_t i, std::string_view bytes);
  bool stop(std::string message);
  std::string item_name() const;

  std::string kind_;
  ItemHandler on_item_;

  std::string skeleton_;  // the page without its items' elements
  std::string item_;      // the item being cut
  std::string key_;       // the last key of the page object
  Route route_ = Route::skeleton;
  size_t span_ = 0;       // where the bytes not yet routed begin, in the current feed
  size_t offset_ = 0;     // bytes fed before the current feed
  size_t depth_ = 0;      // arrays and objects open
  bool in_string_ = false, escaped_ = false;
  bool top_object_ = false, expect_key_ = false, capturing_key_ = false, expect_value_ = false;
  bool in_items_ = false;  // inside the page's items array (depth 2)
  Expect expect_ = Expect::item_or_end;
  bool scalar_item_ = false, string_item_ = false;
  size_t items_arrays_ = 0;
  std::optional<std::string> error_;         // stops the page at once
  std::optional<std::string> item_failure_;  // the first item that is not an object, told after the List checks
};

}  // namespace synops::kube
